/** The generated tables: standard library per Python version, import name -> distribution. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import importMap from '../../server/src/analysis/knowledge/data/import-map.json' with { type: 'json' };
import { createKnowledge } from '../../server/src/analysis/index.js';

const knowledge = createKnowledge();
const root = join(import.meta.dirname, '..', '..');

describe('stdlib.json', () => {
  it("matches the local python3's own sys.stdlib_module_names", () => {
    const result = spawnSync(process.execPath, [join(root, 'server', 'scripts', 'check-stdlib.mjs')], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr + result.stdout);
  });

  it('knows what each version added and removed', () => {
    // Cross-checked once against CPython's Python/stdlib_module_names.h of the 3.14 line (public
    // names equal, plus `compression`, which PEP 784 added after that snapshot).
    const facts: [string, string, boolean][] = [
      ['tomllib', '3.10', false], ['tomllib', '3.11', true],
      ['zoneinfo', '3.8', false], ['zoneinfo', '3.9', true], ['graphlib', '3.9', true],
      ['distutils', '3.11', true], ['distutils', '3.12', false], ['imp', '3.12', false], ['asyncore', '3.11', true],
      ['cgi', '3.12', true], ['cgi', '3.13', false], ['telnetlib', '3.13', false], ['lib2to3', '3.13', false],
      ['annotationlib', '3.13', false], ['annotationlib', '3.14', true],
      ['json', '3.8', true], ['json', '3.14', true], ['os.path', '3.14', true], ['yaml', '3.11', false],
    ];
    for (const [module, version, expected] of facts) assert.equal(knowledge.isStdlib(module, version), expected, `${module} in ${version}`);
    assert.deepEqual(knowledge.pythonVersions, ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14']);
    assert.match(knowledge.stdlibNote('distutils') ?? '', /removed in 3\.12/);
  });
});

describe('import-map.json and the overlay', () => {
  it('covers well over 200 import names that differ from their distribution', () => {
    assert.ok(Object.keys(importMap.modules).length > 1000, String(Object.keys(importMap.modules).length));
  });

  it('maps the common mismatches', () => {
    const expected: Record<string, string> = {
      yaml: 'PyYAML', dateutil: 'python-dateutil', bs4: 'beautifulsoup4', PIL: 'Pillow', sklearn: 'scikit-learn', jwt: 'PyJWT',
      cv2: 'opencv-python', psycopg2: 'psycopg2', 'google.protobuf': 'protobuf', serial: 'pyserial', MySQLdb: 'mysqlclient',
      attr: 'attrs', git: 'GitPython', dotenv: 'python-dotenv', OpenSSL: 'pyOpenSSL', googleapiclient: 'google-api-python-client',
      'snowflake.connector': 'snowflake-connector-python', airflow: 'apache-airflow',
    };
    for (const [module, distribution] of Object.entries(expected)) assert.ok(knowledge.distributionsFor(module)?.includes(distribution), `${module} -> ${knowledge.distributionsFor(module)}`);
    assert.deepEqual(knowledge.distributionsFor('psycopg2'), ['psycopg2', 'psycopg2-binary']);
  });

  it('matches by name where no entry is needed, and knows when nothing provides a module', () => {
    const provided = (module: string, ...requirements: string[]) => knowledge.isProvided(module, new Set(requirements));
    assert.equal(provided('requests', 'requests'), true);
    assert.equal(provided('typing_extensions', 'typing-extensions'), true);
    assert.equal(provided('google.cloud.bigquery', 'google-cloud-bigquery'), true);
    assert.equal(provided('azure.storage.blob', 'azure-storage-blob'), true);
    assert.equal(provided('cv2', 'opencv-python-headless'), true);
    assert.equal(provided('yaml', 'pyyaml'), true);
    assert.equal(provided('yaml', 'pandas'), false);
    assert.equal(provided('google.cloud.storage', 'google-cloud-bigquery'), false);
  });

  it('the project import-map and first-party extend the tables', () => {
    const custom = createKnowledge({ importMap: { acme: 'acme-sdk' }, firstParty: ['common'] });
    assert.equal(custom.isProvided('acme.client', new Set(['acme-sdk'])), true);
    assert.equal(custom.isFirstParty('common.io'), true);
    assert.equal(custom.isFirstParty('commonly'), false);
  });
});

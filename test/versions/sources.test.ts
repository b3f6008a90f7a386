/** Version sources against a real HTTP index on 127.0.0.1, a constraints file, and probed interpreters. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConstraintsSource, parseConstraints } from '../../server/src/versions/constraints.js';
import { candidateVersions, IndexSource, pipIndexUrl, versionOfFile } from '../../server/src/versions/package-index.js';
import { Pinner } from '../../server/src/versions/pinner.js';
import { localIndexAndScratch } from '../support/indexServer.js';

const local = localIndexAndScratch('airflow-venv-lint-versions-');
const { scratch } = local;

describe('package index', () => {
  const source = (options: Partial<ConstructorParameters<typeof IndexSource>[0]> = {}) => new IndexSource({ indexUrl: local.index.url, timeoutMs: 500, ...options });

  it('PEP 691 JSON: newest release for the task\'s Python, skipping yanked files, pre-releases and newer-Python-only releases', async () => {
    assert.deepEqual(await source().versionsFor('pandas', '3.11'), { versions: ['2.2.3', '2.2.2', '2.1.4'], source: local.index.url });
    assert.deepEqual((await source().versionsFor('pandas', '3.13') as { versions: string[] }).versions[0], '2.4.0');
    assert.deepEqual((await source().versionsFor('pandas', '3.11', true) as { versions: string[] }).versions[0], '3.0.0rc1');
  });

  it('PEP 503 HTML for indexes without JSON, with data-requires-python and data-yanked', async () => {
    assert.deepEqual((await source().versionsFor('private-lib', '3.11') as { versions: string[] }).versions, ['1.1.0', '1.0.0']);
  });

  it('404, 500, malformed JSON and a response past the timeout are clear messages', async () => {
    assert.deepEqual(await source().versionsFor('no-such-dist', '3.11'), { error: `no-such-dist is not on ${local.index.url} (404)`, source: local.index.url });
    assert.match((await source().versionsFor('broken', '3.11') as { error: string }).error, /answered 500/);
    assert.match((await source().versionsFor('garbage', '3.11') as { error: string }).error, /not a simple-API page/);
    const started = Date.now();
    assert.match((await source().versionsFor('slow', '3.11') as { error: string }).error, /could not be reached \(no answer within 0\.5 s\)/);
    assert.ok(Date.now() - started < 2500);
  });

  it('follows redirects within the index, refuses them to another host, and caps the size', async () => {
    assert.deepEqual((await source().versionsFor('moved', '3.11') as { versions: string[] }).versions, ['1.4.0']);
    assert.match((await source().versionsFor('elsewhere', '3.11') as { error: string }).error, /redirects to another host \(http:\/\/localhost:\d+\); not followed/);
    assert.match((await source({ timeoutMs: 5000 }).versionsFor('huge', '3.11') as { error: string }).error, /more than the 10 MB allowed|sent more than 10 MB/);
  });

  it('an unreachable index is a message, not a hang or a crash', async () => {
    const closed = new IndexSource({ indexUrl: 'http://127.0.0.1:9/simple/', timeoutMs: 1000 });
    assert.match((await closed.versionsFor('pandas', '3.11') as { error: string }).error, /could not be reached/);
  });

  it('caches answers on disk; offline mode reads only the cache', async () => {
    const cacheDirectory = join(scratch, 'cache');
    const first = local.index.requests.length;
    await source({ cacheDirectory }).versionsFor('requests', '3.11');
    await source({ cacheDirectory }).versionsFor('requests', '3.11');
    assert.equal(local.index.requests.length - first, 1, 'the second look-up came from the cache');
    assert.deepEqual((await source({ cacheDirectory, offline: true }).versionsFor('requests', '3.11') as { versions: string[] }).versions[0], '2.32.3');
    assert.match((await source({ cacheDirectory, offline: true }).versionsFor('pyyaml', '3.11') as { error: string }).error, /offline, and pyyaml is not in the cache/);
    assert.equal(local.index.requests.filter((url) => url.includes('pyyaml')).length, 0);
  });

  it('reads versions from file names and honours pip\'s index-url', () => {
    assert.equal(versionOfFile('python_dateutil-2.9.0.post0-py2.py3-none-any.whl', 'python-dateutil'), '2.9.0.post0');
    assert.equal(versionOfFile('python-dateutil-2.9.0.tar.gz', 'python-dateutil'), '2.9.0');
    assert.deepEqual(candidateVersions([{ filename: 'x-1.0.tar.gz', requiresPython: '>=3.12', yanked: false }], 'x', '3.11'), []);
    assert.equal(pipIndexUrl({ PIP_INDEX_URL: 'https://pypi.corp/simple/' }), 'https://pypi.corp/simple/');
    const config = join(scratch, 'pip.conf');
    writeFileSync(config, '[global]\nindex-url = https://mirror.example/simple/\n');
    assert.equal(pipIndexUrl({ PIP_CONFIG_FILE: config }), 'https://mirror.example/simple/');
  });
});

describe('constraints file', () => {
  it('parses Airflow\'s format with normalised names', () => {
    const pins = parseConstraints('#\n# This constraints file was automatically generated\n#\nAPScheduler==3.6.3\nFlask-AppBuilder==4.5.2\npython_dateutil==2.9.0.post0\n');
    assert.deepEqual([...pins], [['apscheduler', '3.6.3'], ['flask-appbuilder', '4.5.2'], ['python-dateutil', '2.9.0.post0']]);
  });

  it('answers from the file, with no network at all', async () => {
    const path = join(scratch, 'constraints-3.11.txt');
    writeFileSync(path, '# constraints\npandas==2.1.4\nPyYAML==6.0.1\n');
    const source = new ConstraintsSource(path);
    assert.deepEqual(await source.versionsFor('pandas'), { versions: ['2.1.4'], source: path });
    assert.equal(await source.versionsFor('numpy'), undefined);
    assert.match((await new ConstraintsSource(join(scratch, 'absent.txt')).versionsFor('pandas') as { error: string }).error, /does not exist/);
  });
});

describe('Pinner', () => {
  it('asks the sources in order, keeps each distinct answer, and respects existing specifiers', async () => {
    const path = join(scratch, 'constraints-pin.txt');
    writeFileSync(path, 'pandas==2.1.4\n');
    const pinner = new Pinner([new ConstraintsSource(path), new IndexSource({ indexUrl: local.index.url, timeoutMs: 1000 })]);
    const request = (specifiers: { operator: string; version: string }[] = []) => ({ distribution: 'pandas', normalizedName: 'pandas', specifiers, pythonVersion: '3.11', safe: true, title: () => '', edits: () => [] });
    assert.deepEqual((await pinner.pinsFor(request())).map((pin) => `${pin.version} ${pin.kind}`), ['2.1.4 constraints', '2.2.3 index']);
    assert.deepEqual((await pinner.pinsFor(request([{ operator: '<', version: '2.2.3' }]))).map((pin) => pin.version), ['2.1.4', '2.2.2']);
    assert.deepEqual((await pinner.pinsFor(request([{ operator: '>=', version: '2.2' }]))).map((pin) => pin.version), ['2.2.3']);
  });
});

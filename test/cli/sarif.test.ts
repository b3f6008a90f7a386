/**
 * `--format sarif` validates against the SARIF 2.1.0 schema (test/schemas/sarif-2.1.0-rtm.5.json,
 * the OASIS schema as shipped in the npm package @microsoft/jest-sarif 1.0.0-beta.0,
 * sha256 2d99159a...), checked with ajv (draft-04 dialect, which that schema declares; its patterns
 * are not valid under the `u` flag, hence unicodeRegExp: false).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { createRequire } from 'node:module';

type Validate = ((data: unknown) => boolean) & { errors?: unknown[] | null };
// ajv-draft-04 is CommonJS with an ES-style default export.
const Ajv = (createRequire(import.meta.url)('ajv-draft-04') as { default: new (options: object) => { compile(schema: object): Validate } }).default;

const root = join(import.meta.dirname, '..', '..');
const schema = JSON.parse(readFileSync(join(root, 'test', 'schemas', 'sarif-2.1.0-rtm.5.json'), 'utf8')) as object;

it('the SARIF output of examples/ is valid SARIF 2.1.0, with rule metadata and fixes', () => {
  const result = spawnSync(process.execPath, [join(root, 'server', 'bin', 'airflow-venv-lint.js'), '--format', 'sarif', 'examples/'], { cwd: root, encoding: 'utf8' });
  const log = JSON.parse(result.stdout) as { runs: { tool: { driver: { rules: { id: string; helpUri: string; shortDescription: { text: string }; defaultConfiguration: { level: string } }[] } }; results: { fixes?: unknown[] }[] }[] };
  const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
  assert.equal(validate(log), true, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  const [run] = log.runs;
  assert.ok(run!.tool.driver.rules.length >= 30);
  for (const rule of run!.tool.driver.rules) {
    assert.match(rule.helpUri, /docs\/rules\.md#venv\d{3}-/);
    assert.ok(rule.shortDescription.text.length > 0 && ['error', 'warning', 'note'].includes(rule.defaultConfiguration.level));
  }
  assert.ok(run!.results.some((item) => Array.isArray(item.fixes)), 'safe fixes are included');
});

it('a SARIF log that breaks the schema is caught (the validator really validates)', () => {
  const validate = new Ajv({ strict: false, unicodeRegExp: false }).compile(schema);
  assert.equal(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }), false);
});

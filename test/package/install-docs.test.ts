/**
 * Every install command the README and the docs give is one the install tests run (COMMANDS in
 * test/support/packaging.ts), every pre-commit configuration they show is the one
 * python-pre-commit.test.ts runs, and no page sends readers to a package that is not published.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { COMMANDS, documentedPreCommitConfig, root } from '../support/packaging.js';

const PAGES = [
  'README.md',
  'server/README.md',
  'server/python/README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md') && name !== 'rules.md') // rules.md is about the pip that Airflow runs on the worker
    .map((name) => `docs/${name}`),
];

/** Mentions of an installer that the README says no test runs, with why. */
const UNTESTED: Record<string, RegExp> = {
  // uv is neither a Debian package nor on the npm registry, the two registries the test machines reach.
  'uv tool install': /`uv tool install` takes the same wheel or name; it is the one installer here that no test\s+runs/,
};

const INSTALL = /(?<![\w-])(?:pip|pipx|npm|uv|code)\s+(?:install|tool\s+install|pack|run\s+package(?::python)?|--install-extension)(?![\w:-])(?:[ \t]+[^\s`#'"]+)*/g;

it('every install command in the README and the docs is one a test runs', () => {
  const exercised = new Set<string>(Object.values(COMMANDS));
  const found = new Set<string>();
  for (const page of PAGES) {
    const text = readFileSync(join(root, page), 'utf8');
    for (const match of text.matchAll(INSTALL)) {
      const command = match[0].replace(/\s+/g, ' ').trim();
      if (!/airflow|^npm (pack|run package)|^uv tool install$/.test(command)) continue;
      found.add(command);
      if (exercised.has(command)) continue;
      const reason = UNTESTED[command];
      assert.ok(reason, `${page}: "${command}" is run by no test (test/support/packaging.ts COMMANDS)`);
      assert.match(readFileSync(join(root, 'README.md'), 'utf8'), reason, `README.md must say that "${command}" is not tested`);
    }
  }
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  for (const command of exercised) assert.ok(readme.includes(command), `README.md does not show "${command}"`);
  assert.ok(found.size >= exercised.size, [...found].join('\n'));
});

it('no page runs the unpublished npm package through npx', () => {
  for (const page of PAGES) {
    assert.doesNotMatch(readFileSync(join(root, page), 'utf8'), /npx\s+(?:--yes\s+)?(?:--package\s+\S+\s+)?airflow-venv-lint/, page);
  }
});

it('every pre-commit configuration shown is the README\'s, with hooks that .pre-commit-hooks.yaml defines', () => {
  const documented = documentedPreCommitConfig();
  for (const page of PAGES) {
    for (const match of readFileSync(join(root, page), 'utf8').matchAll(/```yaml\n(repos:\n[\s\S]*?)```/g)) assert.equal(match[1], documented, page);
  }
  const hooks = new Map([...readFileSync(join(root, '.pre-commit-hooks.yaml'), 'utf8').matchAll(/^- id: (\S+)\n(?: {2}.*\n)*? {2}language: (\S+)$/gm)].map((match) => [match[1]!, match[2]!]));
  for (const [, id] of documented.matchAll(/- id: (\S+)/g)) assert.equal(hooks.get(id!), 'python', `${id} is a language: python hook`);
  assert.equal(hooks.get('airflow-venv-lint-node'), 'node');
  assert.equal(hooks.get('airflow-venv-lint-requirements-node'), 'node');
});

/** The README's rule table and docs/rules.md are generated from the registry: they must match it. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { RULES, docsUrl } from '../../server/src/analysis/index.js';
import { configurationMarkdown, readmeWithTable, rulesMarkdown } from '../../scripts/generate-docs.js';
import { CONFIG_DOCS, CONFIG_KEYS } from '../../server/src/host/options.js';
import { readProjectConfig } from '../../server/src/host/project-config.js';

const root = join(import.meta.dirname, '..', '..');

it('docs/rules.md is what `npm run generate` writes', () => {
  assert.equal(readFileSync(join(root, 'docs', 'rules.md'), 'utf8'), rulesMarkdown());
});

it('the README rule table is what `npm run generate` writes', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  assert.equal(readme, readmeWithTable(readme));
});

it('every rule has a unique code in order, a kebab-case name and complete docs', () => {
  const codes = RULES.map((rule) => rule.code);
  assert.deepEqual(codes, [...codes].sort());
  assert.equal(new Set(codes).size, codes.length);
  for (const rule of RULES) {
    assert.match(rule.name, /^[a-z]+(-[a-z0-9]+)*$/);
    for (const [field, text] of Object.entries(rule.docs)) assert.ok(text.trim().length > 10, `${rule.code} docs.${field}`);
  }
});

it('docs/configuration.md is what `npm run generate` writes', () => {
  assert.equal(readFileSync(join(root, 'docs', 'configuration.md'), 'utf8'), configurationMarkdown());
});

it('every documented configuration key is one the loader accepts, and the other way round', () => {
  assert.deepEqual(Object.keys(CONFIG_DOCS).sort(), [...CONFIG_KEYS].sort());
  const unknown = readProjectConfig('/p/pyproject.toml', `[tool.airflow-venv-lint]\n${CONFIG_KEYS.map((key) => `${JSON.stringify(key)} = 1`).join('\n')}\n`).findings.filter((finding) => finding.message.startsWith('Unknown key'));
  assert.deepEqual(unknown.map((finding) => finding.message), []);
});

it("every diagnostic's codeDescription.href anchor exists in docs/rules.md", () => {
  const rules = readFileSync(join(root, 'docs', 'rules.md'), 'utf8');
  const anchors = new Set([...rules.matchAll(/^## (.+)$/gm)].map((match) => match[1]!.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')));
  for (const rule of RULES) assert.ok(anchors.has(docsUrl(rule).split('#')[1]!), `${rule.code}: ${docsUrl(rule)}`);
});

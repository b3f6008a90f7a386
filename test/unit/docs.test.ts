/** The README's rule table and docs/rules.md are generated from the registry: they must match it. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { RULES } from '../../server/src/analysis/rules/index.js';
import { readmeWithTable, rulesMarkdown } from '../../scripts/generate-docs.js';

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

/**
 * VS Code (and every LSP client) wording: where a finding's message names a pyproject.toml key, the
 * diagnostic the editor shows names the setting too (server/src/lsp/to-diagnostic.ts). Every phrase
 * the server rewrites must still occur in the analysis's messages (else it silently stopped
 * applying), and no rewritten message may name a key bare.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { test } from 'node:test';
import { EDITOR_WORDING, editorWording } from '../../server/src/lsp/to-diagnostic.js';
import { findingsOf, fixturesIn, root } from '../support/fixtures.js';

test('messages that name a pyproject key name the setting too in the editor', async () => {
  const messages = new Set<string>();
  for (const directory of readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory() && /^VENV\d+$/.test(entry.name))) {
    for (const fixture of fixturesIn(directory.name)) {
      for (const finding of (await findingsOf(fixture, new Map(), true)).findings) messages.add(finding.message);
    }
  }
  for (const [phrase] of EDITOR_WORDING) {
    assert.ok([...messages].some((message) => new RegExp(phrase.source).test(message)), `no fixture message has ${phrase}: the analysis's wording changed`);
  }
  const bare = [...messages].map(editorWording).filter((message) => /\(pin-policy = "\w+"\)| in first-party if | with import-map\)/.test(message));
  assert.deepEqual(bare, []);
  assert.match(editorWording('"x" is loose. Pin it with == (pin-policy = "exact").'), /\(pin-policy = "exact" in pyproject\.toml, or the airflowVenvLint\.pinPolicy setting\)\.$/);
});

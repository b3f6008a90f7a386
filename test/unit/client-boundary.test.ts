/**
 * The VS Code client shares one module with the server, the command protocol, and nothing else: the
 * client bundle must not pull in the analysis, the parser or the disk access of the server.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(import.meta.dirname, '..', '..');
const importsOf = (path: string) => [...readFileSync(path, 'utf8').matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/gm)].map((match) => match[1]!);

test('client/src imports from the server only server/src/lsp/protocol.ts', () => {
  const directory = join(root, 'client', 'src');
  const offenders = readdirSync(directory)
    .filter((name) => name.endsWith('.ts'))
    .flatMap((name) => importsOf(join(directory, name)).filter((specifier) => specifier.includes('server/') && specifier !== '../../server/src/lsp/protocol.js').map((specifier) => `${name} imports ${specifier}`));
  assert.deepEqual(offenders, []);
});

test('server/src/lsp/protocol.ts imports nothing', () => {
  assert.deepEqual(importsOf(join(root, 'server', 'src', 'lsp', 'protocol.ts')), []);
});

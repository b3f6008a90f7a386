import { LspClient } from '../test/support/lspClient.js';
import { generateDag } from './generate.js';
const text = generateDag(Number(process.env.LINES ?? 10000));
const client = new LspClient(undefined, ['--cpu-prof', '--cpu-prof-dir=/tmp/sprof']);
await client.initialize();
const uri = 'file:///bench/dag.py';
await client.open(uri, text);
const at = text.indexOf('python_version="3.11"', text.length / 2) + 'python_version="3.1'.length;
const line = text.slice(0, at).split('\n').length - 1;
const character = at - (text.lastIndexOf('\n', at - 1) + 1);
const samples: number[] = [];
for (let i = 0; i < Number(process.env.EDITS ?? 100); i++) {
  const insert = i % 2 === 0;
  const range = insert ? { start: { line, character }, end: { line, character } } : { start: { line, character }, end: { line, character: character + 1 } };
  const s = performance.now();
  await client.change(uri, [{ range, text: insert ? '9' : '' }]);
  samples.push(performance.now() - s);
}
samples.sort((a, b) => a - b);
console.log('p50', samples[50]);
await client.connection.sendRequest('shutdown');
await client.connection.sendNotification('exit');
await client.exitCode;

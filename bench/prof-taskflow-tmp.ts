import { lintText } from '../server/src/analysis/lint.js';
import { applyEdit, loadGrammar, parse } from '../server/src/analysis/parse.js';
const grammar = await loadGrammar();
const lines = Number(process.argv[2] ?? 10000);
import { generateTaskflowDag } from './generate.js';
let text = generateTaskflowDag(lines);
const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)]!;
const parses: number[] = [];
for (let i = 0; i < 10; i++) { const s = performance.now(); parse(grammar, text).delete(); parses.push(performance.now() - s); }
let result = lintText(grammar, text, '/bench/dag.py');
const at = text.indexOf('python_version="3.11"', text.length / 2) + 'python_version="3.1'.length;
const samples: number[] = [];
for (let i = 0; i < 60; i++) {
  const insert = i % 2 === 0;
  const newText = insert ? `${text.slice(0, at)}9${text.slice(at)}` : `${text.slice(0, at)}${text.slice(at + 1)}`;
  const change = insert ? { start: at, oldEnd: at, newEnd: at + 1 } : { start: at, oldEnd: at + 1, newEnd: at };
  applyEdit(result.tree!, text, newText, change);
  const s = performance.now();
  const next = lintText(grammar, newText, '/bench/dag.py', { previousTree: result.tree, previousState: result.state, change });
  samples.push(performance.now() - s);
  result.tree!.delete();
  result = next;
  text = newText;
}
console.log(lines, 'taskflow parse', med(parses).toFixed(2), 'edit p50', med(samples).toFixed(2), 'ratio', (med(samples) / med(parses)).toFixed(2), 'reused', result.reusedTasks, 'of', result.model!.tasks.length, 'findings', result.findings.length);

/**
 * The layout's contract, checked on the source: the analysis core imports nothing
 * from the protocol, the CLI, VS Code or the disk (but its grammar loader); code
 * outside it goes through `analysis/index.ts`; there are no import cycles (type
 * imports included).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const root = resolve(import.meta.dirname, '..', '..');
const sourceRoot = join(root, 'server', 'src');

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

const files = sourceFiles(sourceRoot);
const name = (path: string) => relative(sourceRoot, path).split('\\').join('/');

/** Every module a file imports or re-exports, type-only ones included. */
function importsOf(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+'([^']+)'/gm), ...text.matchAll(/^import\s+'([^']+)'/gm)].map((match) => match[1]!);
}

function resolved(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return resolve(dirname(from), specifier.replace(/\.js$/, '.ts'));
}

test('the analysis core imports no LSP, CLI, VS Code, process, network or disk module', () => {
  const forbidden = /^(vscode|vscode-languageserver.*|vscode-languageclient.*|node:(fs|fs\/promises|child_process|http|https|net|os|worker_threads))$/;
  const offenders: string[] = [];
  for (const file of files.filter((path) => name(path).startsWith('analysis/'))) {
    for (const specifier of importsOf(file)) {
      const target = resolved(file, specifier);
      const outside = target !== undefined && !name(target).startsWith('analysis/');
      // The grammar loader reads the wasm and the queries once: the one disk access the core makes.
      const grammarRead = name(file) === 'analysis/parse/grammar.ts' && specifier === 'node:fs';
      if ((forbidden.test(specifier) && !grammarRead) || outside) offenders.push(`${name(file)} imports ${specifier}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('code outside the analysis core imports it only through analysis/index.ts', () => {
  const offenders: string[] = [];
  for (const file of files.filter((path) => !name(path).startsWith('analysis/'))) {
    for (const specifier of importsOf(file)) {
      const target = resolved(file, specifier);
      if (target && name(target).startsWith('analysis/') && name(target) !== 'analysis/index.ts') offenders.push(`${name(file)} imports ${specifier}`);
    }
  }
  assert.deepEqual(offenders, []);
});

test('there is no import cycle, type imports included', () => {
  const graph = new Map(files.map((file) => [file, importsOf(file).flatMap((specifier) => resolved(file, specifier) ?? [])]));
  // Tarjan's strongly connected components.
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(name(member));
      } while (member !== node);
      if (component.length > 1 || graph.get(node)!.includes(node)) cycles.push(component.sort());
    }
  };
  for (const file of files) if (!index.has(file)) visit(file);
  assert.deepEqual(cycles, []);
});
test('no source file is over 400 lines and no function over 120', () => {
  const long: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    if (lines > 400) long.push(`${name(file)}: ${lines} lines`);
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isFunctionLike(node) && 'body' in node && node.body) {
        const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
        const end = source.getLineAndCharacterOfPosition(node.end).line;
        if (end - start + 1 > 120) long.push(`${name(file)}:${start + 1}: a function of ${end - start + 1} lines`);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  assert.deepEqual(long, []);
});

/**
 * Incremental analysis must be invisible: after any edit, reusing the previous extraction gives
 * exactly what linting the new text from scratch gives. Seeded random edits over every fixture,
 * example and a generated DAG, biased towards the places that decide a task (its arguments, its
 * callable, module-level names), compared finding by finding, fixes and pins included.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { WorkspaceIndex, applyEdit, lintText, runCrossTaskRules, type CrossTaskMemory, type ExtractState, type FileModel, type Finding, type LintResult, type TextChange, type Tree } from '../../server/src/analysis/index.js';
import { diskFileSystem, readTextFile } from '../../server/src/host/files.js';
import { hostOptions } from '../../server/src/host/lint-host.js';
import { generateDag, generateTaskflowDag } from '../../bench/generate.js';
import { getGrammar } from '../support/lint.js';

const root = join(import.meta.dirname, '..', '..');

function pythonFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return pythonFiles(path);
    return name.endsWith('.py') ? [path] : [];
  });
}

/** Everything a user sees of a finding, positions as offsets. */
function described(finding: Finding): unknown {
  const span = (value: { source: { path: string | undefined }; start: number; end: number }) => `${value.source.path}:${value.start}-${value.end}`;
  return {
    code: finding.code,
    severity: finding.severity,
    message: finding.message,
    span: span(finding.span),
    tags: finding.tags,
    fixes: finding.fixes.map((fix) => ({ title: fix.title, safe: fix.safe, edits: fix.edits.map((edit) => `${span(edit.span)} ${JSON.stringify(edit.newText)}`) })),
    pin: finding.pin && { title: finding.pin.title('1.0', 'test'), edits: finding.pin.edits('1.0').map((edit) => `${span(edit.span)} ${JSON.stringify(edit.newText)}`), safe: finding.pin.safe },
    related: finding.related?.map((item) => `${span(item.span)} ${item.message}`),
  };
}

/** The tasks' models as plain JSON, every span as `path:start-end`: reused ones must equal rebuilt ones. */
function describedModel(model: FileModel | undefined): string {
  return JSON.stringify(model?.tasks ?? [], (_key, value: unknown) => {
    if (value instanceof Map) return [...value.entries()];
    if (value && typeof value === 'object' && 'source' in value && 'start' in value && 'end' in value) {
      const span = value as { source: { path: string | undefined }; start: number; end: number };
      return `${span.source.path}:${span.start}-${span.end}`;
    }
    return value;
  });
}

function seeded(seed: number): (limit: number) => number {
  let state = seed;
  return (limit) => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state % limit;
  };
}

const INSERTIONS = ['x', '1', ' ', '\n', '(', ')', '"', "'", '#', '[', ']', ',', ':', '\t', 'é', '\r\n', 'import numpy\n', '    import yaml\n', 'pd', 'requirements=["a==1"], ', 'def ', 'SHARED = ["x==1"]\n', '@task.virtualenv\n'];
const ANCHORS = ['python_callable', 'requirements', 'import ', 'def ', 'SHARED', '@task', 'python=', 'system_site_packages', ')\n', '\n\n', '"'];

/** One random edit of `text`: an insertion, a deletion or a replacement, often at an anchor. */
function randomEdit(text: string, next: (limit: number) => number): { change: TextChange; newText: string } {
  let at = next(text.length + 1);
  if (next(2) === 0) {
    const anchor = ANCHORS[next(ANCHORS.length)]!;
    const hits: number[] = [];
    for (let index = text.indexOf(anchor); index !== -1 && hits.length < 200; index = text.indexOf(anchor, index + 1)) hits.push(index);
    if (hits.length > 0) at = hits[next(hits.length)]! + next(anchor.length + 1);
  }
  // Never split a \r\n pair: editors do not either.
  if (at > 0 && text[at - 1] === '\r' && text[at] === '\n') at--;
  const removed = next(3) === 0 ? Math.min(next(6), text.length - at) : 0;
  let end = at + removed;
  if (end > 0 && text[end - 1] === '\r' && text[end] === '\n') end++;
  const inserted = next(4) === 0 ? '' : INSERTIONS[next(INSERTIONS.length)]!;
  return { change: { start: at, oldEnd: end, newEnd: at + inserted.length }, newText: text.slice(0, at) + inserted + text.slice(end) };
}

describe('incremental analysis equals analysis from scratch', async () => {
  const grammar = await getGrammar();
  const options = { ...hostOptions({}), readFile: readTextFile };
  // Fixture workspaces are linted with their workspace, so that cross-module look-ups are edited too.
  const workspacesRoot = join(root, 'test', 'fixtures', 'workspaces');
  const workspaces = new Map<string, WorkspaceIndex>();
  const optionsFor = (path: string) => {
    if (!path.startsWith(workspacesRoot)) return options;
    const folder = join(workspacesRoot, path.slice(workspacesRoot.length + 1).split(/[\\/]/)[0]!);
    if (!workspaces.has(folder)) workspaces.set(folder, new WorkspaceIndex({ grammar, fileSystem: diskFileSystem(), roots: [folder] }));
    return { ...options, workspace: workspaces.get(folder)! };
  };
  const fromScratch = (text: string, path: string): LintResult => {
    const result = lintText(grammar, text, path, optionsFor(path));
    result.tree?.delete();
    return result;
  };

  const files = [...pythonFiles(join(root, 'test', 'fixtures')), ...pythonFiles(join(root, 'examples'))];
  const cases: { name: string; path: string; text: string; edits: number }[] = files.map((path) => ({ name: path.slice(root.length + 1), path, text: readFileSync(path, 'utf8'), edits: Number(process.env.INCREMENTAL_EDITS ?? 25) }));
  cases.push({ name: 'generated 400-line DAG', path: '/bench/generated.py', text: generateDag(400), edits: 150 });
  cases.push({ name: 'generated 300-line TaskFlow DAG', path: '/bench/taskflow.py', text: generateTaskflowDag(300), edits: 100 });
  // Many tasks whose callables read the same module-level names (one binding, many findings).
  // Bound at the end too, so that edits above move the binding every task shares.
  const shared = ['import pandas as pd', 'from airflow.operators.python import PythonVirtualenvOperator', ''];
  for (let index = 0; index < 12; index++) {
    shared.push(`def load_${index}():`, `    return pd.DataFrame({"n": [LIMIT, ${index}]})`, '', `t_${index} = PythonVirtualenvOperator(task_id="t${index}", python_callable=load_${index}, requirements=["pandas==2.2.2"])`, '');
  }
  shared.push('LIMIT = 10', '');
  cases.push({ name: 'tasks sharing module-level names', path: '/bench/shared.py', text: shared.join('\n'), edits: 150 });

  it('an import typed above a task changes what its requirements resolve to', () => {
    // Random edits seldom bind a name a task reads; this one does, through the workspace.
    const path = join(workspacesRoot, 'requirements_constant', 'dag.py');
    const text = readFileSync(path, 'utf8').replace('from common.deps import ETL_REQUIREMENTS\n', '');
    const first = lintText(grammar, text, path, optionsFor(path));
    const line = 'from common.deps import ETL_REQUIREMENTS\n';
    const at = text.indexOf('from common import deps');
    const newText = text.slice(0, at) + line + text.slice(at);
    const change = { start: at, oldEnd: at, newEnd: at + line.length };
    applyEdit(first.tree!, text, newText, change);
    const incremental = lintText(grammar, newText, path, { ...optionsFor(path), previousTree: first.tree, previousState: first.state, change });
    first.tree!.delete();
    incremental.tree?.delete();
    const expected = fromScratch(newText, path);
    assert.deepEqual(incremental.findings.map(described), expected.findings.map(described));
    assert.ok(expected.findings.some((finding) => finding.code === 'VENV301'), 'bs4 is now known to be missing from the imported list');
  });

  it(`holds over seeded random edits of ${cases.length} files`, () => {
    let reused = 0;
    let extracted = 0;
    let keptFolderFindings = 0;
    for (const [index, item] of cases.entries()) {
      const next = seeded(index + 1);
      let text = item.text;
      // The rules over a DAG folder as the server runs them (keeping what did not change), against a fresh run.
      const memory: CrossTaskMemory = new Map();
      let lastFolderFindings = new Set<Finding>();
      const first = lintText(grammar, text, item.path, optionsFor(item.path));
      let tree: Tree | undefined = first.tree;
      let state: ExtractState | undefined = first.state;
      for (let edit = 0; edit < item.edits; edit++) {
        const { change, newText } = randomEdit(text, next);
        if (tree) applyEdit(tree, text, newText, change);
        const incremental = lintText(grammar, newText, item.path, { ...optionsFor(item.path), previousTree: tree, previousState: state, change });
        tree?.delete();
        tree = incremental.tree;
        state = incremental.state;
        const expected = fromScratch(newText, item.path);
        const context = `${item.name}, edit ${edit + 1}: ${JSON.stringify(newText.slice(Math.max(0, change.start - 30), change.newEnd + 30))}`;
        assert.deepEqual(incremental.findings.map(described), expected.findings.map(described), context);
        assert.equal(describedModel(incremental.model), describedModel(expected.model), context);
        const folder = runCrossTaskRules(incremental.model ? [incremental.model] : [], {}, memory).findings;
        const freshFolder = runCrossTaskRules(expected.model ? [expected.model] : []).findings;
        assert.deepEqual(folder.map(described), freshFolder.map(described), `folder rules, ${context}`);
        keptFolderFindings += folder.filter((finding) => lastFolderFindings.has(finding)).length;
        lastFolderFindings = new Set(folder);
        if (item.path === '/bench/generated.py') {
          reused += incremental.reusedTasks;
          extracted += incremental.model?.tasks.length ?? 0;
        }
        text = newText;
      }
      tree?.delete();
    }
    // The comparison means something only if tasks were in fact reused: on the generated DAG,
    // where most edits touch one task of many, most tasks are.
    assert.ok(reused > extracted * 0.5, `generated DAG: ${reused} of ${extracted} tasks reused`);
    assert.ok(keptFolderFindings > 100, `${keptFolderFindings} folder-wide findings kept across edits`);
  });
});

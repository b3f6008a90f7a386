/**
 * Open documents beyond the LIVE_TREES most recently analysed (and documents only opened, beyond the
 * OPENED_TREES most recently analysed of them) keep only what the server reads after the analysis
 * (their findings and `KeptModel`), not their syntax tree, extraction state and task models. Such a
 * document must answer as one being edited does: the same diagnostics, code actions (pins included,
 * whose edits are built when asked), hovers, links and status, before and after its next edit,
 * which analyses it from scratch.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { generateRichDag } from '../../bench/generate.js';
import { LIVE_TREES, OPENED_TREES } from '../../server/src/lsp/open-documents.js';
import { LspClient, fileUri } from '../support/lspClient.js';

/**
 * A task whose requirements come from a file, importing what the file lacks (the "add to
 * requirements.txt" action reads its model), and one with an unpinned requirement.
 */
const MORE_TASKS = [
  'def fetch(rows):',
  '    import requests',
  '    import boto3',
  '    return boto3.client("s3"), requests.get(rows[0])',
  '',
  'fetch_task = PythonVirtualenvOperator(',
  '    task_id="fetch", python_callable=fetch,',
  '    requirements="requirements.txt",',
  '    python_version="3.11", system_site_packages=False,',
  ')',
  '',
  'def score(rows):',
  '    import sklearn',
  '    return sklearn.__version__',
  '',
  'score_task = PythonVirtualenvOperator(',
  '    task_id="score", python_callable=score,',
  '    requirements=["scikit-learn"],',
  '    python_version="3.11", system_site_packages=False,',
  ')',
  '',
].join('\n');
const TARGET = `${generateRichDag(150, 3)}${MORE_TASKS}`;
/** Shares requirement lists with the target (VENV212 across the two files). */
const PEER = generateRichDag(150, 4);
/** A DAG the analysis parses (so it takes a live place) with nothing for the folder-wide rules. */
const filler = (index: number) => `from airflow.operators.python import PythonOperator\n\ndef f_${index}():\n    return ${index}\n\nt_${index} = PythonOperator(task_id="t_${index}", python_callable=f_${index})\n`;

const directory = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-evicted-'));
after(() => rmSync(directory, { recursive: true, force: true }));
writeFileSync(join(directory, 'requirements.txt'), 'requests==2.32.3\n');
const constraints = join(directory, 'constraints-3.11.txt');
writeFileSync(constraints, 'requests==2.32.3\nboto3==1.34.34\nscikit-learn==1.5.0\nnumpy==2.0.0\nPyYAML==6.0.2\n');
const uriOf = (name: string) => fileUri(join(directory, name));
const target = uriOf('target.py');
const peer = uriOf('peer.py');

interface Opening {
  uri: string;
  text: string;
  /** Edited once opened (a character typed at its end, then deleted): the text is the same, the document counts as edited. */
  edited?: boolean;
}

/**
 * A server on the folder, the documents opened in `order`. The target comes before the peer either
 * way, so that the folder-wide findings name the same places; the fillers, which have no part in
 * them, decide which of the two keep their live places.
 */
async function serverWith(order: Opening[]): Promise<LspClient> {
  const client = new LspClient();
  client.settings = { constraintsFile: constraints, offline: true };
  await client.initialize(undefined, { workspaceFolders: [{ uri: fileUri(directory), name: 'dags' }], initializationOptions: { typingPauseMs: 0 } });
  await new Promise((resolve) => setTimeout(resolve, 200)); // settings fetched after initialized
  for (const { uri, text, edited } of order) {
    await client.open(uri, text);
    if (!edited) continue;
    const lines = text.split('\n');
    const end = { line: lines.length - 1, character: lines.at(-1)!.length };
    await client.change(uri, [{ range: { start: end, end }, text: '#' }]);
    await client.change(uri, [{ range: { start: end, end: { line: end.line, character: end.character + 1 } }, text: '' }]);
  }
  return client;
}

/** Everything the editor can ask about `uri`: diagnostics, code actions on every line, hovers, links, status, fix-all. */
async function answers(client: LspClient, uri: string, text: string) {
  const line = (index: number, length: number) => ({ start: { line: index, character: 0 }, end: { line: index, character: length } });
  const lines = text.split('\n');
  // A request settles what opening and editing left pending; the diagnostics published before its answer are the last ones.
  const status = await client.connection.sendRequest('workspace/executeCommand', { command: 'airflowVenvLint.server.documentStatus', arguments: [{ uri }] });
  const diagnostics: Diagnostic[] = client.published.filter((item) => item.uri === uri).at(-1)!.diagnostics;
  const actions: CodeAction[][] = [];
  for (const [index, content] of lines.entries()) actions.push(await client.codeActions(uri, line(index, content.length)));
  const hovers: unknown[] = [];
  for (const [index, content] of lines.entries()) {
    for (const match of content.matchAll(/"[A-Za-z][\w.-]*(==[\d.]+)?"/g)) hovers.push(await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: index, character: match.index + 2 } }));
  }
  const links = await client.connection.sendRequest('textDocument/documentLink', { textDocument: { uri } });
  client.appliedEdits.length = 0;
  const fixAll = await client.connection.sendRequest('workspace/executeCommand', { command: 'airflowVenvLint.applyFixAll', arguments: [{ uri }] });
  return { status, diagnostics, actions, hovers, links, fixAll, applied: [...client.appliedEdits] };
}

/**
 * The same checks on two servers with the same documents open: in one the target and its peer have
 * lost their live places (`evicted`), in the other they were analysed last and edited (`live`).
 */
function compareWith(evictedOrder: Opening[], liveOrder: Opening[]): void {
  let evicted: LspClient;
  let live: LspClient;
  before(async () => {
    evicted = await serverWith(evictedOrder);
    live = await serverWith(liveOrder);
  });
  after(() => {
    evicted.kill();
    live.kill();
  });

  it('answers as a document being edited does', async () => {
    const answered = await answers(evicted, target, TARGET);
    assert.deepEqual(answered, await answers(live, target, TARGET));
    const peerAnswered = await answers(evicted, peer, PEER);
    assert.deepEqual(peerAnswered, await answers(live, peer, PEER));
    // What the comparison covers is there (not lost by both servers alike).
    const titles = answered.actions.flat().map((action) => action.title);
    assert.ok(titles.includes('Add "boto3==1.34.34" to requirements.txt (constraints-3.11.txt)'), 'the requirements-file addition, from the task kept whole');
    assert.ok(titles.some((title) => /^Add "boto3==1\.34\.34" to requirements \(constraints-3\.11\.txt\)$/.test(title)), 'a pinned addition to a list, built when asked');
    assert.ok(titles.some((title) => /^Pin to scikit-learn==1\.5\.0 \(constraints-3\.11\.txt\)$/.test(title)), 'a pin of an unpinned requirement');
    assert.ok(titles.some((title) => /^Extract the \d+ identical requirement lists into REQUIREMENTS$/.test(title)), 'the folder-wide fix');
    assert.ok(peerAnswered.diagnostics.some((item) => item.code === 'VENV212' && item.relatedInformation?.some((related) => related.location.uri === target)), 'related places in the other file');
    assert.equal((answered.links as unknown[]).length, 1);
    assert.ok(answered.hovers.some((hover) => hover !== null), 'hovers on requirements');
  });

  it('and after its next edit, which analyses it from scratch', async () => {
    // A new line above every task (everything moves), then a character typed inside the first task.
    const edits = [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# moved\n' },
      { range: { start: { line: 13, character: 4 }, end: { line: 13, character: 4 } }, text: ' ' },
    ];
    let text = TARGET;
    for (const edit of edits) {
      await evicted.change(target, [edit]);
      await live.change(target, [edit]);
      const lines = text.split('\n');
      const { line, character } = edit.range.start;
      lines[line] = lines[line]!.slice(0, character) + edit.text + lines[line]!.slice(character);
      text = lines.join('\n');
      assert.deepEqual(await answers(evicted, target, text), await answers(live, target, text));
    }
    assert.deepEqual(await answers(evicted, peer, PEER), await answers(live, peer, PEER));
  });
}

const documents = (edited: boolean): Opening[] => [{ uri: target, text: TARGET, edited }, { uri: peer, text: PEER, edited }];
const fillers = (edited: boolean): Opening[] => Array.from({ length: LIVE_TREES }, (_, index) => ({ uri: uriOf(`filler_${index}.py`), text: filler(index), edited }));

describe(`a document only opened, before ${OPENED_TREES} others`, () => {
  compareWith([...documents(false), ...fillers(false)], [...fillers(false), ...documents(true)]);
});

describe(`a document edited, then ${LIVE_TREES} others`, () => {
  compareWith([...documents(true), ...fillers(true)], [...fillers(true), ...documents(true)]);
});

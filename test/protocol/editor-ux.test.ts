/**
 * The editor as a newcomer meets it (issue #21): requirements files as first-class documents,
 * one honest Pin All result, quiet while typing, no finding on a statement still being typed,
 * fixes that do not create the next finding, and what Verify Interpreter reports.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, Hover } from 'vscode-languageserver-protocol';
import { LspClient, applyWorkspaceEdit, fileUri } from '../support/lspClient.js';

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((item) => `${item.code}@${item.range.start.line}`).sort();
const titles = (actions: CodeAction[]) => actions.map((action) => action.title);

const DAG = [
  'from airflow.operators.python import PythonVirtualenvOperator',
  '',
  'def sync():',
  '    import pandas',
  '    import boto3',
  '',
  'PythonVirtualenvOperator(task_id="sync", python_callable=sync, requirements="requirements/etl.txt", python_version="3.11", system_site_packages=False)',
  '',
].join('\n');
const REQUIREMENTS = 'pandas==2.2.2\npsycopg2-binary\n';

describe('a requirements file read by a DAG', () => {
  let client: LspClient;
  let directory: string;
  let dagUri: string;
  let txtUri: string;
  before(async () => {
    directory = mkdtempSync(join(tmpdir(), 'editor-ux-'));
    mkdirSync(join(directory, 'requirements'));
    writeFileSync(join(directory, 'requirements', 'etl.txt'), REQUIREMENTS);
    const constraints = join(directory, 'constraints-3.11.txt');
    writeFileSync(constraints, 'psycopg2-binary==2.9.9\nboto3==1.34.34\npandas==2.2.2\n');
    writeFileSync(join(directory, 'etl.py'), DAG);
    client = new LspClient();
    client.settings = { constraintsFile: constraints, offline: true };
    await client.initialize(undefined, { initializationOptions: { typingPauseMs: 0 } });
    await new Promise((resolve) => setTimeout(resolve, 200)); // settings fetched after initialized
    dagUri = fileUri(join(directory, 'etl.py'));
    txtUri = fileUri(join(directory, 'requirements', 'etl.txt'));
    await client.open(dagUri, DAG);
  });
  after(() => {
    client.kill();
    rmSync(directory, { recursive: true, force: true });
  });

  it('gets its squiggles when opened, and its editor text wins over the disk', async () => {
    const next = client.nextDiagnostics(txtUri);
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: txtUri, languageId: 'pip-requirements', version: 1, text: REQUIREMENTS } });
    assert.deepEqual(codes((await next).diagnostics), ['VENV201@1']);
  });

  it('offers the pin from the constraints file and "disable for this line" on a requirement', async () => {
    const range = { start: { line: 1, character: 2 }, end: { line: 1, character: 2 } };
    const actions = await client.codeActions(txtUri, range);
    assert.deepEqual(titles(actions).slice(0, 2), ['Pin to psycopg2-binary==2.9.9 (constraints-3.11.txt)', 'Disable VENV201 for this line'].map((title) => (title.includes('constraints') ? actions[0]!.title : title)));
    assert.equal(actions[0]!.title, 'Pin to psycopg2-binary==2.9.9 (constraints-3.11.txt)', 'the constraints file by its path from the DAG, not an absolute path');
    assert.equal(applyWorkspaceEdit(REQUIREMENTS, txtUri, actions[0]!.edit), 'pandas==2.2.2\npsycopg2-binary==2.9.9\n');
    assert.equal(applyWorkspaceEdit(REQUIREMENTS, txtUri, actions[1]!.edit), 'pandas==2.2.2\npsycopg2-binary  # noqa: VENV201\n');
  });

  it('shows what each version source would pin on hover', async () => {
    const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: txtUri }, position: { line: 1, character: 3 } }) as Hover | null;
    assert.ok(hover, 'a hover');
    assert.match((hover.contents as { value: string }).value, /constraints file: `2\.9\.9`/);
  });

  it('Pin All pins the file, and says it pinned from the constraints file', async () => {
    client.appliedEdits.length = 0;
    const result = await client.connection.sendRequest('workspace/executeCommand', { command: 'airflowVenvLint.server.pinAll', arguments: [{ uri: txtUri }] }) as { pinned: number; total: number; problems: string[]; sources: Record<string, number> };
    assert.equal(result.pinned, 1);
    assert.equal(result.total, 1);
    assert.deepEqual(result.problems, [], 'nothing left, so no problem reported (not even the unreachable index)');
    assert.match(Object.keys(result.sources)[0]!, /constraints-3\.11\.txt$/);
    assert.equal(applyWorkspaceEdit(REQUIREMENTS, txtUri, client.appliedEdits[0]), 'pandas==2.2.2\npsycopg2-binary==2.9.9\n');
  });

  it('Fix All works in the file (nothing safe to fix there: it says why)', async () => {
    const result = await client.connection.sendRequest('workspace/executeCommand', { command: 'airflowVenvLint.applyFixAll', arguments: [{ uri: txtUri }] }) as { applied: boolean; reason?: string };
    assert.equal(result.applied, false);
    assert.match(result.reason ?? '', /^no automatic fix: 1 problem needs a choice/);
  });

  it('VENV301 in the DAG offers to add the line to the file, pinned from the constraints file', async () => {
    const diagnostics = client.published.filter((item) => item.uri === dagUri).at(-1)!.diagnostics;
    const missing = diagnostics.find((item) => item.code === 'VENV301')!;
    assert.ok(missing, JSON.stringify(diagnostics));
    const actions = await client.codeActions(dagUri, missing.range, [missing]);
    assert.equal(actions[0]!.title, 'Add "boto3==1.34.34" to requirements/etl.txt (constraints-3.11.txt)');
    assert.equal(actions[0]!.isPreferred, true);
    assert.ok(!titles(actions).includes('Add "boto3" to requirements/etl.txt'), 'no unpinned twin when a pinned one exists');
    assert.equal(applyWorkspaceEdit(REQUIREMENTS, txtUri, actions[0]!.edit), `${REQUIREMENTS}boto3==1.34.34\n`);
  });

  it('links requirements="requirements/etl.txt" to the file', async () => {
    const links = await client.connection.sendRequest('textDocument/documentLink', { textDocument: { uri: dagUri } }) as { target: string; range: { start: { line: number; character: number } } }[];
    assert.equal(links.length, 1);
    assert.equal(links[0]!.target, txtUri);
    assert.equal(links[0]!.range.start.line, 6);
    assert.equal(DAG.split('\n')[6]!.slice(links[0]!.range.start.character).startsWith('requirements/etl.txt'), true);
  });

  it('an edit of the open file re-lints the DAG with the editor text', async () => {
    const next = client.nextDiagnostics(txtUri);
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: txtUri, version: 2 }, contentChanges: [{ text: 'pandas==2.2.2\npsycopg2-binary==2.9.9\nboto3==1.34.34\n' }] });
    assert.deepEqual(codes((await next).diagnostics), []);
    const dag = client.published.filter((item) => item.uri === dagUri).at(-1)!.diagnostics;
    assert.ok(!dag.some((item) => item.code === 'VENV301'), JSON.stringify(dag));
  });
});


describe('a VENV301 in a task whose requirements come from a file', () => {
  it('offers no line to add for a module no known distribution provides (never a name guessed from the import)', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'editor-ux-unknown-'));
    const client = new LspClient();
    try {
      mkdirSync(join(directory, 'requirements'));
      writeFileSync(join(directory, 'requirements', 'etl.txt'), 'pandas==2.2.2\n');
      const text = 'from airflow.operators.python import PythonVirtualenvOperator\n\ndef sync():\n    import acme_inventory_client\n\nPythonVirtualenvOperator(task_id="sync", python_callable=sync, requirements="requirements/etl.txt", system_site_packages=False)\n';
      writeFileSync(join(directory, 'etl.py'), text);
      await client.initialize(undefined, { initializationOptions: { typingPauseMs: 0 } });
      const uri = fileUri(join(directory, 'etl.py'));
      const unknown = (await client.open(uri, text)).find((item) => item.code === 'VENV301');
      assert.ok(unknown, 'VENV301 on acme_inventory_client');
      const actions = await client.codeActions(uri, unknown.range, [unknown]);
      assert.deepEqual(titles(actions).filter((title) => title.startsWith('Add "')), [], titles(actions).join('; '));
    } finally {
      client.kill();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

describe('while typing', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    await client.initialize(undefined, { initializationOptions: { typingPauseMs: 300 } });
  });
  after(() => client.kill());

  it('a bare `import` line makes no finding of the next line (the statement does not parse yet)', async () => {
    const text = [
      'from airflow.sdk import task',
      '@task.virtualenv(requirements=["pandas==2.2.2"], system_site_packages=False)',
      'def load(path):',
      '    import',
      '    df = pd.read_parquet(path)',
      '    return df',
      '',
    ].join('\n');
    const diagnostics = await client.open('file:///dags/bare_import.py', text);
    assert.ok(!diagnostics.some((item) => item.code === 'VENV301'), JSON.stringify(diagnostics));
  });

  it('a half-typed requirement does not flip between error, warning and info: it is held until a pause', async () => {
    const uri = 'file:///dags/typing_requirement.py';
    const text = [
      'from airflow.sdk import task',
      '@task.virtualenv(',
      '    requirements=["pandas==2.2.2", ""],',
      '    system_site_packages=False,',
      ')',
      'def load():',
      '    import pandas',
      '    import boto3',
      '',
    ].join('\n');
    assert.ok((await client.open(uri, text)).some((item) => item.code === 'VENV301'));
    const typed = 'boto3==1.34.0';
    const seen: string[][] = [];
    for (let index = 0; index < typed.length; index++) {
      const position = { line: 2, character: 36 + index };
      const diagnostics = await client.change(uri, [{ range: { start: position, end: position }, text: typed[index]! }]);
      seen.push(diagnostics.filter((item) => item.range.start.line === 2).map((item) => String(item.code)));
      // Everything else is published at once: VENV301 on `import boto3` goes as soon as "boto3" names it.
      const others = diagnostics.filter((item) => item.range.start.line !== 2);
      assert.deepEqual(codes(others), index >= 'boto3'.length - 1 ? [] : ['VENV301@7'], `other lines at "${typed.slice(0, index + 1)}"`);
    }
    assert.deepEqual(seen, typed.split('').map(() => []), 'nothing on the line being typed');
    // After the pause nothing is held: what the client holds is final (the release sends nothing new).
    await sleep(600);
    assert.deepEqual(codes(client.published.filter((item) => item.uri === uri).at(-1)!.diagnostics), []);
    // A finding held on the typed line is sent once the user pauses.
    const end = { line: 2, character: 36 + typed.length };
    const held = await client.change(uri, [{ range: { start: end, end }, text: '=' }]);
    assert.deepEqual(held.filter((item) => item.range.start.line === 2), [], 'held while typing');
    const released = (await client.nextDiagnostics(uri, undefined, 3000)).diagnostics;
    assert.deepEqual(codes(released.filter((item) => item.range.start.line === 2)), ['VENV203@2']);
  });
});

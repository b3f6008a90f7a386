/** The real built server over stdio, driven as an editor drives it. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, applyWorkspaceEdit, fileUri } from '../support/lspClient.js';

const root = join(import.meta.dirname, '..', '..');
const examples = join(root, 'examples');
const short = (diagnostics: Diagnostic[]) => diagnostics.map((item) => `${item.code}@${item.range.start.line}:${item.range.start.character}-${item.range.end.line}:${item.range.end.character}`).sort();

describe('language server over stdio', () => {
  let client: LspClient;
  before(async () => {
    client = new LspClient();
    const result = await client.initialize();
    assert.equal(result.serverInfo.name, 'airflow-venv-lint');
    assert.deepEqual(result.capabilities.textDocumentSync, { openClose: true, change: 2 });
    assert.equal(result.capabilities.positionEncoding, 'utf-16');
    assert.ok(result.capabilities.codeActionProvider);
  });
  after(() => client.kill());

  it('publishes diagnostics with exact ranges, code, source and docs link on open', async () => {
    const path = join(examples, 'seed_example_2_generic_interpreter.py');
    const diagnostics = await client.open(fileUri(path), readFileSync(path, 'utf8'));
    assert.deepEqual(short(diagnostics), ['VENV101@21:19-21:37', 'VENV103@21:8-21:18', 'VENV501@7:5-7:46']);
    const first = diagnostics.find((item) => item.code === 'VENV501')!;
    assert.equal(first.source, 'airflow-venv-lint');
    assert.equal(first.severity, 1);
    assert.match(first.codeDescription!.href, /docs\/rules\.md#venv501-invalid-import-path$/);
  });

  it('a quick fix from codeAction, applied, makes its diagnostic go away', async () => {
    const path = join(examples, 'seed_example_1_tutorial_import.py');
    const uri = fileUri(path);
    let text = readFileSync(path, 'utf8');
    const diagnostics = await client.open(uri, text);
    const target = diagnostics.find((item) => item.code === 'VENV501')!;
    const actions = await client.codeActions(uri, target.range, [target]);
    const quickFix = actions.find((action) => action.kind === 'quickfix' && action.isPreferred);
    assert.ok(quickFix, JSON.stringify(actions));
    assert.equal(quickFix.title, 'Import from airflow.operators.python');
    assert.ok(actions.some((action) => action.title === 'Disable VENV501 for this line'));
    text = applyWorkspaceEdit(text, uri, quickFix.edit);
    const after = await client.change(uri, [{ text }]);
    assert.deepEqual(short(after), ['VENV103@21:8-21:18']);
  });

  it('typing `import yaml` into a virtualenv callable shows VENV301, whose fix adds "PyYAML" in the file\'s quote style', async () => {
    const uri = 'file:///dags/typing.py';
    const text = [
      'from airflow.sdk import task',
      '',
      "@task.virtualenv(requirements=['pandas==2.2.2'], system_site_packages=False)",
      'def run():',
      '    import pandas',
      '    ',
      '    return pandas.__version__',
      '',
    ].join('\n');
    assert.deepEqual(await client.open(uri, text), []);
    const typed = 'import yaml';
    for (let index = 0; index < typed.length; index++) {
      const position = { line: 5, character: 4 + index };
      // Quiet while typing: nothing on the line being typed (`import y`, `import ya`, ...) until a pause.
      const whileTyping = await client.change(uri, [{ range: { start: position, end: position }, text: typed[index]! }]);
      assert.deepEqual(short(whileTyping), [], `while typing "${typed.slice(0, index + 1)}"`);
    }
    const diagnostics = (await client.nextDiagnostics(uri, undefined, 3000)).diagnostics;
    assert.deepEqual(short(diagnostics), ['VENV301@5:11-5:15']);
    const [actions] = [await client.codeActions(uri, diagnostics[0]!.range, diagnostics)];
    const add = actions.find((action) => action.title === 'Add "PyYAML" to requirements')!;
    const fixed = applyWorkspaceEdit(text.replace('import pandas\n    \n', 'import pandas\n    import yaml\n'), uri, add.edit);
    assert.match(fixed, /requirements=\['pandas==2\.2\.2', 'PyYAML'\]/);
    // The import is provided now; the new requirement is unpinned until a version source pins it (VENV201).
    assert.deepEqual(short(await client.change(uri, [{ text: fixed }])), ['VENV201@2:49-2:55']);
  });

  it('incremental edits converge to the result of linting the final text from scratch', async () => {
    const path = join(examples, 'bad_taskflow.py');
    const uri = 'file:///dags/incremental.py';
    let text = readFileSync(path, 'utf8');
    await client.open(uri, text);
    // A fixed pseudo-random sequence of inserts and deletes, including multi-byte text.
    let seed = 7;
    const random = (limit: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % limit;
    const pieces = ['x', '"', '(', ')', '\n', '    ', 'é', '😀', 'import yaml\n', '=', ','];
    let last: Diagnostic[] = [];
    for (let step = 0; step < 120; step++) {
      const lines = text.split('\n');
      const line = random(lines.length);
      const character = random(lines[line]!.length + 1);
      const start = { line, character };
      const deleteLength = random(3) === 0 ? Math.min(random(4), lines[line]!.length - character) : 0;
      const insert = deleteLength > 0 ? '' : pieces[random(pieces.length)]!;
      const lineStart = lines.slice(0, line).reduce((sum, item) => sum + item.length + 1, 0);
      const offset = lineStart + character;
      text = text.slice(0, offset) + insert + text.slice(offset + deleteLength);
      last = await client.change(uri, [{ range: { start, end: { line, character: character + deleteLength } }, text: insert }]);
      if (step % 15 === 14) {
        // Along the way too: the server reuses what an edit did not touch, and must not show it.
        const fresh = await client.open(`file:///dags/fresh_${step}.py`, text);
        assert.deepEqual(short(last), short(fresh), `after edit ${step + 1}`);
        await client.close(`file:///dags/fresh_${step}.py`);
      }
    }
    // Two changes in one notification (multi-cursor typing): applied in order.
    const lines = text.split('\n');
    const second = Math.min(3, lines.length - 1);
    last = await client.change(uri, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# a\n' },
      { range: { start: { line: second + 1, character: 0 }, end: { line: second + 1, character: 0 } }, text: '#' },
    ]);
    const after = ['# a', ...lines];
    after[second + 1] = `#${after[second + 1]}`;
    const fresh = await client.open('file:///dags/fresh.py', after.join('\n'));
    assert.deepEqual(short(last), short(fresh));
  });

  it('reads a requirements file once, and again when the file watcher says it changed', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-watch-'));
    const requirements = join(folder, 'requirements.txt');
    writeFileSync(requirements, 'pandas==2.2.2\n');
    const dag = join(folder, 'dag.py');
    const text = [
      'from airflow.decorators import task',
      '',
      '',
      '@task.virtualenv(requirements="requirements.txt", system_site_packages=False)',
      'def load():',
      '    import pandas',
      '    return pandas.__version__',
      '',
    ].join('\n');
    const uri = fileUri(dag);
    const requirementsUri = fileUri(requirements);
    const loose = () => client.published.filter((item) => item.uri === requirementsUri).at(-1)?.diagnostics.filter((item) => item.code === 'VENV202') ?? [];
    try {
      await client.open(uri, text);
      assert.deepEqual(loose(), []);
      writeFileSync(requirements, 'pandas>=2\n');
      // Without a watcher event the server keeps what it read: no file system call per keystroke.
      await client.change(uri, [{ range: { start: { line: 7, character: 0 }, end: { line: 7, character: 0 } }, text: '#' }]);
      assert.deepEqual(loose(), []);
      const next = client.nextDiagnostics(requirementsUri);
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: requirementsUri, type: 2 }] });
      await next;
      assert.equal(loose().length, 1, JSON.stringify(client.published.filter((item) => item.uri === requirementsUri).at(-1)));
    } finally {
      await client.close(uri);
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('a document whose tree was given up (many open documents) re-parses on its next edit', async () => {
    const text = readFileSync(join(examples, 'bad_taskflow.py'), 'utf8');
    const uris = Array.from({ length: 20 }, (_, index) => `file:///dags/many_${index}.py`);
    for (const uri of uris) await client.open(uri, text);
    // The first one was analysed longest ago: it no longer has a tree or a previous state.
    const edited = await client.change(uris[0]!, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# first line\n' }]);
    const fresh = await client.open('file:///dags/many_fresh.py', `# first line\n${text}`);
    assert.ok(fresh.length > 0);
    assert.deepEqual(short(edited), short(fresh));
    for (const uri of [...uris, 'file:///dags/many_fresh.py']) await client.close(uri);
  });

  it('logs which Airflow releases a document is judged against, once per change of target', async () => {
    const uri = 'file:///dags/target_log.py';
    const judged = () => client.logs.filter((line) => line.startsWith(`${uri}: judged against`));
    await client.open(uri, 'from airflow.operators.python import PythonVirtualenvOperator\nPythonVirtualenvOperator(task_id="t", python_callable=print)\n');
    assert.deepEqual(judged().map((line) => line.replace(/ \(.*$/, '')), [`${uri}: judged against Airflow 2`]);
    await client.change(uri, [{ text: 'from airflow.operators.python import PythonVirtualenvOperator\nPythonVirtualenvOperator(task_id="u", python_callable=print)\n' }]);
    assert.equal(judged().length, 1, 'the same target is not logged again');
    await client.change(uri, [{ text: 'from airflow.sdk import task\n@task.virtualenv()\ndef run():\n    pass\n' }]);
    assert.match(judged().at(-1)!, /judged against Airflow 3 \(releases 3\.0-3\.3; inferred: imports airflow\.sdk\)$/);
    await client.close(uri);
  });

  it('a configuration change re-lints open documents', async () => {
    const uri = 'file:///dags/config.py';
    const text = 'from airflow.providers.python.operators.python import PythonVirtualenvOperator\nPythonVirtualenvOperator(task_id="t", python_bin="python3")\n';
    assert.deepEqual(short(await client.open(uri, text)), ['VENV101@1:49-1:58', 'VENV103@1:38-1:48', 'VENV401@1:0-1:24', 'VENV501@0:5-0:46']);
    client.settings = { select: ['VENV5'] };
    const next = client.nextDiagnostics(uri);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.deepEqual(short((await next).diagnostics), ['VENV501@0:5-0:46']);
    client.settings = {};
    const restored = client.nextDiagnostics(uri);
    await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
    assert.equal((await restored).diagnostics.length, 4);
  });

  it('source.fixAll applies every safe fix in one edit', async () => {
    const uri = 'file:///dags/fixall.py';
    const text = 'from airflow.providers.python.operators.python import PythonVirtualenvOperator\nPythonVirtualenvOperator(task_id="t", python_version=3.10, python_bin="/opt/py/bin/python3.9", system_site_packages=False)\n';
    await client.open(uri, text);
    const actions = await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [], ['source.fixAll']);
    assert.deepEqual(actions.map((action) => action.kind), ['source.fixAll.airflowVenvLint']);
    const fixed = applyWorkspaceEdit(text, uri, actions[0]!.edit);
    assert.equal(fixed, 'from airflow.operators.python import PythonVirtualenvOperator\nPythonVirtualenvOperator(task_id="t", python_version="3.10", python_bin="/opt/py/bin/python3.9", system_site_packages=False)\n');
  });

  it('a Python file that never mentions Airflow gets an empty list', async () => {
    assert.deepEqual(await client.open('file:///dags/plain.py', 'import os\nprint(os.getcwd())\n'), []);
  });

  it('closing a document clears its diagnostics', async () => {
    const uri = 'file:///dags/closing.py';
    assert.ok((await client.open(uri, 'from airflow.operators.python import PythonVirtualenvOperator\nPythonVirtualenvOperator(python_bin="python3")\n')).length > 0);
    assert.deepEqual(await client.close(uri), []);
  });

  it('survives junk: NUL bytes, a huge line, deep nesting', async () => {
    const junk = `airflow\0\0${'x'.repeat(100_000)}\n${'('.repeat(5000)}\n\udc00`;
    const diagnostics = await client.open('file:///dags/junk.py', junk);
    assert.ok(Array.isArray(diagnostics));
    assert.deepEqual(await client.open('file:///dags/after-junk.py', 'from airflow.operators.python import ExternalPythonOperator\nExternalPythonOperator(python="python")\n').then(short), ['VENV102@1:30-1:38']);
  });
});

describe('pull diagnostics and shutdown', () => {
  it('answers textDocument/diagnostic when the client pulls, and exits cleanly', async () => {
    const client = new LspClient();
    try {
      const result = await client.initialize({ textDocument: { diagnostic: { dynamicRegistration: false } } });
      assert.ok(result.capabilities.diagnosticProvider);
      const uri = 'file:///dags/pull.py';
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: 'from airflow.operators.python import ExternalPythonOperator\nExternalPythonOperator(python="/usr/bin/python")\n' } });
      const report = await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } }) as { kind: string; items: Diagnostic[] };
      assert.equal(report.kind, 'full');
      assert.deepEqual(short(report.items), ['VENV101@1:30-1:47']);
      assert.equal(client.published.filter((item) => item.uri === uri).length, 0, 'pull clients get no pushed duplicates');
      assert.equal(await client.shutdown(), 0);
    } finally {
      client.kill();
    }
  });

});

describe('Verify Interpreter over LSP', () => {
  const text = 'from airflow.operators.python import ExternalPythonOperator\nExternalPythonOperator(task_id="t", python="/nowhere/bin/python3.11", python_callable=print)\nExternalPythonOperator(task_id="u", python="python3", python_callable=print)\n';

  it('lists the file\'s interpreters, probes them on request, publishes the findings and returns a summary', async () => {
    const client = new LspClient();
    try {
      await client.initialize();
      const uri = 'file:///dags/verify.py';
      assert.deepEqual(short(await client.open(uri, text)), ['VENV102@2:43-2:52']);
      const listed = await client.connection.sendRequest('workspace/executeCommand', { command: 'airflowVenvLint.server.listInterpreters', arguments: [{ uri }] }) as { interpreters: { command: string }[] };
      assert.deepEqual(listed.interpreters.map((item) => item.command), ['/nowhere/bin/python3.11', 'python3']);
      // The publish that carries what the probe found: the settings fetched after `initialized` re-publish
      // the file (without VENV107) at a time of their own, before or after this point.
      const published = client.nextDiagnostics(uri, undefined, 5000, (diagnostics) => diagnostics.some((item) => item.code === 'VENV107'));
      const answer = await client.connection.sendRequest('workspace/executeCommand', { command: 'airflowVenvLint.server.verifyInterpreter', arguments: [{ uri }] }) as { verified: boolean; report: string; results: { command: string; ok: boolean }[] };
      assert.equal(answer.verified, true);
      assert.deepEqual(answer.results.map((result) => [result.command, result.ok]), [['/nowhere/bin/python3.11', false], ['python3', true]]);
      assert.match(answer.report, /✗ \/nowhere\/bin\/python3\.11 does not exist/);
      assert.deepEqual(short((await published).diagnostics), ['VENV102@2:43-2:52', 'VENV107@1:43-1:68']);
    } finally {
      client.kill();
    }
  });

  it('is refused in an untrusted workspace', async () => {
    const client = new LspClient();
    try {
      await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { workspaceTrusted: false } });
      await client.connection.sendNotification('initialized', {});
      const uri = 'file:///dags/untrusted.py';
      await client.open(uri, text);
      const answer = await client.connection.sendRequest('workspace/executeCommand', { command: 'airflowVenvLint.server.verifyInterpreter', arguments: [{ uri }] }) as { verified: boolean; reason: string };
      assert.deepEqual(answer, { verified: false, reason: 'untrusted workspace' });
    } finally {
      client.kill();
    }
  });
});

describe('pinning in the editor', () => {
  it('offers a look-up action, pins from the index when picked, then offers the cached answer directly', async () => {
    const { startIndex } = await import('../support/indexServer.js');
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const index = await startIndex();
    const cacheDirectory = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-lsp-cache-'));
    const client = new LspClient();
    try {
      client.settings = { indexUrl: index.url };
      await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } }, initializationOptions: { cacheDirectory } });
      await client.connection.sendNotification('initialized', {});
      const uri = 'file:///dags/pin.py';
      const text = 'from airflow.operators.python import PythonVirtualenvOperator\nPythonVirtualenvOperator(task_id="t", python_version="3.11", requirements=["pandas"], system_site_packages=False)\n';
      await new Promise((resolve) => setTimeout(resolve, 200)); // settings fetched after initialized
      const diagnostics = await client.open(uri, text);
      const unpinned = diagnostics.find((item) => item.code === 'VENV201')!;
      const before = await client.codeActions(uri, unpinned.range, [unpinned]);
      const lookUp = before.find((action) => action.command?.command === 'airflowVenvLint.server.pinFromIndex');
      assert.ok(lookUp, JSON.stringify(before.map((action) => action.title)));
      assert.equal(index.requests.length, 0, 'no request before the user picks the action');
      const outcome = await client.connection.sendRequest('workspace/executeCommand', lookUp.command) as { pinned: number; problems: string[]; sources?: Record<string, number> };
      assert.deepEqual({ ...outcome, sources: Object.keys(outcome.sources ?? {}).length }, { pinned: 1, total: 1, sources: 1, problems: [] });
      assert.equal(applyWorkspaceEdit(text, uri, client.appliedEdits[0]), text.replace('["pandas"]', '["pandas==2.2.3"]'));
      const after = await client.codeActions(uri, unpinned.range, [unpinned]);
      assert.equal(after[0]!.title, `Pin to pandas==2.2.3 (${index.url})`);
      assert.equal(after[0]!.isPreferred, true);
    } finally {
      client.kill();
      await index.close();
      rmSync(cacheDirectory, { recursive: true, force: true });
    }
  });
});

describe('hover on a requirement', () => {
  it('shows what the version sources would pin, without network', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const directory = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-hover-'));
    const constraints = join(directory, 'constraints-3.11.txt');
    writeFileSync(constraints, 'pandas==2.1.4\n');
    const client = new LspClient();
    try {
      client.settings = { constraintsFile: constraints, indexUrl: 'http://127.0.0.1:9/simple/' };
      await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } }, initializationOptions: { cacheDirectory: join(directory, 'cache') } });
      await client.connection.sendNotification('initialized', {});
      await new Promise((resolve) => setTimeout(resolve, 200));
      const uri = 'file:///dags/hover.py';
      const line = 'PythonVirtualenvOperator(task_id="t", python_version="3.11", requirements=["pandas>=2"], system_site_packages=False)';
      await client.open(uri, `from airflow.operators.python import PythonVirtualenvOperator\n${line}\n`);
      const start = line.indexOf('pandas>=2');
      const hover = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: start + 3 } }) as { contents: { value: string }; range: { start: { character: number }; end: { character: number } } };
      assert.match(hover.contents.value, /^\*\*pandas\*\* — >=2 · Python 3\.11/);
      assert.match(hover.contents.value, /constraints file: `2\.1\.4`/);
      assert.deepEqual([hover.range.start.character, hover.range.end.character], [start, start + 'pandas>=2'.length]);
      const nothing = await client.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 3 } });
      assert.equal(nothing, null);
    } finally {
      client.kill();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

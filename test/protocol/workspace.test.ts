/** Cross-module analysis through the real built server: dependents re-published, workspace/diagnostic. */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, applyWorkspaceEdit, fileUri } from '../support/lspClient.js';
import { workspacesRoot } from '../support/workspaces.js';

const scratch = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-lsp-workspace-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const short = (diagnostics: Diagnostic[]) => diagnostics.map((item) => `${item.code}@${item.range.start.line}:${item.range.start.character}`).sort();

function copy(name: string): string {
  const folder = mkdtempSync(join(scratch, `${name}-`));
  cpSync(join(workspacesRoot, name), folder, { recursive: true });
  return folder;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The last diagnostics published for `uri`, once `check` accepts them (or the last ones after the timeout). */
async function settled(client: LspClient, uri: string, check: (diagnostics: Diagnostic[]) => boolean): Promise<Diagnostic[]> {
  let last: Diagnostic[] = [];
  for (let waited = 0; waited < 5000; waited += 50) {
    last = client.published.filter((item) => item.uri === uri).at(-1)?.diagnostics ?? [];
    if (check(last)) return last;
    await sleep(50);
  }
  return last;
}

describe('open DAGs follow the modules they import', () => {
  it('editing the shared constant\'s module re-publishes the DAG, open or on disk', async () => {
    const folder = copy('requirements_constant');
    const client = new LspClient();
    try {
      await client.initialize(undefined, { workspaceFolders: [{ uri: fileUri(folder), name: 'dags' }] });
      const dagUri = fileUri(join(folder, 'dag.py'));
      const depsPath = join(folder, 'common', 'deps.py');
      const depsUri = fileUri(depsPath);
      assert.deepEqual(short(await client.open(dagUri, readFileSync(join(folder, 'dag.py'), 'utf8'))), ['VENV301@10:11']);
      const depsFindings = await settled(client, depsUri, (items) => items.length > 0);
      assert.deepEqual(short(depsFindings), ['VENV201@2:21']);

      // An unsaved edit of the open module: the DAG is re-analysed without being touched.
      const original = readFileSync(depsPath, 'utf8');
      const before = client.published.length;
      await client.open(depsUri, original);
      await client.barrier();
      // Sent again only if they changed (a pushing server sends what the client holds once).
      assert.deepEqual(client.published.slice(before).filter((item) => item.uri === dagUri), [], 'opening the module unchanged changes nothing');
      assert.deepEqual(short(client.published.filter((item) => item.uri === dagUri).at(-1)!.diagnostics), ['VENV301@10:11']);
      // Each step waits until the DAG's diagnostics say what they should (or 5 s): a publish left
      // over from the step before (the module's own, a folder-wide update) may still arrive first.
      await client.change(depsUri, [{ text: original.replace('"requests==2.32.3"', '"requests==2.32.3", "beautifulsoup4==4.12.3"') }]);
      assert.deepEqual(short(await settled(client, dagUri, (items) => items.length === 0)), []);

      // Closed again: the disk's text counts, and a change on disk arrives as a watched-file event.
      await client.close(depsUri);
      assert.deepEqual(short(await settled(client, dagUri, (items) => items.length === 1)), ['VENV301@10:11']);
      writeFileSync(depsPath, original.replace('ETL_REQUIREMENTS = [*BASE, "requests==2.32.3"]', 'ETL_REQUIREMENTS = [*BASE, "requests==2.32.3", "beautifulsoup4==4.12.3"]'));
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: depsUri, type: 2 }] });
      assert.deepEqual(short(await settled(client, dagUri, (items) => items.length === 0)), []);
    } finally {
      client.kill();
    }
  });

  it('a finding in the callable\'s module links to the operator call', async () => {
    const folder = copy('callable_missing_requirement');
    const client = new LspClient();
    try {
      await client.initialize(undefined, { workspaceFolders: [{ uri: fileUri(folder), name: 'dags' }] });
      const dagUri = fileUri(join(folder, 'dag.py'));
      const extractUri = fileUri(join(folder, 'tasks', 'extract.py'));
      assert.deepEqual(await client.open(dagUri, readFileSync(join(folder, 'dag.py'), 'utf8')), []);
      const findings = await settled(client, extractUri, (items) => items.length === 2);
      assert.deepEqual(short(findings), ['VENV301@12:9', 'VENV301@5:11']);
      for (const finding of findings) {
        assert.equal(finding.relatedInformation?.length, 1);
        assert.equal(finding.relatedInformation![0]!.location.uri, dagUri);
      }
      assert.deepEqual(findings.map((finding) => finding.relatedInformation![0]!.location.range.start.line).sort(), [15, 8]);

      // Opening the module itself keeps what the DAG found in it.
      const own = await client.open(extractUri, readFileSync(join(folder, 'tasks', 'extract.py'), 'utf8'));
      assert.deepEqual(short(own), ['VENV301@12:9', 'VENV301@5:11']);

      // The quick fix is offered where the squiggle is, and edits the DAG that runs the callable.
      const yaml = own.find((item) => item.range.start.line === 5)!;
      const actions = await client.codeActions(extractUri, yaml.range, [yaml]);
      const add = actions.find((action) => action.title === 'Add "PyYAML" to requirements');
      assert.deepEqual(Object.keys(add?.edit?.changes ?? {}), [dagUri]);
      assert.ok(actions.some((action) => action.title === 'Disable VENV301 for this line' && Object.keys(action.edit?.changes ?? {})[0] === extractUri));
    } finally {
      client.kill();
    }
  });
});

describe('rules over the whole DAG folder in the editor', () => {
  it('VENV211 between two open DAGs: opening the second re-publishes the first', async () => {
    const folder = copy('pin_drift');
    const client = new LspClient();
    try {
      await client.initialize(undefined, { workspaceFolders: [{ uri: fileUri(folder), name: 'dags' }] });
      const dailyUri = fileUri(join(folder, 'daily.py'));
      const weeklyUri = fileUri(join(folder, 'weekly.py'));
      assert.deepEqual(short(await client.open(dailyUri, readFileSync(join(folder, 'daily.py'), 'utf8'))), []);
      assert.deepEqual(short(await client.open(weeklyUri, readFileSync(join(folder, 'weekly.py'), 'utf8'))), ['VENV211@20:9', 'VENV211@5:9']);
      const daily = await settled(client, dailyUri, (items) => items.length > 0);
      assert.deepEqual(short(daily), ['VENV211@5:9']);
      assert.deepEqual(daily[0]!.relatedInformation!.map((item) => [item.location.uri, item.location.range.start.line]), [[weeklyUri, 5], [weeklyUri, 20]]);
    } finally {
      client.kill();
    }
  });

  it('opening many DAGs with one copied list publishes each about once, not once per other DAG (audit H9)', async () => {
    const folder = mkdtempSync(join(scratch, 'many-'));
    const client = new LspClient();
    try {
      await client.initialize(undefined, { workspaceFolders: [{ uri: fileUri(folder), name: 'dags' }] });
      const uris = Array.from({ length: 40 }, (_, index) => fileUri(join(folder, `dag_${index}.py`)));
      const text = 'from airflow.sdk import task\n\n@task.virtualenv(requirements=["pandas==2.2.2", "pyarrow==16.1.0"])\ndef f():\n    import pandas, pyarrow\n';
      // As an editor restoring a session: every didOpen at once, then the last one's diagnostics.
      const last = client.nextDiagnostics(uris.at(-1)!, 1, 30_000);
      for (const uri of uris) void client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text } });
      await last;
      await sleep(300);
      const counts = uris.map((uri) => client.published.filter((item) => item.uri === uri).length);
      assert.ok(counts.every((count) => count >= 1 && count <= 3), `publishes per document: ${counts.join(' ')}`);
      const final = uris.map((uri) => client.published.filter((item) => item.uri === uri).at(-1)!.diagnostics);
      assert.ok(final.every((diagnostics) => short(diagnostics).join() === 'VENV212@2:30,VENV401@2:1'), `each DAG ends with its copy reported: ${short(final[0]!).join()}`);
    } finally {
      client.kill();
    }
  });

  it('VENV212 offers to extract the identical lists of the file into one constant', async () => {
    const folder = copy('repeated_lists');
    const client = new LspClient();
    try {
      await client.initialize(undefined, { workspaceFolders: [{ uri: fileUri(folder), name: 'dags' }] });
      const uri = fileUri(join(folder, 'etl.py'));
      const text = readFileSync(join(folder, 'etl.py'), 'utf8');
      const diagnostics = await client.open(uri, text);
      assert.deepEqual(short(diagnostics), ['VENV212@13:30', 'VENV212@5:30']);
      const actions = await client.codeActions(uri, diagnostics.find((item) => item.range.start.line === 5)!.range);
      const extract = actions.find((action) => action.title.startsWith('Extract'));
      assert.equal(extract?.title, 'Extract the 2 identical requirement lists into REQUIREMENTS');
      const fixed = applyWorkspaceEdit(text, uri, extract!.edit);
      assert.equal(fixed.match(/requirements=REQUIREMENTS,/g)?.length, 2);
      assert.match(fixed, /\nREQUIREMENTS = \["pandas==2\.2\.2", "pyarrow==16\.1\.0"\]\n\n\n@task/);
    } finally {
      client.kill();
    }
  });
});

interface WorkspaceReport {
  items: { kind: 'full' | 'unchanged'; uri: string; resultId?: string; items?: Diagnostic[] }[];
}

describe('workspace/diagnostic', () => {
  const capabilities = { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { configuration: true, diagnostics: { refreshSupport: true } } };

  async function pull(client: LspClient, previous: WorkspaceReport | undefined): Promise<WorkspaceReport> {
    const previousResultIds = (previous?.items ?? []).filter((item) => item.resultId).map((item) => ({ uri: item.uri, value: item.resultId! }));
    return client.connection.sendRequest('workspace/diagnostic', { previousResultIds }) as Promise<WorkspaceReport>;
  }

  /** The first report that has something, once the server has read the settings. */
  async function first(client: LspClient): Promise<WorkspaceReport> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const report = await pull(client, undefined);
      if (report.items.length > 0) return report;
      await sleep(50);
    }
    return { items: [] };
  }

  const summary = (folder: string, report: WorkspaceReport) => report.items
    .map((item) => `${item.uri.slice(fileUri(folder).length + 1)} ${item.kind}${item.items ? ` ${short(item.items).join(',')}` : ''}`)
    .sort();

  it('reports every DAG file of the folder, then only what changed', async () => {
    const folder = copy('callable_missing_requirement');
    const client = new LspClient();
    client.settings = { diagnosticMode: 'workspace' };
    try {
      const result = await client.initialize(capabilities, { workspaceFolders: [{ uri: fileUri(folder), name: 'dags' }] });
      assert.deepEqual((result.capabilities.diagnosticProvider as { workspaceDiagnostics: boolean }).workspaceDiagnostics, true);
      const report = await first(client);
      assert.deepEqual(summary(folder, report), ['dag.py full ', 'tasks/extract.py full VENV301@12:9,VENV301@5:11']);

      const again = await pull(client, report);
      assert.deepEqual(summary(folder, again), ['dag.py unchanged', 'tasks/extract.py unchanged']);

      const extract = join(folder, 'tasks', 'extract.py');
      writeFileSync(extract, readFileSync(extract, 'utf8').replace('    import yaml  # expect: VENV301\n', ''));
      await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(extract), type: 2 }] });
      const changed = await pull(client, again);
      assert.deepEqual(summary(folder, changed), ['dag.py unchanged', 'tasks/extract.py full VENV301@11:9']);
    } finally {
      client.kill();
    }
  });

  it('includes the folder-wide rules for files that are not open', async () => {
    const folder = copy('pin_drift');
    const client = new LspClient();
    client.settings = { diagnosticMode: 'workspace' };
    try {
      await client.initialize(capabilities, { workspaceFolders: [{ uri: fileUri(folder), name: 'dags' }] });
      assert.deepEqual(summary(folder, await first(client)), ['daily.py full VENV211@5:9', 'weekly.py full VENV211@20:9,VENV211@5:9']);
    } finally {
      client.kill();
    }
  });

  it('an open DAG pulls its folder-wide findings against the closed files the workspace pull has seen', async () => {
    const folder = copy('pin_drift');
    const client = new LspClient();
    client.settings = { diagnosticMode: 'workspace' };
    try {
      await client.initialize(capabilities, { workspaceFolders: [{ uri: fileUri(folder), name: 'dags' }] });
      const dailyUri = fileUri(join(folder, 'daily.py'));
      await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: dailyUri, languageId: 'python', version: 1, text: readFileSync(join(folder, 'daily.py'), 'utf8') } });
      const report = await first(client);
      assert.deepEqual(summary(folder, report), ['weekly.py full VENV211@20:9,VENV211@5:9'], 'the open document is pulled on its own');
      const own = await client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: dailyUri } }) as { items: Diagnostic[] };
      assert.deepEqual(short(own.items), ['VENV211@5:9']);
    } finally {
      client.kill();
    }
  });

  it('answers nothing in the default openFiles mode', async () => {
    const folder = copy('callable_missing_requirement');
    const client = new LspClient();
    try {
      await client.initialize(capabilities, { workspaceFolders: [{ uri: fileUri(folder), name: 'dags' }] });
      await sleep(200);
      assert.deepEqual((await pull(client, undefined)).items, []);
    } finally {
      client.kill();
    }
  });
});

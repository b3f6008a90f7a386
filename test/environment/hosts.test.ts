/**
 * Build Task Environment end to end: the built CLI (`check-env`, and the README's commands) and the
 * built language server (`airflowVenvLint.server.checkEnvironment` with $/progress, cancellation,
 * restricted mode), with real virtualenv and pip against a local index of the test's own wheels.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource } from 'vscode-languageserver-protocol';
import { buildWheelhouse, CONFLICTING_TASK, startFileIndex, type FileIndex } from '../support/wheelhouse.js';
import { fileUri, LspClient } from '../support/lspClient.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'server', 'bin', 'airflow-venv-lint.js');
const scratch = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-hosts-'));
const dag = join(scratch, 'dags', 'etl.py');
const env = { ...process.env, XDG_CACHE_HOME: join(scratch, 'cache'), PIP_NO_CACHE_DIR: '1' };
let index: FileIndex;

const DAG = `${CONFLICTING_TASK}

@task.virtualenv(python_version="3.11", system_site_packages=False, requirements=["fancy-dist==1.0"])
def load():
    import fancymod
    import missingmod

    return fancymod.NAME + missingmod.X


@task.virtualenv(python_version="3.11", system_site_packages=False, requirements=["srconly==1.0"])
def slow():
    import srconly
`;

before(async () => {
  mkdirSync(join(scratch, 'files'), { recursive: true });
  mkdirSync(join(scratch, 'dags'), { recursive: true });
  writeFileSync(dag, DAG);
  buildWheelhouse(join(scratch, 'files'));
  index = await startFileIndex(join(scratch, 'files'));
});
after(async () => {
  await index?.close();
  rmSync(scratch, { recursive: true, force: true });
});

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; seconds: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: scratch, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000 }));
  });
}

describe('check-env on the command line', () => {
  it('a conflict: exit 1, VENV213 at both requirement lines, progress on stderr', async () => {
    const result = await cli(['check-env', 'dags/etl.py::conflicting', '--index-url', index.url]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /^dags\/etl\.py:8:10: VENV213 pip cannot resolve these requirements together \(ResolutionImpossible\)\. The user requested beta==2\.0; alpha 1\.0 depends on beta==1\.0/m);
    assert.match(result.stdout, /^dags\/etl\.py:9:10: VENV213 /m);
    assert.match(result.stderr, /\[ *\d+%\] .*Creating the venv/);
    assert.match(result.stderr, /Resolving 2 requirement line\(s\)/);
    console.log(`check-env conflict: ${result.seconds.toFixed(1)} s`);
  });

  it('an import the installed distributions do not provide: VENV307 with Python\'s message; JSON output', async () => {
    const result = await cli(['check-env', 'dags/etl.py::load', '--index-url', index.url, '--format', 'json']);
    assert.equal(result.code, 1, result.stderr);
    const findings = JSON.parse(result.stdout) as { code: string; message: string; range: { start: { line: number } } }[];
    assert.deepEqual(findings.map((item) => `${item.code}@${item.range.start.line + 1}`), ['VENV307@21']);
    assert.match(findings[0]!.message, /ModuleNotFoundError: No module named 'missingmod'/);
    console.log(`check-env imports: ${result.seconds.toFixed(1)} s`);
  });

  it('a task that does not exist, and a file with no path, are usage errors', async () => {
    const missing = await cli(['check-env', 'dags/etl.py::nope', '--index-url', index.url]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /no virtualenv task "nope" .*tasks: conflicting, load, slow/);
    assert.equal((await cli(['check-env'])).code, 2);
  });

  it('the README\'s commands run as written (with the local index for the example one)', async () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = /## Build a task's environment\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
    const commands = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((match) => match[1]!.split('\n')).filter((line) => line.startsWith('airflow-venv-lint '));
    assert.ok(commands.length >= 2, 'the section shows its commands');
    for (const command of commands) {
      const args = command.replace(/\s+#.*$/, '').split(/\s+/).slice(1).map((arg) => (arg === 'https://pypi.example.com/simple/' ? index.url : arg));
      const result = await cli(args);
      assert.ok(result.code === 0 || result.code === 1, `${command}: exit ${result.code}\n${result.stderr}`);
      assert.match(result.stdout, /VENV213|VENV307|All checks passed/, command);
    }
  });
});

describe('checkEnvironment over the language server', () => {
  it('reports progress, publishes the findings, and can be cancelled', async () => {
    const client = new LspClient(undefined, [], env);
    client.settings = { indexUrl: index.url };
    try {
      await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { window: { workDoneProgress: true }, workspace: { configuration: true } }, initializationOptions: { workspaceTrusted: true } });
      await client.connection.sendNotification('initialized', {});
      const uri = fileUri(dag);
      await client.open(uri, DAG);
      const progress: { kind: string; message?: string; percentage?: number }[] = [];
      client.connection.onNotification('$/progress', (params: { token: string; value: { kind: string; message?: string; percentage?: number } }) => {
        if (params.token === 'build-1') progress.push(params.value);
      });
      const result = await client.connection.sendRequest('workspace/executeCommand', { command: 'airflowVenvLint.server.checkEnvironment', arguments: [{ uri, taskId: 'load' }], workDoneToken: 'build-1' }) as { built: boolean; problems: { code: string; line: number; message: string }[]; report: string };
      assert.equal(result.built, true, JSON.stringify(result));
      assert.deepEqual(result.problems.map((item) => `${item.code}@${item.line + 1}`), ['VENV307@21'], 'only the task asked for');
      // Published before the command answered (the server re-lints the open documents first).
      const diagnostics = client.published.filter((item) => item.uri === uri).at(-1)!.diagnostics;
      assert.ok(diagnostics.some((item) => item.code === 'VENV307' && /No module named 'missingmod'/.test(String(item.message))), JSON.stringify(diagnostics.map((item) => item.code)));
      assert.ok(progress.some((item) => item.kind === 'begin') && progress.some((item) => item.kind === 'end'), JSON.stringify(progress));

      // Cancelling a build that has to create a venv stops it.
      const source = new CancellationTokenSource();
      const started = Date.now();
      const pending = client.connection.sendRequest('workspace/executeCommand', { command: 'airflowVenvLint.server.checkEnvironment', arguments: [{ uri, taskId: 'slow' }], workDoneToken: 'build-2' }, source.token);
      setTimeout(() => source.cancel(), 150);
      const cancelled = await pending.then((value) => value, (error: unknown) => ({ error }));
      assert.ok(Date.now() - started < 10_000);
      assert.ok('error' in (cancelled as object) || (cancelled as { cancelled?: boolean }).cancelled === true, JSON.stringify(cancelled));
    } finally {
      await client.shutdown();
    }
  });

  it('refuses in an untrusted workspace', async () => {
    const client = new LspClient(undefined, [], env);
    try {
      await client.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {}, initializationOptions: { workspaceTrusted: false } });
      await client.connection.sendNotification('initialized', {});
      const uri = fileUri(dag);
      await client.open(uri, DAG);
      const result = await client.connection.sendRequest('workspace/executeCommand', { command: 'airflowVenvLint.server.checkEnvironment', arguments: [{ uri }] }) as { built: boolean; reason: string };
      assert.deepEqual(result, { built: false, reason: 'untrusted workspace' });
    } finally {
      await client.shutdown();
    }
  });
});

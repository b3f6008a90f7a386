/**
 * Starts an installed language server command (a console script, an npm bin) over stdio, opens one
 * file as an editor would, and returns the diagnostics published for it and how the server ended.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter, type Diagnostic, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';

export async function diagnosticsOverStdio(
  command: string,
  file: string,
  options: { env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number } = {},
): Promise<{ diagnostics: Diagnostic[]; serverName: string; exitCode: number | null; stderr: string; executable: string }> {
  const child = spawn(command, ['--stdio'], { stdio: 'pipe', env: options.env ?? process.env, cwd: options.cwd });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const uri = pathToFileURL(file).href;
  const published = new Promise<PublishDiagnosticsParams>((resolve) =>
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      if (params.uri === uri) resolve(params);
    }),
  );
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  const timeoutMs = options.timeoutMs ?? 30_000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${command} --stdio: no diagnostics within ${timeoutMs} ms; stderr: ${stderr}`)), timeoutMs);
  });
  try {
    const ended = exited.then((code) => Promise.reject(new Error(`${command} --stdio exited (${code}) before publishing diagnostics; stderr: ${stderr}`)));
    const session = (async () => {
      const result = (await connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } })) as { serverInfo?: { name: string } };
      await connection.sendNotification('initialized', {});
      // The program the spawned process runs once the server answers (Linux): node, if the launcher exec'd it.
      let executable = '';
      try {
        executable = readlinkSync(`/proc/${child.pid}/exe`);
      } catch {
        // not Linux
      }
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'python', version: 1, text: readFileSync(file, 'utf8') } });
      const { diagnostics } = await published;
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      return { diagnostics, serverName: result.serverInfo?.name ?? '', executable };
    })();
    const { diagnostics, serverName, executable } = await Promise.race([session, ended, timeout]);
    const exitCode = await Promise.race([exited, timeout]);
    return { diagnostics, serverName, exitCode, stderr, executable };
  } finally {
    clearTimeout(timer);
    connection.dispose();
    if (child.exitCode === null) child.kill();
  }
}

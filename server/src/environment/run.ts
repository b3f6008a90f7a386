/**
 * Runs one step of an environment build (a venv creator, pip, the import probe): an argv array,
 * never a shell; no stdin; its own process group, killed as a whole on timeout or cancellation
 * (pip's build backends and virtualenv's seeders are grandchildren); stdout and stderr capped.
 * Every outcome is a value: a step that cannot start, times out or is cancelled says so.
 */
import { spawn } from 'node:child_process';

export interface StepOptions {
  timeoutMs: number;
  /** Bytes kept of stdout and of stderr each; past it the step is stopped. */
  maxOutputBytes?: number;
  env: NodeJS.ProcessEnv;
  cwd: string;
  signal?: AbortSignal;
}

export interface StepResult {
  argv: readonly string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Why the step did not finish by itself: a timeout, a cancellation, too much output, or it could not start. */
  stopped: 'timeout' | 'cancelled' | 'output' | 'spawn' | undefined;
  message: string | undefined;
  elapsedMs: number;
}

export const DEFAULT_MAX_OUTPUT = 4 * 1024 * 1024;

/** Kills a process group; the process may already be gone. */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export function runStep(argv: readonly string[], options: StepOptions): Promise<StepResult> {
  const started = Date.now();
  const maxOutput = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  const [command, ...args] = argv;
  return new Promise((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outSize = 0;
    let errSize = 0;
    let stopped: StepResult['stopped'];
    let message: string | undefined;
    let settled = false;
    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ argv, code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), stopped, message, elapsedMs: Date.now() - started });
    };
    const stop = (why: NonNullable<StepResult['stopped']>, text: string) => {
      if (stopped) return;
      stopped = why;
      message = text;
      killGroup(child?.pid);
    };
    const onAbort = () => stop('cancelled', `${command} was cancelled`);
    let child: ReturnType<typeof spawn> | undefined;
    const timer = setTimeout(() => stop('timeout', `${command} did not finish within ${Math.round(options.timeoutMs / 1000)} s and was stopped`), options.timeoutMs);
    if (options.signal?.aborted) {
      stopped = 'cancelled';
      message = `${command} was cancelled`;
      finish(null, null);
      return;
    }
    options.signal?.addEventListener('abort', onAbort);
    try {
      child = spawn(command!, args, { stdio: ['ignore', 'pipe', 'pipe'], shell: false, detached: true, windowsHide: true, env: options.env, cwd: options.cwd });
    } catch (error) {
      stopped = 'spawn';
      message = `${command} could not be started: ${(error as Error).message}`;
      finish(null, null);
      return;
    }
    const collect = (into: Buffer[], add: (size: number) => number) => (chunk: Buffer) => {
      if (add(chunk.length) > maxOutput) {
        stop('output', `${command} printed more than ${maxOutput} bytes and was stopped`);
        return;
      }
      into.push(chunk);
    };
    child.stdout!.on('data', collect(out, (size) => (outSize += size)));
    child.stderr!.on('data', collect(err, (size) => (errSize += size)));
    child.on('error', (error: NodeJS.ErrnoException) => {
      stopped = stopped ?? 'spawn';
      message = message ?? `${command} could not be started: ${error.code === 'ENOENT' ? 'not found' : error.message}`;
      finish(null, null);
    });
    child.on('close', (code, signal) => finish(code, signal));
  });
}

/** The last lines of a step's output, for a message (pip's ERROR lines come last). */
export function tail(text: string, lines = 12, width = 2000): string {
  const kept = text.trimEnd().split('\n').slice(-lines).join('\n');
  return kept.length > width ? kept.slice(-width) : kept;
}

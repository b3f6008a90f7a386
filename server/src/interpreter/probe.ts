/**
 * Runs an interpreter with the bundled probe (`probe.py`, passed with `-c`):
 * an argv array, never a shell; no stdin; a timeout after which the process is
 * killed; a cap on what it may print. Every failure is a value, not an exception.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { ProbeResult } from '../analysis/index.js';
import { printable } from '../host/printable.js';

export type { ProbeResult } from '../analysis/index.js';

export interface ProbeOptions {
  timeoutMs?: number;
  maxOutputBytes?: number;
  /** PATH used to find a bare name such as `python3` (default: this process's PATH). */
  searchPath?: string;
}

export const DEFAULT_TIMEOUT_MS = 10_000;
const DEFAULT_MAX_OUTPUT = 8 * 1024 * 1024;

let probeSource: string | undefined;

/** The probe's text: next to the bundle (dist/probe.py) or beside this file in the sources. */
function probeScript(): string {
  if (probeSource === undefined) {
    const here = dirname(fileURLToPath(import.meta.url));
    const path = [join(here, 'probe.py'), join(here, 'interpreter', 'probe.py')].find((candidate) => existsSync(candidate));
    if (!path) throw new Error(`probe.py not found next to ${here}`);
    probeSource = readFileSync(path, 'utf8');
  }
  return probeSource;
}

/**
 * The probe's environment: only what an interpreter needs to start and find its site-packages.
 * PYTHONPATH, PYTHONSTARTUP, PYTHONHOME, credentials and the rest of the editor's environment are
 * not passed on.
 */
export function probeEnvironment(source: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const kept: NodeJS.ProcessEnv = { PYTHONIOENCODING: 'utf-8', PYTHONDONTWRITEBYTECODE: '1', LANG: 'C.UTF-8' };
  for (const name of ['PATH', 'HOME', 'SYSTEMROOT', 'TMPDIR', 'TEMP', 'TMP', 'VIRTUAL_ENV']) {
    if (source[name] !== undefined) kept[name] = source[name];
  }
  return kept;
}

/** `python3` -> the first executable of that name on PATH; paths are returned as they are. */
export function resolveExecutable(command: string, searchPath = process.env.PATH ?? ''): string | undefined {
  if (command.includes('/') || command.includes('\\') || isAbsolute(command)) return command;
  for (const directory of searchPath.split(delimiter).filter(Boolean)) {
    const candidate = join(directory, command);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export async function probeInterpreter(command: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const path = resolveExecutable(command, options.searchPath);
  if (!path) return { ok: false, path: command, failure: 'missing', message: `"${command}" is not on PATH` };
  let stat;
  try {
    stat = statSync(path);
  } catch {
    return { ok: false, path, failure: 'missing', message: `${path} does not exist` };
  }
  if (!stat.isFile()) return { ok: false, path, failure: 'not-executable', message: `${path} is not a file` };
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return { ok: false, path, failure: 'not-executable', message: `${path} is not executable` };
  }
  return runProbe(path, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT);
}

/** After the interpreter exits, how long its output may still take to arrive. */
const EXIT_GRACE_MS = 200;

/**
 * Runs the probe in its own process group (audit H5): the whole group is killed on timeout, on
 * output overflow and once the answer is in, so neither a `sleep` grandchild holding the pipes nor
 * one running on after the probe keeps anything waiting or alive. The answer comes from the `exit`
 * event plus a short grace for the output, not from the pipes closing. The promise always settles.
 */
function runProbe(path: string, timeoutMs: number, maxOutput: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let settled = false;
    let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    let grace: NodeJS.Timeout | undefined;
    let child: ChildProcessByStdio<null, Readable, Readable> | undefined;
    const killGroup = () => {
      if (child?.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // the group is gone already
      }
    };
    const finish = (result: () => ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      killGroup();
      child?.stdout.destroy();
      child?.stderr.destroy();
      let value: ProbeResult;
      try {
        value = result();
      } catch (error) {
        value = { ok: false, path, failure: 'garbage', message: `${path} gave an answer the linter cannot read (${printable((error as Error).message)})` };
      }
      resolve(value);
    };
    const answer = () => finish(() => interpret(path, Buffer.concat(chunks).toString('utf8'), exited?.code ?? null, exited?.signal ?? null, stderr));
    const timer = setTimeout(() => finish(() => ({ ok: false, path, failure: 'timeout', message: `${path} did not answer within ${timeoutMs / 1000} s and was stopped` })), timeoutMs);
    try {
      child = spawn(path, ['-c', probeScript()], { stdio: ['ignore', 'pipe', 'pipe'], shell: false, windowsHide: true, env: probeEnvironment(), detached: process.platform !== 'win32' });
    } catch (error) {
      finish(() => ({ ok: false, path, failure: 'failed', message: `${path} could not be started: ${printable((error as Error).message)}` }));
      return;
    }
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxOutput) {
        finish(() => ({ ok: false, path, failure: 'garbage', message: `${path} printed more than ${maxOutput} bytes` }));
        return;
      }
      chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString();
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      const failure = error.code === 'ENOENT' ? 'missing' : error.code === 'EACCES' ? 'not-executable' : 'failed';
      finish(() => ({ ok: false, path, failure, message: `${path} could not be started: ${printable(error.message)}` }));
    });
    child.on('exit', (code, signal) => {
      exited = { code, signal };
      // What the probe's leftovers still hold (the pipes) is theirs to lose: the group goes now.
      killGroup();
      grace = setTimeout(answer, EXIT_GRACE_MS);
    });
    child.on('close', () => {
      if (exited) answer();
    });
  });
}

function interpret(path: string, output: string, code: number | null, signal: NodeJS.Signals | null, stderr: string): ProbeResult {
  let parsed: Record<string, unknown> | undefined;
  try {
    const value: unknown = JSON.parse(output);
    if (value && typeof value === 'object' && (value as { probe?: unknown }).probe === 1) parsed = value as Record<string, unknown>;
  } catch {
    parsed = undefined;
  }
  const firstLine = printable((stderr.trim().split('\n').pop() ?? '').slice(0, 300));
  if (!parsed) {
    if (code !== 0 || signal) {
      return { ok: false, path, failure: 'failed', message: `${path} failed to run the probe (${signal ? `signal ${signal}` : `exit code ${code}`})${firstLine ? `: ${firstLine}` : ''}` };
    }
    return { ok: false, path, failure: 'garbage', message: `${path} did not answer like a Python interpreter (printed ${JSON.stringify(output.slice(0, 80))})` };
  }
  if (parsed.python2 === true) {
    return { ok: false, path, failure: 'python2', message: `Python ${text(parsed.version).slice(0, 40)} cannot run the task: Airflow's venv script and every maintained library need Python 3 (${path})` };
  }
  // Every field is checked for its shape (audit C3: `null` in distributions threw in the close handler).
  const list = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  const distributions = Array.isArray(parsed.distributions)
    ? parsed.distributions.flatMap((item: unknown) => {
      if (!item || typeof item !== 'object') return [];
      const entry = item as { name?: unknown; version?: unknown; modules?: unknown };
      return typeof entry.name === 'string' && typeof entry.version === 'string' ? [{ name: printable(entry.name), version: printable(entry.version), modules: list(entry.modules) }] : [];
    })
    : [];
  return {
    ok: true,
    path,
    info: {
      executable: typeof parsed.executable === 'string' ? text(parsed.executable) : path,
      version: text(parsed.version),
      implementation: text(parsed.implementation),
      inVirtualenv: parsed.inVirtualenv === true,
      venv: parsed.venv === true,
      ensurepip: parsed.ensurepip === true,
      virtualenv: parsed.virtualenv === true,
      stdlib: list(parsed.stdlib),
      sitePackages: list(parsed.sitePackages),
      distributions,
    },
  };
}

/** A string field of the probe's answer, printable; anything else is empty. */
function text(value: unknown): string {
  return typeof value === 'string' ? printable(value) : '';
}

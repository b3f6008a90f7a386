/**
 * Runs an interpreter with the bundled probe (`probe.py`, passed with `-c`):
 * an argv array, never a shell; no stdin; a timeout after which the process is
 * killed; a cap on what it may print. Every failure is a value, not an exception.
 */
import { spawn } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { delimiter, dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ProbeResult } from '../analysis/index.js';

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
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxOutput = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let settled = false;
    const finish = (result: ProbeResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    let child;
    try {
      child = spawn(path, ['-c', probeScript()], { stdio: ['ignore', 'pipe', 'pipe'], shell: false, windowsHide: true, env: probeEnvironment() });
    } catch (error) {
      finish({ ok: false, path, failure: 'failed', message: `${path} could not be started: ${(error as Error).message}` });
      return;
    }
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish({ ok: false, path, failure: 'timeout', message: `${path} did not answer within ${timeoutMs / 1000} s and was stopped` });
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxOutput) {
        child.kill('SIGKILL');
        finish({ ok: false, path, failure: 'garbage', message: `${path} printed more than ${maxOutput} bytes` });
        return;
      }
      chunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString();
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      const failure = error.code === 'ENOENT' ? 'missing' : error.code === 'EACCES' ? 'not-executable' : 'failed';
      finish({ ok: false, path, failure, message: `${path} could not be started: ${error.message}` });
    });
    child.on('close', (code, signal) => {
      if (settled) return;
      const output = Buffer.concat(chunks).toString('utf8');
      finish(interpret(path, output, code, signal, stderr));
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
  const firstLine = (stderr.trim().split('\n').pop() ?? '').slice(0, 300);
  if (!parsed) {
    if (code !== 0 || signal) {
      return { ok: false, path, failure: 'failed', message: `${path} failed to run the probe (${signal ? `signal ${signal}` : `exit code ${code}`})${firstLine ? `: ${firstLine}` : ''}` };
    }
    return { ok: false, path, failure: 'garbage', message: `${path} did not answer like a Python interpreter (printed ${JSON.stringify(output.slice(0, 80))})` };
  }
  if (parsed.python2 === true) {
    return { ok: false, path, failure: 'python2', message: `Python ${String(parsed.version)} cannot run the task: Airflow's venv script and every maintained library need Python 3 (${path})` };
  }
  const list = (value: unknown) => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  const distributions = Array.isArray(parsed.distributions)
    ? parsed.distributions.flatMap((item: unknown) => {
      const entry = item as { name?: unknown; version?: unknown; modules?: unknown };
      return typeof entry.name === 'string' && typeof entry.version === 'string' ? [{ name: entry.name, version: entry.version, modules: list(entry.modules) }] : [];
    })
    : [];
  return {
    ok: true,
    path,
    info: {
      executable: String(parsed.executable ?? path),
      version: String(parsed.version ?? ''),
      implementation: String(parsed.implementation ?? ''),
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

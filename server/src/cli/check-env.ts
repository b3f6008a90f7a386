/**
 * `check-env DAG.py[::task_id]`: builds each virtualenv task's venv (or one task's) as its Airflow
 * release would, in the cache folder; resolves, installs, imports; prints the steps on stderr as
 * they happen and the findings (VENV213, VENV214, VENV307) on stdout. Ctrl+C stops the running
 * step and its process group.
 */
import { resolve as resolvePath } from 'node:path';
import { parseArgs } from 'node:util';
import { loadGrammar, type LintConfig } from '../analysis/index.js';
import { EnvironmentStore } from '../environment/cache.js';
import { checkEnvironment, splitTarget } from '../environment/check-env.js';
import { readTextFile } from '../host/files.js';
import { ConfigResolver, mergeConfig } from '../host/project-config.js';
import { resolveExecutable } from '../interpreter/probe.js';
import { defaultCacheDirectory } from '../versions/package-index.js';
import { formatJson, formatText } from './output.js';

export const CHECK_ENV_USAGE = 'airflow-venv-lint check-env DAG.py[::TASK_ID] [--index-url URL] [--airflow-version V] [--config FILE] [--format text|json]';
const BUILD_CODES = new Set(['VENV213', 'VENV214', 'VENV307']);

export async function checkEnv(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { 'index-url': { type: 'string' }, 'airflow-version': { type: 'string' }, config: { type: 'string' }, format: { type: 'string', default: 'text' } } });
    if (parsed.positionals.length !== 1) throw new Error('name one DAG file (DAG.py or DAG.py::task_id)');
    if (parsed.values.format !== 'text' && parsed.values.format !== 'json') throw new Error(`--format must be text or json, not "${parsed.values.format}"`);
    const version = parsed.values['airflow-version'];
    if (version !== undefined && !['auto', '1.10', '2', '3'].includes(version)) throw new Error(`--airflow-version must be auto, 1.10, 2 or 3, not "${version}"`);
  } catch (error) {
    process.stderr.write(`airflow-venv-lint: ${(error as Error).message}\n\nUsage: ${CHECK_ENV_USAGE}\n`);
    return 2;
  }
  const { path: written, taskId } = splitTarget(parsed.positionals[0]!);
  const path = resolvePath(written);
  const read = readTextFile(path);
  if ('error' in read) {
    process.stderr.write(`airflow-venv-lint: ${written}: ${read.error}\n`);
    return 2;
  }
  const resolver = new ConfigResolver();
  const explicit = parsed.values.config ? resolver.explicit(parsed.values.config) : undefined;
  if (explicit && 'error' in explicit) {
    process.stderr.write(`airflow-venv-lint: ${explicit.error}\n`);
    return 2;
  }
  const flags: LintConfig = {
    ...(parsed.values['index-url'] ? { indexUrl: parsed.values['index-url'] } : {}),
    ...(parsed.values['airflow-version'] ? { airflowVersion: parsed.values['airflow-version'] as LintConfig['airflowVersion'] } : {}),
  };
  const config = mergeConfig((explicit ?? resolver.forFile(path)).config, flags);
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  const result = await checkEnvironment({
    grammar: await loadGrammar(),
    path,
    text: read.text,
    ...(taskId ? { taskId } : {}),
    config,
    store: new EnvironmentStore(defaultCacheDirectory()).load(),
    which: (command) => resolveExecutable(command),
    lintOptions: { readFile: readTextFile },
    signal: controller.signal,
    progress: (message, percentage) => process.stderr.write(`[${String(percentage).padStart(3)}%] ${message}\n`),
  }).finally(() => process.off('SIGINT', interrupt));
  for (const outcome of result.outcomes) process.stderr.write(`${outcome.report}\n`);
  if (result.error) {
    process.stderr.write(`airflow-venv-lint: ${result.error}\n`);
    return 2;
  }
  if (result.cancelled) {
    process.stderr.write('airflow-venv-lint: cancelled\n');
    return 130;
  }
  const findings = result.findings.filter((finding) => BUILD_CODES.has(finding.code));
  process.stdout.write(parsed.values.format === 'json' ? formatJson(findings) : formatText(findings, 0));
  const built = result.outcomes.some((outcome) => outcome.facts !== undefined);
  if (!built) return 2;
  return findings.some((finding) => finding.severity === 'error' || finding.severity === 'warning') ? 1 : 0;
}

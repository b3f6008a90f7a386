/**
 * The command line: USAGE and the flags. The flags that set an option come from
 * host/options.ts (their help line, type and check); the flags of the run
 * itself (format, fix, exit code, verify, online) are declared here.
 */
import { parseArgs } from 'node:util';
import type { LintConfig } from '../analysis/index.js';
import { DEFAULT_TIMEOUT_SECONDS, OPTIONS, isTimeoutSeconds, type Option } from '../host/options.js';

export class UsageError extends Error {}

export interface CliOptions {
  paths: string[];
  exitZero: boolean;
  online: boolean;
  verify: boolean;
  timeoutMs: number;
  configFile: string | undefined;
  format: 'text' | 'json' | 'sarif';
  fix: boolean;
  /** `--verbose`: say on stderr which Airflow target each file was judged against, and why. */
  verbose: boolean;
  /** `--threads N`: how many threads lint the files; undefined: as many as the machine has cores, up to 4. */
  threads: number | undefined;
  config: LintConfig;
}

type OptionFlag = NonNullable<Option['flag']>;

const OPTION_FLAGS = new Map(OPTIONS.flatMap((option) => (option.flag ? [[option.flag.name, option.flag]] : [])));

/** The run's own flags, with their USAGE line (the option flags take theirs from the table). */
const RUN_FLAGS: Record<string, { usage: string; help: string }> = {
  format: { usage: '--format text|json|sarif', help: 'output format (default: text)' },
  fix: { usage: '--fix', help: 'apply safe fixes in place, then report what is left' },
  'exit-zero': { usage: '--exit-zero', help: 'exit 0 even when problems are found (usage and I/O errors still exit 2)' },
  config: { usage: '--config FILE', help: 'read [tool.airflow-venv-lint] from FILE instead of the nearest pyproject.toml' },
  online: { usage: '--online', help: 'also check pinned versions against the index (VENV209; reaches the network)' },
  verify: { usage: '--verify', help: 'also probe the interpreters the DAGs use, on this machine (VENV107, VENV108, VENV305)' },
  verbose: { usage: '-v, --verbose', help: 'also say (on stderr) which Airflow releases each file was judged against, and why' },
  threads: { usage: '--threads N', help: 'lint on N threads (default: one per core, at most 4, when there are many files)' },
  timeout: { usage: '--timeout SECONDS', help: `how long one interpreter probe may take (default ${DEFAULT_TIMEOUT_SECONDS})` },
  help: { usage: '-h, --help', help: 'show this help' },
  version: { usage: '--version', help: 'show the version' },
};

/** The order of the lines under "Options:". */
const USAGE_ORDER = ['format', 'fix', 'exit-zero', 'select', 'ignore', 'airflow-version', 'python-version', 'first-party', 'config', 'constraints-file', 'index-url', 'offline', 'online', 'verify', 'timeout', 'threads', 'verbose', 'help', 'version'];

function usageLine(name: string): string {
  const flag: OptionFlag | undefined = OPTION_FLAGS.get(name);
  const { usage, help } = flag ? { usage: `--${flag.name}${flag.argument ? ` ${flag.argument}` : ''}`, help: flag.help } : RUN_FLAGS[name]!;
  return `  ${usage.padEnd(27)}${help}`;
}

export const USAGE = `Usage: airflow-venv-lint [PATHS...] [options]
       airflow-venv-lint verify-interpreter [INTERPRETER...] [--format text|json] [--timeout SECONDS]
       airflow-venv-lint check-env DAG.py[::TASK_ID] [--index-url URL] [--airflow-version V] [--config FILE] [--format text|json]

Lints Apache Airflow DAG files for virtualenv-task mistakes.
PATHS are files or directories (searched for *.py); default: the current directory.

Options:
${USAGE_ORDER.map(usageLine).join('\n')}

Configuration: [tool.airflow-venv-lint] in the nearest pyproject.toml above each file;
command-line options override it.

Exit status: 0 no problems at error/warning level, 1 problems found, 2 usage, configuration or I/O error.`;

/** `--timeout SECONDS` in milliseconds (the default when absent). */
export function timeoutOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_TIMEOUT_SECONDS * 1000;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || !isTimeoutSeconds(seconds)) throw new UsageError(`--timeout must be a number of seconds between 0 and 600, not "${value}"`);
  return seconds * 1000;
}

export function parseOptions(argv: string[]): CliOptions | 'help' | 'version' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        fix: { type: 'boolean', default: false },
        'exit-zero': { type: 'boolean', default: false },
        config: { type: 'string' },
        verify: { type: 'boolean', default: false },
        online: { type: 'boolean', default: false },
        timeout: { type: 'string' },
        threads: { type: 'string' },
        verbose: { type: 'boolean', short: 'v', default: false },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
        ...Object.fromEntries([...OPTION_FLAGS.values()].map((flag) => [flag.name, { type: flag.type }])),
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  if (values.version) return 'version';
  const format = values.format;
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not "${String(format)}"`);
  const threads = values.threads === undefined ? undefined : Number(values.threads);
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1 && threads <= 64)) throw new UsageError(`--threads must be a whole number from 1 to 64, not "${values.threads}"`);
  const config: LintConfig = {};
  // Every value's shape first, then what needs them all (rule codes), in the table's order.
  for (const flag of OPTION_FLAGS.values()) {
    const value = (values as Record<string, string | boolean | undefined>)[flag.name];
    if (value === undefined) continue;
    const problem = flag.read(value, config);
    if (problem) throw new UsageError(`--${flag.name} ${problem}, not "${String(value)}"`);
  }
  for (const flag of OPTION_FLAGS.values()) {
    const problem = flag.verify?.(config);
    if (problem) throw new UsageError(problem);
  }
  return {
    paths: positionals.length > 0 ? positionals : ['.'],
    configFile: values.config,
    exitZero: values['exit-zero'] ?? false,
    verify: values.verify ?? false,
    online: values.online ?? false,
    timeoutMs: timeoutOf(values.timeout),
    format,
    fix: values.fix ?? false,
    verbose: values.verbose ?? false,
    threads,
    config,
  };
}

/**
 * Every option once: its `[tool.airflow-venv-lint]` key, its editor setting
 * (`airflowVenvLint.*`) and its command-line flag, the value each accepts, the
 * message a wrong value gets, its default and its documentation. Derived from
 * this table: the pyproject checks (VENV001, host/project-config.ts), the editor
 * settings (lsp/settings.ts), the flags and their USAGE lines (cli/options.ts)
 * and the pyproject part of docs/configuration.md; test/unit/options.test.ts
 * holds package.json's `contributes.configuration` to it.
 *
 * Each surface keeps the strictness it always had: a pyproject file is checked
 * hardest (rule codes must exist, paths are resolved against it), editor
 * settings of the wrong type are ignored with a message, flags fail the run.
 */
import { resolve } from 'node:path';
import { isAirflowTarget, RULES_BY_CODE, SEVERITIES, namesSomeRule, type AirflowVersion, type LintConfig, type Severity } from '../analysis/index.js';

/**
 * `airflowVenvLint.airflowVersion`: `auto`, a major, a minor or a release (isAirflowTarget decides
 * which ones the release table covers; the pattern only keeps typos out of the settings editor).
 */
const AIRFLOW_VERSION_PATTERN = '^(auto|1\\.10(\\.\\d+)?|[23](\\.\\d+(\\.\\d+)?)?)$';
const AIRFLOW_VERSION_EXAMPLES = ['auto', '1.10', '2', '3', '2.7', '2.10.3', '3.1'] as const;
const PIN_POLICIES = ['exact', 'compatible', 'off'] as const;
const DIAGNOSTIC_MODES = ['openFiles', 'workspace'] as const;
const PYTHON_VERSION = /^3\.\d+$/;
const HTTP_URL = /^https?:\/\/\S+$/;

/** An interpreter probe may take this long (seconds) unless configured otherwise; at most MAX_TIMEOUT_SECONDS. */
export const DEFAULT_TIMEOUT_SECONDS = 10;
const MAX_TIMEOUT_SECONDS = 600;

export const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');
const isTable = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isLevel = (level: unknown): level is Severity => typeof level === 'string' && (SEVERITIES as readonly string[]).includes(level);
const isOneOf = <T extends string>(values: readonly T[], value: unknown): value is T => typeof value === 'string' && (values as readonly string[]).includes(value);

const isPythonVersion = (value: unknown): value is string => typeof value === 'string' && PYTHON_VERSION.test(value);
const isHttpUrl = (value: unknown): value is string => typeof value === 'string' && HTTP_URL.test(value);
const isSeverityTable = (value: unknown): value is Record<string, Severity> => isTable(value) && Object.values(value).every(isLevel);

/** A setting's reader: stores a valid value and says true, or says false (the value is ignored with a message). */
function whenValid<T>(valid: (value: unknown) => value is T, store: (value: T, settings: EditorSettings) => void): (value: unknown, settings: EditorSettings) => boolean {
  return (value, settings) => {
    if (!valid(value)) return false;
    store(value, settings);
    return true;
  };
}

/** A probe timeout in seconds: more than 0, at most 600. */
export const isTimeoutSeconds = (seconds: number): boolean => seconds > 0 && seconds <= MAX_TIMEOUT_SECONDS;

/** The editor settings the server reads, checked (lsp/settings.ts). */
export interface EditorSettings {
  enable: boolean;
  config: LintConfig;
  /** Extra interpreters Verify Interpreter checks (`airflowVenvLint.interpreters`). */
  interpreters: string[];
  verifyTimeoutMs: number;
  /** Check pinned versions against the index as documents change (VENV209); reaches the network. */
  onlineChecks: boolean;
  /** `openFiles`: diagnostics for open documents; `workspace`: also answer workspace/diagnostic for every DAG file of the folder. */
  diagnosticMode: 'openFiles' | 'workspace';
}

export const DEFAULT_EDITOR_SETTINGS: EditorSettings = { enable: true, config: {}, interpreters: [], verifyTimeoutMs: DEFAULT_TIMEOUT_SECONDS * 1000, onlineChecks: false, diagnosticMode: 'openFiles' };

/** How a setting is declared in package.json `contributes.configuration` (the test compares the two). */
export interface SettingDeclaration {
  type: 'boolean' | 'string' | 'number' | 'array' | 'object';
  default: unknown;
  enum?: readonly string[];
  /** A free-form value's shape (JSON schema `pattern`), with suggestions (`examples`). */
  pattern?: string;
  examples?: readonly string[];
}

/** One option, on each surface that has it. */
export interface Option {
  /** The key in `[tool.airflow-venv-lint]`; absent for an editor-only setting. */
  key?: string;
  /** Its row in docs/configuration.md. */
  docs?: { type: string; default: string; description: string };
  /** Stores a pyproject value, or says what it must be (VENV001). `base`: the pyproject's folder. */
  toml?: (value: unknown, config: LintConfig, base: string) => string | undefined;
  /** `airflowVenvLint.<name>`: stores a setting's value, or returns false when it is not valid. */
  setting?: { name: string; declared: SettingDeclaration; read: (value: unknown, settings: EditorSettings) => boolean };
  /**
   * `--<name>`: `argument` and `help` make its USAGE line; `read` stores the flag's text, or returns
   * what the value must be (a usage error); `verify` is asked once every flag was read.
   */
  flag?: {
    name: string;
    type: 'string' | 'boolean';
    argument?: string;
    help: string;
    read: (value: string | boolean, config: LintConfig) => string | undefined;
    verify?: (config: LintConfig) => string | undefined;
  };
}

/** Comma-separated on the command line. */
export function commaList(value: string): string[] {
  return value.split(',').map((item) => item.trim()).filter(Boolean);
}

/** `select` and `ignore`: rule codes or prefixes, checked against the registry in pyproject and on the command line. */
function codeList(key: 'select' | 'ignore', documentedDefault: string, description: string, help: string): Option {
  return {
    key,
    docs: { type: 'list of codes or prefixes', default: documentedDefault, description },
    toml: (value, config) => {
      if (!isStringList(value)) return 'must be a list of rule codes or prefixes, e.g. ["VENV3", "VENV101"]';
      const unknown = value.filter((code) => !namesSomeRule(code));
      if (unknown.length > 0) return `has unknown rule codes: ${unknown.join(', ')}`;
      config[key] = value;
      return undefined;
    },
    setting: { name: key, declared: { type: 'array', default: [] }, read: whenValid(isStringList, (value, settings) => (settings.config[key] = value)) },
    flag: {
      name: key,
      type: 'string',
      argument: 'CODES',
      help,
      read: (value, config) => {
        config[key] = commaList(value as string);
        return undefined;
      },
      verify: (config) => {
        const unknown = (config[key] ?? []).find((code) => !namesSomeRule(code));
        return unknown === undefined ? undefined : `unknown rule code or prefix "${unknown}"`;
      },
    },
  };
}

/** In pyproject order: docs/configuration.md lists them so, and VENV001 names them so. */
export const OPTIONS: readonly Option[] = [
  {
    key: 'airflow-version',
    docs: { type: '"auto" | "1.10" | "2" | "3" | a minor ("2.7", "3.1") or release ("2.7.3")', default: '"auto"', description: 'Target Airflow: decides valid parameters, import paths and fix targets; a major admits all its releases, and findings and safe fixes must hold in every admitted release. auto: a pinned apache-airflow in [project] dependencies or requirements.txt beside pyproject.toml (`==2.7.3` keeps the release), then the imports and arguments the file uses, else 2.' },
    toml: (value, config) => {
      // TOML reads `airflow-version = 2` as a number.
      const text = typeof value === 'number' ? String(value) : value;
      if (typeof text !== 'string' || !isAirflowTarget(text)) return 'must be "auto", "1.10", "2" or "3", or a minor or release of them ("2.7", "2.7.3", "3.1")';
      config.airflowVersion = text as AirflowVersion | 'auto';
      return undefined;
    },
    setting: { name: 'airflowVersion', declared: { type: 'string', default: 'auto', pattern: AIRFLOW_VERSION_PATTERN, examples: AIRFLOW_VERSION_EXAMPLES }, read: whenValid((value): value is string => typeof value === 'string' && isAirflowTarget(value), (value, settings) => (settings.config.airflowVersion = value)) },
    flag: {
      name: 'airflow-version',
      type: 'string',
      argument: 'V',
      help: 'auto | 1.10 | 2 | 3 | a minor or release: 2.7, 2.7.3 (default: auto)',
      read: (value, config) => {
        if (typeof value !== 'string' || !isAirflowTarget(value)) return 'must be auto, 1.10, 2 or 3, or a minor or release of them (2.7, 2.7.3, 3.1)';
        config.airflowVersion = value;
        return undefined;
      },
    },
  },
  {
    key: 'python-version',
    docs: { type: 'string, e.g. "3.11"', default: 'none', description: 'Python the tasks run on when their python_version does not say (stdlib checks, pinning).' },
    toml: (value, config) => {
      if (!isPythonVersion(value)) return 'must be a string like "3.11"';
      config.pythonVersion = value;
      return undefined;
    },
    setting: { name: 'pythonVersion', declared: { type: 'string', default: '', pattern: '^(3\\.\\d+)?$' }, read: whenValid(isPythonVersion, (value, settings) => (settings.config.pythonVersion = value)) },
    flag: {
      name: 'python-version',
      type: 'string',
      argument: 'X.Y',
      help: 'Python the tasks run on when python_version does not say',
      read: (value, config) => {
        if (!isPythonVersion(value)) return 'must look like 3.11';
        config.pythonVersion = value;
        return undefined;
      },
    },
  },
  codeList('select', 'all default rules', 'Only these rules run (["VENV3", "VENV101"]); VENV002 runs only when selected.', 'only these codes or prefixes, comma-separated (e.g. VENV3,VENV101)'),
  codeList('ignore', '[]', 'These rules never run.', 'skip these codes or prefixes'),
  {
    key: 'severity',
    docs: { type: 'table code = "error" | "warning" | "info" | "hint"', default: '{}', description: 'Severity per rule code.' },
    toml: (value, config) => {
      if (!isTable(value)) return 'must be a table of rule code = "error" | "warning" | "info" | "hint"';
      const entries = Object.entries(value);
      const wrong = entries.filter(([code, level]) => !RULES_BY_CODE.has(code) || !isLevel(level));
      if (wrong.length > 0) return `has invalid entries: ${wrong.map(([code, level]) => `${code} = ${JSON.stringify(level)}`).join(', ')} (codes must exist; levels are error, warning, info, hint)`;
      config.severity = Object.fromEntries(entries) as Record<string, Severity>;
      return undefined;
    },
    setting: {
      name: 'severity',
      declared: { type: 'object', default: {} },
      read: whenValid(isSeverityTable, (value, settings) => (settings.config.severity = { ...value })),
    },
  },
  {
    key: 'pin-policy',
    docs: { type: '"exact" | "compatible" | "off"', default: '"exact"', description: 'VENV202: exact flags anything but ==; compatible flags only unbounded ranges; off nothing.' },
    toml: (value, config) => {
      if (!isOneOf(PIN_POLICIES, value)) return 'must be "exact", "compatible" or "off"';
      config.pinPolicy = value;
      return undefined;
    },
    setting: { name: 'pinPolicy', declared: { type: 'string', default: 'exact', enum: PIN_POLICIES }, read: whenValid((value) => isOneOf(PIN_POLICIES, value), (value, settings) => (settings.config.pinPolicy = value)) },
  },
  {
    key: 'import-map',
    docs: { type: 'table module = "distribution" | [...]', default: '{}', description: 'Extra import name -> distribution entries (your private packages).' },
    toml: (value, config) => {
      if (!isTable(value)) return 'must be a table of module = "distribution" or ["distribution", ...]';
      const entries = Object.entries(value);
      const wrong = entries.filter(([, distributions]) => typeof distributions !== 'string' && !isStringList(distributions));
      if (wrong.length > 0) return `has invalid entries: ${wrong.map(([module]) => module).join(', ')}`;
      config.importMap = Object.fromEntries(entries) as Record<string, string | string[]>;
      return undefined;
    },
  },
  {
    key: 'first-party',
    docs: { type: 'list of module names', default: '[]', description: 'Modules that ship with the DAGs: importing them is not a missing requirement.' },
    toml: (value, config) => {
      if (!isStringList(value)) return 'must be a list of module names';
      config.firstParty = value;
      return undefined;
    },
    setting: { name: 'firstParty', declared: { type: 'array', default: [] }, read: whenValid(isStringList, (value, settings) => (settings.config.firstParty = value)) },
    flag: {
      name: 'first-party',
      type: 'string',
      argument: 'MODULES',
      help: 'modules that ship with the DAGs, comma-separated',
      read: (value, config) => {
        config.firstParty = commaList(value as string);
        return undefined;
      },
    },
  },
  {
    key: 'constraints-file',
    docs: { type: 'path', default: 'none', description: 'Airflow constraints file: the first version source for pins, and the reference of VENV210. Relative to pyproject.toml.' },
    toml: (value, config, base) => {
      if (typeof value !== 'string' || value === '') return 'must be a path to an Airflow constraints file';
      config.constraintsFile = resolve(base, value);
      return undefined;
    },
    setting: { name: 'constraintsFile', declared: { type: 'string', default: '' }, read: whenValid((value) => typeof value === 'string', (value, settings) => (settings.config.constraintsFile = value)) },
    flag: {
      name: 'constraints-file',
      type: 'string',
      argument: 'FILE',
      help: 'pin versions from an Airflow constraints file (no network)',
      read: (value, config) => {
        config.constraintsFile = resolve(value as string);
        return undefined;
      },
    },
  },
  {
    key: 'index-url',
    docs: { type: 'http(s) URL', default: "pip's index-url, else https://pypi.org/simple/", description: 'Package index for pins (PEP 691 JSON or PEP 503 HTML). The CLI uses it only when set here or with --index-url.' },
    toml: (value, config) => {
      if (!isHttpUrl(value)) return 'must be an http(s) URL';
      config.indexUrl = value;
      return undefined;
    },
    setting: { name: 'indexUrl', declared: { type: 'string', default: '' }, read: whenValid(isHttpUrl, (value, settings) => (settings.config.indexUrl = value)) },
    flag: {
      name: 'index-url',
      type: 'string',
      argument: 'URL',
      help: 'pin versions from this package index (PEP 691 JSON or PEP 503 HTML)',
      read: (value, config) => {
        if (!isHttpUrl(value)) return 'must be an http(s) URL';
        config.indexUrl = value;
        return undefined;
      },
    },
  },
  {
    key: 'offline',
    docs: { type: 'boolean', default: 'false', description: 'Never reach the index; use only its on-disk cache.' },
    toml: (value, config) => {
      if (typeof value !== 'boolean') return 'must be true or false';
      config.offline = value;
      return undefined;
    },
    setting: {
      name: 'offline',
      declared: { type: 'boolean', default: false },
      read: whenValid((value) => typeof value === 'boolean', (value, settings) => (settings.config.offline = value)),
    },
    flag: {
      name: 'offline',
      type: 'boolean',
      help: 'never reach the index; use only its on-disk cache',
      read: (value, config) => {
        config.offline = value as boolean;
        return undefined;
      },
    },
  },
  {
    key: 'exclude',
    docs: { type: 'list of globs', default: '[]', description: 'Files the CLI skips when it walks folders (gitignore-like anchoring, relative to pyproject.toml).' },
    toml: (value, config) => {
      if (!isStringList(value)) return 'must be a list of glob patterns';
      config.exclude = value;
      return undefined;
    },
  },
  // Editor-only settings: the language server reads them, a pyproject file cannot set them.
  {
    setting: {
      name: 'interpreters',
      declared: { type: 'array', default: [] },
      read: whenValid(isStringList, (value, settings) => (settings.interpreters = value)),
    },
  },
  {
    setting: {
      name: 'verifyTimeoutSeconds',
      declared: { type: 'number', default: DEFAULT_TIMEOUT_SECONDS },
      read: whenValid((value): value is number => typeof value === 'number' && isTimeoutSeconds(value), (value, settings) => (settings.verifyTimeoutMs = value * 1000)),
    },
  },
  {
    setting: {
      name: 'diagnosticMode',
      declared: { type: 'string', default: 'openFiles', enum: DIAGNOSTIC_MODES },
      read: whenValid((value) => isOneOf(DIAGNOSTIC_MODES, value), (value, settings) => (settings.diagnosticMode = value)),
    },
  },
  // Never ignored with a message: anything but `false` enables, only `true` turns online checks on.
  {
    setting: {
      name: 'enable',
      declared: { type: 'boolean', default: true },
      read: (value, settings) => {
        settings.enable = value !== false;
        return true;
      },
    },
  },
  {
    setting: {
      name: 'onlineChecks',
      declared: { type: 'boolean', default: false },
      read: (value, settings) => {
        settings.onlineChecks = value === true;
        return true;
      },
    },
  },
];

/** The keys of `[tool.airflow-venv-lint]`, in table order. */
export const CONFIG_KEYS: readonly string[] = OPTIONS.flatMap((option) => (option.key ? [option.key] : []));

/** Every key of [tool.airflow-venv-lint], for docs/configuration.md. */
export const CONFIG_DOCS: Record<string, { type: string; default: string; description: string }> = Object.fromEntries(
  OPTIONS.flatMap((option) => (option.key && option.docs ? [[option.key, option.docs]] : [])),
);

/**
 * Settings that only the VS Code client reads (the server never sees them): they are declared in
 * package.json beside the table's.
 */
export const CLIENT_ONLY_SETTINGS: Record<string, SettingDeclaration> = {
  'trace.server': { type: 'string', default: 'off', enum: ['off', 'messages', 'verbose'] },
  verifyOnSave: { type: 'boolean', default: false },
};

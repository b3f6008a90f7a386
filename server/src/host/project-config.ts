/**
 * Project configuration: `[tool.airflow-venv-lint]` in the nearest pyproject.toml
 * that has that table (walking up from the DAG file, as ruff does), parsed with
 * smol-toml and validated key by key. Problems become VENV001 findings on the
 * pyproject itself, never exceptions.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import { LineIndex, RULES_BY_CODE, SEVERITIES, finding, invalidConfiguration, namesSomeRule, type AirflowVersion, type Finding, type LintConfig, type Severity, type SourceText } from '../analysis/index.js';
import { MAX_FILE_BYTES } from './files.js';

export const TABLE = 'airflow-venv-lint';

export interface ProjectConfig {
  /** The pyproject.toml the configuration came from, if any. */
  path: string | undefined;
  config: LintConfig;
  findings: Finding[];
}

const EMPTY: ProjectConfig = { path: undefined, config: {}, findings: [] };

type Check = (value: unknown, config: LintConfig, base: string) => string | undefined;

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

function codeList(key: 'select' | 'ignore'): Check {
  return (value, config) => {
    if (!isStringList(value)) return 'must be a list of rule codes or prefixes, e.g. ["VENV3", "VENV101"]';
    const unknown = value.filter((code) => !namesSomeRule(code));
    if (unknown.length > 0) return `has unknown rule codes: ${unknown.join(', ')}`;
    config[key] = value;
    return undefined;
  };
}

/** Every key of [tool.airflow-venv-lint], for docs/configuration.md (the checks below must match it). */
export const CONFIG_DOCS: Record<string, { type: string; default: string; description: string }> = {
  'airflow-version': { type: '"auto" | "1.10" | "2" | "3"', default: '"auto"', description: 'Target Airflow: decides valid parameters, import paths and fix targets. auto: a pinned apache-airflow in [project] dependencies or requirements.txt beside pyproject.toml, then the import paths the file uses, else 2.' },
  'python-version': { type: 'string, e.g. "3.11"', default: 'none', description: 'Python the tasks run on when their python_version does not say (stdlib checks, pinning).' },
  select: { type: 'list of codes or prefixes', default: 'all default rules', description: 'Only these rules run (["VENV3", "VENV101"]); VENV002 runs only when selected.' },
  ignore: { type: 'list of codes or prefixes', default: '[]', description: 'These rules never run.' },
  severity: { type: 'table code = "error" | "warning" | "info" | "hint"', default: '{}', description: 'Severity per rule code.' },
  'pin-policy': { type: '"exact" | "compatible" | "off"', default: '"exact"', description: 'VENV202: exact flags anything but ==; compatible flags only unbounded ranges; off nothing.' },
  'import-map': { type: 'table module = "distribution" | [...]', default: '{}', description: 'Extra import name -> distribution entries (your private packages).' },
  'first-party': { type: 'list of module names', default: '[]', description: 'Modules that ship with the DAGs: importing them is not a missing requirement.' },
  'constraints-file': { type: 'path', default: 'none', description: 'Airflow constraints file: the first version source for pins, and the reference of VENV210. Relative to pyproject.toml.' },
  'index-url': { type: 'http(s) URL', default: "pip's index-url, else https://pypi.org/simple/", description: 'Package index for pins (PEP 691 JSON or PEP 503 HTML). The CLI uses it only when set here or with --index-url.' },
  offline: { type: 'boolean', default: 'false', description: 'Never reach the index; use only its on-disk cache.' },
  exclude: { type: 'list of globs', default: '[]', description: 'Files the CLI skips when it walks folders (gitignore-like anchoring, relative to pyproject.toml).' },
};

const KEYS: Record<string, Check> = {
  'airflow-version': (value, config) => {
    const text = typeof value === 'number' ? String(value) : value;
    if (typeof text !== 'string' || !['auto', '1.10', '2', '3'].includes(text)) return 'must be "auto", "1.10", "2" or "3"';
    config.airflowVersion = text as AirflowVersion | 'auto';
    return undefined;
  },
  'python-version': (value, config) => {
    if (typeof value !== 'string' || !/^3\.\d+$/.test(value)) return 'must be a string like "3.11"';
    config.pythonVersion = value;
    return undefined;
  },
  select: codeList('select'),
  ignore: codeList('ignore'),
  severity: (value, config) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be a table of rule code = "error" | "warning" | "info" | "hint"';
    const entries = Object.entries(value as Record<string, unknown>);
    const wrong = entries.filter(([code, level]) => !RULES_BY_CODE.has(code) || typeof level !== 'string' || !(SEVERITIES as readonly string[]).includes(level));
    if (wrong.length > 0) return `has invalid entries: ${wrong.map(([code, level]) => `${code} = ${JSON.stringify(level)}`).join(', ')} (codes must exist; levels are error, warning, info, hint)`;
    config.severity = Object.fromEntries(entries) as Record<string, Severity>;
    return undefined;
  },
  'pin-policy': (value, config) => {
    if (value !== 'exact' && value !== 'compatible' && value !== 'off') return 'must be "exact", "compatible" or "off"';
    config.pinPolicy = value;
    return undefined;
  },
  'import-map': (value, config) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be a table of module = "distribution" or ["distribution", ...]';
    const entries = Object.entries(value as Record<string, unknown>);
    const wrong = entries.filter(([, distributions]) => typeof distributions !== 'string' && !isStringList(distributions));
    if (wrong.length > 0) return `has invalid entries: ${wrong.map(([module]) => module).join(', ')}`;
    config.importMap = Object.fromEntries(entries) as Record<string, string | string[]>;
    return undefined;
  },
  'first-party': (value, config) => {
    if (!isStringList(value)) return 'must be a list of module names';
    config.firstParty = value;
    return undefined;
  },
  'constraints-file': (value, config, base) => {
    if (typeof value !== 'string' || value === '') return 'must be a path to an Airflow constraints file';
    config.constraintsFile = resolve(base, value);
    return undefined;
  },
  'index-url': (value, config) => {
    if (typeof value !== 'string' || !/^https?:\/\/\S+$/.test(value)) return 'must be an http(s) URL';
    config.indexUrl = value;
    return undefined;
  },
  offline: (value, config) => {
    if (typeof value !== 'boolean') return 'must be true or false';
    config.offline = value;
    return undefined;
  },
  exclude: (value, config) => {
    if (!isStringList(value)) return 'must be a list of glob patterns';
    config.exclude = value;
    return undefined;
  },
};

/** The keys the loader accepts. */
export const CONFIG_KEYS: readonly string[] = Object.keys(KEYS);

/** Where `key = ...` stands inside the table (for the finding's position); the table header otherwise. */
function keySpan(source: SourceText, key: string): { start: number; end: number } {
  const header = /^\s*\[tool\.(?:"airflow-venv-lint"|airflow-venv-lint)\]\s*(?:#.*)?$/m.exec(source.text);
  const from = header ? header.index + header[0].length : 0;
  const escaped = key.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
  const pattern = new RegExp(`^[ \\t]*(?:"${escaped}"|${escaped})[ \\t]*=`, 'm');
  const rest = source.text.slice(from);
  const match = pattern.exec(rest);
  if (match) {
    const start = from + match.index + (match[0].length - match[0].trimStart().length);
    return { start, end: start + match[0].trim().replace(/[ \t]*=$/, '').length };
  }
  const table = new RegExp(`^[ \\t]*\\[tool\\.airflow-venv-lint\\.${escaped}\\]`, 'm').exec(source.text);
  if (table) return { start: table.index, end: table.index + table[0].length };
  return header ? { start: header.index, end: header.index + header[0].trim().length } : { start: 0, end: 0 };
}

/** Parses and validates one pyproject.toml text (exported for tests). */
export function readProjectConfig(path: string, text: string): ProjectConfig & { hasTable: boolean } {
  const source: SourceText = { path, text, lines: new LineIndex(text) };
  const report = (start: number, end: number, message: string) => finding(invalidConfiguration, { span: { source, start, end }, message });
  let document: Record<string, unknown>;
  try {
    document = parseToml(text) as Record<string, unknown>;
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const offset = source.lines.offsetAt({ line: Math.max(0, error.line - 1), character: Math.max(0, error.column - 1) });
    const hasTable = text.includes(`[tool.${TABLE}`);
    const message = `${path} is not valid TOML (line ${error.line}, column ${error.column}: ${error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '')}); the configuration is ignored until it parses.`;
    return { path, config: {}, findings: hasTable ? [report(offset, offset + 1, message)] : [], hasTable };
  }
  const tool = document.tool as Record<string, unknown> | undefined;
  const table = tool?.[TABLE];
  if (table === undefined) return { path, config: {}, findings: [], hasTable: false };
  if (typeof table !== 'object' || table === null || Array.isArray(table)) {
    const span = keySpan(source, TABLE);
    return { path, config: {}, findings: [report(span.start, span.end, `[tool.${TABLE}] must be a table.`)], hasTable: true };
  }
  const config: LintConfig = {};
  const pinned = pinnedAirflowVersion(document, dirname(path));
  if (pinned) config.airflowVersion = pinned;
  const findings: Finding[] = [];
  for (const [key, value] of Object.entries(table as Record<string, unknown>)) {
    const span = keySpan(source, key);
    const check = KEYS[key];
    if (!check) {
      const near = Object.keys(KEYS).find((known) => known.replace(/-/g, '') === key.replace(/[-_]/g, '').replace(/s$/, '') || known === key.replace(/_/g, '-'));
      findings.push(report(span.start, span.end, `Unknown key "${key}" in [tool.${TABLE}]: it is ignored.${near ? ` Did you mean "${near}"?` : ` Known keys: ${Object.keys(KEYS).join(', ')}.`}`));
      continue;
    }
    const problem = check(value, config, dirname(path));
    if (problem) findings.push(report(span.start, span.end, `"${key}" ${problem}; got ${JSON.stringify(value)}. The key is ignored.`));
  }
  return { path, config, findings, hasTable: true };
}

interface CacheEntry {
  mtimeMs: number;
  size: number;
  result: ProjectConfig & { hasTable: boolean };
}

/** Finds and reads configuration for files, caching each pyproject.toml until it changes on disk. */
export class ConfigResolver {
  private readonly cache = new Map<string, CacheEntry>();
  /** Folder of a DAG file -> the configuration that applies there (until `clear`). */
  private readonly byDirectory = new Map<string, ProjectConfig>();

  /** The configuration that applies to `filePath` (a DAG file), or none. */
  forFile(filePath: string | undefined): ProjectConfig {
    if (!filePath) return EMPTY;
    const start = dirname(resolve(filePath));
    let found = this.byDirectory.get(start);
    if (!found) {
      found = this.lookUp(start);
      this.byDirectory.set(start, found);
    }
    return found;
  }

  private lookUp(start: string): ProjectConfig {
    for (let directory = start; ; directory = dirname(directory)) {
      const found = this.read(join(directory, 'pyproject.toml'));
      if (found?.hasTable) return found;
      if (dirname(directory) === directory) return EMPTY;
    }
  }

  /** Reads an explicit configuration file (`--config FILE`). */
  explicit(path: string): ProjectConfig | { error: string } {
    const found = this.read(resolve(path));
    if (!found) return { error: `${path}: cannot read the configuration file` };
    return found;
  }

  /** Forget every look-up (a pyproject.toml was created, changed or deleted). */
  clear(): void {
    this.cache.clear();
    this.byDirectory.clear();
  }

  private read(path: string): (ProjectConfig & { hasTable: boolean }) | undefined {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return undefined;
    }
    if (!stat.isFile()) return undefined;
    const cached = this.cache.get(path);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.result;
    let result: ProjectConfig & { hasTable: boolean };
    if (stat.size > MAX_FILE_BYTES) {
      result = { path, config: {}, findings: [], hasTable: false };
    } else {
      try {
        result = readProjectConfig(path, readFileSync(path, 'utf8'));
      } catch {
        return undefined;
      }
    }
    this.cache.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, result });
    return result;
  }
}

/** Later configurations override earlier ones key by key (pyproject < editor settings < CLI flags). */
export function mergeConfig(...configs: (LintConfig | undefined)[]): LintConfig {
  const merged: LintConfig = {};
  for (const config of configs) {
    if (!config) continue;
    for (const [key, value] of Object.entries(config)) {
      if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
    }
  }
  return merged;
}

/** Does `path` (relative to the configuration's folder) match one of the `exclude` globs? */
export function isExcluded(relativePath: string, patterns: readonly string[] | undefined): boolean {
  if (!patterns || patterns.length === 0) return false;
  const path = relativePath.split('\\').join('/');
  return patterns.some((pattern) => globToRegExp(pattern).test(path));
}

/** `**` any folders, `*` any characters but `/`, `?` one; a pattern without `/` matches any path segment. */
function globToRegExp(pattern: string): RegExp {
  const trimmed = pattern.replace(/^\.\//, '').replace(/\/$/, '');
  let body = '';
  for (let index = 0; index < trimmed.length; index++) {
    const char = trimmed[index]!;
    if (char === '*' && trimmed[index + 1] === '*') {
      body += '.*';
      index++;
      if (trimmed[index + 1] === '/') index++;
    } else if (char === '*') body += '[^/]*';
    else if (char === '?') body += '[^/]';
    else body += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return trimmed.includes('/') ? new RegExp(`^${body}(/.*)?$`) : new RegExp(`(^|/)${body}(/.*)?$`);
}

/**
 * `airflow-version = "auto"` looks, after the configuration itself, at a pinned
 * `apache-airflow` in the project's dependencies or a requirements.txt beside
 * pyproject.toml (DESIGN.md "Version-aware").
 */
function pinnedAirflowVersion(document: Record<string, unknown>, directory: string): AirflowVersion | undefined {
  const project = document.project as { dependencies?: unknown } | undefined;
  const lines: string[] = isStringList(project?.dependencies) ? [...project.dependencies] : [];
  try {
    lines.push(...readFileSync(join(directory, 'requirements.txt'), 'utf8').split(/\r?\n/));
  } catch {
    // no requirements.txt beside pyproject.toml
  }
  for (const line of lines) {
    const match = /^\s*apache[-_.]airflow\s*(?:\[[^\]]*\])?\s*(?:==|~=|>=)\s*(\d+)\.(\d+)/i.exec(line);
    if (!match) continue;
    if (match[1] === '1') return '1.10';
    if (match[1] === '2' || match[1] === '3') return match[1];
  }
  return undefined;
}

/**
 * Project configuration: `[tool.airflow-venv-lint]` in the nearest pyproject.toml
 * that has that table (walking up from the DAG file, as ruff does), parsed with
 * smol-toml and validated key by key. Problems become VENV001 findings on the
 * pyproject itself, never exceptions.
 */
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import { isAirflowTarget, LineIndex, finding, invalidConfiguration, type Finding, type LintConfig, type SourceText } from '../analysis/index.js';
import { MAX_FILE_BYTES, readUtf8 } from './guarded-file.js';
import { CONFIG_KEYS, OPTIONS, isStringList, type Option } from './options.js';

export const TABLE = 'airflow-venv-lint';

export interface ProjectConfig {
  /** The pyproject.toml the configuration came from, if any. */
  path: string | undefined;
  config: LintConfig;
  findings: Finding[];
}

const EMPTY: ProjectConfig = { path: undefined, config: {}, findings: [] };

type Check = NonNullable<Option['toml']>;

// A plain object, as before the option table: a key such as `constructor` still finds Object.prototype's
// (a bug, left for its own change: this move keeps behaviour as it was).
const KEYS: Record<string, Check> = Object.fromEntries(OPTIONS.flatMap((option) => (option.key && option.toml ? [[option.key, option.toml]] : [])));

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
  if (pinned) {
    config.airflowVersion = pinned;
    config.airflowVersionOrigin = `pinned apache-airflow in ${path}:`;
  }
  const findings: Finding[] = [];
  for (const [key, value] of Object.entries(table as Record<string, unknown>)) {
    const span = keySpan(source, key);
    const check = Object.hasOwn(KEYS, key) ? KEYS[key] : undefined;
    if (!check) {
      const near = CONFIG_KEYS.find((known) => known.replace(/-/g, '') === key.replace(/[-_]/g, '').replace(/s$/, '') || known === key.replace(/_/g, '-'));
      findings.push(report(span.start, span.end, `Unknown key ${JSON.stringify(key)} in [tool.${TABLE}]: it is ignored.${near ? ` Did you mean "${near}"?` : ` Known keys: ${CONFIG_KEYS.join(', ')}.`}`));
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
    const read = readUtf8(path);
    if ('text' in read) result = readProjectConfig(path, read.text);
    else if (read.refused === 'size') result = tooLarge(path);
    else return undefined;
    this.cache.set(path, { mtimeMs: stat.mtimeMs, size: stat.size, result });
    return result;
  }
}

/**
 * A pyproject.toml over the size cap is not parsed, but it is not skipped in silence either: it
 * may hold the table, so the search stops there and a VENV001 says why nothing applies (audit B1).
 */
function tooLarge(path: string): ProjectConfig & { hasTable: boolean } {
  const source: SourceText = { path, text: '', lines: new LineIndex('') };
  const message = `${path} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB, so the linter did not read it; its configuration is ignored (and no parent folder's pyproject.toml is used instead).`;
  return { path, config: {}, findings: [finding(invalidConfiguration, { span: { source, start: 0, end: 0 }, message })], hasTable: true };
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

/**
 * `airflow-version = "auto"` looks, after the configuration itself, at a pinned
 * `apache-airflow` in the project's dependencies or a requirements.txt beside
 * pyproject.toml (DESIGN.md "Version-aware").
 */
function pinnedAirflowVersion(document: Record<string, unknown>, directory: string): string | undefined {
  const project = document.project as { dependencies?: unknown } | undefined;
  const lines: string[] = isStringList(project?.dependencies) ? [...project.dependencies] : [];
  const requirements = readUtf8(join(directory, 'requirements.txt'), { within: directory });
  if ('text' in requirements) lines.push(...requirements.text.split(/\r\n|\r|\n/));
  for (const line of lines) {
    const match = /^\s*apache[-_.]airflow\s*(?:\[[^\]]*\])?\s*(==|~=|>=)\s*(\d+)\.(\d+)(\.\d+)?/i.exec(line);
    if (!match) continue;
    const [, operator, major, minor, patch] = match;
    // An exact pin keeps its release (or minor); ~= and >= admit later minors, so only the major holds.
    const exact = operator === '==' ? `${major}.${minor}${patch ?? ''}` : undefined;
    if (exact && isAirflowTarget(exact)) return exact;
    if (match[2] === '1') return '1.10';
    if (major === '2' || major === '3') return major;
  }
  return undefined;
}

/**
 * Editor settings (`airflowVenvLint.*`) -> the analysis configuration. Values
 * of the wrong type are ignored with a message, never a crash.
 */
import { SEVERITIES, type AirflowVersion, type LintConfig, type Severity } from '../analysis/index.js';

export interface Settings {
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

export const DEFAULT_SETTINGS: Settings = { enable: true, config: {}, interpreters: [], verifyTimeoutMs: 10_000, onlineChecks: false, diagnosticMode: 'openFiles' };

const AIRFLOW_VERSIONS = ['auto', '1.10', '2', '3'];

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
}

/** Reads the `airflowVenvLint` settings object; `problems` collects what was ignored and why. */
export function readSettings(raw: unknown, problems: string[] = []): Settings {
  if (raw === null || typeof raw !== 'object') return DEFAULT_SETTINGS;
  const settings = raw as Record<string, unknown>;
  const config: LintConfig = {};
  const take = <T>(key: string, check: (value: unknown) => T | undefined, apply: (value: T) => void) => {
    const value = settings[key];
    if (value === undefined || value === null || value === '') return;
    const checked = check(value);
    if (checked === undefined) problems.push(`airflowVenvLint.${key}: ignored, ${JSON.stringify(value)} is not a valid value`);
    else apply(checked);
  };
  take('airflowVersion', (value) => (typeof value === 'string' && AIRFLOW_VERSIONS.includes(value) ? (value as AirflowVersion | 'auto') : undefined), (value) => (config.airflowVersion = value));
  take('pythonVersion', (value) => (typeof value === 'string' && /^3\.\d+$/.test(value) ? value : undefined), (value) => (config.pythonVersion = value));
  take('select', stringList, (value) => (config.select = value));
  take('ignore', stringList, (value) => (config.ignore = value));
  take('firstParty', stringList, (value) => (config.firstParty = value));
  take('severity', (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.every(([, level]) => typeof level === 'string' && (SEVERITIES as readonly string[]).includes(level)) ? (Object.fromEntries(entries) as Record<string, Severity>) : undefined;
  }, (value) => (config.severity = value));
  let interpreters: string[] = [];
  take('interpreters', stringList, (value) => (interpreters = value));
  let verifyTimeoutMs = DEFAULT_SETTINGS.verifyTimeoutMs;
  take('verifyTimeoutSeconds', (value) => (typeof value === 'number' && value > 0 && value <= 600 ? value : undefined), (value) => (verifyTimeoutMs = value * 1000));
  take('indexUrl', (value) => (typeof value === 'string' && /^https?:\/\/\S+$/.test(value) ? value : undefined), (value) => (config.indexUrl = value));
  take('constraintsFile', (value) => (typeof value === 'string' ? value : undefined), (value) => (config.constraintsFile = value));
  take('offline', (value) => (typeof value === 'boolean' ? value : undefined), (value) => (config.offline = value));
  take('pinPolicy', (value) => (value === 'exact' || value === 'compatible' || value === 'off' ? value : undefined), (value) => (config.pinPolicy = value));
  let diagnosticMode: Settings['diagnosticMode'] = DEFAULT_SETTINGS.diagnosticMode;
  take('diagnosticMode', (value) => (value === 'openFiles' || value === 'workspace' ? value : undefined), (value) => (diagnosticMode = value));
  return { enable: settings.enable !== false, config, interpreters, verifyTimeoutMs, onlineChecks: settings.onlineChecks === true, diagnosticMode };
}

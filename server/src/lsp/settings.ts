/**
 * Editor settings (`airflowVenvLint.*`) -> the analysis configuration and the
 * server's own switches, as host/options.ts declares them. Values of the wrong
 * type are ignored with a message, never a crash.
 */
import { DEFAULT_EDITOR_SETTINGS, OPTIONS, type EditorSettings } from '../host/options.js';

export type Settings = EditorSettings;

export const DEFAULT_SETTINGS: Settings = DEFAULT_EDITOR_SETTINGS;

const SETTINGS = new Map(OPTIONS.flatMap((option) => (option.setting ? [[option.setting.name, option.setting]] : [])));

/**
 * The order the settings are read in (not the table's): when several values are wrong, their
 * messages come in the order they always did.
 */
const READ_ORDER = ['airflowVersion', 'pythonVersion', 'select', 'ignore', 'firstParty', 'severity', 'interpreters', 'verifyTimeoutSeconds', 'indexUrl', 'constraintsFile', 'offline', 'pinPolicy', 'diagnosticMode', 'enable', 'onlineChecks'];

/** Reads the `airflowVenvLint` settings object; `problems` collects what was ignored and why. */
export function readSettings(raw: unknown, problems: string[] = []): Settings {
  if (raw === null || typeof raw !== 'object') return DEFAULT_SETTINGS;
  const values = raw as Record<string, unknown>;
  const settings: Settings = { ...DEFAULT_SETTINGS, config: {} };
  for (const name of new Set([...READ_ORDER, ...SETTINGS.keys()])) {
    const value = values[name];
    if (value === undefined || value === null || value === '') continue;
    if (!SETTINGS.get(name)!.read(value, settings)) problems.push(`airflowVenvLint.${name}: ignored, ${JSON.stringify(value)} is not a valid value`);
  }
  return settings;
}

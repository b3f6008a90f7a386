/** The option table, package.json and the version: what the extension declares is what the server reads and reports. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'node:test';
import { CLIENT_ONLY_SETTINGS, DEFAULT_EDITOR_SETTINGS, OPTIONS, type SettingDeclaration } from '../../server/src/host/options.js';
import { VERSION } from '../../server/src/host/version.js';
import { readSettings } from '../../server/src/lsp/settings.js';

const root = join(import.meta.dirname, '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, SettingDeclaration> } } };

const declared = (item: SettingDeclaration) => ({ type: item.type, default: item.default, ...(item.enum ? { enum: [...item.enum] } : {}), ...(item.pattern ? { pattern: item.pattern } : {}), ...(item.examples ? { examples: [...item.examples] } : {}) });

it("package.json's contributes.configuration agrees with the option table", () => {
  const table = Object.fromEntries([
    ...OPTIONS.flatMap((option) => (option.setting ? [[`airflowVenvLint.${option.setting.name}`, declared(option.setting.declared)]] : [])),
    ...Object.entries(CLIENT_ONLY_SETTINGS).map(([name, item]) => [`airflowVenvLint.${name}`, declared(item)]),
  ]);
  const properties = Object.fromEntries(Object.entries(manifest.contributes.configuration.properties).map(([name, item]) => [name, declared(item)]));
  assert.deepEqual(properties, table);
});

it('every setting at its package.json default reads as the default settings', () => {
  const defaults = Object.fromEntries(OPTIONS.flatMap((option) => (option.setting ? [[option.setting.name, option.setting.declared.default]] : [])));
  const problems: string[] = [];
  assert.deepEqual(readSettings(defaults, problems), { ...DEFAULT_EDITOR_SETTINGS, config: { airflowVersion: 'auto', pinPolicy: 'exact', offline: false, select: [], ignore: [], firstParty: [], severity: {} } });
  assert.deepEqual(problems, []);
});

it('the version the CLI and the server report is the version of the three packages', () => {
  for (const path of ['package.json', 'server/package.json', 'client/package.json']) {
    assert.equal((JSON.parse(readFileSync(join(root, path), 'utf8')) as { version: string }).version, VERSION, path);
  }
});

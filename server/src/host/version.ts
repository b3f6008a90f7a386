/**
 * The version the CLI (`--version`, SARIF) and the language server (`serverInfo`) report. One
 * constant; test/unit/options.test.ts holds it equal to the three package.json files.
 */
export const VERSION = '0.1.0';

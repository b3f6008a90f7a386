#!/usr/bin/env node
// Launcher: the CLI is bundled into ../dist by `npm run build` (run by `npm ci` through the root `postinstall`).
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/cli.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('airflow-venv-lint: not built yet; run `npm run build` at the repository root.\n');
  process.exit(2);
}
await import(bundle.href);

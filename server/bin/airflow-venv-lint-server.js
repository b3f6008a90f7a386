#!/usr/bin/env node
// Launcher: the language server is bundled into ../dist by `npm run build`.
// Usage: airflow-venv-lint-server --stdio
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/server.mjs', import.meta.url);
if (!existsSync(bundle)) {
  process.stderr.write('airflow-venv-lint-server: not built yet; run `npm run build` at the repository root.\n');
  process.exit(2);
}
await import(bundle.href);

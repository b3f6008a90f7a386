// Checks server/src/analysis/knowledge/data/stdlib.json against the local python3: its version's entry must
// equal that interpreter's own sys.stdlib_module_names. Exit 1 on a difference, 0 otherwise.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const table = JSON.parse(readFileSync(new URL('../src/analysis/knowledge/data/stdlib.json', import.meta.url), 'utf8'));
const local = JSON.parse(execFileSync('python3', ['-c', 'import sys, json; print(json.dumps({"version": "%d.%d" % sys.version_info[:2], "names": sorted(getattr(sys, "stdlib_module_names", []))}))'], { encoding: 'utf8' }));
const listed = table.versions[local.version];
if (!listed || local.names.length === 0) {
  console.log(`python3 ${local.version}: not covered by the table or too old to list its stdlib; nothing to check`);
  process.exit(0);
}
const missing = local.names.filter((name) => !listed.includes(name));
const extra = listed.filter((name) => !local.names.includes(name));
if (missing.length || extra.length) {
  console.error(`stdlib.json ${local.version} differs from python3: missing ${missing.join(', ') || '-'}; extra ${extra.join(', ') || '-'}`);
  process.exit(1);
}
console.log(`stdlib.json ${local.version} matches python3 (${listed.length} modules)`);

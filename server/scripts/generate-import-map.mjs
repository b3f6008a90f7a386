// Generates server/src/analysis/data/import-map.json: import name -> PyPI distribution, for the
// names that differ (yaml -> PyYAML, dateutil -> python-dateutil, google.cloud.storage ->
// google-cloud-storage). Source: Debian's Contents index, i.e. which files each Debian package
// installs under usr/lib/python3/dist-packages: a package's *.dist-info / *.egg-info folder names
// the distribution, its top-level folders and modules are what it lets you import.
//
// Reproduce (as root on Debian bookworm, the release the committed file was made from):
//   apt-get update && apt-get install -y apt-file && apt-file update
//   node server/scripts/generate-import-map.mjs
// It reads /var/lib/apt/lists/*_Contents-{all,amd64}.lz4 through `apt-helper cat-file`.
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LISTS = '/var/lib/apt/lists';
const PREFIX = 'usr/lib/python3/dist-packages/';
const OUTPUT = new URL('../src/analysis/data/import-map.json', import.meta.url);
const SKIPPED_TOP_LEVEL = new Set(['tests', 'test', 'testing', 'docs', 'doc', 'examples', 'example', 'benchmarks', 'scripts', 'bin', 'share', 'debian', 'data', 'build', 'src', 'lib', 'utils', 'util', 'common', 'conftest']);
const MAX_DEPTH = 3;

const contents = readdirSync(LISTS).filter((name) => /_main_Contents-(all|amd64)\.lz4$/.test(name) && !name.includes('-updates_')).sort();
if (contents.length === 0) {
  console.error('No Contents index under /var/lib/apt/lists: run `apt-get install apt-file && apt-file update` first.');
  process.exit(2);
}
const release = contents[0].match(/dists_([a-z]+)_main/)?.[1] ?? 'unknown';

/** Debian package -> { distributions: Set, paths: string[][] (module path parts) } */
const packages = new Map();
for (const file of contents) {
  const text = execFileSync('/usr/lib/apt/apt-helper', ['cat-file', join(LISTS, file)], { maxBuffer: 2 ** 31 - 1 }).toString('utf8');
  for (const line of text.split('\n')) {
    if (!line.startsWith(PREFIX)) continue;
    const match = /^(\S+)\s+(\S+)$/.exec(line);
    if (!match) continue;
    const relative = match[1].slice(PREFIX.length);
    for (const owner of match[2].split(',')) {
      const name = owner.split('/').pop();
      if (!packages.has(name)) packages.set(name, { distributions: new Set(), paths: [] });
      const entry = packages.get(name);
      const parts = relative.split('/');
      const top = parts[0];
      const info = /^(.+?)-[0-9][^/]*\.(dist|egg)-info$/.exec(top) ?? /^(.+?)\.(dist|egg)-info$/.exec(top);
      if (info) entry.distributions.add(info[1]);
      else entry.paths.push(parts);
    }
  }
}

/** Module path parts of a file: `yaml/__init__.py` -> ['yaml', ...]; `six.py` -> ['six']; `_yaml.cpython-311-x86_64-linux-gnu.so` -> ['_yaml']. */
function moduleParts(parts) {
  const result = [...parts];
  const last = result[result.length - 1];
  if (result.length === 1) {
    if (last.endsWith('.py')) result[0] = last.slice(0, -3);
    else if (/\.(so|pyd)$/.test(last)) result[0] = last.split('.')[0];
    else return undefined;
  } else {
    result.pop(); // the file itself; its folders are the packages
  }
  if (result.some((part) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(part) || part === '__pycache__')) return undefined;
  return result;
}

// Count, for every dotted prefix, how many single-distribution packages ship something under it.
const owners = new Map();
const candidates = [];
for (const [debianPackage, entry] of packages) {
  if (entry.distributions.size !== 1) continue;
  const distribution = [...entry.distributions][0];
  const prefixes = new Set();
  for (const parts of entry.paths) {
    const module = moduleParts(parts);
    if (!module || SKIPPED_TOP_LEVEL.has(module[0]) || module[0].startsWith('_')) continue;
    for (let depth = 1; depth <= Math.min(MAX_DEPTH, module.length); depth++) prefixes.add(module.slice(0, depth).join('.'));
  }
  for (const prefix of prefixes) owners.set(prefix, (owners.get(prefix) ?? 0) + 1);
  candidates.push({ debianPackage, distribution, prefixes });
}

const normalize = (name) => name.toLowerCase().replace(/[-_.]+/g, '-');
const modules = {};
for (const { distribution, prefixes } of candidates) {
  const display = distribution.replace(/_/g, '-');
  for (const prefix of prefixes) {
    // The shortest prefix only this package ships: `yaml`, or `google.cloud.storage` inside a namespace.
    if (owners.get(prefix) !== 1) continue;
    const parent = prefix.includes('.') ? prefix.slice(0, prefix.lastIndexOf('.')) : undefined;
    if (parent && owners.get(parent) === 1) continue;
    if (normalize(prefix) === normalize(display)) continue; // not a mismatch
    (modules[prefix] ??= []).push(display);
  }
}
const sorted = Object.fromEntries(Object.entries(modules).sort(([a], [b]) => a.localeCompare(b)).map(([module, names]) => [module, [...new Set(names)].sort()]));
writeFileSync(OUTPUT, `${JSON.stringify({
  source: `Generated by server/scripts/generate-import-map.mjs from Debian ${release} Contents-all and Contents-amd64 (usr/lib/python3/dist-packages of every package with exactly one .dist-info/.egg-info), ${new Date().toISOString().slice(0, 10)}. Only names that differ from the distribution's are kept.`,
  modules: sorted,
}, null, 0)}\n`);
console.log(`${Object.keys(sorted).length} import names from ${candidates.length} packages (Debian ${release})`);

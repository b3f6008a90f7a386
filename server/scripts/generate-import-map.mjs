// Generates server/src/analysis/knowledge/data/import-map.json: import name -> PyPI distribution(s), for the
// names that differ from the distribution's (yaml -> PyYAML, dateutil -> python-dateutil,
// google.cloud.storage -> google-cloud-storage).
//
// Source: Debian's Contents index, i.e. which files each Debian package installs. Of the files
// under usr/lib/python3/dist-packages/, a package's `<Name>-<version>.dist-info` /
// `<Name>-<version>.egg-info` folder names the distribution, and its top-level folders, `*.py`
// modules and `*.so` extension modules are what it lets you import.
//
// The committed file was made from Debian 12 "bookworm" (point release 12.15, main,
// Contents-all + Contents-amd64; the Date of the release file is written into the `source` field).
//
// Reproduce, as root on a Debian bookworm machine (or container) with the default sources:
//   apt-get update
//   apt-get install -y apt-file lz4       # apt-file configures apt to fetch Contents-*; lz4 is optional
//   apt-file update                       # downloads Contents-{all,amd64}.lz4 into /var/lib/apt/lists/
//   node server/scripts/generate-import-map.mjs
// The script reads /var/lib/apt/lists/*_dists_<release>_main_Contents-{all,amd64}[.lz4|.gz] (the
// -updates/-security suites are not read) through `/usr/lib/apt/apt-helper cat-file`, which
// decompresses what apt compressed. Node 20, builtins only.
//
// Rules:
// - Distribution: from the `*.dist-info` / `*.egg-info` name (`_` shown as `-`, dots and case kept).
// - Modules: identifier-named folders holding files, `*.py` and `*.so` directly in dist-packages;
//   not __pycache__, metadata folders, `.pth`, tests/test/docs/examples and the like; names
//   starting with `_` only when a package ships nothing else. Packages without any metadata
//   folder (add-ons such as python3-pil.imagetk, gir1.2-* overrides) are not read.
// - A top-level name shipped by one distribution maps to it. A name shipped by several
//   distributions is a namespace (google, azure, zope, ...) when no package ships its
//   `__init__.py`, or when the distributions ship different things under it: then the next dotted
//   level is used (google.cloud.storage, at most three parts), so `google` alone maps to nothing.
//   Otherwise the distributions are alternatives and all of them are listed. A distribution named
//   like the folder that ships its `__init__.py` (breezy, Paste) owns it; the plugins that others
//   put inside are listed by their dotted name (paste.deploy -> PasteDeploy).
// - A Debian package holding several distributions (python3-azure holds dozens) gives only the
//   dotted names that match one of its distributions by name (azure.storage.blob -> azure-storage-blob).
// - Kept: entries whose import name is not the PEP 503-normalised distribution name with `-`
//   replaced by `_` (compared case-insensitively, as pip compares names), nor a dotted name under
//   a folder so named (poetry.console -> poetry: the folder already says it).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const LISTS = process.env.APT_LISTS ?? '/var/lib/apt/lists';
const PREFIX = 'usr/lib/python3/dist-packages/';
const OUTPUT = new URL('../src/analysis/knowledge/data/import-map.json', import.meta.url);
const MAX_DEPTH = 3;
/** Top-level names that are packaging mistakes, not something to import (`tests/` installed by accident). */
const SKIPPED = new Set(['tests', 'test', 'testing', 'docs', 'doc', 'examples', 'example', 'benchmarks', 'scripts', 'bin', 'share', 'debian', 'data', 'build', 'src', 'lib', 'utils', 'util', 'common', 'conftest', 'setup']);

const contents = readdirSync(LISTS).filter((name) => /_dists_[a-z]+_main_Contents-(all|amd64)(\.lz4|\.gz|\.xz)?$/.test(name)).sort();
if (contents.length === 0) {
  console.error(`No Contents index under ${LISTS}: run \`apt-get update && apt-get install -y apt-file && apt-file update\` (as root) first.`);
  process.exit(2);
}
const release = contents[0].match(/_dists_([a-z]+)_main_/)[1];
const inRelease = join(LISTS, contents[0].replace(/_main_Contents-.*$/, '_InRelease'));
const releaseFields = existsSync(inRelease) ? readFileSync(inRelease, 'utf8') : '';
const releaseVersion = /^Version: (.+)$/m.exec(releaseFields)?.[1] ?? 'unknown';
const releaseDate = /^Date: (.+)$/m.exec(releaseFields)?.[1] ?? 'unknown';

/** Debian package -> { distributions: Set<string>, files: string[][] (path parts under dist-packages) } */
const packages = new Map();
for (const file of contents) {
  const text = execFileSync('/usr/lib/apt/apt-helper', ['cat-file', join(LISTS, file)], { maxBuffer: 2 ** 31 - 1 }).toString('utf8');
  for (const line of text.split('\n')) {
    if (!line.startsWith(PREFIX)) continue;
    const match = /^(\S+)\s+(\S+)$/.exec(line);
    if (!match) continue;
    const parts = match[1].slice(PREFIX.length).split('/');
    for (const owner of match[2].split(',')) {
      const name = owner.split('/').pop();
      if (!packages.has(name)) packages.set(name, { distributions: new Set(), files: [] });
      const entry = packages.get(name);
      const info = /^(.+?)-[0-9][^/]*\.(dist|egg)-info$/.exec(parts[0]) ?? /^(.+?)\.(dist|egg)-info$/.exec(parts[0]);
      if (info) entry.distributions.add(info[1].replace(/_/g, '-'));
      else entry.files.push(parts);
    }
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Module of a file as path parts (`yaml/__init__.py` -> ['yaml'], `six.py` -> ['six'], `_yaml.cpython-311-x86_64-linux-gnu.so` -> ['_yaml']), or undefined. */
function moduleOf(parts) {
  let module;
  if (parts.length === 1) {
    const file = parts[0];
    if (file.endsWith('.py')) module = [file.slice(0, -3)];
    else if (/\.so$/.test(file)) module = [file.split('.')[0]];
    else return undefined;
  } else {
    module = parts.slice(0, -1); // the folders holding the file are the packages
  }
  if (module.some((part) => part === '__pycache__' || !IDENTIFIER.test(part))) return undefined;
  return module;
}

/**
 * For every dotted prefix (up to MAX_DEPTH parts): which owners ship something under it (an owner is
 * a distribution, or a Debian package holding several), what each ships there, and whether any
 * ships the prefix's `__init__.py`.
 */
const prefixes = new Map(); // prefix -> { owners: Map<owner, Set<string> (files under it)>, init: Set<owner> }
const shipped = []; // { debianPackage, distributions: string[], owner, modules: Set<prefix> }
for (const [debianPackage, entry] of packages) {
  // Packages without metadata are add-ons or split-off halves of another package
  // (python3-pil.imagetk, python3-sklearn-lib, gir1.2-* overrides in gi/): they name nothing.
  if (entry.distributions.size === 0) continue;
  const owner = entry.distributions.size === 1 ? [...entry.distributions][0] : `debian:${debianPackage}`;
  const modules = entry.files.map((parts) => ({ parts, module: moduleOf(parts) })).filter(({ module }) => module && !SKIPPED.has(module[0]));
  const publicOnly = modules.filter(({ module }) => !module[0].startsWith('_'));
  const kept = publicOnly.length > 0 ? publicOnly : modules;
  const own = new Set();
  for (const { parts, module } of kept) {
    for (let depth = 1; depth <= Math.min(MAX_DEPTH, module.length); depth++) {
      // Below the top level: no private or test sub-packages (`h5py._debian_h5py_mpi`, `foo.tests`).
      if (depth > 1 && (module[depth - 1].startsWith('_') || SKIPPED.has(module[depth - 1]))) break;
      const prefix = module.slice(0, depth).join('.');
      if (!prefixes.has(prefix)) prefixes.set(prefix, { owners: new Map(), init: new Set() });
      const info = prefixes.get(prefix);
      if (!info.owners.has(owner)) info.owners.set(owner, new Set());
      info.owners.get(owner).add(parts.slice(depth).join('/') || parts.join('/'));
      if (parts.length === depth + 1 && parts[depth] === '__init__.py') info.init.add(owner);
      own.add(prefix);
    }
  }
  shipped.push({ debianPackage, distributions: [...entry.distributions], owner, modules: own });
}

/** Several owners under one prefix: a namespace (descend) or alternatives of one module (list all)? */
function isNamespace(prefix) {
  const info = prefixes.get(prefix);
  if (info.init.size === 0) return true;
  // pkgutil-style namespaces ship their own __init__.py; alternatives ship largely the same files.
  const [first, ...rest] = [...info.owners.values()];
  return rest.every((files) => [...files].filter((file) => first.has(file) && file !== '__init__.py').length === 0);
}

/** The distribution named like the package that others put plugins into (breezy, Paste): it owns the name. */
function isHost(prefix, owner) {
  return prefixes.get(prefix).init.has(owner) && normalize(owner) === normalize(prefix);
}

const normalize = (name) => name.toLowerCase().replace(/[-_.]+/g, '-');
/** `requests` for requests; also `poetry.console` for poetry (a dotted name under a folder named like the distribution). */
const isNameMatch = (module, distribution) => {
  const name = normalize(distribution).replace(/-/g, '_');
  const parts = module.toLowerCase().split('.');
  return parts.some((_, index) => parts.slice(0, index + 1).join('.') === name);
};
const modules = {};
const add = (module, distribution) => {
  if (!isNameMatch(module, distribution)) (modules[module] ??= new Set()).add(distribution);
};

for (const { distributions, owner, modules: own } of shipped) {
  if (distributions.length > 1) {
    // Which module is whose is unknown; only names that spell a distribution's name are sure.
    for (const prefix of own) {
      if (!prefix.includes('.')) continue;
      const distribution = distributions.find((name) => normalize(name) === normalize(prefix));
      if (distribution && prefixes.get(prefix).owners.size === 1) add(prefix, distribution);
    }
    continue;
  }
  for (const prefix of own) {
    const info = prefixes.get(prefix);
    const parent = prefix.includes('.') ? prefix.slice(0, prefix.lastIndexOf('.')) : undefined;
    // Only the first level at which the name is this distribution's alone (or a real conflict).
    if (parent && !(prefixes.get(parent).owners.size > 1 && isNamespace(parent) && !isHost(parent, owner))) continue;
    if (info.owners.size === 1 || isHost(prefix, owner)) add(prefix, owner);
    else if (!isNamespace(prefix)) {
      for (const other of info.owners.keys()) if (!other.startsWith('debian:')) add(prefix, other);
    }
    // A namespace still shared at MAX_DEPTH parts (plugin folders of another package) names nothing.
  }
}

const sorted = Object.fromEntries(
  Object.entries(modules)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([module, names]) => [module, [...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))]),
);
writeFileSync(OUTPUT, `${JSON.stringify({
  source: `Generated by server/scripts/generate-import-map.mjs from Debian ${releaseVersion} "${release}" main Contents-all and Contents-amd64 (release file dated ${releaseDate}): the usr/lib/python3/dist-packages/ files of each package, named after its *.dist-info/*.egg-info. Only import names that differ from the distribution's normalised name are kept. Generated ${new Date().toISOString().slice(0, 10)}.`,
  modules: sorted,
}, null, 0)}\n`);
console.log(`${Object.keys(sorted).length} import names from ${shipped.filter((entry) => entry.distributions.length > 0).length} packages (Debian ${releaseVersion} ${release}, ${releaseDate})`);

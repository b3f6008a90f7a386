// Generates the packaging tables in server/src/analysis/knowledge/data/ (read by
// server/src/analysis/knowledge/packaging-tables.ts):
//
//   packaging-distributions.json  distribution -> the modules it provides and the distributions it
//                                 installs (its dependencies), each fact with the sources that say so
//                                 (the accessor inverts it into module -> distributions at load; the
//                                 inverse is not stored twice)
//   packaging-namespaces.json     namespace roots: dotted names several distributions install into
//                                 (google, google.cloud, azure, airflow.providers, ...), never a provider
//   packaging-airflow.json        per Airflow minor line: apache-airflow's own dependencies (direct,
//                                 pre-installed providers) and their closure
//
// Every input is pinned (PINS below); the output has no timestamp other than the pinned sources' own
// dates, and keys and lists are sorted, so a re-run on the same inputs is byte-identical. The script
// refuses to run on other input versions: change PINS on purpose, then review the diff.
//
// Sources (one letter each; every fact in the tables carries the letters of its sources):
//   d  Debian 12 "bookworm" main, read completely: Contents-all + Contents-amd64 (the files of every
//      package under usr/lib/python3/dist-packages/) and the amd64 Packages index (Source: names the
//      source package, so split binaries such as python3-gridfs / python3-bson belong to pymongo;
//      Depends: gives the dependencies). A package's *.dist-info / *.egg-info folder names its
//      distribution; a package without one is named by dh-python's table (h) or by its Source's siblings.
//   h  dh-python's PyPI-name fallback table, dist/cpython3_fallback of the dh-python package
//      (PyPI distribution -> Debian package).
//   p  npm `pyodide`: pyodide-lock.json lists per package the top-level import names of the built
//      wheel and its dependencies.
//   t  npm `pyright`: dist/typeshed-fallback/stubs/<Distribution>/ holds the stub folders of that
//      distribution's modules.
//   a  Apache Airflow's own build files at one tag per minor line (setup.py / setup.cfg /
//      pyproject.toml / hatch_build.py: install_requires and pre-installed providers;
//      generated/provider_dependencies.json: the providers and their dependencies).
//   o  the curated overlay, server/scripts/packaging-overlay.json: every entry with its own source.
//
// How modules are assigned: every file-based source (d, t) gives each distribution a set of dotted
// module paths. A dotted name under which distributions ship different things (their sub-names do not
// overlap) is a namespace root: it names no one, and the next level is looked at (google ->
// google.cloud -> google.cloud.storage). Distributions that ship the same sub-names under a name are
// alternatives of one module (psycopg2 / psycopg2-binary) and all of them provide it. The overlay adds
// roots the sources cannot see (airflow.providers, dbt.adapters, ...). Pyodide gives only top-level
// names; one that is a namespace root (protobuf -> `google`) says nothing and is dropped.
//
// Reproduce (as root on any Debian bookworm machine or container; only Debian's archive, the npm
// registry and a clone of Airflow with its release tags are read):
//   apt-get update && apt-get install -y apt-file && apt-file update
//   AIRFLOW_GIT=/path/to/airflow/.git node server/scripts/generate-packaging.mjs
// Environment: APT_LISTS (default /var/lib/apt/lists), AIRFLOW_GIT (a clone of apache/airflow or a
// fork with the tags in PINS.airflow; default: the mirror this project was generated from),
// PACKAGING_CACHE (where npm pack / apt-get download put their files; default a fresh temp folder).
// Node 20, builtins only; also runs `npm pack`, `apt-get download`, `dpkg-deb`, `tar` and `git`.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PINS = {
  debian: { codename: 'bookworm', version: '12.15', date: 'Sat, 11 Jul 2026 10:16:37 UTC' },
  dhPython: '5.20230130+deb12u1',
  pyodide: '314.0.8',
  pyright: '1.1.414',
  // The newest tag of each minor line in the clone; 2.10.5 and 2.11 exist there only as the
  // arenadata fork's tags (their build files are read as the fork has them).
  airflow: {
    '1.10': '1.10.15', '2.0': '2.0.2', '2.1': '2.1.4', '2.2': '2.2.5', '2.3': '2.3.4', '2.4': '2.4.3',
    '2.5': '2.5.3', '2.6': '2.6.3', '2.7': '2.7.3', '2.8': '2.8.4', '2.9': '2.9.3', '2.10': '2.10.3',
    '2.11': '2.11.1_arenadata1',
  },
};

const LISTS = process.env.APT_LISTS ?? '/var/lib/apt/lists';
const AIRFLOW_GIT = process.env.AIRFLOW_GIT ?? '/work/.mirror/arenadata+airflow/repo';
const CACHE = process.env.PACKAGING_CACHE ?? mkdtempSync(join(tmpdir(), 'packaging-'));
mkdirSync(CACHE, { recursive: true });
const OUT = new URL('../src/analysis/knowledge/data/', import.meta.url);
const OVERLAY = JSON.parse(readFileSync(new URL('./packaging-overlay.json', import.meta.url), 'utf8'));
const PREFIX = 'usr/lib/python3/dist-packages/';
const MAX_DEPTH = 5;
/** Top-level names that are packaging mistakes (`tests/` installed by accident), not something to import. */
const SKIPPED = new Set(['tests', 'test', 'testing', 'docs', 'doc', 'examples', 'example', 'benchmarks', 'benchmark', 'scripts', 'bin', 'share', 'debian', 'data', 'build', 'src', 'lib', 'utils', 'util', 'common', 'conftest', 'setup', 'tools', 'demo', 'demos', 'samples', 'site', 'sitecustomize', 'usercustomize']);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const normalize = (name) => name.toLowerCase().replace(/[-_.]+/g, '-');
const compact = (name) => normalize(name).replace(/-/g, '');
const byCodePoint = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const sortedObject = (object, value = (v) => v) => Object.fromEntries(Object.keys(object).sort(byCodePoint).map((key) => [key, value(object[key])]));
const sh = (command, args, options = {}) => execFileSync(command, args, { maxBuffer: 2 ** 31 - 1, ...options });
const sha256 = (path) => createHash('sha256').update(readFileSync(path)).digest('hex');
const fail = (message) => {
  console.error(message);
  process.exit(2);
};

// ---------------------------------------------------------------------------------------------
// Facts: distribution (normalised) -> modules / requires, each with a set of source letters.
const facts = new Map(); // norm -> { names: Map<displayName, rank>, modules: Map<module, Set<letter>>, requires: Map<norm, Set<letter>> }
const distribution = (name) => {
  const key = normalize(name);
  if (!facts.has(key)) facts.set(key, { names: new Map(), modules: new Map(), requires: new Map() });
  return facts.get(key);
};
/** Display names: typeshed's folder, then Debian's metadata folder, then pyodide's, then dh-python's. */
const NAME_RANK = { t: 0, o: 1, d: 2, a: 3, p: 4, h: 5 };
const nameDistribution = (name, letter) => {
  const entry = distribution(name);
  entry.names.set(name, Math.min(entry.names.get(name) ?? 9, NAME_RANK[letter]));
  return entry;
};
/** `naming`: the letter whose rank `name` gets as a display name (undefined: `name` is only a key). */
const addModule = (name, module, letter, naming = letter) => {
  const modules = (naming === undefined ? distribution(name) : nameDistribution(name, naming)).modules;
  if (!modules.has(module)) modules.set(module, new Set());
  modules.get(module).add(letter);
};
const addRequire = (name, dependency, letter) => {
  if (normalize(name) === normalize(dependency)) return;
  nameDistribution(dependency, letter);
  const requires = nameDistribution(name, letter).requires;
  const key = normalize(dependency);
  if (!requires.has(key)) requires.set(key, new Set());
  requires.get(key).add(letter);
};
const stats = {};

// ---------------------------------------------------------------------------------------------
// Debian: Contents (files), Packages (Source, Depends), dh-python fallback.
const listFiles = readdirSync(LISTS);
const listFile = (pattern, what) => {
  const found = listFiles.filter((name) => pattern.test(name)).sort();
  if (found.length === 0) fail(`No ${what} under ${LISTS}: run \`apt-get update && apt-get install -y apt-file && apt-file update\` (as root) first.`);
  return found;
};
const { codename } = PINS.debian;
const contentsFiles = listFile(new RegExp(`_dists_${codename}_main_Contents-(all|amd64)(\\.lz4|\\.gz|\\.xz)?$`), `${codename} main Contents index`);
const [packagesFile] = listFile(new RegExp(`_dists_${codename}_main_binary-amd64_Packages(\\.lz4|\\.gz|\\.xz)?$`), `${codename} main Packages index`);
const [inReleaseFile] = listFile(new RegExp(`_dists_${codename}_InRelease$`), `${codename} InRelease`);
const inRelease = readFileSync(join(LISTS, inReleaseFile), 'utf8');
const releaseVersion = /^Version: (.+)$/m.exec(inRelease)?.[1];
const releaseDate = /^Date: (.+)$/m.exec(inRelease)?.[1];
if (releaseVersion !== PINS.debian.version || releaseDate !== PINS.debian.date) {
  fail(`Debian ${codename} is ${releaseVersion} of ${releaseDate} here; the tables are pinned to ${PINS.debian.version} of ${PINS.debian.date}. Update PINS.debian on purpose and review the diff.`);
}
const catFile = (name) => sh('/usr/lib/apt/apt-helper', ['cat-file', join(LISTS, name)]).toString('utf8');
/** Decompressed text of each list file read, checked against the sha256 the signed release file lists for it. */
const digests = new Map();
const readList = (name) => {
  const text = catFile(name);
  const path = `main/${name.replace(/^.*_main_/, '').replace(/\.(lz4|gz|xz)$/, '').replace(/_/g, '/')}`;
  const digest = createHash('sha256').update(text).digest('hex');
  const listed = inRelease.split('\n').map((line) => line.trim().split(/\s+/)).find((fields) => fields.length === 3 && fields[0].length === 64 && fields[2] === path);
  if (!listed || listed[0] !== digest) fail(`${name}: sha256 ${digest} is not the one the release file lists for ${path} (${listed?.[0]})`);
  digests.set(name, `${path} sha256:${digest}`);
  return text;
};
const releaseDigest = (name) => digests.get(name);

/** Debian package -> { dists: Set<name>, paths: Set<dotted module path> } */
const debPackages = new Map();
const debPackage = (name) => {
  if (!debPackages.has(name)) debPackages.set(name, { dists: new Set(), paths: new Set() });
  return debPackages.get(name);
};
/** Dotted module paths of a file under dist-packages: `a/b/c.py` -> a, a.b, a.b.c (a package path for each folder). */
function modulePaths(parts) {
  const file = parts[parts.length - 1];
  let leaf;
  if (file.endsWith('.py') || file.endsWith('.pyi')) leaf = file.replace(/\.pyi?$/, '');
  else if (file.endsWith('.so') || file.endsWith('.pyd')) leaf = file.split('.')[0];
  else if (parts.length === 1) return [];
  const names = parts.slice(0, -1);
  if (leaf !== undefined && leaf !== '__init__') names.push(leaf);
  if (names.length === 0 || names.some((part) => !IDENTIFIER.test(part) || part === '__pycache__')) return [];
  if (SKIPPED.has(names[0])) return [];
  const paths = [];
  for (let depth = 1; depth <= Math.min(names.length, MAX_DEPTH + 1); depth++) paths.push(names.slice(0, depth).join('.'));
  return paths;
}
for (const file of contentsFiles) {
  for (const line of readList(file).split('\n')) {
    if (!line.startsWith(PREFIX)) continue;
    const match = /^(\S+)\s+(\S+)$/.exec(line);
    if (!match) continue;
    const parts = match[1].slice(PREFIX.length).split('/');
    const info = /^(.+?)-[0-9][^/]*\.(dist|egg)-info$/.exec(parts[0]) ?? /^(.+?)\.(dist|egg)-info$/.exec(parts[0]);
    for (const owner of match[2].split(',')) {
      const entry = debPackage(owner.split('/').pop());
      // Debian-made metadata names of split builds (h5py._debian_h5py_mpi) belong to the distribution before `-debian-`.
      if (info) entry.dists.add(info[1].replace(/_/g, '-').replace(/[.-]+debian[.-].*$/i, ''));
      else for (const path of modulePaths(parts)) entry.paths.add(path);
    }
  }
}

// Packages index: Source and Depends of every binary package.
const debSource = new Map();
const debDepends = new Map();
for (const stanza of readList(packagesFile).split('\n\n')) {
  const name = /^Package: (.+)$/m.exec(stanza)?.[1];
  if (!name) continue;
  debSource.set(name, (/^Source: (\S+)/m.exec(stanza)?.[1] ?? name));
  const depends = /^Depends: (.+)$/m.exec(stanza)?.[1];
  if (depends) {
    // Alternatives (`a | b`) install one of several: not a sure dependency, left out.
    debDepends.set(name, depends.split(',').map((group) => group.trim()).filter((group) => !group.includes('|')).map((group) => group.split(/[\s:(]/)[0]));
  }
}

// dh-python's fallback table: PyPI name -> Debian package.
const dhDir = join(CACHE, 'dh-python');
if (!existsSync(join(dhDir, 'usr/share/dh-python/dist/cpython3_fallback'))) {
  sh('apt-get', ['download', `dh-python=${PINS.dhPython}`], { cwd: CACHE, stdio: 'ignore' });
  const deb = readdirSync(CACHE).find((name) => name.startsWith('dh-python_') && name.endsWith('.deb'));
  if (!deb) fail(`apt-get download dh-python=${PINS.dhPython} gave no package`);
  sh('dpkg-deb', ['-x', join(CACHE, deb), dhDir]);
}
const dhDebFile = readdirSync(CACHE).find((name) => name.startsWith('dh-python_') && name.endsWith('.deb'));
const fallback = new Map(); // Debian package -> [PyPI names]
for (const line of readFileSync(join(dhDir, 'usr/share/dh-python/dist/cpython3_fallback'), 'utf8').split('\n')) {
  const [pypi, deb] = line.trim().split(/\s+/);
  if (!pypi || !deb || pypi.startsWith('#')) continue;
  if (!fallback.has(deb)) fallback.set(deb, []);
  fallback.get(deb).push(pypi);
}

// Name each Debian package that ships modules: its metadata folder, else dh-python's table, else the
// single distribution of its Source's other binaries (python3-gridfs, python3-bson -> pymongo).
const debNames = new Map(); // package -> { dists: [names], letter }
const bySource = new Map();
for (const [name, entry] of debPackages) {
  if (entry.dists.size > 0) {
    const source = debSource.get(name) ?? name;
    if (!bySource.has(source)) bySource.set(source, new Set());
    for (const dist of entry.dists) bySource.get(source).add(dist);
  }
}
stats.debianPackages = 0;
stats.debianNamedBy = { metadata: 0, dhPython: 0, source: 0, unnamed: 0 };
for (const [name, entry] of debPackages) {
  if (entry.paths.size === 0) continue;
  stats.debianPackages++;
  if (entry.dists.size > 0) {
    debNames.set(name, { dists: [...entry.dists].sort(byCodePoint), how: 'metadata' });
    stats.debianNamedBy.metadata++;
    continue;
  }
  const fromFallback = fallback.get(name);
  if (fromFallback) {
    debNames.set(name, { dists: [...new Set(fromFallback.map((pypi) => pypi.replace(/_/g, '-')))].sort(byCodePoint), how: 'dhPython' });
    stats.debianNamedBy.dhPython++;
    continue;
  }
  const siblings = bySource.get(debSource.get(name) ?? name);
  if (siblings && new Set([...siblings].map(normalize)).size === 1) {
    debNames.set(name, { dists: [[...siblings][0]], how: 'source' });
    stats.debianNamedBy.source++;
    continue;
  }
  stats.debianNamedBy.unnamed++;
}

// ---------------------------------------------------------------------------------------------
// typeshed stubs in pyright.
const npmPack = (spec) => {
  const [pkg, version] = spec.split('@');
  const dir = join(CACHE, `${pkg}-${version}`);
  const tarball = join(CACHE, `${pkg}-${version}.tgz`);
  if (!existsSync(tarball)) sh('npm', ['pack', spec, '--pack-destination', CACHE, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (!existsSync(join(dir, 'package'))) {
    mkdirSync(dir, { recursive: true });
    sh('tar', ['xzf', tarball, '-C', dir]);
  }
  const manifest = JSON.parse(readFileSync(join(dir, 'package', 'package.json'), 'utf8'));
  if (manifest.version !== version) fail(`npm pack ${spec} gave version ${manifest.version}`);
  return { dir: join(dir, 'package'), sha256: sha256(tarball) };
};
const pyright = npmPack(`pyright@${PINS.pyright}`);
const stubsDir = join(pyright.dir, 'dist', 'typeshed-fallback', 'stubs');
/** Owner (normalised distribution, or `deb:<package>` for a Debian package holding several) -> Map<path, Set<letter>> */
const owners = new Map();
const ownerPath = (owner, path, letter) => {
  if (!owners.has(owner)) owners.set(owner, new Map());
  const paths = owners.get(owner);
  if (!paths.has(path)) paths.set(path, new Set());
  paths.get(path).add(letter);
};
const walk = (dir, parts, visit) => {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => byCodePoint(a.name, b.name))) {
    if (entry.name.startsWith('@') || entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) walk(join(dir, entry.name), [...parts, entry.name], visit);
    else visit([...parts, entry.name]);
  }
};
stats.typeshedDistributions = 0;
for (const stub of readdirSync(stubsDir).sort(byCodePoint)) {
  if (!statSync(join(stubsDir, stub)).isDirectory()) continue;
  stats.typeshedDistributions++;
  nameDistribution(stub, 't');
  walk(join(stubsDir, stub), [], (parts) => {
    if (parts.length === 1 && !parts[0].endsWith('.pyi')) return; // METADATA.toml
    for (const path of modulePaths(parts)) ownerPath(normalize(stub), path, 't');
  });
}
for (const [name, { dists }] of debNames) {
  const entry = debPackages.get(name);
  const owner = dists.length === 1 ? normalize(dists[0]) : `deb:${name}`;
  if (dists.length === 1) nameDistribution(dists[0], 'd');
  for (const path of entry.paths) ownerPath(owner, path, 'd');
}

// ---------------------------------------------------------------------------------------------
// Namespace roots and module assignment.
const forcedRoots = new Map(Object.entries(OVERLAY.namespaceRoots)); // root -> source text
const roots = new Map(); // root -> Set<letter>
/** Owner -> immediate children under `prefix` ('' when it ships `prefix` itself as a plain module). */
const pathIndex = new Map(); // prefix -> Map<owner, Set<child>>
for (const [owner, paths] of owners) {
  for (const path of paths.keys()) {
    const parts = path.split('.');
    for (let depth = 1; depth <= parts.length; depth++) {
      const prefix = parts.slice(0, depth).join('.');
      if (!pathIndex.has(prefix)) pathIndex.set(prefix, new Map());
      const children = pathIndex.get(prefix);
      if (!children.has(owner)) children.set(owner, new Set());
      if (depth < parts.length) children.get(owner).add(parts[depth]);
    }
  }
}
const lettersUnder = (owner, prefix) => {
  const letters = new Set();
  for (const [path, pathLetters] of owners.get(owner)) if (path === prefix || path.startsWith(`${prefix}.`)) for (const letter of pathLetters) letters.add(letter);
  return letters;
};
const emitted = []; // [owner, module, letters]
/** Is `prefix` a namespace root, and is it because an owner's own name lives deeper (azure-kusto-data at azure.kusto)? */
function assign(prefix, depth) {
  const byOwner = pathIndex.get(prefix);
  const ownerNames = [...byOwner.keys()].sort(byCodePoint);
  const markRoot = (letters) => {
    if (!roots.has(prefix)) roots.set(prefix, new Set());
    for (const letter of letters) roots.get(prefix).add(letter);
  };
  const descend = () => {
    const children = new Set();
    for (const owner of ownerNames) for (const child of byOwner.get(owner)) children.add(child);
    for (const child of [...children].sort(byCodePoint)) assign(`${prefix}.${child}`, depth + 1);
  };
  const allLetters = () => {
    const letters = new Set();
    for (const owner of ownerNames) for (const letter of lettersUnder(owner, prefix)) letters.add(letter);
    return letters;
  };
  if (forcedRoots.has(prefix)) {
    markRoot([...allLetters(), 'o']);
    if (depth < MAX_DEPTH) descend();
    return;
  }
  if (ownerNames.length === 1) {
    const [owner] = ownerNames;
    const names = owner.startsWith('deb:') ? debNames.get(owner.slice(4)).dists.map(compact) : [compact(owner)];
    const here = compact(prefix);
    const paths = [...owners.get(owner).keys()];
    // The owner's name spells a deeper path than this one (azure.kusto holds azure-kusto-data's
    // azure.kusto.data; google.cloud holds google-cloud-ndb's google.cloud.ndb): this is a namespace.
    const deeper = names.filter((name) => name !== here && name.startsWith(here) && paths.some((path) => path.startsWith(`${prefix}.`) && compact(path) === name));
    const exact = names.includes(here);
    // A Debian package holding several distributions: the one whose name this is gets it, and the
    // others' names are looked for deeper (azure.storage.blob, then azure.storage.blob.changefeed).
    if (owner.startsWith('deb:')) {
      if (exact) emitted.push([owner, prefix, lettersUnder(owner, prefix)]);
      else if (deeper.length > 0) markRoot(lettersUnder(owner, prefix));
      if (depth < MAX_DEPTH && byOwner.get(owner).size > 0 && (!exact || deeper.length > 0)) descend();
      return;
    }
    if (depth < MAX_DEPTH && byOwner.get(owner).size > 0 && deeper.length > 0) {
      markRoot(lettersUnder(owner, prefix));
      descend();
      return;
    }
    emitted.push([owner, prefix, lettersUnder(owner, prefix)]);
    return;
  }
  // Union owners that ship a common child (or the name itself as a plain module, like pytest's py.py
  // shim beside the py package): one group means alternatives of one module, all of them provide it.
  const group = new Map(ownerNames.map((owner) => [owner, owner]));
  const find = (owner) => (group.get(owner) === owner ? owner : find(group.get(owner)));
  const firstByChild = new Map();
  const plain = ownerNames.filter((owner) => byOwner.get(owner).size === 0);
  for (const owner of ownerNames) {
    if (plain.length > 0) group.set(find(owner), find(plain[0]));
    for (const child of byOwner.get(owner)) {
      if (firstByChild.has(child)) group.set(find(owner), find(firstByChild.get(child)));
      else firstByChild.set(child, owner);
    }
  }
  if (new Set(ownerNames.map(find)).size === 1) {
    for (const owner of ownerNames) emitted.push([owner, prefix, lettersUnder(owner, prefix)]);
    return;
  }
  // A name still shared at MAX_DEPTH parts names nothing.
  markRoot(allLetters());
  if (depth < MAX_DEPTH) descend();
}
for (const prefix of [...pathIndex.keys()].filter((key) => !key.includes('.')).sort(byCodePoint)) assign(prefix, 1);
for (const root of forcedRoots.keys()) if (!roots.has(root)) roots.set(root, new Set(['o']));

// Emit: owners that are Debian packages holding several distributions give only the names that spell
// one of their distributions (azure.storage.blob -> azure-storage-blob).
stats.unassignedInMultiPackages = 0;
const owned = new Map(); // norm dist -> Map<module, Set<letter>> (before dropping private names)
for (const [owner, module, letters] of emitted) {
  let name = owner;
  if (owner.startsWith('deb:')) {
    const dists = debNames.get(owner.slice(4)).dists;
    name = dists.find((dist) => compact(dist) === compact(module));
    if (!name) {
      stats.unassignedInMultiPackages++;
      continue;
    }
  }
  if (!owned.has(normalize(name))) owned.set(normalize(name), { name, modules: new Map() });
  owned.get(normalize(name)).modules.set(module, letters);
}
for (const { name, modules } of owned.values()) {
  const isPrivate = (module) => module.split('.').some((part) => part.startsWith('_'));
  const publicOnly = [...modules.keys()].some((module) => !isPrivate(module));
  for (const [module, letters] of modules) {
    if (publicOnly && isPrivate(module)) continue;
    // `name` is a normalised owner (already named by its source) or a Debian metadata name.
    for (const letter of letters) addModule(name, module, letter, name === normalize(name) && facts.has(name) ? undefined : 'd');
  }
}

// Debian dependencies between packages that each name one distribution.
for (const [name, depends] of debDepends) {
  const from = debNames.get(name);
  if (!from || from.dists.length !== 1) continue;
  for (const dependency of depends) {
    const to = debNames.get(dependency);
    if (to && to.dists.length === 1) addRequire(from.dists[0], to.dists[0], 'd');
  }
}
// Packages whose metadata names them but which ship no modules (meta packages) still have Depends.
for (const [name, entry] of debPackages) {
  if (debNames.has(name) || entry.dists.size !== 1) continue;
  for (const dependency of debDepends.get(name) ?? []) {
    const to = debNames.get(dependency);
    if (to && to.dists.length === 1) addRequire([...entry.dists][0], to.dists[0], 'd');
  }
}

// ---------------------------------------------------------------------------------------------
// pyodide-lock.json: import names and dependencies.
const pyodide = npmPack(`pyodide@${PINS.pyodide}`);
const lock = JSON.parse(readFileSync(join(pyodide.dir, 'pyodide-lock.json'), 'utf8'));
const lockNames = new Map(Object.values(lock.packages).map((entry) => [normalize(entry.name), entry.name]));
stats.pyodide = { packages: 0, imports: 0, namespaceImportsDropped: [] };
for (const key of Object.keys(lock.packages).sort(byCodePoint)) {
  const entry = lock.packages[key];
  if (entry.package_type !== 'package' || (entry.imports ?? []).length === 0) continue; // shared libraries, unvendored tests
  stats.pyodide.packages++;
  nameDistribution(entry.name, 'p');
  for (const module of entry.imports) {
    if (roots.has(module)) {
      stats.pyodide.namespaceImportsDropped.push(`${entry.name}:${module}`);
      continue;
    }
    stats.pyodide.imports++;
    addModule(entry.name, module, 'p');
  }
  for (const dependency of entry.depends ?? []) {
    const target = lock.packages[dependency];
    if (target?.package_type === 'package') addRequire(entry.name, lockNames.get(normalize(dependency)) ?? dependency, 'p');
  }
}

// ---------------------------------------------------------------------------------------------
// Airflow: core dependencies per minor line, providers and their dependencies.
const git = (...args) => sh('git', ['--git-dir', AIRFLOW_GIT, ...args]).toString('utf8');
const gitShow = (tag, path) => {
  try {
    return sh('git', ['--git-dir', AIRFLOW_GIT, 'show', `${tag}:${path}`], { stdio: ['ignore', 'pipe', 'ignore'] }).toString('utf8');
  } catch {
    return undefined;
  }
};
const requirementName = (text) => /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(text)?.[1];
/** Quoted strings of the Python/TOML list literal that starts at `header` (comments skipped). */
const listLiteral = (text, header) => {
  const start = text?.search(header);
  if (start === undefined || start < 0) return undefined;
  const open = text.indexOf('[', start);
  let depth = 0;
  let end = open;
  for (; end < text.length; end++) {
    if (text[end] === '[') depth++;
    else if (text[end] === ']' && --depth === 0) break;
  }
  const body = text.slice(open + 1, end).split('\n').map((line) => line.replace(/#.*$/, '')).join('\n');
  if (/\bfor\b.+\bin\b/.test(body)) return undefined; // a comprehension, not a literal
  return [...body.matchAll(/(["'])(.*?)\1/g)].map((match) => match[2]);
};
const setupCfgRequires = (text) => {
  const block = /^install_requires\s*=\s*\n((?:[ \t]+.*\n|\s*\n)+)/m.exec(text ?? '')?.[1];
  return block?.split('\n').map((line) => line.replace(/#.*$/, '').trim()).filter(Boolean);
};
const airflowLines = {};
const providers = new Map(); // provider id -> { deps: Set<norm name>, tags: [] }
for (const [line, tag] of Object.entries(PINS.airflow)) {
  let commit;
  try {
    commit = git('rev-parse', `${tag}^{commit}`).trim();
  } catch {
    fail(`No tag ${tag} in ${AIRFLOW_GIT}: point AIRFLOW_GIT at a clone of Airflow with its release tags.`);
  }
  const hatch = gitShow(tag, 'hatch_build.py');
  const setupPy = gitShow(tag, 'setup.py');
  const candidates = [
    ['hatch_build.py', listLiteral(hatch, /^DEPENDENCIES = \[/m)],
    ['pyproject.toml', listLiteral(gitShow(tag, 'pyproject.toml'), /^dependencies = \[/m)],
    ['setup.cfg', setupCfgRequires(gitShow(tag, 'setup.cfg'))],
    ['setup.py', listLiteral(setupPy, /^INSTALL_REQUIREMENTS = \[/m)],
  ];
  const [file, requirements] = candidates.find(([, list]) => list && list.length > 0) ?? [];
  if (!requirements) fail(`No install requirements found at Airflow ${tag}`);
  const direct = [...new Set(requirements.map(requirementName).filter(Boolean).map(normalize))].sort(byCodePoint);
  const preinstalledText = gitShow(tag, 'airflow_pre_installed_providers.txt');
  const preinstalledIds =
    (preinstalledText && preinstalledText.split('\n').map((text) => text.trim()).filter((text) => text && !text.startsWith('#'))) ??
    listLiteral(hatch, /^PRE_INSTALLED_PROVIDERS = \[/m) ??
    listLiteral(hatch, /^PREINSTALLED_PROVIDERS = \[/m) ??
    listLiteral(setupPy, /^PREINSTALLED_PROVIDERS = \[/m) ??
    [];
  const preinstalled = preinstalledIds.map((id) => `apache-airflow-providers-${normalize(requirementName(id))}`).sort(byCodePoint);
  airflowLines[line] = { tag, commit, file, direct, preinstalledProviders: preinstalled };
  const providerFile = gitShow(tag, 'generated/provider_dependencies.json');
  if (providerFile) {
    for (const [id, info] of Object.entries(JSON.parse(providerFile))) {
      if (!providers.has(id)) providers.set(id, { deps: new Set(), tags: [] });
      const provider = providers.get(id);
      provider.tags.push(tag);
      for (const dependency of info.deps ?? []) {
        const name = requirementName(dependency);
        if (name) provider.deps.add(name);
      }
    }
  }
}
// apache-airflow's dependencies: those of the newest line (the closure per line is in packaging-airflow.json).
const newestLine = Object.keys(PINS.airflow).at(-1);
for (const dependency of [...airflowLines[newestLine].direct, ...airflowLines[newestLine].preinstalledProviders]) addRequire('apache-airflow', dependency, 'a');
addModule('apache-airflow', 'airflow', 'a');
for (const id of [...providers.keys()].sort(byCodePoint)) {
  const name = `apache-airflow-providers-${normalize(id)}`;
  addModule(name, `airflow.providers.${id}`, 'a');
  for (const dependency of [...providers.get(id).deps].sort(byCodePoint)) addRequire(name, dependency, 'a');
}

// ---------------------------------------------------------------------------------------------
// The curated overlay.
const ranges = {}; // norm dist -> { module: range }
for (const entry of OVERLAY.modules) {
  if (!entry.source) fail(`overlay entry for ${entry.module} has no source`);
  for (const name of entry.distributions) {
    addModule(name, entry.module, 'o');
    if (entry.versions) (ranges[normalize(name)] ??= {})[entry.module] = entry.versions;
  }
}
for (const entry of OVERLAY.requires) {
  if (!entry.source) fail(`overlay requires entry for ${entry.distribution} has no source`);
  for (const dependency of entry.requires) addRequire(entry.distribution, dependency, 'o');
}
for (const entry of OVERLAY.names ?? []) nameDistribution(entry, 'o');

// A module the overlay gives must not sit under a root it forgot, nor be a root itself.
for (const entry of OVERLAY.modules) if (roots.has(entry.module)) fail(`overlay maps the namespace root ${entry.module}`);

// ---------------------------------------------------------------------------------------------
// Write.
const letters = (set) => [...set].sort(byCodePoint).join('');
const displayName = (entry, key) => [...entry.names].sort(([a, ra], [b, rb]) => ra - rb || byCodePoint(a, b))[0]?.[0] ?? key;
/** `name/letters` items, space-separated, sorted: compact, and still one grep away. */
const encode = (map) => [...map].map(([name, set]) => `${name}/${letters(set)}`).sort(byCodePoint).join(' ');
const distributions = {};
const moduleCount = new Set();
for (const key of [...facts.keys()].sort(byCodePoint)) {
  const entry = facts.get(key);
  if (entry.modules.size === 0 && entry.requires.size === 0) continue;
  const name = displayName(entry, key);
  const record = {};
  if (name !== key) record.n = name;
  if (entry.modules.size > 0) record.m = encode(entry.modules);
  if (entry.requires.size > 0) record.r = encode(entry.requires);
  if (ranges[key]) record.v = sortedObject(ranges[key]);
  distributions[key] = record;
  for (const module of entry.modules.keys()) moduleCount.add(module);
}

const SOURCES = {
  d: `Debian ${PINS.debian.version} "${codename}" main, release file dated ${PINS.debian.date}: ${contentsFiles.map(releaseDigest).join(', ')} (files under ${PREFIX}) and ${releaseDigest(packagesFile)} (Source:, Depends:)`,
  h: `dh-python ${PINS.dhPython} (Debian package ${dhDebFile}, sha256:${sha256(join(CACHE, dhDebFile))}), dist/cpython3_fallback`,
  p: `npm pyodide@${PINS.pyodide} (tarball sha256:${pyodide.sha256}), pyodide-lock.json (Python ${lock.info.python}): imports and depends of each package`,
  t: `npm pyright@${PINS.pyright} (tarball sha256:${pyright.sha256}), dist/typeshed-fallback/stubs/<Distribution>/`,
  a: `Apache Airflow build files at tags ${Object.values(PINS.airflow).map((tag) => `${tag}=${airflowLines[Object.keys(PINS.airflow).find((line) => PINS.airflow[line] === tag)].commit.slice(0, 12)}`).join(', ')}: install_requires, pre-installed providers, generated/provider_dependencies.json`,
  o: 'server/scripts/packaging-overlay.json (curated; each entry names its own source)',
};
const header = (table, letterList, extra = {}) => ({
  generator: 'server/scripts/generate-packaging.mjs',
  table,
  sources: Object.fromEntries(letterList.map((letter) => [letter, SOURCES[letter]])),
  ...extra,
});
const write = (file, value) => {
  const text = `${JSON.stringify(value)}\n`;
  writeFileSync(new URL(file, OUT), text);
  return text.length;
};
mkdirSync(OUT, { recursive: true });
const sizes = {};
sizes.distributions = write('packaging-distributions.json', {
  ...header('distribution (PEP 503 name) -> n: display name when it differs; m: the modules it provides, r: the distributions it installs (its dependencies), each as `name/source letters`, space-separated; v: module -> the version range in which it provides it. The accessor builds module -> distributions from m at load.', ['d', 'h', 'p', 't', 'a', 'o']),
  distributions,
});
sizes.namespaces = write('packaging-namespaces.json', {
  ...header('namespace root -> sources that show several distributions installing under it (o: the overlay, whose entry gives its reason)', ['d', 't', 'o'], { overlay: sortedObject(Object.fromEntries(forcedRoots)) }),
  roots: sortedObject(Object.fromEntries([...roots].map(([root, set]) => [root, letters(set)]))),
});

// Airflow closure per line, over the d/p/a/o dependency facts (the newest Debian/pyodide dependencies
// of each name: an approximation of what pip installed for that line).
const requiresOf = (key) => [...(facts.get(key)?.requires.keys() ?? [])];
const closureOf = (start) => {
  const seen = new Set();
  const queue = [...start];
  while (queue.length > 0) {
    const next = queue.shift();
    if (seen.has(next)) continue;
    seen.add(next);
    for (const dependency of requiresOf(next)) if (dependency !== 'apache-airflow' && !seen.has(dependency)) queue.push(dependency);
  }
  return [...seen].sort(byCodePoint);
};
const lines = {};
for (const [line, info] of Object.entries(airflowLines)) {
  lines[line] = { ...info, closure: closureOf([...info.direct, ...info.preinstalledProviders]) };
}
sizes.airflow = write('packaging-airflow.json', {
  ...header('Airflow minor line -> tag, commit, file read, direct: install requirements of apache-airflow, preinstalledProviders, closure: direct + providers + what they install per packaging-distributions.json (d/p/a/o facts)', ['a', 'd', 'p', 'o']),
  lines,
});

stats.distributions = Object.keys(distributions).length;
stats.modules = moduleCount.size;
stats.roots = roots.size;
stats.pyodide.namespaceImportsDropped = stats.pyodide.namespaceImportsDropped.join(' ');
stats.bytes = sizes;
console.log(JSON.stringify(stats, null, 1));

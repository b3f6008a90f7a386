// Stage 2 of the Airflow release table: turns the facts read from Airflow's source at pinned tags
// (server/src/analysis/knowledge/data/airflow-facts.json, written by airflow-facts.mjs) and the
// hand-written facts about Airflow 3.x and the standard provider (airflow-hand-facts.json) into the
// runtime table server/src/analysis/knowledge/data/airflow-releases.json, which
// server/src/analysis/knowledge/airflow-releases.ts reads. Pure and fast: no git, no network.
//
// Usage (from the repository root):
//   node --import tsx server/scripts/airflow-table.ts           (rewrite the table)
//   node --import tsx server/scripts/airflow-table.ts --check   (compare, exit 1 if stale)
// test/unit/airflow-releases.test.ts runs the same build and compares bytes.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compareVersions } from '../src/analysis/knowledge/release-order.js';
import type { Cite, ClassFact, Fact, Facts, HandClass, HandFacts, Segment, Source } from './airflow-table-shapes.js';
export type { Facts, HandFacts, Cite } from './airflow-table-shapes.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const DATA = join(HERE, '..', 'src', 'analysis', 'knowledge', 'data');
export const FACTS_FILE = join(DATA, 'airflow-facts.json');
export const HAND_FILE = join(HERE, 'airflow-hand-facts.json');
export const TABLE_FILE = join(DATA, 'airflow-releases.json');

// ---------------------------------------------------------------------------------------------
// Helpers

/** Adjacent segments (in `order`) of the same key and scope with equal content become one; the first cite stays. */
function merge(segments: Segment[], order: readonly string[]): Segment[] {
  const position = (version: string) => {
    const index = order.indexOf(version);
    if (index === -1) throw new Error(`unknown version ${version}`);
    return index;
  };
  const content = (segment: Segment) => JSON.stringify(canonical({ ...segment, from: undefined, to: undefined, cite: undefined }));
  const out: Segment[] = [];
  const last = new Map<string, Segment>();
  for (const segment of segments) {
    const id = `${segment.scope ?? ''}\u0000${segment.key ?? ''}`;
    const previous = last.get(id);
    if (previous && position(previous.to) + 1 === position(segment.from) && content(previous) === content(segment)) {
      previous.to = segment.to;
      continue;
    }
    const copy = { ...segment };
    out.push(copy);
    last.set(id, copy);
  }
  return out;
}

const FIRST = ['key', 'scope', 'from', 'to'];
const LAST = ['cite'];
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    const rank = (key: string) => (FIRST.includes(key) ? FIRST.indexOf(key) - 100 : LAST.includes(key) ? 100 : 0);
    const keys = Object.keys(value).filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(keys.map((key) => [key, canonical((value as Record<string, unknown>)[key])]));
  }
  return value;
}

function handCite(entry: { source: string; basis: string; note?: string }, sources: Record<string, Source>): Cite {
  if (!sources[entry.source]) throw new Error(`unknown source ${entry.source}`);
  return entry.note ? { source: entry.source, basis: entry.basis, note: entry.note } : { source: entry.source, basis: entry.basis };
}

// ---------------------------------------------------------------------------------------------
// Build

export function buildReleaseTable(facts: Facts, hand: HandFacts): string {
  const tags = facts.pins.map((pin) => pin.tag);
  const versionOf = new Map(facts.pins.map((pin) => [pin.tag, pin.version]));
  const v = (tag: string) => {
    const version = versionOf.get(tag);
    if (!version) throw new Error(`unknown tag ${tag}`);
    return version;
  };
  const coreVersions = facts.pins.map((pin) => pin.version);
  const threeVersions = hand.airflow3.releases.map((release) => release.version);
  const releaseOrder = [...coreVersions, ...threeVersions];
  for (let index = 1; index < releaseOrder.length; index++) {
    if (compareVersions(releaseOrder[index - 1]!, releaseOrder[index]!) >= 0) throw new Error(`releases out of order at ${releaseOrder[index]}`);
  }
  const providerOrder = hand.providerReleases.map((release) => release.version);
  for (let index = 1; index < providerOrder.length; index++) {
    if (compareVersions(providerOrder[index - 1]!, providerOrder[index]!) >= 0) throw new Error(`provider releases out of order at ${providerOrder[index]}`);
  }
  const checkRange = (order: readonly string[], from: string, to: string, what: string) => {
    const a = order.indexOf(from);
    const b = order.indexOf(to);
    if (a === -1 || b === -1 || a > b) throw new Error(`${what}: bad range ${from}..${to}`);
  };

  /** The facts of one kind at one tag. */
  const at = <K extends Fact['kind']>(kind: K, tag: string): Extract<Fact, { kind: K }>[] => {
    const index = tags.indexOf(tag);
    return facts.facts.filter((fact) => fact.kind === kind && tags.indexOf(fact.from) <= index && index <= tags.indexOf(fact.to)) as Extract<Fact, { kind: K }>[];
  };

  // Classes --------------------------------------------------------------------------------
  const classes: Segment[] = [];
  const classSegment = (fact: ClassFact | HandClass, extra: { scope: string; from: string; to: string; cite: Cite }): Segment => {
    const deprecated: [string, string, string][] = [];
    const operatorFamily = fact.key !== 'BaseOperator';
    if (operatorFamily) for (const [param, warning, when] of fact.warns ?? []) deprecated.push([param, warning, when]);
    const accepted = (fact as ClassFact).kwargsPopped?.map((name) => [name, deprecated.find(([param]) => param === name)?.[1] ?? null]);
    return {
      key: fact.key,
      ...extra,
      bases: fact.bases,
      params: fact.init ? fact.init.params : null,
      keywordOnly: fact.init ? fact.init.keywordOnly : undefined,
      varKwargs: fact.init ? fact.init.varKwargs : undefined,
      kwargsAccepted: accepted?.length ? accepted : undefined,
      deprecated: deprecated.length ? deprecated : undefined,
      raises: fact.raises?.length ? fact.raises.map(([param, error, when]) => [param, error, when]) : undefined,
      templateFields: fact.templateFields,
      templateExt: fact.templateExt,
    };
  };
  for (const fact of facts.facts) {
    if (fact.kind !== 'class') continue;
    const symbol = fact.init ? `${fact.key}.__init__` : fact.key;
    classes.push(classSegment(fact, { scope: 'core', from: v(fact.from), to: v(fact.to), cite: { tag: fact.from, file: fact.file!, line: fact.init?.line ?? fact.line, symbol } }));
  }
  for (const fact of hand.airflow3.classes) {
    checkRange(threeVersions, fact.from, fact.to, fact.key);
    classes.push(classSegment(fact, { scope: 'sdk', from: fact.from, to: fact.to, cite: handCite(fact, hand.sources) }));
  }
  for (const fact of hand.providerClasses) {
    checkRange(providerOrder, fact.from, fact.to, fact.key);
    classes.push(classSegment(fact, { scope: 'provider', from: fact.from, to: fact.to, cite: handCite(fact, hand.sources) }));
  }
  sortSegments(classes, releaseOrder, providerOrder);
  checkOverlaps(classes, releaseOrder, providerOrder);

  // Modules ----------------------------------------------------------------------------------
  const modules: Segment[] = [];
  for (const fact of facts.facts) {
    if (fact.kind !== 'module') continue;
    modules.push({
      key: fact.key, scope: 'core', from: v(fact.from), to: v(fact.to),
      status: fact.status, exports: fact.exports, targets: fact.targets, warning: fact.warning,
      cite: fact.file
        ? { tag: fact.from, file: fact.file, line: fact.line }
        : { tag: fact.from, file: fact.key.replace(/\./g, '/'), note: 'neither this .py file nor this package is in the tree at this tag' },
    });
  }
  for (const fact of hand.airflow3.modules) {
    checkRange(threeVersions, fact.from, fact.to, fact.key);
    modules.push({ key: fact.key, scope: 'core', from: fact.from, to: fact.to, status: fact.status, exports: fact.exports, target: fact.target, cite: handCite(fact, hand.sources) });
  }
  const providerModuleExports = [...new Set(hand.providerClasses.map((c) => c.key).filter((name) => /^(Branch)?(PythonVirtualenv|ExternalPython|Python)Operator$/.test(name) || name === 'BranchExternalPythonOperator'))].sort();
  modules.push({
    key: 'airflow.providers.standard.operators.python', scope: 'provider', from: providerOrder[0]!, to: providerOrder.at(-1)!,
    status: 'module', exports: providerModuleExports,
    cite: { source: 'provider-python-newest', basis: 'code', note: 'the module of every provider release (provider-python-0.0.x for the first)' },
  });
  sortSegments(modules, releaseOrder, providerOrder);
  checkOverlaps(modules, releaseOrder, providerOrder);

  // Decorators -------------------------------------------------------------------------------
  let decorators: Segment[] = [];
  for (const tag of tags) {
    for (const fact of at('decorators', tag)) {
      for (const [name, decorator] of Object.entries(fact.decorators).sort(([a], [b]) => (a < b ? -1 : 1))) {
        decorators.push({
          key: name, scope: 'core', from: v(tag), to: v(tag), module: 'airflow.decorators',
          decoratedClass: decorator.decoratedClass, params: decorator.params, keywordOnly: decorator.keywordOnly,
          cite: { tag, file: decorator.file, line: decorator.line, symbol: decorator.via },
        });
      }
    }
  }
  decorators = merge(decorators, releaseOrder);
  for (const fact of hand.airflow3.decorators) {
    for (const decorator of hand.providerDecorators) {
      decorators.push({
        key: decorator.key, scope: 'sdk', from: fact.from, to: fact.to, modules: fact.modules, providerMin: fact.providerMin,
        cite: handCite(fact, hand.sources),
      });
    }
  }
  for (const decorator of hand.providerDecorators) {
    checkRange(providerOrder, decorator.from, decorator.to, decorator.key);
    decorators.push({
      key: decorator.key, scope: 'provider', from: decorator.from, to: decorator.to,
      decoratedClass: decorator.decoratedClass, params: decorator.params, keywordOnly: 'none',
      cite: handCite(decorator, hand.sources),
    });
  }
  sortSegments(decorators, releaseOrder, providerOrder);
  checkOverlaps(decorators, releaseOrder, providerOrder);

  const decoratorCalls: Segment[] = [];
  for (const fact of facts.facts) {
    if (fact.kind !== 'decoratorCall') continue;
    decoratorCalls.push({ scope: 'core', from: v(fact.from), to: v(fact.to), reserved: fact.reserved, cite: { tag: fact.from, file: fact.file!, line: fact.line } });
  }
  const call = hand.airflow3.decoratorCall;
  decoratorCalls.push({ scope: 'sdk', from: call.from, to: call.to, reserved: call.reserved, cite: handCite(call, hand.sources) });

  // Python versions ----------------------------------------------------------------------------
  let python: Segment[] = [];
  for (const tag of tags) {
    const [fact] = at('python', tag);
    if (!fact) throw new Error(`${tag}: no Python facts`);
    const version = v(tag);
    const readme = fact.readme?.[version];
    python.push(readme
      ? { from: version, to: version, versions: readme, basis: 'readme', requiresPython: fact.requiresPython?.value, cite: { tag, file: 'README.md', note: `Requirements table, column Stable version (${version})` } }
      : { from: version, to: version, versions: fact.classifiers, basis: 'classifiers', requiresPython: fact.requiresPython?.value, cite: { tag, file: fact.classifierFiles[0]!, note: 'Programming Language :: Python classifiers' } });
  }
  for (const line of threeVersions) {
    // A README of the fork that names a release of this line wins over the hand-written list.
    let found: { tag: string; release: string; versions: string[] } | undefined;
    for (const tag of tags) {
      for (const [release, versions] of Object.entries(at('python', tag)[0]?.readme ?? {})) {
        if (release.startsWith(`${line}.`) && (!found || compareVersions(release, found.release) > 0)) found = { tag, release, versions };
      }
    }
    const handEntry = hand.airflow3.python.find((entry) => entry.from === line);
    if (found) python.push({ from: line, to: line, versions: found.versions, basis: 'readme', cite: { tag: found.tag, file: 'README.md', note: `Requirements table, column Stable version (${found.release})` } });
    else if (handEntry) python.push({ from: line, to: line, versions: handEntry.versions, basis: 'readme', cite: handCite(handEntry, hand.sources) });
  }
  python = merge(python, releaseOrder);

  // Virtual environment creation -----------------------------------------------------------------
  let venv: Segment[] = [];
  for (const tag of tags) {
    const operator = at('class', tag).find((fact) => fact.key === 'PythonVirtualenvOperator');
    if (!operator) throw new Error(`${tag}: no PythonVirtualenvOperator`);
    const [utils] = at('venvCommand', tag);
    const command = operator.venvCommand ?? utils;
    if (!command) throw new Error(`${tag}: no venv command`);
    const file = operator.venvCommand ? operator.file! : utils!.file!;
    const pythonFlag = command.options.find(([option]) => option.startsWith('--python='));
    const creator = command.argv[0] === 'virtualenv' ? 'virtualenv' : command.argv.slice(0, 3).join(' ') === '{sys.executable} -m virtualenv' ? 'sys.executable -m virtualenv' : undefined;
    if (!creator) throw new Error(`${tag}: unknown venv command ${command.argv.join(' ')}`);
    const withVersion = operator.pythonBin ? operator.pythonBin.withVersion : pythonFlag?.[0].replace(/^--python=/, '') ?? null;
    const otherwise = operator.pythonBin ? operator.pythonBin.otherwise : null;
    venv.push({
      scope: 'core', from: v(tag), to: v(tag), creator, argv: command.argv, options: command.options.map(([option]) => option),
      pythonWithVersion: withVersion, pythonWithoutVersion: otherwise,
      needsVirtualenv: operator.venvInstallCheck?.checks ?? [],
      cite: { tag, file, line: command.line, symbol: command.function },
    });
  }
  venv = merge(venv, releaseOrder);
  for (const entry of hand.providerVenv) {
    checkRange(providerOrder, entry.from, entry.to, 'providerVenv');
    const operator = hand.providerClasses.filter((c) => c.key === 'PythonVirtualenvOperator' && c.pythonBin);
    const bin = operator.map((c) => c.pythonBin!).find(Boolean);
    if (!bin || operator.some((c) => JSON.stringify(c.pythonBin) !== JSON.stringify(bin))) throw new Error('provider python_bin differs between releases');
    venv.push({
      scope: 'provider', from: entry.from, to: entry.to, creator: entry.creator, argv: entry.argv, options: entry.options.map(([option]) => option),
      alternative: entry.alternative, pythonWithVersion: bin.withVersion, pythonWithoutVersion: bin.otherwise, needsVirtualenv: entry.needsVirtualenv,
      cite: handCite(entry, hand.sources),
    });
  }

  // Arguments: positional ones, unknown keywords ---------------------------------------------------
  let argumentsTable: Segment[] = [];
  for (const tag of tags) {
    const [positional] = at('positional', tag);
    const base = at('class', tag).find((fact) => fact.key === 'BaseOperator');
    if (!positional?.error || !base?.unknownKwargs) throw new Error(`${tag}: no positional / unknown-keyword facts`);
    const unknown = base.unknownKwargs;
    argumentsTable.push({
      scope: 'core', from: v(tag), to: v(tag),
      positional: positional.error,
      unknownKeyword: unknown.raises ?? unknown.warns,
      unknownKeywordRaises: Boolean(unknown.raises),
      optOut: unknown.optOut,
      cite: { tag, file: positional.file!, line: positional.line, symbol: positional.symbol, note: `unknown keywords: ${base.file}:${unknown.line} (BaseOperator.__init__)` },
    });
  }
  argumentsTable = merge(argumentsTable, releaseOrder);
  const sdkBase = hand.airflow3.classes.find((c) => c.key === 'BaseOperator');
  const positional3 = hand.airflow3.positional;
  argumentsTable.push({
    scope: 'core', from: positional3.from, to: positional3.to, positional: positional3.error,
    unknownKeyword: sdkBase?.unknownKwargs?.raises ?? null, unknownKeywordRaises: true, optOut: null,
    cite: handCite(positional3, hand.sources),
  });

  // Releases -------------------------------------------------------------------------------------
  const releases = [
    ...facts.pins.map((pin) => ({ version: pin.version, tag: pin.tag, commit: pin.commit })),
    ...hand.airflow3.releases.map((release) => ({ version: release.version, line: true, note: release.note })),
  ];
  const providerReleases = hand.providerReleases.map((release) => ({
    version: release.version, airflowMin: release.airflowMin, cite: handCite(release, hand.sources),
  }));
  const providerBehaviours = hand.providerBehaviours.map((behaviour) => {
    checkRange(providerOrder, behaviour.from, behaviour.from, behaviour.key);
    return { key: behaviour.key, from: behaviour.from, value: behaviour.value, before: behaviour.before, cite: handCite(behaviour, hand.sources) };
  });

  const sections: [string, unknown[]][] = [
    ['releases', releases],
    ['providerReleases', providerReleases],
    ['classes', classes],
    ['modules', modules],
    ['decorators', decorators],
    ['decoratorCalls', decoratorCalls],
    ['python', python],
    ['venv', venv],
    ['argumentPolicy', argumentsTable],
    ['providerBehaviours', providerBehaviours],
  ];
  const sources = Object.entries(hand.sources).sort(([a], [b]) => (a < b ? -1 : 1));
  const lines = [
    '{',
    `  "about": ${JSON.stringify('Airflow release table, generated by server/scripts/airflow-table.ts from airflow-facts.json (read from Airflow source at pinned tags) and airflow-hand-facts.json (Airflow 3.x and the standard provider). Do not edit: regenerate. Segments hold from/to inclusive over releases (scope core and sdk) or standard-provider releases (scope provider).')},`,
    '  "sources": {',
    sources.map(([name, source]) => `    ${JSON.stringify(name)}: ${JSON.stringify(canonical(source))}`).join(',\n'),
    '  },',
    ...sections.map(([name, items], index) => [
      `  ${JSON.stringify(name)}: [`,
      items.map((item) => `    ${JSON.stringify(canonical(item))}`).join(',\n'),
      `  ]${index === sections.length - 1 ? '' : ','}`,
    ].join('\n')),
    '}',
    '',
  ];
  return lines.join('\n');
}

/** Provider segments after the release ones; within a scope by key, then by start. */
function sortSegments(segments: Segment[], releaseOrder: readonly string[], providerOrder: readonly string[]): void {
  const scopeRank = (scope: unknown) => (scope === 'provider' ? 1 : 0);
  const start = (segment: Segment) => (segment.scope === 'provider' ? providerOrder : releaseOrder).indexOf(segment.from);
  segments.sort((a, b) => scopeRank(a.scope) - scopeRank(b.scope)
    || String(a.key).localeCompare(String(b.key), 'en')
    || start(a) - start(b));
}

function checkOverlaps(segments: Segment[], releaseOrder: readonly string[], providerOrder: readonly string[]): void {
  const seen = new Map<string, number>();
  for (const segment of segments) {
    const order = segment.scope === 'provider' ? providerOrder : releaseOrder;
    const id = `${segment.scope === 'provider' ? 'provider' : 'release'}\u0000${segment.key}`;
    const from = order.indexOf(segment.from);
    const to = order.indexOf(segment.to);
    if (from === -1 || to === -1 || from > to) throw new Error(`${segment.key}: bad range ${segment.from}..${segment.to}`);
    const previousEnd = seen.get(id);
    if (previousEnd !== undefined && from <= previousEnd) throw new Error(`${segment.key}: overlapping ranges at ${segment.from}`);
    seen.set(id, to);
  }
}

export function buildFromFiles(): string {
  const facts = JSON.parse(readFileSync(FACTS_FILE, 'utf8')) as Facts;
  const hand = JSON.parse(readFileSync(HAND_FILE, 'utf8')) as HandFacts;
  return buildReleaseTable(facts, hand);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = buildFromFiles();
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(TABLE_FILE, 'utf8');
    } catch {
      // missing: stale
    }
    if (committed !== text) {
      console.error(`${TABLE_FILE} is stale; run: node --import tsx server/scripts/airflow-table.ts`);
      process.exit(1);
    }
    console.log(`${TABLE_FILE} is up to date`);
  } else {
    writeFileSync(TABLE_FILE, text);
    console.log(`wrote ${TABLE_FILE}`);
  }
}

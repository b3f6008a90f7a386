/**
 * The fixtures under test/fixtures/ and what the analysis says of them (see test/unit/fixtures.test.ts
 * for the conventions).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import {
  applyEdits,
  runCrossTaskRules,
  type EnvironmentFacts,
  type Finding,
  type IndexFacts,
  type IndexFile,
  type LintConfig,
  type ProbeResult,
  type SourceText,
} from '../../server/src/analysis/index.js';
import { readProjectConfig } from '../../server/src/host/project-config.js';
import { lint } from './lint.js';

export const root = join(import.meta.dirname, '..', 'fixtures');
export const snapshots = join(import.meta.dirname, '..', 'snapshots');

export interface Fixture {
  /** `VENV301/fires_x.py` or `VENV212/fires_copies` (a folder). */
  name: string;
  code: string | undefined;
  path: string;
  files: string[];
}

/** The fixtures of a code folder (or `dags/`): `.py`/`.toml` files, and `fires_*`/`silent_*` folders. */
export function fixturesIn(directory: string): Fixture[] {
  const code = /^VENV\d+$/.test(directory) ? directory : undefined;
  return readdirSync(join(root, directory), { withFileTypes: true })
    .filter((entry) => (entry.isFile() && /\.(py|toml)$/.test(entry.name)) || (entry.isDirectory() && /^(fires|silent)_/.test(entry.name)))
    .map((entry) => {
      const path = join(root, directory, entry.name);
      const files = entry.isDirectory() ? readdirSync(path).filter((file) => file.endsWith('.py')).sort().map((file) => join(path, file)) : [path];
      return { name: `${directory}/${entry.name}`, code, path, files };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

function directiveOf<T>(texts: string[], directive: string): T | undefined {
  for (const text of texts) {
    const match = new RegExp(`#\\s*${directive}:\\s*(\\{.*\\})\\s*$`, 'm').exec(text);
    if (match) return JSON.parse(match[1]!) as T;
  }
  return undefined;
}

function configOf(fixture: Fixture, texts: string[], allRules: boolean): LintConfig {
  const config = directiveOf<LintConfig>(texts, 'fixture-config') ?? {};
  if (config.constraintsFile) config.constraintsFile = join(dirname(fixture.files[0]!), config.constraintsFile);
  // Only the folder's rule runs; a fixture may select others beside it (VENV002 judges their `# noqa`).
  if (fixture.code && !allRules) config.select = config.select ?? [fixture.code];
  return config;
}

interface Facts {
  interpreters?: Record<string, ProbeResult>;
  /** What "Build Task Environment" learnt, for every task whose venv can be built from its text. */
  environment?: EnvironmentFacts;
  learnedModules?: Record<string, string[]>;
  index?: Record<string, { index: string; releases: Record<string, IndexFile[]> }>;
}

function factsOf(texts: string[]) {
  const facts = directiveOf<Facts>(texts, 'fixture-facts') ?? {};
  const index = new Map<string, IndexFacts>(Object.entries(facts.index ?? {}).map(([name, entry]) => [name, { index: entry.index, releases: new Map(Object.entries(entry.releases)) }]));
  return {
    ...(facts.interpreters ? { interpreters: (command: string) => facts.interpreters![command] } : {}),
    ...(facts.index ? { index: (name: string) => index.get(name) } : {}),
    ...(facts.environment ? { environments: () => facts.environment } : {}),
    ...(facts.learnedModules ? { learnedModules: facts.learnedModules } : {}),
  };
}

/**
 * The findings of a fixture, with the texts they may point into (the fixture's and the files it read).
 * `overrides`: texts that stand in for files on disk (a fixture after a fix, test/unit/fix-outcomes.test.ts);
 * `allRules`: every rule runs, as with a default configuration, not only the fixture folder's.
 */
export async function findingsOf(fixture: Fixture, overrides: ReadonlyMap<string, string> = new Map(), allRules = false): Promise<{ findings: Finding[]; texts: Map<string, string>; internalErrors: string[] }> {
  const texts = new Map(fixture.files.map((path) => [path, overrides.get(path) ?? readFileSync(path, 'utf8')]));
  if (fixture.path.endsWith('.toml')) {
    const text = texts.get(fixture.path)!;
    return { findings: readProjectConfig(fixture.path, text).findings, texts, internalErrors: [] };
  }
  const config = configOf(fixture, [...texts.values()], allRules);
  const facts = factsOf([...texts.values()]);
  const findings: Finding[] = [];
  const internalErrors: string[] = [];
  const models = [];
  for (const [path, text] of [...texts]) {
    const result = await lint(text, path, config, Object.fromEntries(overrides), facts);
    findings.push(...result.findings);
    internalErrors.push(...result.internalErrors);
    if (result.model) models.push(result.model);
    for (const task of result.model?.tasks ?? []) {
      const source = task.requirements?.file?.source;
      if (source?.path) texts.set(source.path, source.text);
    }
  }
  if (fixture.files.length > 1 || statSync(fixture.path).isDirectory()) {
    const folder = runCrossTaskRules(models, config);
    findings.push(...folder.findings);
    internalErrors.push(...folder.internalErrors);
  }
  return { findings, texts, internalErrors };
}

export function nameOf(path: string): string {
  return relative(root, path);
}

/** The fixture's findings as a reviewer reads them: place, code, severity, message, then each fix as a diff. */
export function snapshotOf(fixture: Fixture, findings: Finding[]): string {
  const out: string[] = [];
  for (const finding of findings) {
    const source = finding.span.source;
    const { start, end } = source.lines.range(finding.span.start, finding.span.end);
    out.push(`${nameOf(source.path ?? fixture.path)}:${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1} ${finding.code} [${finding.severity}] ${finding.message}`);
    for (const related of finding.related ?? []) out.push(`  related ${nameOf(related.span.source.path ?? fixture.path)}:${related.span.source.lines.positionAt(related.span.start).line + 1}: ${related.message}`);
    if (finding.pin) out.push(`  pin ${finding.pin.distribution}${finding.pin.specifiers.map((specifier) => ` ${specifier.operator}${specifier.version}`).join(',')} (${finding.pin.safe ? 'safe' : 'unsafe'})`);
    for (const fix of finding.fixes) {
      out.push(`  fix (${fix.safe ? 'safe' : 'unsafe'}): ${fix.title}`);
      const bySource = new Map<SourceText, typeof fix.edits>();
      for (const edit of fix.edits) bySource.set(edit.span.source, [...(bySource.get(edit.span.source) ?? []), edit]);
      for (const [source, edits] of bySource) out.push(...lineDiff(nameOf(source.path ?? fixture.path), source.text, applyEdits(source, edits)).map((line) => `    ${line}`));
    }
  }
  // Messages may name absolute paths (a requirements file that cannot be read): the snapshot names them from the fixture root.
  return `${out.join('\n')}\n`.split(root).join('<fixtures>');
}

/** The changed lines of `before` -> `after` as hunks with line numbers (a longest-common-subsequence diff; fixtures are small). */
function lineDiff(name: string, before: string, after: string): string[] {
  const a = before.split(/\r?\n/);
  const b = after.split(/\r?\n/);
  const common: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) for (let j = b.length - 1; j >= 0; j--) common[i]![j] = a[i] === b[j] ? common[i + 1]![j + 1]! + 1 : Math.max(common[i + 1]![j]!, common[i]![j + 1]!);
  const out: string[] = [];
  let hunk: string[] = [];
  const flush = () => {
    if (hunk.length > 0) out.push(...hunk);
    hunk = [];
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      flush();
      i++;
      j++;
    } else {
      if (hunk.length === 0) hunk.push(`@@ ${name}:${i + 1} @@`);
      if (i < a.length && (j === b.length || common[i + 1]![j]! >= common[i]![j + 1]!)) hunk.push(`-${a[i++]}`);
      else hunk.push(`+${b[j++]}`);
    }
  }
  flush();
  return out;
}


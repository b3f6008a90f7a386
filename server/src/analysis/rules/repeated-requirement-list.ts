import { insert, lineEnding, replace } from '../fixes/edits.js';
import { lazyFix, type Fix, type RelatedInformation } from '../findings.js';
import type { RequirementsModel, SourceText, Span } from '../model.js';
import { keptWith } from '../knowledge/memo.js';
import { groupMemory, MAX_PLACES, placeList, placeName, type CrossTaskInput, type Report, type Rule } from './rule.js';

export const repeatedRequirementList: Rule = {
  code: 'VENV212',
  name: 'repeated-requirement-list',
  severity: 'hint',
  summary: 'The same requirement list is written out in several tasks',
  docs: {
    what: 'Across every task of a DAG folder (a CLI run over a folder, or the editor\'s workspace mode), flags requirement lists written out literally in several tasks with the same requirements (in any order), and lists the other places as related information.',
    why: 'Copies drift: the next upgrade changes one list and not the others (VENV211), and the venvs that should be one are built and cached twice.',
    example: '@task.virtualenv(requirements=["pandas==2.2.2", "pyarrow==16.1.0"])\ndef extract(): ...\n\n@task.virtualenv(requirements=["pandas==2.2.2", "pyarrow==16.1.0"])\ndef load(): ...',
    useInstead: 'REQUIREMENTS = ["pandas==2.2.2", "pyarrow==16.1.0"]\n\n@task.virtualenv(requirements=REQUIREMENTS)\ndef extract(): ...\n\n@task.virtualenv(requirements=REQUIREMENTS)\ndef load(): ...',
    fixSafety: 'Not safe (never applied by fix-all): it adds a module-level constant above the first such task of the file and replaces that file\'s identical lists with its name; lists in other files are left alone.',
  },
  checkTasks(tasks, context) {
    const memory = groupMemory(context, 'VENV212');
    // Linear in the tasks and in the copies: the editor runs this over every open DAG on every
    // keystroke, and a generated DAG can hold hundreds of identical lists.
    const groups = new Map<string, { literals: Span[]; seen: Set<string> }>();
    for (const task of tasks) {
      const literal = writtenOut(task);
      if (!literal) continue;
      const key = listKey(task.requirements!);
      let group = groups.get(key);
      if (!group) {
        group = { literals: [], seen: new Set() };
        groups.set(key, group);
      }
      // One literal can be seen twice (a CLI run and an open editor); keep it once.
      const place = `${literal.source.path ?? ''}\0${literal.start}`;
      if (group.seen.has(place)) continue;
      group.seen.add(place);
      group.literals.push(literal);
    }
    const reports: Report[] = [];
    const names = new Map<SourceText, string>();
    for (const [key, { literals }] of groups) {
      if (literals.length < 2) continue;
      for (const literal of literals) if (!names.has(literal.source)) names.set(literal.source, freeNameOf(literal.source));
      // The same literals on the same lines, with the same constant names: the reports of the last keystroke.
      const lines = literals.map((literal) => literal.source.lines.positionAt(literal.start).line);
      const constantNames = literals.map((literal) => names.get(literal.source)!);
      reports.push(...memory.reports(key, [literals, lines, constantNames], () => copiesReports(literals, names)));
    }
    memory.done();
    return reports;
  },
};

/** One report per copy of a list written out in several tasks. */
function copiesReports(literals: Span[], names: ReadonlyMap<SourceText, string>): Report[] {
  const reports: Report[] = [];
  // The fix is the same for every literal of a file: one object, shared, its edits built when asked.
  const bySource = new Map<SourceText, Span[]>();
  for (const literal of literals) {
    const sameFile = bySource.get(literal.source);
    if (sameFile) sameFile.push(literal);
    else bySource.set(literal.source, [literal]);
  }
  const fixes = new Map<SourceText, Fix[]>();
  for (const [source, sameFile] of bySource) fixes.set(source, extractFix(sameFile, names.get(source)!));
  // One related place per literal, shared by every report that names it: the first copies of a
  // group are named by all the others.
  // Its name is made once too (a line number is a search of the line index).
  const placeNames = new Map<Span, string>();
  const nameOf = (other: Span) => {
    let name = placeNames.get(other);
    if (name === undefined) placeNames.set(other, (name = placeName(other)));
    return name;
  };
  const places = new Map<Span, RelatedInformation>();
  const placeOf = (other: Span) => {
    let place = places.get(other);
    if (!place) {
      place = { span: other, message: `the same requirements (${nameOf(other)})` };
      places.set(other, place);
    }
    return place;
  };
  const describe = (others: Span[]) => ({
    // No count: opening one more DAG with the same list must not change every other copy's message (audit H9).
    message: `The same requirements are written out in ${others.length === 1 ? 'another task' : 'other tasks'}. Copies drift apart: ${others.length === 1 ? 'the other is' : 'the others are'} at ${placeList(others.slice(0, 3).map(nameOf))}${literals.length > 4 ? ' and more' : ''}. Keep them in one shared constant.`,
    // A folder of hundreds of DAGs with one common list must not cost hundreds squared links.
    related: others.map(placeOf),
  });
  // Every copy after the first MAX_PLACES names those first ones: one message and one list of
  // related places for all of them (the server keeps every open DAG's share).
  let later: ReturnType<typeof describe> | undefined;
  for (const [index, literal] of literals.entries()) {
    // The others, as far as messages and related information name them.
    const others: Span[] = [];
    for (let other = 0; other < literals.length && others.length < MAX_PLACES; other++) if (other !== index) others.push(literals[other]!);
    const { message, related } = index < MAX_PLACES ? describe(others) : (later ??= describe(others));
    reports.push({ span: literal, message, related, fixes: fixes.get(literal.source)! });
  }
  return reports;
}


/** The list's requirements, in any order and spacing: once per requirements object (a reused task keeps it). */
const listKeys = new WeakMap<RequirementsModel, string>();
function listKey(requirements: RequirementsModel): string {
  let key = listKeys.get(requirements);
  if (key === undefined) {
    key = requirements.entries.map((entry) => entry.text.replace(/\s+/g, '')).sort().join('\n');
    listKeys.set(requirements, key);
  }
  return key;
}

/** A requirements list literal written in the task's own arguments (not a constant it names). */
function writtenOut(task: CrossTaskInput): Span | undefined {
  const requirements = task.requirements;
  const literal = requirements?.literal;
  const argumentsSpan = task.argumentsSpan;
  if (!requirements || !literal || !argumentsSpan || !requirements.complete || requirements.entries.length === 0) return undefined;
  const inside = literal.source === argumentsSpan.source && argumentsSpan.start <= literal.start && literal.end <= argumentsSpan.end;
  return inside ? literal : undefined;
}

/** The start of the module-level statement that contains `offset`: the nearest line above that starts in column 0 with code. */
function statementLineStart(source: SourceText, offset: number): number {
  for (let line = source.lines.positionAt(offset).line; line >= 0; line--) {
    const text = source.lines.lineText(line);
    if (/^[^\s#)\]}]/.test(text)) return source.lines.lineStart(line);
  }
  return 0;
}

/** Per source text, the name for its text as last seen: only the edited document is searched again. */
const freeNames = new WeakMap<SourceText, { inputs: readonly unknown[]; value: string }>();

function freeNameOf(source: SourceText): string {
  return keptWith(freeNames, source, [source.text], () => freeName(source.text));
}

function freeName(text: string): string {
  for (let index = 1; ; index++) {
    const name = index === 1 ? 'REQUIREMENTS' : `REQUIREMENTS_${index}`;
    if (!new RegExp(`\\b${name}\\b`).test(text)) return name;
  }
}

/**
 * One constant above the first task of the file, every identical list of that file replaced by its
 * name. Built when asked (a code action, `--format json`): the edits are one per copy, and every
 * copy's finding carries the same fix.
 */
function extractFix(literals: Span[], name: string): Fix[] {
  if (literals.length < 2) return [];
  const source = literals[0]!.source;
  return [lazyFix(source, `Extract the ${literals.length} identical requirement lists into ${name}`, false, () => {
    // The literals are the model's spans (they move with their tasks): read where they are now.
    let first = literals[0]!;
    for (const literal of literals) if (literal.start < first.start) first = literal;
    const newline = lineEnding(source.text);
    return [
      insert(source, statementLineStart(source, first.start), `${name} = ${source.text.slice(first.start, first.end)}${newline}${newline}${newline}`),
      ...literals.map((literal) => replace(literal, name)),
    ];
  })];
}

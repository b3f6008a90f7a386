/**
 * Requirement lines as pip reads them (PEP 508 + the requirements-file syntax):
 * comments, `-r`/`-c` includes, `-e`, options, URLs and line continuations.
 * A single line is parsed by pip-requirements-js; line splitting, comments and
 * options are handled here because that library drops positions for them.
 * The plain forms most lines take (`name`, `name[extra]>=1,<2`) are read by
 * {@link plainRequirement} with the same result, and the library is loaded on
 * the first line that is not plain: building its grammar is the largest part
 * of the server's start-up.
 */
import { createRequire } from 'node:module';
import { valid as validVersion } from '@renovatebot/pep440';
import type * as PipRequirements from 'pip-requirements-js';
import type { ParsedRequirement, RequirementEntry, Span } from '../model.js';

/** PEP 503 name normalisation. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

const cache = new Map<string, Pick<RequirementEntry, 'kind' | 'parsed' | 'error'>>();
const CACHE_LIMIT = 5000;

/**
 * Splits `text` (a requirements file, or one `requirements=` string item that
 * Airflow writes as a line of one) into entries. `span` locates `text`; when
 * `exact`, entries get their own precise spans, otherwise they share `span`.
 */
export function parseRequirementLines(text: string, span: Span, exact: boolean): RequirementEntry[] {
  const entries: RequirementEntry[] = [];
  for (const line of logicalLines(text)) {
    const content = stripComment(line.text);
    const trimmedStart = content.length - content.trimStart().length;
    const requirementText = content.trim();
    if (requirementText === '') continue;
    const offset = line.offsets[trimmedStart] ?? 0;
    const end = (line.offsets[trimmedStart + requirementText.length - 1] ?? offset) + 1;
    // Within an exact input the entry has its own span; it is itself exact unless a continuation splits it.
    const contiguous = end - offset === requirementText.length;
    // Every field written out (not spread): the object then holds them all itself, without the
    // separate property array a spread adds (the server keeps every open DAG's entries).
    const { kind, parsed, error } = classify(requirementText);
    entries.push({
      text: requirementText,
      span: exact ? { source: span.source, start: span.start + offset, end: span.start + end } : span,
      exact: exact && contiguous,
      element: undefined,
      kind,
      parsed,
      error,
    });
  }
  return entries;
}

interface LogicalLine {
  text: string;
  /** offsets[i] is the offset in the input of text[i] (continuations removed). */
  offsets: number[];
}

/** Physical lines joined where one ends in a backslash (pip's line continuation). */
function logicalLines(text: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let current: LogicalLine = { text: '', offsets: [] };
  const physical = /([^\r\n]*)(\r\n|\r|\n|$)/g;
  for (let match = physical.exec(text); match !== null; match = physical.exec(text)) {
    const body = match[1]!;
    const start = match.index;
    const continued = body.endsWith('\\');
    const kept = continued ? body.slice(0, -1) : body;
    current.text += kept;
    for (let i = 0; i < kept.length; i++) current.offsets.push(start + i);
    if (!continued || match[2] === '') {
      lines.push(current);
      current = { text: '', offsets: [] };
    }
    if (match[2] === '') break;
  }
  return lines;
}

/** pip: `#` starts a comment at the start of a line or after white space. */
function stripComment(line: string): string {
  const match = /(^|\s)#/.exec(line);
  return match ? line.slice(0, match.index) : line;
}

function classify(text: string): Pick<RequirementEntry, 'kind' | 'parsed' | 'error'> {
  let result = cache.get(text);
  if (result === undefined) {
    result = classifyUncached(text);
    if (cache.size >= CACHE_LIMIT) cache.clear();
    cache.set(text, result);
  }
  return result;
}

function classifyUncached(text: string): Pick<RequirementEntry, 'kind' | 'parsed' | 'error'> {
  if (/^(-r|--requirement|-c|--constraint)(\s|=|$)/.test(text) || /^-[rc]\S/.test(text)) {
    return { kind: 'include', parsed: undefined, error: undefined };
  }
  if (/^(-e|--editable)(\s|=|$)/.test(text)) return { kind: 'editable', parsed: undefined, error: undefined };
  if (text.startsWith('-')) return { kind: 'option', parsed: undefined, error: undefined };
  // A bare URL or local path: pip installs it, but its distribution name is not known statically.
  const named = /^[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?\s*@/.test(text);
  if (!named && (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^[.~/\\]/.test(text) || /\.(whl|tar\.gz|zip)$/i.test(text))) {
    return { kind: 'requirement', parsed: undefined, error: undefined };
  }
  // pip's per-requirement options (`--hash=...`, `--config-settings ...`) follow the requirement.
  const optionStart = text.search(/\s--?[a-z]/i);
  const requirementText = optionStart === -1 ? text : text.slice(0, optionStart);
  const plain = plainRequirement(requirementText);
  const pip = plain ? undefined : pipRequirements();
  try {
    const requirement = plain ?? pip!.parsePipRequirementsLine(requirementText);
    if (requirement === null) return { kind: 'option', parsed: undefined, error: undefined };
    if (requirement.type === 'RequirementsFile' || requirement.type === 'ConstraintsFile') {
      return { kind: 'include', parsed: undefined, error: undefined };
    }
    const specifiers = requirement.type === 'ProjectName' ? (requirement.versionSpec ?? []) : [];
    for (const specifier of specifiers) {
      const version = specifier.operator === '===' ? specifier.version : specifier.version.replace(/\.\*$/, '');
      if (specifier.operator !== '===' && validVersion(version) === null) {
        return {
          kind: 'requirement',
          parsed: undefined,
          error: { message: `"${specifier.version}" is not a valid PEP 440 version`, offset: text.indexOf(specifier.version) },
        };
      }
    }
    const parsed: ParsedRequirement = {
      name: requirement.name,
      normalizedName: normalizeName(requirement.name),
      extras: requirement.extras ?? [],
      specifiers: specifiers.map((specifier) => ({ operator: specifier.operator, version: specifier.version })),
      url: requirement.type === 'ProjectURL' ? requirement.url : undefined,
      marker: markerText(text),
    };
    return { kind: 'requirement', parsed, error: undefined };
  } catch (error) {
    if (!pip || !(error instanceof pip.RequirementsSyntaxError)) throw error;
    return { kind: 'requirement', parsed: undefined, error: syntaxError(error.message) };
  }
}

let library: typeof PipRequirements | undefined;

/**
 * pip-requirements-js, loaded when first needed. In the bundle `require` is esbuild's (the library
 * is bundled, and its module runs at this first call); under tsx, where an ES module has no
 * `require`, one made for this module.
 */
function pipRequirements(): typeof PipRequirements {
  library ??= (typeof require === 'function' ? require('pip-requirements-js') : createRequire(import.meta.url)('pip-requirements-js')) as typeof PipRequirements;
  return library;
}

/** The fields of pip-requirements-js's result for a project name (the library types the operator as its enum). */
export interface PlainRequirement { type: 'ProjectName'; name: string; extras?: string[]; versionSpec?: { operator: string; version: string }[] }

const NAME = '[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?';
/** `===` is left to the library (its grammar reads `==` first and then rejects the line). */
const SPECIFIER = '(~=|==|!=|<=|>=|<|>)[ \\t]*([A-Za-z0-9_.*+!-]+)';
// Each run of blanks is followed by something it cannot hold (`[`, an operator, `,`, the end): linear on any input.
const PLAIN = new RegExp(`^(${NAME})(?:[ \\t]*\\[[ \\t]*(${NAME}(?:[ \\t]*,[ \\t]*${NAME})*)[ \\t]*\\])?(?:[ \\t]*(${SPECIFIER}(?:[ \\t]*,[ \\t]*${SPECIFIER})*))?[ \\t]*$`);
const SPECIFIERS = new RegExp(SPECIFIER, 'g');

/**
 * A requirement of the plain form (a name, extras, comma-separated version specifiers; no marker,
 * URL or parentheses) read as pip-requirements-js reads it; undefined for any other line
 * (test/unit/requirement-lines.test.ts compares the two on every form).
 */
export function plainRequirement(text: string): PlainRequirement | undefined {
  const match = PLAIN.exec(text);
  if (!match) return undefined;
  const requirement: PlainRequirement = { type: 'ProjectName', name: match[1]! };
  if (match[3] !== undefined) requirement.versionSpec = [...match[3].matchAll(SPECIFIERS)].map(([, operator, version]) => ({ operator: operator!, version: version! }));
  if (match[2] !== undefined) requirement.extras = match[2].split(',').map((extra) => extra.trim());
  return requirement;
}

function markerText(text: string): string | undefined {
  const index = text.indexOf(';');
  return index === -1 ? undefined : text.slice(index + 1).trim();
}

/** "Failed to parse requirements line. Line 1, col 7: expected end of input" -> offset 6. */
function syntaxError(message: string): { message: string; offset: number } {
  const match = /Line \d+, col (\d+): (.*)$/s.exec(message);
  if (!match) return { message, offset: 0 };
  return { message: match[2]!.trim(), offset: Number(match[1]) - 1 };
}

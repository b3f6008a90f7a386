/**
 * Fixes that leave the file clean (issue #21): every fix offered on every fixture (test/fixtures,
 * files and folders) and example is applied alone, the fixture is linted again as its runner lints
 * it (its configuration and facts) but with every rule selected, as a user's default configuration
 * runs them (a VENV302 fixture selects only VENV302, which would hide the VENV301 its fix brings), and the findings that were not there before are listed. A new finding fails the test unless
 * the fix could not have avoided it (`unavoidable` below: the rule, per code).
 *
 * Identity of a finding across a fix: its code, its file and where it starts, mapped back across the
 * fix's edits (line numbers move when a fix adds a line; messages may name line numbers and change).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits, type Edit, type Finding, type Fix, type SourceText } from '../../server/src/analysis/index.js';
import { parseConstraints } from '../../server/src/versions/constraints.js';
import { findingsOf, fixturesIn, root, type Fixture } from '../support/fixtures.js';

const repository = join(import.meta.dirname, '..', '..');

function allFixtures(): Fixture[] {
  const fixtures = readdirSync(root).flatMap((directory) => (/^VENV\d+$|^dags$/.test(directory) ? fixturesIn(directory) : []));
  const examples = join(repository, 'examples');
  for (const name of readdirSync(examples).filter((file) => file.endsWith('.py')).sort()) {
    const path = join(examples, name);
    fixtures.push({ name: `examples/${name}`, code: undefined, path, files: [path] });
  }
  return fixtures;
}

/** A finding's place in the text before the fix: `offset` of `path` after `edits`, mapped back (undefined inside inserted text). */
function mapBack(offset: number, edits: readonly Edit[]): number | undefined {
  let shift = 0;
  for (const edit of [...edits].sort((a, b) => a.span.start - b.span.start)) {
    const start = edit.span.start + shift;
    const end = start + edit.newText.length;
    if (offset < start) break;
    if (offset < end) return undefined;
    shift += edit.newText.length - (edit.span.end - edit.span.start);
  }
  return offset - shift;
}

function identity(finding: Finding, edits: readonly Edit[] = []): string {
  const { source, start } = finding.span;
  const own = edits.filter((edit) => edit.span.source.path === source.path);
  return `${finding.code}\0${source.path ?? ''}\0${mapBack(start, own) ?? `new@${start}`}`;
}

/** The findings after a fix not there before: identities (code, file, start mapped back across the edits) as a multiset. */
function newFindings(before: readonly Finding[], after: readonly Finding[], edits: readonly Edit[]): Finding[] {
  const count = new Map<string, number>();
  for (const finding of before) count.set(identity(finding), (count.get(identity(finding)) ?? 0) + 1);
  return after.filter((finding) => {
    const key = identity(finding, edits);
    const left = count.get(key) ?? 0;
    count.set(key, left - 1);
    return left <= 0;
  });
}

/**
 * Whether a fix could not have avoided a finding it brings. The rule, per code:
 *
 * - VENV201 (unpinned requirement) after a fix that adds a requirement: unavoidable only when no
 *   version source could pin it offline. The fixture runner hands in no constraints file and no
 *   verified interpreter unless the fixture configures one (`constraintsFile`, `environment`), and
 *   never a package index; with none, "Add X" can only add X unpinned, and pinning is VENV201's own
 *   fix. With one, the server offers the pinned variant instead (lsp/pinning.ts), so it is a failure.
 *   A fix that writes its own requirement lines and has no pin request (VENV401's, which adds what
 *   the worker provided) pins from the constraints file itself: with one configured, VENV201 on a
 *   distribution the file lists is a failure; on one it does not list, unavoidable.
 * - VENV301 after a fix that moves an import in (VENV302) when no known distribution provides the
 *   module: the tables know nothing to add, and guessing a name could install an unrelated project.
 * - VENV401's "system_site_packages=False" makes the worker's packages invisible: its fix adds what
 *   they provided, and is not offered when it cannot (VENV304 without an exact Airflow release, a
 *   module with several candidates). So nothing is exempt: a VENV301 or VENV304 after it is a failure.
 * - Known and open, listed in `OPEN` rather than hidden (`fixed->added`): none at present.
 * - Any finding after VENV501's fix (an import path Airflow does not have): the task under the import
 *   becomes an Airflow task, and the rules see it for the first time; its findings were hidden, not made.
 * - Anything else: never. A fix that brings a finding the tables could have prevented (moving an
 *   import whose module nothing provides, adding a requirement that conflicts) is wrong.
 */
const OPEN = new Set<string>();

function unavoidable(fixture: Fixture, texts: readonly string[], fixed: Finding, fix: Fix, added: Finding): boolean {
  if (OPEN.has(`${fixed.code}->${added.code}`)) return true;
  if (fixed.code === 'VENV501' && added.code !== 'VENV501') return true;
  if (fixed.code === 'VENV302' && added.code === 'VENV301' && added.fixes.length === 0) return true;
  if (added.code === 'VENV201' && fix.edits.some((edit) => edit.newText.length > 0)) {
    const offlineSource = texts.some((text) => /#\s*fixture-(config|facts):.*"(constraintsFile|environment)"/.test(text));
    if (!offlineSource) return true;
    if (fixed.pin !== undefined) return false;
    const constraints = constraintsOf(fixture, texts);
    return !constraints || added.pin === undefined || !constraints.has(added.pin.normalizedName);
  }
  return false;
}

/** The fixture's constraints file (`# fixture-config: {"constraintsFile": ...}`), parsed; undefined without one. */
function constraintsOf(fixture: Fixture, texts: readonly string[]): Map<string, string> | undefined {
  for (const text of texts) {
    const match = /#\s*fixture-config:\s*(\{.*\})\s*$/m.exec(text);
    const file = match ? (JSON.parse(match[1]!) as { constraintsFile?: string }).constraintsFile : undefined;
    if (file) return parseConstraints(readFileSync(join(dirname(fixture.files[0]!), file), 'utf8'));
  }
  return undefined;
}

/** The fixture's files with one fix applied (a fix may edit the DAG and a requirements file it reads). */
function applied(fix: Fix): Map<string, string> {
  const bySource = new Map<SourceText, Edit[]>();
  for (const edit of fix.edits) bySource.set(edit.span.source, [...(bySource.get(edit.span.source) ?? []), edit]);
  const out = new Map<string, string>();
  for (const [source, edits] of bySource) if (source.path) out.set(source.path, applyEdits(source, edits));
  return out;
}

describe('fixes that leave the file clean', () => {
  for (const fixture of allFixtures()) {
    it(fixture.name, async () => {
      const before = await findingsOf(fixture, new Map(), true);
      const problems: string[] = [];
      for (const finding of before.findings) {
        for (const fix of finding.fixes) {
          const overrides = applied(fix);
          if (overrides.size === 0) continue;
          const after = await findingsOf(fixture, overrides, true);
          for (const added of newFindings(before.findings, after.findings, fix.edits)) {
            if (unavoidable(fixture, [...before.texts.values()], finding, fix, added)) continue;
            const where = added.span.source.lines.positionAt(added.span.start).line + 1;
            problems.push(`${finding.code} "${fix.title}" -> ${added.code} at ${relative(repository, added.span.source.path ?? fixture.path)}:${where}: ${added.message}`);
          }
        }
      }
      assert.deepEqual(problems, [], `${fixture.name}: fixes that create findings they could have avoided:\n${problems.join('\n')}`);
    });
  }
});

/**
 * One file of a CLI run: lint it (probing its interpreters and looking up its pins
 * first when asked), then with --fix apply the safe fixes and lint again, up to
 * MAX_FIX_PASSES times, writing each changed file.
 */
import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { applyEdits, fixAllEdits, lintText, type AirflowTarget, type CrossTaskModel, type Edit, type Finding, type Grammar, type LintConfig, type WorkspaceIndex } from '../analysis/index.js';
import { readSourceFile } from '../host/files.js';
import { writeFileAtomic } from '../host/guarded-file.js';
import { encodeSource, type SourceEncoding } from '../host/source-encoding.js';
import { hostOptions } from '../host/lint-host.js';
import type { InterpreterRegistry } from '../interpreter/registry.js';
import { interpreterTargets } from '../interpreter/targets.js';
import type { OnlineChecks } from '../versions/online.js';
import type { Pinner } from '../versions/pinner.js';
import type { CliOptions } from './options.js';
import { displayPath } from './output.js';

export interface FileOutcome {
  findings: Finding[];
  /** What the rules over the DAG folder read of the file (all of its model, or only that from a worker thread). */
  model?: CrossTaskModel;
  /** The Airflow releases the file was judged against (for --verbose). */
  target?: AirflowTarget;
  error?: string;
  notice?: string;
  /** What could not be pinned, first found while linting this file (check.ts reports them in file order). */
  pinProblems?: string[];
}

const MAX_FIX_PASSES = 5;

export async function lintFile(grammar: Grammar, path: string, options: CliOptions, config: LintConfig, registry: InterpreterRegistry | undefined, pinner: Pinner | undefined, online: OnlineChecks | undefined, workspace: WorkspaceIndex): Promise<FileOutcome> {
  const read = readSourceFile(path);
  if ('error' in read) {
    const binary = read.error === 'it is a binary file' || read.refused === 'size';
    return binary ? { findings: [], notice: `${displayPath(path)}: skipped: ${read.error}` } : { findings: [], error: `${displayPath(path)}: cannot read: ${read.error}` };
  }
  let text = read.text;
  for (let pass = 0; ; pass++) {
    let result = lintText(grammar, text, path, { ...hostOptions(config), workspace });
    result.tree?.delete();
    if ((registry || online) && result.model) {
      // Probe the interpreters and look up the pins the file uses, then lint again with what was learnt.
      if (registry) await registry.verify(interpreterTargets(result.model).map((target) => target.command));
      if (online) await online.fetchFor(result.model);
      result = lintText(grammar, text, path, { ...hostOptions(config, registry?.lookup, online?.lookup), workspace });
      result.tree?.delete();
    }
    if (pinner) await pinner.addPinFixes(result.findings);
    for (const internal of result.internalErrors) process.stderr.write(`airflow-venv-lint: internal error in ${displayPath(path)}: ${internal}\n`);
    // Whole fixes only: a fix whose edits clash with an earlier one waits for the next pass.
    const edits = options.fix ? fixAllEdits(result.findings) : [];
    if (edits.length === 0 || pass >= MAX_FIX_PASSES) return { findings: result.findings, ...(result.model ? { model: result.model } : {}), ...(result.target ? { target: result.target } : {}) };
    const written = writeEdits(edits, path, text, read.encoding, writeRoot(path, options.paths));
    if (written.error) return { findings: result.findings, error: written.error };
    text = written.text;
  }
}

/**
 * Applies edits file by file, each written whole or not at all (writeFileAtomic), its bytes
 * outside the edits unchanged (encodeSource); returns the new text of the DAG file itself.
 */
function writeEdits(edits: Edit[], path: string, text: string, encoding: SourceEncoding, root: string): { text: string; error?: string } {
  const bySource = new Map<string, Edit[]>();
  for (const edit of edits) {
    const key = edit.span.source.path ?? path;
    const group = bySource.get(key);
    if (group) group.push(edit);
    else bySource.set(key, [edit]);
  }
  let dagText = text;
  for (const [target, targetEdits] of bySource) {
    const source = targetEdits[0]!.span.source;
    const targetEncoding = target === path ? encoding : encodingOf(target, root, source.text);
    if ('error' in targetEncoding) return { text: dagText, error: `${displayPath(target)}: fixes not written: ${targetEncoding.error}` };
    const updated = applyEdits(source, targetEdits);
    const bytes = encodeSource(updated, targetEncoding);
    if ('error' in bytes) return { text: dagText, error: `${displayPath(target)}: fixes not written: ${bytes.error}` };
    const failed = writeFileAtomic(target, bytes.bytes);
    if (failed) return { text: dagText, error: `${displayPath(target)}: cannot write fixes (the file is unchanged): ${failed.error}` };
    if (target === path) dagText = updated;
  }
  return { text: dagText };
}

/**
 * The folder fixes to other files than the DAG may not leave: the folder named on the command
 * line that holds the DAG (a module it imports may sit beside its own folder), else the DAG's own.
 * Requirements files were already read only from inside the DAG's folder.
 */
function writeRoot(path: string, named: readonly string[]): string {
  const absolute = resolve(path);
  for (const candidate of named) {
    const folder = resolve(candidate);
    try {
      if (statSync(folder).isDirectory() && absolute.startsWith(`${folder}/`)) return folder;
    } catch {
      // reported elsewhere
    }
  }
  return dirname(absolute);
}

/** Another file's encoding (a requirements file, an imported module), read again through the same guard, inside `root`, and unchanged since the analysis. */
function encodingOf(target: string, root: string, analysedText: string): SourceEncoding | { error: string } {
  const read = readSourceFile(target, { within: root });
  if ('error' in read) return { error: read.error };
  if (read.text !== analysedText) return { error: 'it changed since it was read' };
  return read.encoding;
}

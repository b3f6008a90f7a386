/**
 * One file of a CLI run: lint it (probing its interpreters and looking up its pins
 * first when asked), then with --fix apply the safe fixes and lint again, up to
 * MAX_FIX_PASSES times, writing each changed file.
 */
import { writeFileSync } from 'node:fs';
import { applyEdits, fixAllEdits, lintText, type AirflowTarget, type Edit, type FileModel, type Finding, type Grammar, type LintConfig, type WorkspaceIndex } from '../analysis/index.js';
import { readTextFile } from '../host/files.js';
import { hostOptions } from '../host/lint-host.js';
import type { InterpreterRegistry } from '../interpreter/registry.js';
import { interpreterTargets } from '../interpreter/targets.js';
import type { OnlineChecks } from '../versions/online.js';
import type { Pinner } from '../versions/pinner.js';
import type { CliOptions } from './options.js';
import { displayPath } from './output.js';

export interface FileOutcome {
  findings: Finding[];
  model?: FileModel;
  /** The Airflow releases the file was judged against (for --verbose). */
  target?: AirflowTarget;
  error?: string;
  notice?: string;
}

const MAX_FIX_PASSES = 5;

export async function lintFile(grammar: Grammar, path: string, options: CliOptions, config: LintConfig, registry: InterpreterRegistry | undefined, pinner: Pinner | undefined, online: OnlineChecks | undefined, workspace: WorkspaceIndex): Promise<FileOutcome> {
  const read = readTextFile(path);
  if ('error' in read) {
    const binary = read.error === 'it is a binary file' || read.error.startsWith('it is larger');
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
    const written = writeEdits(edits, path, text);
    if (written.error) return { findings: result.findings, error: written.error };
    text = written.text;
  }
}

/** Applies edits file by file; returns the new text of the DAG file itself. */
function writeEdits(edits: Edit[], path: string, text: string): { text: string; error?: string } {
  const bySource = new Map<string, Edit[]>();
  for (const edit of edits) {
    const key = edit.span.source.path ?? path;
    bySource.set(key, [...(bySource.get(key) ?? []), edit]);
  }
  let dagText = text;
  for (const [target, targetEdits] of bySource) {
    const source = targetEdits[0]!.span.source;
    const updated = applyEdits(source, targetEdits);
    try {
      writeFileSync(target, updated);
    } catch (error) {
      return { text: dagText, error: `${displayPath(target)}: cannot write fixes: ${(error as Error).message}` };
    }
    if (target === path) dagText = updated;
  }
  return { text: dagText };
}

/**
 * A DAG's `template_searchpath`: Airflow's template loader looks a requirements file up in the DAG
 * file's folder and then in every search-path folder (`DAG.get_template_env`:
 * `FileSystemLoader([self.folder] + template_searchpath)`, airflow/models/dag.py @2.10.3; the task
 * SDK's DAG does the same). Read from `DAG(...)` calls and `@dag(...)` decorators of the file, every
 * extraction (it is cheap, and a reused task must see the DAG as it is now). A file the DAG folder does
 * not have is then looked for there; a search path the linter cannot evaluate or reach makes the
 * file unverifiable rather than missing.
 */
import { join } from 'node:path';
import type { FileModel, SourceText } from '../model.js';
import { spanOf } from '../parse/syntax.js';
import type { Tree } from '../parse/parse.js';
import { resolvePath, type ImportedNames } from './bindings.js';
import { constantsOf, readThrough, type TaskContext } from './lookups.js';
import { templatePath } from './requirements-argument.js';
import { nodeAt, type Structure } from './structure.js';
import { evaluate } from './values.js';
import { emptyDependencies } from '../incremental/task-reuse.js';

/**
 * Static folders, or `dynamic` when some DAG of the file builds its search path at run time;
 * `elsewhere` when the file defines no DAG at all (a module of tasks that a DAG file imports): the
 * folder and search path Airflow uses are that DAG's, which this file does not show.
 */
export type SearchPath = { folders: string[]; dynamic: boolean; where: string; elsewhere?: boolean };

export function templateSearchPath(tree: Tree, source: SourceText, structure: Structure, names: ImportedNames, context: TaskContext): SearchPath | undefined {
  const folders: string[] = [];
  let dynamic = false;
  let found = false;
  const isDag = (path: string | undefined) => path !== undefined && /^airflow(\.[a-z_.]+)?\.(DAG|dag)$/.test(path);
  const argumentLists = [
    ...structure.calls.filter((call) => call.callee !== undefined && isDag(resolvePath(names, call.callee))).map((call) => nodeAt(tree, ['call'], call.start, call.end)?.childForFieldName('arguments')),
    ...structure.decorated.flatMap((decorated) => decorated.decorators
      .filter((decorator) => decorator.target !== undefined && decorator.argumentsRange && isDag(resolvePath(names, decorator.target)))
      .map((decorator) => nodeAt(tree, ['argument_list'], decorated.start + decorator.argumentsRange!.start, decorated.start + decorator.argumentsRange!.end))),
  ];
  // No DAG here: the tasks belong to a DAG another file defines (and Airflow looks the file up there).
  if (argumentLists.length === 0) return { folders: [], dynamic: true, where: '', elsewhere: true };
  let where = '';
  // `@dag(...)` is both a decorator and a call: read each argument list once.
  const seen = new Set<number>();
  for (const list of argumentLists) {
    if (!list || seen.has(list.startIndex)) continue;
    seen.add(list.startIndex);
    for (const argument of list?.namedChildren ?? []) {
      if (argument?.type === 'dictionary_splat') {
        dynamic = found = true;
        where += (where ? ', ' : '') + argument.text;
      }
      if (argument?.type !== 'keyword_argument' || argument.childForFieldName('name')?.text !== 'template_searchpath') continue;
      found = true;
      const valueNode = argument.childForFieldName('value')!;
      context.dependencies = emptyDependencies({ start: argument.startIndex, end: argument.endIndex });
      const value = evaluate(source, valueNode, constantsOf(context));
      where += (where ? ', ' : '') + source.text.slice(spanOf(source, valueNode).start, spanOf(source, valueNode).end);
      if (value.kind === 'string') folders.push(value.value);
      else if (value.kind === 'sequence' && value.complete && value.items.every((item) => item.kind === 'string')) folders.push(...value.items.map((item) => (item as { value: string }).value));
      else dynamic = true;
    }
  }
  return found ? { folders, dynamic, where } : undefined;
}

/** Looks each unreadable requirements file of the file's tasks up on the search path (idempotent: every extraction sets it anew). */
export function applySearchPath(model: FileModel, searchPath: SearchPath | undefined, context: TaskContext): void {
  for (const task of model.tasks) {
    for (const file of task.requirements?.files ?? []) {
      file.searchPath = undefined;
      if (!searchPath || file.source || !file.error) continue;
      file.searchPath = { where: searchPath.where, foundIn: undefined, verifiable: !searchPath.dynamic, ...(searchPath.elsewhere ? { elsewhere: true } : {}) };
      const parts = templatePath(file.name);
      for (const folder of searchPath.folders) {
        if (!parts) break;
        // A relative search path is relative to the worker's working directory: unknown here.
        if (!folder.startsWith('/')) {
          file.searchPath.verifiable = false;
          continue;
        }
        const result = readThrough(context.options, join(folder, ...parts));
        if (!('error' in result)) {
          file.searchPath.foundIn = folder;
          break;
        }
        // Only a folder this machine has tells that the file is missing there; the worker's may differ.
        const folderRead = readThrough(context.options, folder);
        if (!('error' in folderRead) || !/directory/i.test(folderRead.error)) file.searchPath.verifiable = false;
      }
    }
  }
}


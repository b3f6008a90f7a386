/**
 * Syntax tree -> FileModel: every virtualenv / external-python task of a DAG
 * file, with its arguments resolved to static values, its requirements parsed
 * and its callable found. Rules read only the result. After an edit, the
 * structure comes from structure.ts (only the edited range is queried again) and
 * a task the edit did not touch is reused (incremental/task-reuse.ts decides and
 * moves it). The steps: candidates.ts finds the tasks, task.ts builds each one,
 * lookups.ts answers (and records) what a task reads, requirements-argument.ts
 * reads `requirements=`.
 */
import type { ImportedNames } from './bindings.js';
import { candidates } from './candidates.js';
import { currentOf, taskContext, type TaskInputs } from './lookups.js';
import { affectedRange, collectStructure, touches, updateStructure, type Structure } from './structure.js';
import { buildTask } from './task.js';
import { applySearchPath, templateSearchPath } from './template-search-path.js';
import { shiftStart } from '../incremental/shift.js';
import { emptyDependencies, moveTask, stillValid, type CachedTask } from '../incremental/task-reuse.js';
import { OPERATOR_MODULES, TASK_DECORATOR_MODULES } from '../knowledge/airflow.js';
import { misspeltAirflowModule, namesAnAirflowTask } from '../knowledge/misspelt-modules.js';
import type { AirflowImport, FileModel, SourceText } from '../model.js';
import type { Grammar, TextChange, Tree } from '../parse/parse.js';

/** What one extraction leaves for the next one of the same document. */
export interface ExtractState {
  source: SourceText;
  structure: Structure;
  tasks: CachedTask[];
}

export interface ExtractOptions extends TaskInputs {
  /**
   * The previous extraction of this document, its tree (already told about the change with
   * `applyEdit`) and the one change since: the structure and the tasks the change did not touch
   * are reused, their spans shifted in place. `source` must then be the previous state's source
   * text, updated to the new version. Without it, everything is extracted from scratch.
   */
  previous?: { state: ExtractState; oldTree: Tree; change: TextChange };
}

/** The file's model, the state the next extraction of the same document can reuse, and how many tasks this one reused. */
export function extract(grammar: Grammar, tree: Tree, source: SourceText, options: ExtractOptions = {}): { model: FileModel; state: ExtractState; reused: number } {
  const previous = options.previous;
  if (previous && previous.state.source !== source) throw new Error('incremental extraction needs the previous source text, updated');
  const prior = previous && { structure: previous.state.structure, oldTree: previous.oldTree, change: previous.change };
  const affected = prior && affectedRange(tree, prior);
  const structure = prior && affected ? updateStructure(grammar, tree, prior, affected) : collectStructure(grammar, tree);

  const names: ImportedNames = new Map();
  const airflowImports: AirflowImport[] = [];
  const airflowModules = new Set<string>();
  for (const record of structure.imports) {
    for (const [local, path] of record.names) {
      if (path === 'airflow' || path.startsWith('airflow.')) names.set(local, path);
    }
    for (const { module, range } of record.modules) {
      if (!module.startsWith('airflow')) continue;
      airflowModules.add(module);
      const takesTask = record.names.some(([, path]) => path.startsWith(`${module}.`) && namesAnAirflowTask(path.slice(module.length + 1)));
      const misspelt = takesTask ? misspeltAirflowModule(module) : undefined;
      if (OPERATOR_MODULES.has(module) || TASK_DECORATOR_MODULES.has(module) || module.startsWith('airflow.providers.python.') || misspelt) {
        airflowImports.push({
          module,
          ...(misspelt ? { misspelt } : {}),
          span: { source, start: record.start + range.start, end: record.start + range.end },
          statementSpan: { source, start: record.start, end: record.end },
        });
      }
    }
  }
  // A class or function the file defines itself is not Airflow's, whatever its name.
  for (const definition of structure.definitions) if (definition.moduleLevel) names.delete(definition.name);

  const model: FileModel = {
    source,
    tasks: [],
    airflowImports,
    airflowModules: [...airflowModules].sort(),
    templateSearchPath: undefined,
    defaultArgs: /\bdefault_args\b/.test(source.text),
    hasSyntaxErrors: tree.rootNode.hasError,
  };
  const state: ExtractState = { source, structure, tasks: [] };
  if (names.size === 0) return { model, state, reused: 0 };

  const context = taskContext(tree, source, structure, options);
  const current = currentOf(context);
  const reusable = new Map<number, CachedTask>();
  let reused = 0;
  if (previous && affected) {
    for (const cached of previous.state.tasks) {
      if (touches(affected, cached.start, cached.end)) continue;
      reusable.set(shiftStart(previous.change, cached.start), cached);
    }
  }
  for (const candidate of candidates(tree, source, structure, names)) {
    const cached = reusable.get(candidate.start);
    if (cached && previous && affected && cached.key === candidate.key && stillValid(current, cached.dependencies, previous.change, affected)) {
      const moved = moveTask(cached, candidate, previous.change, source);
      state.tasks.push(moved);
      model.tasks.push(moved.model);
      reused++;
      continue;
    }
    const site = candidate.site();
    if (!site) continue;
    context.dependencies = emptyDependencies(candidate);
    const task = buildTask(context, site);
    state.tasks.push({ key: candidate.key, start: candidate.start, end: candidate.end, dependencies: context.dependencies, model: task, spans: undefined });
    model.tasks.push(task);
  }
  model.tasks.sort((a, b) => a.span.start - b.span.start);
  const saved = context.dependencies;
  const searchPath = templateSearchPath(tree, source, structure, names, context);
  model.templateSearchPath = searchPath && `${searchPath.where}${searchPath.dynamic ? ' (dynamic)' : ''}${searchPath.elsewhere ? ' (elsewhere)' : ''}`;
  applySearchPath(model, searchPath, context);
  context.dependencies = saved;
  return { model, state, reused };
}


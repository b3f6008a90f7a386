/**
 * The places in a file that are Airflow virtualenv / external-python tasks: operator
 * calls and decorated functions whose names resolve to Airflow's, each with a key that
 * tells a reused task from a new one and a way to reach its syntax when it is built.
 */
import { OPERATOR_CLASSES, OPERATOR_MODULES, TASK_DECORATORS, TASK_DECORATOR_MODULES, type OperatorClass } from '../knowledge/airflow.js';
import type { SourceText, TaskModel } from '../model.js';
import type { Node, Tree } from '../parse/parse.js';
import { resolvePath, type ImportedNames } from './bindings.js';
import { nodeAt, type CallRecord, type Structure } from './structure.js';

/** 1.10's positional signature (`airflow/operators/python_operator.py`, 1.10 line). */
export const POSITIONAL_1_10: Record<string, string[]> = {
  virtualenv: ['python_callable', 'requirements', 'python_version', 'use_dill', 'system_site_packages'],
  'external-python': [],
};

/**
 * What a decorator's positional arguments fill: `@task.external_python("/venv/bin/python")` is
 * `python` (`external_python(python=None, python_callable=None, multiple_outputs=None, **kwargs)`,
 * airflow/decorators/external_python.py from 2.4.0 and the provider's; see decoratorPositionalParameters).
 */
const DECORATOR_POSITIONAL: Record<string, string[]> = {
  external_python: ['python'],
  branch_external_python: ['python'],
};

/** A candidate task: where it is, how it resolved, and how to build it from the tree. */
export interface Candidate {
  key: string;
  start: number;
  end: number;
  site: () => TaskSite | undefined;
}

export interface TaskSite {
  operator: OperatorClass;
  form: TaskModel['form'];
  symbol: string;
  module: string;
  span: TaskModel['span'];
  argumentList: Node | undefined;
  positional: string[];
  /** The decorated function; for operators the callable comes from `python_callable=`. */
  callableNode: Node | undefined;
  /** The call or decorated definition, for scoping name look-ups. */
  site: Node;
}

/** What a call record's callee resolved to, kept with the record (records outlive edits that do not touch them) while the imported names are the same. */
interface ResolvedOperator {
  names: string;
  operator: OperatorClass;
  path: string;
  module: string;
  key: string;
}
const resolvedCalls = new WeakMap<CallRecord, ResolvedOperator | { names: string; operator: undefined }>();

function resolvedCall(call: CallRecord, names: ImportedNames, namesKey: string): ResolvedOperator | { names: string; operator: undefined } {
  let resolved = resolvedCalls.get(call);
  if (resolved?.names === namesKey) return resolved;
  const path = call.callee === undefined ? undefined : resolvePath(names, call.callee);
  const dot = path?.lastIndexOf('.') ?? -1;
  const operator = path ? OPERATOR_CLASSES.get(path.slice(dot + 1)) : undefined;
  const module = path?.slice(0, dot);
  resolved = path && operator && module !== undefined && OPERATOR_MODULES.has(module)
    ? { names: namesKey, operator, path, module, key: `operator ${path} ${call.end - call.start}` }
    : { names: namesKey, operator: undefined };
  resolvedCalls.set(call, resolved);
  return resolved;
}

export function candidates(tree: Tree, source: SourceText, structure: Structure, names: ImportedNames): Candidate[] {
  const found: Candidate[] = [];
  const namesKey = [...names].join('\n');
  for (const call of structure.calls) {
    const resolved = resolvedCall(call, names, namesKey);
    if (resolved.operator !== undefined) found.push(new OperatorCandidate(tree, source, call, resolved));
  }
  for (const decorated of structure.decorated) {
    for (const decorator of decorated.decorators) {
      const path = decorator.target === undefined ? undefined : resolvePath(names, decorator.target);
      const operator = path ? decoratorOf(path) : undefined;
      if (!operator) continue;
      found.push({
        key: `decorator ${path} ${decorated.end - decorated.start} ${decorator.targetRange.start}`,
        start: decorated.start,
        end: decorated.end,
        site: () => {
          const node = nodeAt(tree, ['decorated_definition'], decorated.start, decorated.end);
          const definition = node?.childForFieldName('definition');
          if (!node || !definition) return undefined;
          const range = decorator.argumentsRange;
          return {
            operator: operator.operator,
            form: 'decorator',
            symbol: `@task.${operator.name}`,
            module: operator.module,
            span: { source, start: decorated.start + decorator.targetRange.start, end: decorated.start + decorator.targetRange.end },
            argumentList: range ? nodeAt(tree, ['argument_list'], decorated.start + range.start, decorated.start + range.end) : undefined,
            positional: DECORATOR_POSITIONAL[operator.name] ?? [],
            callableNode: definition,
            site: node,
          };
        },
      });
    }
  }
  return found;
}

/** An operator call (one object, no closure: one is made for every task on every keystroke). */
class OperatorCandidate implements Candidate {
  readonly key: string;
  readonly start: number;
  readonly end: number;

  constructor(private readonly tree: Tree, private readonly source: SourceText, private readonly call: CallRecord, private readonly resolved: ResolvedOperator) {
    this.key = resolved.key;
    this.start = call.start;
    this.end = call.end;
  }

  site(): TaskSite | undefined {
    const { call, resolved } = this;
    const node = nodeAt(this.tree, ['call'], call.start, call.end);
    const argumentList = node?.childForFieldName('arguments');
    if (!node || !argumentList) return undefined;
    return {
      operator: resolved.operator,
      form: 'operator',
      symbol: resolved.path.slice(resolved.path.lastIndexOf('.') + 1),
      module: resolved.module,
      span: { source: this.source, start: call.start + call.calleeRange.start, end: call.start + call.calleeRange.end },
      argumentList,
      positional: resolved.module === 'airflow.operators.python_operator' ? POSITIONAL_1_10[resolved.operator.kind]! : [],
      callableNode: undefined,
      site: node,
    };
  }
}

/** `airflow.sdk.task.virtualenv` -> the virtualenv decorator. */
function decoratorOf(path: string): { operator: OperatorClass; name: string; module: string } | undefined {
  const parts = path.split('.');
  const name = parts.pop()!;
  if (parts.pop() !== 'task') return undefined;
  const operator = TASK_DECORATORS.get(name);
  const module = parts.join('.');
  return operator && TASK_DECORATOR_MODULES.has(module) ? { operator, name, module } : undefined;
}

/**
 * One candidate becomes a TaskModel: its arguments evaluated to static values, its
 * callable found (in this file, or through the workspace), its requirements read.
 */
import { SYSTEM_SITE_PACKAGES_DEFAULT, type OperatorClass } from '../knowledge/airflow.js';
import type { ArgumentModel, TaskModel } from '../model.js';
import type { Node } from '../parse/parse.js';
import { contains, dottedName, enclosingScope, namedChildren, spanOf } from '../parse/syntax.js';
import { buildCallable, recordInputs, type CallableInputs } from './callable.js';
import type { TaskSite } from './candidates.js';
import { bindingSeen, constantsOf, enclosingFunctions, functionsSeen, isImported, lookUp, outerLayers, type TaskContext } from './lookups.js';
import { requirementsOf } from './requirements-argument.js';
import { nodeAt } from './structure.js';
import { evaluate } from './values.js';

export function buildTask(context: TaskContext, site: TaskSite): TaskModel {
  const { source } = context;
  context.files.clear();
  const constants = constantsOf(context);
  const argumentsByName = new Map<string, ArgumentModel>();
  const valueNodes = new Map<string, Node>();
  const positionalArguments: TaskModel['positionalArguments'] = [];
  let unpacked = false;
  let position = 0;
  for (const argument of site.argumentList ? namedChildren(site.argumentList) : []) {
    if (argument.type === 'comment') continue;
    if (argument.type === 'keyword_argument') {
      const name = argument.childForFieldName('name')!;
      const value = argument.childForFieldName('value')!;
      valueNodes.set(name.text, value);
      argumentsByName.set(name.text, {
        name: name.text,
        nameSpan: spanOf(source, name),
        span: spanOf(source, argument),
        value: evaluate(source, value, constants),
        positional: false,
      });
    } else if (argument.type === 'list_splat' || argument.type === 'dictionary_splat') {
      unpacked = true;
    } else {
      if (site.form === 'operator') positionalArguments.push(spanOf(source, argument));
      const name = site.positional[position++];
      if (name && !argumentsByName.has(name)) {
        valueNodes.set(name, argument);
        argumentsByName.set(name, {
          name,
          nameSpan: spanOf(source, argument),
          span: spanOf(source, argument),
          value: evaluate(source, argument, constants),
          positional: true,
        });
      }
    }
  }

  const callableNode = site.callableNode ?? resolveCallable(context, valueNodes.get('python_callable'), site.site);
  const foreign = callableNode ? undefined : importedCallable(context, valueNodes.get('python_callable'));
  const requirements = requirementsOf(context, argumentsByName.get('requirements'), argumentsByName.get('templates_exts')?.value);
  return {
    kind: site.operator.kind,
    form: site.form,
    symbol: site.symbol,
    module: site.module,
    span: site.span,
    arguments: argumentsByName,
    positionalArguments,
    argumentsUnpacked: unpacked,
    argumentsSpan: site.argumentList ? spanOf(source, site.argumentList) : undefined,
    requirements,
    systemSitePackages: systemSitePackagesOf(site.operator, argumentsByName.get('system_site_packages'), unpacked),
    callable: callableNode ? buildCallable(callableNode, callableInputs(context, callableNode)) : (foreign ? buildCallable(foreign.node, foreign.inputs) : undefined),
    dependencies: [...context.files].filter((path) => path !== source.path).sort(),
  };
}

function systemSitePackagesOf(operator: OperatorClass, argument: ArgumentModel | undefined, unpacked: boolean): boolean | undefined {
  if (operator.kind !== 'virtualenv') return undefined;
  if (argument) return argument.value.kind === 'bool' ? argument.value.value : undefined;
  return unpacked ? undefined : SYSTEM_SITE_PACKAGES_DEFAULT;
}

/** `python_callable=name` -> the nearest `def name` visible from the call; a lambda as itself. */
function resolveCallable(context: TaskContext, value: Node | undefined, site: Node): Node | undefined {
  if (!value) return undefined;
  if (value.type === 'lambda') return value;
  if (value.type !== 'identifier') return undefined;
  const name = value.text;
  const records = context.functionRecords.get(name) ?? [];
  context.dependencies.functions.set(name, functionsSeen(context, name));
  let best: Node | undefined;
  let bestDepth = -1;
  for (const record of records) {
    context.dependencies.ranges.push({ start: record.start, end: record.end });
    const candidate = nodeAt(context.tree, ['function_definition'], record.start, record.end);
    if (!candidate) continue;
    const scope = enclosingScope(candidate);
    if (scope && !contains(scope, site)) continue;
    const depth = scope ? scope.startIndex + 1 : 0;
    const before = candidate.startIndex < site.startIndex;
    if (depth > bestDepth || (depth === bestDepth && before)) {
      best = candidate;
      bestDepth = depth;
    }
  }
  return best;
}

/** `python_callable=run` (or `=module.run`) imported from another workspace module, when a resolver is given. */
function importedCallable(context: TaskContext, value: Node | undefined) {
  const workspace = context.options.workspace;
  const dotted = value && (value.type === 'identifier' || value.type === 'attribute') ? dottedName(value) : undefined;
  if (!workspace || dotted === undefined || !isImported(context, dotted)) return undefined;
  return workspace.callable(context.importing(), dotted, context.files);
}

function callableInputs(context: TaskContext, definition: Node): CallableInputs {
  const { tree, structure, dependencies } = context;
  dependencies.ranges.push({ start: definition.startIndex, end: definition.endIndex });
  dependencies.scopes = enclosingFunctions(definition);
  const layers = outerLayers(context, dependencies.scopes);
  const outerBinding = (name: string) => {
    const binding = layers ? lookUp(layers, name) : undefined;
    dependencies.outer.set(name, bindingSeen(context, binding));
    // The task's own copy: a span must belong to one task's list to be moved once.
    return binding && { ...binding, span: { ...binding.span } };
  };
  const boundOutside = (name: string) => layers !== undefined && lookUp(layers, name) !== undefined;
  return recordInputs(tree, context.source, structure, outerBinding, boundOutside);
}

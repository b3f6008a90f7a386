import { addRequirementEdits } from '../fixes/add-requirement.js';
import { insert, lineEnding } from '../fixes/edits.js';
import type { Fix } from '../findings.js';
import { judgeNewImport, type VenvFacts } from '../knowledge/venv-contents.js';
import type { ModuleNameUse, TaskModel } from '../model.js';
import type { Report, Rule } from './rule.js';

export const moduleLevelName: Rule = {
  code: 'VENV302',
  name: 'module-level-name',
  severity: 'error',
  summary: 'The callable uses a name bound only outside it (NameError in the venv)',
  docs: {
    what: 'Flags names a virtualenv/external-python callable reads that only the DAG module (or an enclosing function) defines: imports, constants, helper functions, classes.',
    why: 'Airflow ships only the function\'s own source to the other interpreter ("All imports must happen inside the function and no variables outside of the scope may be referenced", PythonVirtualenvOperator docstring). Module-level names do not exist there: NameError on the worker. Two exceptions: the script Airflow generates imports `sys` and its serializer module (`pickle`, `dill` with use_dill/serializer="dill", `cloudpickle`) before the function\'s source (airflow/operators/python_operator.py `_generate_python_code` @1.10.15, airflow/utils/python_virtualenv_script.jinja2 @2.0.0-2.10.3), so a module-level `import sys` used in the callable works.',
    example: 'import pandas as pd\n\n@task.virtualenv(requirements=["pandas==2.2.2"])\ndef load():\n    return pd.DataFrame()',
    useInstead: '@task.virtualenv(requirements=["pandas==2.2.2"])\ndef load():\n    import pandas as pd\n    return pd.DataFrame()',
    fixSafety: 'Safe for imports whose module the requirements provide: the import statement is repeated as the first statement of the function. When the packaging tables know the module is not provided, the same fix also adds the distribution that provides it (or the dependency that only installs it transitively) to requirements, and is then not safe, as adding a requirement never is; a module no known distribution provides gets the import alone (VENV301 then says what to do). Other names have no automatic fix.',
  },
  checkTask(task, context) {
    const facts: VenvFacts = { knowledge: context.knowledge, importable: context.importable, airflowVersion: context.airflowVersion };
    const reports: Report[] = [];
    const reported = new Set<string>();
    const preImported = scriptImports(task);
    for (const use of task.callable?.moduleNameUses ?? []) {
      if (reported.has(use.name) || (preImported.has(use.name) && importsModuleItself(use))) continue;
      reported.add(use.name);
      reports.push({
        span: use.span,
        message: `${describe(use)}. Only the function's own source runs in the venv, so this is a NameError on the worker. ${advice(use)}`,
        fixes: moveImportFix(task, use, facts),
      });
    }
    return reports;
  },
};

function describe(use: ModuleNameUse): string {
  const line = use.binding.span.source.lines.positionAt(use.binding.span.start).line + 1;
  switch (use.binding.kind) {
    case 'import':
      return `"${use.name}" is imported outside the function (line ${line})`;
    case 'function':
      return `"${use.name}" is a function defined outside the callable (line ${line})`;
    case 'class':
      return `"${use.name}" is a class defined outside the callable (line ${line})`;
    default:
      return `"${use.name}" is defined outside the function (line ${line})`;
  }
}

function advice(use: ModuleNameUse): string {
  switch (use.binding.kind) {
    case 'import':
      return 'Import it inside the function.';
    case 'function':
    case 'class':
      return 'Define it inside the callable, or ship it as a requirement.';
    default:
      return 'Pass the value with op_args/op_kwargs (or the task\'s arguments), or define it inside the function.';
  }
}

/** `import numpy as np` -> numpy, `from a.b import c` -> a.b; undefined for a relative import. */
function importedModule(text: string): string | undefined {
  return /^\s*(?:import|from)\s+([A-Za-z_][\w.]*)/.exec(text)?.[1];
}

function moveImportFix(task: TaskModel, use: ModuleNameUse, facts: VenvFacts): Fix[] {
  const start = task.callable?.bodyStart;
  const text = use.binding.importText;
  if (use.binding.kind !== 'import' || !start || !text) return [];
  const source = use.span.source;
  const newline = lineEnding(source.text);
  const newText = start.newlineBefore ? `${newline}${start.indent}${text}` : `${start.indent}${text}${newline}`;
  const title = `Import ${use.name} inside ${task.callable?.name ?? 'the callable'}`;
  const move = insert(source, start.at.start, newText);
  // The import alone would bring VENV301/VENV306 when the requirements do not provide the module.
  const module = importedModule(text);
  const lacking = module === undefined ? undefined : judgeNewImport(task, facts, module);
  const requirement = lacking?.add === undefined ? undefined : addRequirementEdits(task, lacking.add);
  if (lacking?.add && requirement) return [{ title: `${title} and add "${lacking.add}" to requirements`, safe: false, edits: [move, ...requirement] }];
  return [{ title, safe: true, edits: [move] }];
}

/**
 * Modules the script Airflow generates imports before the callable's source: `sys` and the
 * serializer (`import {{ pickling_library }}` then `import sys`, python_virtualenv_script.jinja2
 * @2.0.0-2.10.3; the same two lines in 1.10.15's `_generate_python_code`).
 */
function scriptImports(task: TaskModel): Set<string> {
  const serializer = task.arguments.get('serializer')?.value;
  const useDill = task.arguments.get('use_dill')?.value;
  const names = new Set(['sys']);
  if (serializer?.kind === 'string') names.add(serializer.value === 'cloudpickle' ? 'cloudpickle' : serializer.value === 'dill' ? 'dill' : 'pickle');
  else if (useDill?.kind === 'bool') names.add(useDill.value ? 'dill' : 'pickle');
  else if (!serializer && !useDill) names.add('pickle');
  return names;
}

/** `import sys` (or `import os, sys`): the name is the module itself, not an alias or a from-import. */
function importsModuleItself(use: ModuleNameUse): boolean {
  const text = use.binding.importText;
  if (use.binding.kind !== 'import' || !text) return false;
  const match = /^import\s+(.+)$/.exec(text.trim());
  return match !== null && match[1]!.split(',').some((part) => part.trim() === use.name);
}

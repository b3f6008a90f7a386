import { topLevel } from '../knowledge/packaging.js';
import { externalInterpreter } from '../model.js';
import type { Rule } from './rule.js';

export const notInstalledInInterpreter: Rule = {
  code: 'VENV305',
  name: 'not-installed-in-interpreter',
  severity: 'warning',
  summary: '(verify) The callable imports a module the external interpreter does not have',
  docs: {
    what: 'After a verify run probed the `python=` interpreter of an external-python task: flags imports in the callable that are neither in that interpreter\'s standard library nor provided by a distribution installed in it.',
    why: 'ExternalPythonOperator runs the callable in that interpreter as it is; nothing is installed for you, so the import fails on the worker.',
    example: '@task.external_python(python="/opt/venvs/etl/bin/python3.11")\ndef run():\n    import polars  # not installed in /opt/venvs/etl',
    useInstead: 'Install polars into /opt/venvs/etl in the worker image.',
    fixSafety: 'No automatic fix.',
  },
  checkTask(task, context) {
    const target = externalInterpreter(task);
    const result = target ? context.interpreter(target.command) : undefined;
    if (!target || !result?.ok || !task.callable) return [];
    const info = result.info;
    const installed = new Set(info.distributions.flatMap((distribution) => distribution.modules));
    const stdlib = new Set(info.stdlib);
    const version = /^(\d+\.\d+)/.exec(info.version)?.[1];
    const seen = new Set<string>();
    return task.callable.imports.flatMap((imported) => {
      const module = imported.module;
      if (!module || imported.guarded || seen.has(module)) return [];
      seen.add(module);
      const top = topLevel(module);
      const isStdlib = stdlib.size > 0 ? stdlib.has(top) : context.knowledge.isStdlib(module, version);
      if (isStdlib || installed.has(top) || context.knowledge.isFirstParty(module)) return [];
      return [{
        span: imported.span,
        message: `"${module}" is not installed in ${target.command}. It has Python ${info.version} and ${info.distributions.length} distribution${info.distributions.length === 1 ? '' : 's'}, so this is an ImportError when the task runs there. Install it into that interpreter.`,
      }];
    });
  },
};

import { quoted, replace } from '../fixes/edits.js';
import type { Fix } from '../findings.js';
import type { Rule } from './rule.js';

export const pythonBinArgument: Rule = {
  code: 'VENV103',
  name: 'python-bin-argument',
  severity: 'error',
  summary: '`python_bin=` is not a parameter of any Airflow operator',
  docs: {
    what: 'Flags a `python_bin=` argument on a virtualenv or external-python task.',
    why: '`python_bin` is an argument of Airflow\'s internal `prepare_virtualenv` helper (airflow/utils/python_virtualenv.py), which tutorials copy. No operator accepts it: Airflow 2 raises "Invalid arguments were passed" when the DAG is parsed, Airflow 3 a TypeError.',
    example: 'PythonVirtualenvOperator(task_id="t", python_bin="/usr/bin/python3.9", python_callable=run)',
    useInstead: 'PythonVirtualenvOperator(task_id="t", python_version="3.9", python_callable=run)',
    fixSafety: 'Safe: for virtualenv tasks the version is read from the path (`python3.9` -> `python_version="3.9"`); for external-python tasks the keyword becomes `python=`.',
  },
  checkTask(task) {
    const argument = task.arguments.get('python_bin');
    if (!argument) return [];
    const fixes: Fix[] = [];
    if (task.kind === 'external-python' && !task.arguments.has('python')) {
      fixes.push({ title: 'Rename python_bin to python', safe: true, edits: [replace(argument.nameSpan, 'python')] });
    }
    const value = argument.value;
    const version = value.kind === 'string' ? /python(\d+(?:\.\d+)?)(?:\.exe)?$/.exec(value.value.trim())?.[1] : undefined;
    if (task.kind === 'virtualenv' && version && !task.arguments.has('python_version') && value.kind === 'string') {
      fixes.push({
        title: `Replace with python_version="${version}"`,
        safe: true,
        edits: [replace(argument.span, `python_version=${quoted(version, value.quote)}`)],
      });
    }
    const target = task.kind === 'external-python' ? '`python=` (the interpreter path)' : '`python_version="3.X"` (Airflow builds the venv with python3.X from the worker\'s PATH)';
    return [{
      span: argument.nameSpan,
      message: `"python_bin" is not a parameter of ${task.symbol}. It belongs to Airflow's internal prepare_virtualenv helper, and Airflow 2+ rejects unknown arguments when it parses the DAG. Use ${target}.`,
      fixes,
    }];
  },
};

import { quoted, replace } from '../fixes/edits.js';
import type { Rule } from './rule.js';

export const invalidPythonVersion: Rule = {
  code: 'VENV105',
  name: 'invalid-python-version',
  severity: 'error',
  summary: '`python_version` is a float or not a version string',
  docs: {
    what: 'Flags `python_version=3.10` (a number) and strings that are not `X` or `X.Y` (`"python3.9"`, `"3.x"`, `"3.9.1"`).',
    why: 'Airflow builds the venv with the interpreter `python{python_version}` from the worker\'s PATH. The number `3.10` is the float 3.1, so it looks for `python3.1`; `"python3.9"` becomes `pythonpython3.9`. Non-string values are deprecated in Airflow 2 and an error in Airflow 3.',
    example: '@task.virtualenv(python_version=3.10, requirements=["pandas==2.2.2"])',
    useInstead: '@task.virtualenv(python_version="3.10", requirements=["pandas==2.2.2"])',
    fixSafety: 'Safe: the literal is quoted as written (`3.10` -> `"3.10"`), and `"python3.9"` / `"3.9.1"` become `"3.9"`.',
  },
  checkTask(task) {
    const argument = task.arguments.get('python_version');
    if (!argument) return [];
    const value = argument.value;
    if (value.kind === 'number') {
      const written = value.text;
      const becomes = String(Number(written));
      const problem = becomes === written
        ? `the number ${written} is not a string (deprecated in Airflow 2, an error in Airflow 3)`
        : `${written} is the number ${becomes}, so the worker looks for python${becomes}`;
      return [{
        span: value.span,
        message: `python_version=${written}: ${problem}. Quote it: "${written}".`,
        fixes: [{ title: `Quote as "${written}"`, safe: true, edits: [replace(value.span, quoted(written, '"'))] }],
      }];
    }
    if (value.kind !== 'string' || VERSION.test(value.value)) return [];
    const found = /(\d+)\.(\d+)/.exec(value.value) ?? /^(?:python)?(\d+)$/.exec(value.value.trim());
    const normalized = found ? (found[2] ? `${found[1]}.${found[2]}` : found[1]!) : undefined;
    return [{
      span: value.span,
      message: `python_version="${value.value}" is not a version like "3.11": Airflow runs python${value.value} from the worker's PATH, which does not exist.${normalized ? ` Use "${normalized}".` : ''}`,
      fixes: normalized ? [{ title: `Change to "${normalized}"`, safe: true, edits: [replace(value.span, quoted(normalized, value.quote))] }] : [],
    }];
  },
};

const VERSION = /^\d+(\.\d+)?$/;

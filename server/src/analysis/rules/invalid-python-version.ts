import { quoted, replace } from '../fixes/edits.js';
import { releases, supportedPython } from '../knowledge/airflow-releases.js';
import { severityAcross, taskParameters, type AirflowTarget, type Verdict } from '../knowledge/airflow-target.js';
import type { Fix } from '../findings.js';
import type { TaskModel } from '../model.js';
import { capitalized, type Report, type Rule } from './rule.js';

export const invalidPythonVersion: Rule = {
  code: 'VENV105',
  name: 'invalid-python-version',
  severity: 'error',
  summary: '`python_version` is a number Airflow misreads or refuses, or not a version string',
  docs: {
    what: 'Flags `python_version=3.10` (a float whose text changes: Python reads it as 3.1), a number where the target Airflow deprecates or refuses one, and strings that are not `X` or `X.Y` (`"python3.9"`, `"3.x"`, `"3.9.1"`).',
    why: 'Airflow builds the venv with the interpreter `python{python_version}` from the worker\'s PATH (`\'--python=python{}\'.format(v)` on 1.10, `f"python{v}"` on 2.x), so the number `3.10` becomes `python3.1`, and `"python3.9"` becomes `pythonpython3.9`: errors in every release. A number whose text survives `str()` (`3`, `3.9`) works on Airflow 1.10 and 2.0-2.7.1; Airflow 2.7.2 added a RemovedInAirflow3Warning for non-str values (a warning), and the standard provider (Airflow 3) raises AirflowException "Passing non-string types ... not supported" (an error). When the target admits releases that disagree, the mildest verdict wins; where it works in some of them, an info on a configured target and nothing on an inferred one.',
    example: '@task.virtualenv(python_version=3.10, requirements=["pandas==2.2.2"])',
    useInstead: '@task.virtualenv(python_version="3.10", requirements=["pandas==2.2.2"])',
    fixSafety: 'Safe when the number is written `X` or `X.Y` and quoting it keeps what the author meant: the text survives `str()` (`3`, `3.9`), or only a trailing zero is lost (`3.10`). Other numbers Python reads differently from their text (`3.110` is 3.11, `0x3` is 3) get an unsafe fix to the value Python reads, when that is a Python version; odd ones (`3_11`, `3.1e1`, `.3`, `3.11j`) get none. `"python3.9"` / `"3.9.1"` become `"3.9"` (safe).',
  },
  checkTask(task, context) {
    const argument = task.arguments.get('python_version');
    if (!argument) return [];
    const value = argument.value;
    if (value.kind === 'number') return numberReport(task, value.text, value.span, context.target);
    if (value.kind !== 'string' || VERSION.test(value.value)) return [];
    const found = /(\d+)\.(\d+)/.exec(value.value) ?? /^(?:python)?(\d+)$/.exec(value.value.trim());
    const normalized = found ? (found[2] ? `${found[1]}.${found[2]}` : found[1]!) : undefined;
    return [{
      span: value.span,
      message: `python_version="${value.value}" is not a version like "3.11". Airflow runs python${value.value} from the worker's PATH, which does not exist.${normalized ? ` Use "${normalized}".` : ''}`,
      fixes: normalized ? [{ title: `Change to "${normalized}"`, safe: true, edits: [replace(value.span, quoted(normalized, value.quote))] }] : [],
    }];
  },
};

const VERSION = /^\d+(\.\d+)?$/;

function numberReport(task: TaskModel, written: string, span: Report['span'], target: AirflowTarget): Report[] {
  const seen = pythonStr(written);
  const fixes = quoteFixes(written, seen, span);
  if (seen === undefined || !knownPython(seen)) {
    // python{seen} is no Python any release runs with: broken on 1.10/2.x, refused by the provider.
    const reads = seen === undefined ? `${written} is not a number Airflow can turn into an interpreter name` : `${written} is the number ${seen}, so the worker looks for python${seen}`;
    const advice = fixes[0]?.safe ? `Quote it: "${written}"` : 'Write the version you mean as a string, e.g. "3.11"';
    return [{ span, message: `python_version=${written}: ${reads}. ${advice}.`, fixes }];
  }
  const severity = severityAcross(target, task, (where) => numberVerdict(task, where));
  if (!severity) return [];
  const read = seen === written ? `the number ${written}` : `the number ${written} (Python reads ${seen})`;
  const consequence = severity === 'error'
    ? 'the standard provider (Airflow 3) raises AirflowException "Passing non-string types (e.g. int or float) as python_version not supported"'
    : severity === 'warning'
      ? 'Airflow 2.7.2 and later warn that non-string python_version is removed in Airflow 3 (RemovedInAirflow3Warning), and Airflow 3 refuses it'
      : `it works on Airflow 1.10 and 2.0-2.7.1, is deprecated from 2.7.2 and refused by Airflow 3; the target is Airflow ${target.label}`;
  return [{ span, severity, message: `python_version=${written} is ${read}, not a string. ${capitalized(consequence)}. Quote it: "${seen}".`, fixes }];
}

/** At one release (and provider release): the provider raises on a non-str, 2.7.2+ warns, older releases take it. */
function numberVerdict(task: TaskModel, where: Parameters<typeof taskParameters>[1]): Verdict | undefined {
  const parameter = taskParameters(task, where)?.get('python_version');
  if (parameter?.raises?.when === 'non-str') return 'error';
  if (parameter?.deprecated?.when === 'non-str') return 'warning';
  return undefined;
}

/**
 * The fix for a number: quote it as written when that is what the author meant, a Python version
 * (`3`, `3.9`, `3.10` whose float is 3.1; not `3.110`, which Python reads as 3.11); else, unsafe, the version Python reads (`3.110` -> "3.11", `0x3` -> "3");
 * else none (`3_11`, `3.1e1`, `.3`).
 */
function quoteFixes(written: string, seen: string | undefined, span: Report['span']): Fix[] {
  if (/^\d+(\.\d+)?$/.test(written) && knownPython(written) && (seen === written || `${seen}0` === written)) {
    return [{ title: `Quote as "${written}"`, safe: true, edits: [replace(span, quoted(written, '"'))] }];
  }
  if (seen !== undefined && VERSION.test(seen) && knownPython(seen)) {
    return [{ title: `Quote as "${seen}"`, safe: false, edits: [replace(span, quoted(seen, '"'))] }];
  }
  return [];
}

/** What Python's `str()` gives for a numeric literal (what `f"python{v}"` formats); undefined for complex or odd forms. */
function pythonStr(literal: string): string | undefined {
  const text = literal.replace(/_/g, '');
  if (/[jJ]$/.test(text)) return undefined;
  if (/^0[xX][0-9a-fA-F]+$|^0[oO][0-7]+$|^0[bB][01]+$/.test(text)) return BigInt(text).toString();
  if (/^\d+$/.test(text)) return BigInt(text).toString();
  const number = Number(text);
  if (!Number.isFinite(number) || Math.abs(number) >= 1e16 || (number !== 0 && Math.abs(number) < 1e-4)) return undefined;
  const shortest = String(number); // the shortest round-trip text, as Python's repr for this range
  return Number.isInteger(number) ? `${shortest}.0` : shortest;
}

/** Is `python{version}` a Python some Airflow release runs with (or a bare major, `2`/`3`)? */
function knownPython(version: string): boolean {
  if (version === '2' || version === '3') return true;
  return releases().some((release) => supportedPython(release)?.versions.includes(version) ?? false);
}

/** Interpreter paths that say nothing about which Python runs (VENV101, VENV102). */
/** Paths that name "whatever python the worker has", not a specific interpreter. */
const GENERIC = new Set([
  'python', 'python2', 'python3',
  '/usr/bin/python', '/usr/bin/python2', '/usr/bin/python3',
  '/usr/local/bin/python', '/usr/local/bin/python2', '/usr/local/bin/python3',
  '/bin/python', '/bin/python3',
  '/usr/bin/env python', '/usr/bin/env python2', '/usr/bin/env python3',
]);

/** `python3`, `/usr/bin/python3`, `/usr/bin/env python3`: whatever the worker has. */
export function isGenericInterpreter(path: string): boolean {
  return GENERIC.has(path.trim().replace(/\s+/g, ' '));
}

/**
 * Why ExternalPythonOperator certainly refuses a `python=` value, or undefined: its
 * `execute_callable` checks `Path(python).exists()`, `.is_file()` and `.is_absolute()` and raises
 * ValueError otherwise, with no PATH look-up and no shell (airflow/operators/python.py:658-664
 * @2.4.0, :1009-1015 @2.10.3; the standard provider's operator the same). So a bare name
 * (`python3`), a relative path, or a command (`/usr/bin/env python3`) always fails. A Jinja
 * template is rendered first (`python` is a template field from 2.4.3): not judged.
 */
export function refusedExternalPython(path: string): 'relative' | 'command' | undefined {
  const trimmed = path.trim();
  if (trimmed === '' || trimmed.includes('{{')) return undefined;
  if (/^\S*\/env\s+\S/.test(trimmed)) return 'command';
  const absolute = trimmed.startsWith('/') || /^[A-Za-z]:[\\/]/.test(trimmed) || trimmed.startsWith('\\\\');
  return absolute ? undefined : 'relative';
}

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

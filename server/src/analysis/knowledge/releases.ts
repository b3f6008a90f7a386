/**
 * Facts about releases on a package index, shared by the pin sources and the
 * online check (VENV209): PEP 440 decides what a pre-release is, and a task on
 * Python X.Y may use a file when its Requires-Python admits some X.Y.z.
 */
import { explain, satisfies } from '@renovatebot/pep440';
import type { IndexFile } from '../inputs.js';

/** PEP 440 pre- and dev-releases (`3.0.0rc1`, `2.0.dev1`), not post- or local versions. */
export function isPrerelease(version: string): boolean {
  return explain(version)?.is_prerelease ?? false;
}

/** Whether a task on Python `X.Y` can install `file` ("3.11" stands for any 3.11.z: judged as 3.11.99). */
export function fileAllowsPython(file: IndexFile, pythonVersion: string | undefined): boolean {
  if (!pythonVersion || !file.requiresPython) return true;
  try {
    return satisfies(`${pythonVersion}.99`, file.requiresPython);
  } catch {
    return true; // an unreadable Requires-Python is not a reason to refuse
  }
}

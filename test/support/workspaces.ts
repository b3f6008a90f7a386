/** Fixture workspaces (test/fixtures/workspaces/<name>/): several files, `# expect:` comments in any of them. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expectedCodes } from './expectations.js';

export const workspacesRoot = join(import.meta.dirname, '..', 'fixtures', 'workspaces');

export const WORKSPACES = readdirSync(workspacesRoot, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();

function pythonFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return pythonFiles(path);
    return entry.name.endsWith('.py') ? [path] : [];
  });
}

/** `relative/path.py:line:CODE` (1-based line) for every `# expect:` in the workspace, sorted. */
export function workspaceExpectations(name: string): string[] {
  const folder = join(workspacesRoot, name);
  return expectedCodes(folder, pythonFiles(folder));
}

/** Fixture workspaces (test/fixtures/workspaces/<name>/): several files, `# expect:` comments in any of them. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

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
  const expected: string[] = [];
  for (const path of pythonFiles(folder)) {
    readFileSync(path, 'utf8').split(/\r\n|\r|\n/).forEach((line, index) => {
      const match = /#\s*expect:\s*([A-Z0-9, ]+)/.exec(line);
      if (match) for (const code of match[1]!.split(',').map((item) => item.trim()).filter(Boolean)) expected.push(`${relative(folder, path)}:${index + 1}:${code}`);
    });
  }
  return expected.sort();
}

/**
 * First-party code as Airflow makes it importable: the top-level modules and packages in the
 * folders it puts on `sys.path` (the DAG folder, `$AIRFLOW_HOME/config`, the plugins folder;
 * `airflow/settings.py` `prepare_syspath`) and at the project root beside a `dags` folder (where
 * Astronomer projects keep `include/`). VENV301 and VENV208 count them as provided.
 *
 * Reads folders only through the host's WorkspaceFileSystem.
 */
import { basename, dirname, join } from 'node:path';
import type { WorkspaceFileSystem } from '../inputs.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Never first-party, whatever a folder holds: Airflow itself, and folders that only hold tests or builds. */
const NOT_MODULES = new Set(['airflow', '__pycache__', 'tests', 'test', 'build', 'dist', 'node_modules', 'venv', 'env']);

/** The folders whose top-level names a DAG file's callables may import as first-party code. */
export function firstPartyFolders(searchPath: readonly string[], dagsFolderName: string): string[] {
  const folders = new Set(searchPath);
  for (const folder of searchPath) {
    if (basename(folder) !== dagsFolderName) continue;
    const project = dirname(folder);
    for (const extra of [project, join(project, 'plugins'), join(project, 'config')]) folders.add(extra);
  }
  return [...folders];
}

/**
 * `x.py` -> `x`; a folder with a `.py` file in it or in a subfolder up to three levels down (a
 * package, or a namespace package such as `data_inclusion/pipeline/...` that setuptools finds with
 * `namespaces = true`) -> its name. A folder of data only (`sql/`, `include/queries/`) is not a module.
 */
export function topLevelNames(fileSystem: WorkspaceFileSystem, folder: string): string[] {
  const names: string[] = [];
  for (const entry of fileSystem.list(folder) ?? []) {
    if (entry.name.startsWith('.')) continue;
    const name = entry.directory ? entry.name : entry.name.endsWith('.py') ? entry.name.slice(0, -3) : '';
    if (!IDENTIFIER.test(name) || NOT_MODULES.has(name)) continue;
    if (entry.directory && !holdsPython(fileSystem, join(folder, entry.name), NAMESPACE_DEPTH)) continue;
    names.push(name);
  }
  return names;
}

/** How many folder levels below a top-level folder a `.py` file still makes it a (namespace) package. */
const NAMESPACE_DEPTH = 3;

function holdsPython(fileSystem: WorkspaceFileSystem, folder: string, depth: number): boolean {
  const entries = fileSystem.list(folder) ?? [];
  if (entries.some((child) => !child.directory && child.name.endsWith('.py'))) return true;
  if (depth === 0) return false;
  return entries.some((child) => child.directory && IDENTIFIER.test(child.name) && !NOT_MODULES.has(child.name) && holdsPython(fileSystem, join(folder, child.name), depth - 1));
}

/** The user's cache folder for this tool (pins looked up, environments verified, the server's code cache). */
import { homedir } from 'node:os';
import { join } from 'node:path';

/** $XDG_CACHE_HOME/airflow-venv-lint or ~/.cache/airflow-venv-lint. */
export function defaultCacheDirectory(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'airflow-venv-lint');
}

import type { Rule } from './rule.js';

export const venvCachePath: Rule = {
  code: 'VENV402',
  name: 'venv-cache-path',
  severity: 'warning',
  summary: '`venv_cache_path` is relative or in a home directory',
  docs: {
    what: 'Flags a `venv_cache_path` that is relative, starts with `~`, or lies under `/root` or `/home`.',
    why: 'Airflow reuses cached venvs from that folder. A relative path depends on the worker\'s current directory; `~` is not expanded by every code path and differs per user; home directories are rarely shared or writable by the worker user, so the cache is rebuilt or fails.',
    example: '@task.virtualenv(venv_cache_path="~/.cache/venvs", requirements=["pandas==2.2.2"])',
    useInstead: '@task.virtualenv(venv_cache_path="/opt/airflow/venv-cache", requirements=["pandas==2.2.2"])',
    fixSafety: 'No automatic fix.',
  },
  checkTask(task) {
    const value = task.arguments.get('venv_cache_path')?.value;
    if (value?.kind !== 'string' || value.value.includes('{{')) return [];
    const path = value.value.trim();
    let problem: [what: string, why: string] | undefined;
    if (path.startsWith('~')) problem = ['starts with "~"', 'The home directory differs per worker user and is not expanded everywhere'];
    else if (/^\/(root|home)(\/|$)/.test(path)) problem = ['lies in a home directory', 'Workers rarely share a home directory or can write to it'];
    else if (!path.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(path)) problem = ['is relative', 'It depends on the worker\'s current directory'];
    if (!problem) return [];
    return [{ span: value.span, message: `venv_cache_path="${value.value}" ${problem[0]}. ${problem[1]}, so the cached venv is not found (rebuilt every run) or cannot be written. Use an absolute folder every worker can write, e.g. /opt/airflow/venv-cache.` }];
  },
};

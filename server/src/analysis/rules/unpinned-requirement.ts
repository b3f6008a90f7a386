import { pinExisting } from '../fixes/pins.js';
import { osPackageOf } from '../knowledge/os-packages.js';
import type { Rule } from './rule.js';

export const unpinnedRequirement: Rule = {
  code: 'VENV201',
  name: 'unpinned-requirement',
  severity: 'warning',
  summary: 'A requirement has no version specifier',
  docs: {
    what: 'Flags requirements without any version (`"pandas"`, `"requests[socks]"`).',
    why: 'Every run builds the venv anew (unless `venv_cache_path` is set), so an unpinned requirement installs whatever is newest that day: a release months after the DAG was written can break the task, and two workers can run different versions.',
    example: 'requirements=["pandas", "pyarrow"]',
    useInstead: 'requirements=["pandas==2.2.2", "pyarrow==16.1.0"]',
    fixSafety: 'Pinning needs a version source (constraints file, verified interpreter or package index); with one configured the fix is safe.',
  },
  checkTask(task, context) {
    return (task.requirements?.entries ?? []).flatMap((entry) => {
      const parsed = entry.parsed;
      if (!parsed || parsed.specifiers.length > 0 || parsed.url || osPackageOf(entry)) return [];
      return [{
        span: entry.span,
        message: `"${entry.text}" has no version. Each venv build installs whatever release is newest that day, so the task can break without any change to the DAG. Pin it, e.g. "${parsed.name}==X.Y.Z".`,
        pin: pinExisting(entry, context.pythonVersion(task)),
      }];
    });
  },
};

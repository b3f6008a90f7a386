import { replace } from '../fixes/edits.js';
import type { Fix } from '../findings.js';
import type { RequirementEntry, TaskModel } from '../model.js';
import { compareReleases, latestProvider, providerBehaviour } from '../knowledge/airflow-releases.js';
import { majorOf, severityAcross, type AirflowTarget, type Environment, type Verdict } from '../knowledge/airflow-target.js';
import { osPackageOf } from '../knowledge/os-packages.js';
import type { Report, Rule } from './rule.js';

export const invalidRequirement: Rule = {
  code: 'VENV203',
  name: 'invalid-requirement',
  severity: 'error',
  summary: 'Not a valid PEP 508 requirement or pip line',
  docs: {
    what: 'Flags requirement strings pip cannot parse: `"pandas=1.0"`, `"numpy 1.2"`, `"requests>="`, invalid versions; and lines Airflow\'s install breaks, per release: a relative `-r other.txt` / `-c constraints.txt` from 2.3.0 on (and with the standard provider), and with standard provider 1.2.0+ and `system_site_packages=False` any line that is not a PEP 508 requirement (`-r`, `-e`, options, a bare URL or path); and a relative local path (`./wheels/x-1.0-py3-none-any.whl`, `../libs/pkg`, `-e ./pkg`), which pip resolves against the worker\'s working directory.',
    why: 'Airflow writes the requirements to a file and runs `pip install -r` on the worker; pip stops at the first invalid line, so the venv is never built and the task fails. That file is a temporary `requirements.txt` in the venv\'s folder (airflow/operators/python.py:430-455 @2.3.0), so pip looks a relative `-r`/`-c` up next to it, not next to the DAG. The standard provider from 1.2.0 (#50446) parses every line with packaging\'s Requirement when `system_site_packages=False` and raises ValueError("Invalid requirement") otherwise. A relative path on a requirement line is resolved by pip against its current directory, the worker process\'s (Airflow runs `pip install -r` with no cwd: airflow/utils/python_virtualenv.py:43-46,119 @2.10.3), not the DAG folder, so the wheel or project is found only when the worker happens to start there.',
    example: 'requirements=["pandas=2.2.2"]',
    useInstead: 'requirements=["pandas==2.2.2"]',
    fixSafety: 'Offered when the intended spelling is unambiguous; `=` -> `==` is safe, other corrections are not.',
  },
  checkTask(task, context) {
    const parsed = (task.requirements?.entries ?? []).flatMap((entry): Report[] => {
      if (!entry.error || osPackageOf(entry)) return [];
      const suggestion = suggestedSpelling(entry.text);
      const column = entry.error.offset + 1;
      return [{
        span: entry.span,
        message: `${fragment(entry.text)} is not a valid requirement. Column ${column}: ${entry.error.message.replace(/\.$/, '')}. pip rejects it and the venv is never built.${suggestion ? ` Did you mean ${fragment(suggestion)}?` : ''}`,
        fixes: fixFor(entry, suggestion),
      }];
    });
    return [...parsed, ...relativePathReports(task), ...installReports(task, context.target)];
  },
};

/** The spelling the author evidently meant, when there is exactly one. */
export function suggestedSpelling(text: string): string | undefined {
  const singleEquals = /^([A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]]*\])?)\s*=\s*([0-9][^\s=<>!~;]*)$/.exec(text);
  if (singleEquals) return `${singleEquals[1]}==${singleEquals[2]}`;
  const spaceSeparated = /^([A-Za-z0-9][A-Za-z0-9._-]*(?:\[[^\]]*\])?)\s+v?([0-9][0-9A-Za-z.+!-]*)$/.exec(text);
  if (spaceSeparated) return `${spaceSeparated[1]}==${spaceSeparated[2]}`;
  const colon = /^([A-Za-z0-9][A-Za-z0-9._-]*):([0-9][0-9A-Za-z.+!-]*)$/.exec(text);
  if (colon) return `${colon[1]}==${colon[2]}`;
  return undefined;
}

function fixFor(entry: RequirementEntry, suggestion: string | undefined): Fix[] {
  if (!suggestion || !entry.exact) return [];
  return [{ title: `Change to "${suggestion}"`, safe: /^[^=]+=[^=]/.test(entry.text), edits: [replace(entry.span, suggestion)] }];
}

/**
 * A line as quoted in the message: at most 40 characters, escaped like a JSON string. A file that
 * is not a requirements file (a link to a credentials file) must not end up whole in CI logs and
 * SARIF uploads, nor write control characters to a terminal (reliability audit X3, B4).
 */
function fragment(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

/**
 * Lines Airflow's way of installing breaks, judged per release: from 2.3.0 (and with the provider)
 * Airflow writes the requirements to `<venv or tmp>/requirements.txt` and runs `pip install -r` on
 * it (airflow/operators/python.py:430-455 @2.3.0), so a relative `-r other.txt` / `-c c.txt` is
 * looked up next to that temporary file and fails; standard provider 1.2.0 and later, with
 * `system_site_packages=False`, parse every line with packaging's Requirement and raise ValueError
 * for any other line (`-r`, `-e`, options, a bare URL or path; #50446).
 */
function installReports(task: TaskModel, target: AirflowTarget): Report[] {
  const reports: Report[] = [];
  for (const entry of task.requirements?.entries ?? []) {
    const relativeInclude = entry.kind === 'include' && isRelativeInclude(entry.text);
    const notPep508 = entry.kind !== 'requirement' || (entry.parsed === undefined && entry.error === undefined);
    if (!relativeInclude && !notPep508) continue;
    const verdict = (where: Environment): Verdict | undefined => {
      const provider = where.provider ?? (majorOf(where.release) === '3' ? latestProvider() : undefined);
      if (notPep508 && provider && task.systemSitePackages === false && providerBehaviour('requirementLinesParsed', provider)) return 'error';
      if (relativeInclude && (provider || compareReleases(where.release, '2.3.0') >= 0)) return 'error';
      return undefined;
    };
    const severity = severityAcross(target, task, verdict);
    if (!severity) continue;
    const why = relativeInclude
      ? `Airflow copies the requirements into a temporary requirements.txt and runs pip install -r on it, so "${entry.text}" is looked up next to that temporary file, not next to your DAG. Use an absolute path or list the requirements themselves`
      : 'The standard provider (1.2.0 and later) parses every line as a PEP 508 requirement when system_site_packages=False and raises ValueError("Invalid requirement") for this one';
    reports.push({ span: entry.span, severity, message: `"${entry.text}" fails on the worker. ${why}${severity === 'info' ? ` (in some releases of the target, Airflow ${target.label})` : ''}.` });
  }
  return reports;
}

/** `-r other.txt`, `--requirement=sub/x.txt`, `-cconstraints.txt`: a relative path (not absolute, not a URL, not a template). */
function isRelativeInclude(text: string): boolean {
  const path = text.replace(/^(-r|--requirement|-c|--constraint)(\s*=\s*|\s+)?/, '').trim();
  return path !== '' && !path.startsWith('/') && !/^[a-z][a-z0-9+.-]*:\/\//i.test(path) && !path.includes('{{') && !/^[A-Za-z]:[\\/]/.test(path);
}

/** `./x.whl`, `../libs/pkg`, `wheels/x-1.0-py3-none-any.whl`, `-e ./pkg`: a local path that is not absolute. */
const RELATIVE_PATH = /^(?:(?:-e|--editable)(?:\s+|=))?(\.{1,2}[\\/]|[^\s/\\~:@=<>!;]+[\\/][^\s:@;]*\.(?:whl|tar\.gz|zip)$)/;

/** Relative local paths: pip resolves them against the worker's working directory, not the DAG folder. */
function relativePathReports(task: TaskModel): Report[] {
  return (task.requirements?.entries ?? []).flatMap((entry): Report[] => {
    if ((entry.kind !== 'requirement' && entry.kind !== 'editable') || entry.parsed || entry.error || !RELATIVE_PATH.test(entry.text.trim())) return [];
    return [{
      span: entry.span,
      severity: 'warning',
      message: `${fragment(entry.text)} is a relative path. pip resolves it against the worker's working directory when it builds the venv, not against the DAG folder, so it installs only if the worker happens to start there. Use an absolute path the workers have, or publish the package to an index.`,
    }];
  });
}

/**
 * How Airflow would build a virtualenv task's venv, read from its model and the target release:
 * the creator (`virtualenv` CLI on 1.10-2.1, `sys.executable -m virtualenv` on 2.2+, `python -m venv`
 * or `uv` in the standard provider; from airflow-releases.ts), its flags (`--system-site-packages`,
 * `--python=python{python_version}`), the requirement lines pip reads (the task's, plus the serializer
 * Airflow adds when the venv does not inherit the worker's packages), `pip_install_options` and the
 * indexes. Lines that would run code from the DAG folder or fetch from outside the configured index
 * (editables, includes, direct URLs, index options) are left out, each with a note.
 */
import { environmentSignature, latestProvider, parseRelease, venvCreation, type LintConfig, type TaskModel } from '../analysis/index.js';
import type { PlannedLine } from './pip-report.js';

export type Creator = 'virtualenv' | 'venv' | 'uv';

export interface EnvironmentPlan {
  /** `@task.virtualenv on line 12` / `PythonVirtualenvOperator(task_id="load")`. */
  label: string;
  signature: string;
  /** The Airflow release (and standard provider release) whose way of building is followed. */
  release: string;
  provider: string | undefined;
  /** How that release creates the venv, as its source writes it (`sys.executable -m virtualenv`). */
  airflowCreator: string;
  creator: Creator;
  /** The interpreter the venv is created with: `python3.11` for python_version="3.11". */
  python: string;
  pythonVersion: string | undefined;
  systemSitePackages: boolean;
  lines: PlannedLine[];
  pipOptions: string[];
  indexUrls: string[];
  /** What differs from the worker's build, and lines left out, for the report. */
  notes: string[];
}

export interface PlanOptions {
  /** Finds an executable on PATH (the host's resolveExecutable). */
  which: (command: string) => string | undefined;
  /** The index when the task names none (`index-url` of the configuration); pip's default otherwise. */
  indexUrl?: string;
}

/** Options pip may read from a requirements line that do not reach outside the configured index. */
const ALLOWED_OPTIONS = /^--?(pre|prefer-binary|only-binary|no-binary)\b/;

/** The release a configuration targets: `2` -> 2.11.1, `3` -> 3.3 with the newest standard provider. */
function targetRelease(config: LintConfig, task: TaskModel): { release: string; provider: string | undefined } {
  const wanted = config.airflowVersion && config.airflowVersion !== 'auto' ? config.airflowVersion : task.span.source.text.includes('airflow.sdk') || task.span.source.text.includes('airflow.providers.standard') ? '3' : '2';
  const release = parseRelease(wanted) ?? parseRelease('2')!;
  return { release, provider: release.startsWith('3') ? latestProvider() : undefined };
}

function stringsOf(task: TaskModel, name: string): string[] | undefined {
  const value = task.arguments.get(name)?.value;
  if (!value) return undefined;
  if (value.kind === 'string') return value.value.split(/\s+/).filter(Boolean);
  if (value.kind === 'sequence') return value.items.flatMap((item) => (item.kind === 'string' ? [item.value] : []));
  return undefined;
}

/** The plan, or why the task's venv cannot be built from its text. */
export function planEnvironment(task: TaskModel, config: LintConfig, options: PlanOptions): EnvironmentPlan | { error: string } {
  const line = task.span.source.lines.positionAt(task.span.start).line + 1;
  const taskId = task.arguments.get('task_id')?.value;
  const label = `${task.symbol}${taskId?.kind === 'string' ? ` "${taskId.value}"` : task.callable?.name ? ` ${task.callable.name}` : ''} on line ${line}`;
  if (task.kind !== 'virtualenv') return { error: `${label} runs in an existing interpreter (external python): nothing is built; use Verify Interpreter` };
  const signature = environmentSignature(task);
  if (signature === undefined) return { error: `${label}: its requirements, python_version or venv options are not statically known, so the venv cannot be built from the DAG's text` };
  const { release, provider } = targetRelease(config, task);
  const creation = venvCreation(release, provider);
  if (!creation) return { error: `no venv creation is known for Airflow ${release}` };
  const notes: string[] = [];
  const pythonArgument = task.arguments.get('python_version')?.value;
  const pythonVersion = pythonArgument?.kind === 'string' ? pythonArgument.value.trim() : undefined;
  let python = pythonVersion ? `python${pythonVersion}` : (creation.pythonWithoutVersion ?? 'python3');
  if (!pythonVersion && !options.which(python)) {
    notes.push(`Airflow uses ${creation.pythonWithoutVersion ?? 'the worker\'s own Python'} without python_version; here: python3`);
    python = 'python3';
  }
  let creator: Creator;
  const airflowCreator = creation.alternative && options.which('uv') ? creation.alternative.creator : creation.creator;
  if (airflowCreator === 'uv') creator = 'uv';
  else if (creation.creator === 'venv') creator = 'venv';
  else if (options.which('virtualenv')) {
    creator = 'virtualenv';
    if (creation.creator !== 'virtualenv') notes.push(`Airflow ${release} runs ${creation.creator}; here the virtualenv CLI on PATH stands in for it`);
  } else {
    creator = 'venv';
    notes.push(`Airflow ${release} creates the venv with ${creation.creator}, but virtualenv is not installed here: built with ${python} -m venv instead (seeded pip and setuptools may differ)`);
  }
  if (creation.creator === 'venv' && creation.alternative && creator === 'venv') notes.push(`the standard provider uses uv when it is on the worker's PATH (${creation.alternative.when}); uv is not on PATH here`);
  const systemSitePackages = task.systemSitePackages === true;
  if (systemSitePackages) notes.push('system_site_packages=True: the venv also sees this machine\'s site-packages, which may differ from the worker\'s');
  const lines: PlannedLine[] = [];
  (task.requirements?.entries ?? []).forEach((entry, index) => {
    if (entry.kind === 'requirement' && entry.parsed && !entry.parsed.url) lines.push({ text: entry.text, normalizedName: entry.parsed.normalizedName, entry: index });
    else if (entry.kind === 'option' && ALLOWED_OPTIONS.test(entry.text.trim())) lines.push({ text: entry.text.trim(), normalizedName: undefined, entry: index });
    else if (entry.kind === 'requirement' && !entry.parsed) notes.push(`left out "${entry.text}": pip rejects it (VENV203)`);
    else notes.push(`left out "${entry.text}": ${entry.kind === 'editable' || entry.kind === 'include' ? 'it would read or build files from the DAG folder' : entry.parsed?.url ? 'a direct URL is fetched from outside the configured index' : 'index and link options come only from the configuration'}`);
  });
  const serializer = serializerRequirement(task, systemSitePackages);
  if (serializer && !lines.some((item) => item.normalizedName === serializer)) lines.push({ text: serializer, normalizedName: serializer, entry: undefined });
  const indexUrls = stringsOf(task, 'index_urls') ?? (options.indexUrl ? [options.indexUrl] : []);
  const pipOptions = (stringsOf(task, 'pip_install_options') ?? []).filter((option) => {
    const allowed = ALLOWED_OPTIONS.test(option) || /^--(no-deps|upgrade|upgrade-strategy|ignore-installed|no-build-isolation|use-pep517|no-cache-dir)\b/.test(option);
    if (!allowed) notes.push(`left out pip_install_options "${option}": only options that do not reach outside the configured index or touch other folders are passed`);
    return allowed;
  });
  return { label, signature, release, provider, airflowCreator, creator, python, pythonVersion, systemSitePackages, lines, pipOptions, indexUrls, notes };
}

/** Airflow adds the serializer to a venv that does not inherit the worker's packages (`_requirements_list`, 2.x and the provider). */
function serializerRequirement(task: TaskModel, systemSitePackages: boolean): string | undefined {
  if (systemSitePackages) return undefined;
  const serializer = task.arguments.get('serializer')?.value;
  if (serializer?.kind === 'string' && (serializer.value === 'dill' || serializer.value === 'cloudpickle')) return serializer.value;
  const useDill = task.arguments.get('use_dill')?.value;
  return useDill?.kind === 'bool' && useDill.value ? 'dill' : undefined;
}

/** The creator's argv for a venv folder. */
export function creatorArgv(plan: EnvironmentPlan, python: string, folder: string): string[] {
  switch (plan.creator) {
    case 'virtualenv':
      return ['virtualenv', folder, '--quiet', `--python=${python}`, ...(plan.systemSitePackages ? ['--system-site-packages'] : [])];
    case 'uv':
      return ['uv', 'venv', '--allow-existing', '--seed', '--python', python, ...(plan.systemSitePackages ? ['--system-site-packages'] : []), folder];
    case 'venv':
      return [python, '-m', 'venv', ...(plan.systemSitePackages ? ['--system-site-packages'] : []), folder];
  }
}

/** `virtualenv --python=python3.11 (Airflow 2.11.1)`, for messages. */
export function describeBuild(plan: EnvironmentPlan): string {
  const how = plan.creator === 'virtualenv' ? `virtualenv --python=${plan.python}` : plan.creator === 'uv' ? `uv venv --python ${plan.python}` : `${plan.python} -m venv`;
  return `${how}${plan.systemSitePackages ? ' --system-site-packages' : ''} (Airflow ${plan.release}${plan.provider ? `, standard provider ${plan.provider}` : ''})`;
}

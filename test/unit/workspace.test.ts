/** The workspace index and cross-module extraction, through the library. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { WorkspaceIndex, applyEdits, isIgnored, lintText, parseAirflowIgnore, runCrossTaskRules, type FileModel, type Finding, type LintResult, type WorkspaceFileSystem } from '../../server/src/analysis/index.js';
import { diskFileSystem, readTextFile } from '../../server/src/host/files.js';
import { hostOptions } from '../../server/src/host/lint-host.js';
import { formatJson, type JsonFinding } from '../../server/src/cli/output.js';
import { getGrammar } from '../support/lint.js';
import { WORKSPACES, workspaceExpectations, workspacesRoot } from '../support/workspaces.js';

const scratch = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-workspace-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

async function index(root: string, fileSystem: WorkspaceFileSystem = diskFileSystem()): Promise<WorkspaceIndex> {
  return new WorkspaceIndex({ grammar: await getGrammar(), fileSystem, roots: [root] });
}

async function lintWith(path: string, workspace: WorkspaceIndex | undefined, text?: string): Promise<LintResult> {
  const read = text ?? readTextFile(path);
  if (typeof read !== 'string' && 'error' in read) throw new Error(read.error);
  const result = lintText(await getGrammar(), typeof read === 'string' ? read : read.text, path, { ...hostOptions({}), ...(workspace ? { workspace } : {}) });
  result.tree?.delete();
  return result;
}

const keyOf = (root: string, finding: Finding) => `${relative(root, finding.span.source.path!)}:${finding.span.source.lines.positionAt(finding.span.start).line + 1}:${finding.code}`;

describe('fixture workspaces, every DAG file of the folder', () => {
  for (const name of WORKSPACES) {
    it(name, async () => {
      const root = join(workspacesRoot, name);
      const workspace = await index(root);
      const found = new Set<string>();
      const models: FileModel[] = [];
      for (const file of workspace.dagFiles()) {
        const result = await lintWith(file, workspace);
        assert.deepEqual(result.internalErrors, []);
        if (result.model) models.push(result.model);
        for (const finding of result.findings) found.add(keyOf(root, finding));
      }
      const crossTask = runCrossTaskRules(models);
      assert.deepEqual(crossTask.internalErrors, []);
      for (const finding of crossTask.findings) found.add(keyOf(root, finding));
      workspace.dispose();
      assert.deepEqual([...found].sort(), workspaceExpectations(name));
    });
  }
});

describe('cross-module resolution', () => {
  it('a finding in the callable\'s module links back to the operator call', async () => {
    const root = join(workspacesRoot, 'callable_missing_requirement');
    const workspace = await index(root);
    const result = await lintWith(join(root, 'dag.py'), workspace);
    const [yaml] = result.findings.filter((finding) => finding.code === 'VENV301');
    assert.equal(yaml?.span.source.path, join(root, 'tasks', 'extract.py'));
    assert.equal(yaml.span.source.text.slice(yaml.span.start, yaml.span.end), 'yaml');
    assert.equal(yaml.related?.length, 1);
    const related = yaml.related![0]!;
    assert.equal(related.span.source.path, join(root, 'dag.py'));
    assert.equal(related.span.source.text.slice(related.span.start, related.span.end), 'PythonVirtualenvOperator');
    assert.equal(related.span.source.lines.positionAt(related.span.start).line, 8);
    assert.deepEqual(result.model!.tasks.map((task) => task.dependencies), [[join(root, 'tasks', 'extract.py')], [join(root, 'tasks', 'extract.py')]]);
    workspace.dispose();
  });

  it('without a workspace, the same DAG is analysed as one file, as before', async () => {
    const root = join(workspacesRoot, 'callable_missing_requirement');
    const result = await lintWith(join(root, 'dag.py'), undefined);
    assert.deepEqual(result.findings.map((finding) => finding.code), []);
    assert.ok(result.model!.tasks.every((task) => task.callable === undefined && task.dependencies.length === 0));
  });

  it('a re-export through __init__.py is followed, and both files are dependencies', async () => {
    const root = join(workspacesRoot, 'reexport');
    const workspace = await index(root);
    const result = await lintWith(join(root, 'dag.py'), workspace);
    assert.deepEqual(result.model!.tasks[0]!.dependencies, [join(root, 'tasks', '__init__.py'), join(root, 'tasks', 'extract.py')].sort());
    assert.equal(result.model!.tasks[0]!.callable?.name, 'run');
    workspace.dispose();
  });

  it('a requirements constant keeps the spans of the file that defines it', async () => {
    const root = join(workspacesRoot, 'requirements_constant');
    const workspace = await index(root);
    const result = await lintWith(join(root, 'dag.py'), workspace);
    const requirements = result.model!.tasks[0]!.requirements!;
    assert.equal(requirements.complete, true);
    assert.deepEqual(requirements.entries.map((entry) => entry.text), ['pandas==2.2.2', 'requests==2.32.3']);
    assert.deepEqual(requirements.entries.map((entry) => relative(root, entry.span.source.path!)), ['common/deps.py', 'common/deps.py']);
    workspace.dispose();
  });

  it('spreads and concatenations of imported lists, in the DAG and in the module', async () => {
    const folder = join(scratch, 'spreads');
    mkdirSync(join(folder, 'common'), { recursive: true });
    writeFileSync(join(folder, 'common', 'base.py'), 'BASE = ["pandas==2.2.2"]\n');
    writeFileSync(join(folder, 'common', 'extra.py'), 'from common.base import BASE\n\nEXTRA = BASE + ["pyyaml==6.0.1"]\n');
    const dag = 'from airflow.sdk import task\nimport common.extra as extra\nfrom common.base import BASE\n\n'
      + '@task.virtualenv(requirements=[*BASE, *extra.EXTRA, "requests==2.32.3"], system_site_packages=False)\ndef f():\n    import pandas, requests, yaml\n\n'
      + '@task.virtualenv(requirements=BASE + extra.EXTRA, system_site_packages=False)\ndef g():\n    import pandas, yaml\n';
    const workspace = await index(folder);
    const result = await lintWith(join(folder, 'dag.py'), workspace, dag);
    const [first, second] = result.model!.tasks;
    assert.deepEqual(first!.requirements!.entries.map((entry) => `${relative(folder, entry.span.source.path!)}:${entry.text}`), ['common/base.py:pandas==2.2.2', 'common/base.py:pandas==2.2.2', 'common/extra.py:pyyaml==6.0.1', 'dag.py:requests==2.32.3']);
    assert.equal(first!.requirements!.complete, true);
    assert.equal(second!.requirements!.complete, true);
    assert.deepEqual(first!.dependencies, [join(folder, 'common', 'base.py'), join(folder, 'common', 'extra.py')]);
    assert.deepEqual(result.findings.map((finding) => finding.code), ['VENV204', 'VENV204'], 'pandas twice (BASE and EXTRA): the duplicate is found in its own file');
    workspace.dispose();
  });

  it('parses each module once, and again only when its text changed', async () => {
    const folder = join(scratch, 'cache');
    mkdirSync(join(folder, 'tasks'), { recursive: true });
    const dag = 'from airflow.sdk import task\nfrom tasks.deps import REQS\n\n@task.virtualenv(requirements=REQS, system_site_packages=False)\ndef f():\n    import yaml\n';
    writeFileSync(join(folder, 'dag.py'), dag);
    let deps = 'REQS = ["pyyaml==6.0.1"]\n';
    const fileSystem = diskFileSystem((path) => (path === join(folder, 'tasks', 'deps.py') ? deps : undefined));
    const workspace = await index(folder, fileSystem);
    assert.deepEqual((await lintWith(join(folder, 'dag.py'), workspace)).findings.map((finding) => finding.code), []);
    await lintWith(join(folder, 'dag.py'), workspace);
    assert.equal(workspace.parses, 1);
    deps = 'REQS = ["pandas==2.2.2"]\n';
    assert.deepEqual((await lintWith(join(folder, 'dag.py'), workspace)).findings.map((finding) => finding.code).sort(), ['VENV208', 'VENV301']);
    assert.equal(workspace.parses, 2);
    workspace.dispose();
  });

  it('relative imports inside a package, a binary module and a package that shadows a module file', async () => {
    const folder = join(scratch, 'relative');
    mkdirSync(join(folder, 'pkg', 'sub'), { recursive: true });
    writeFileSync(join(folder, 'pkg', '__init__.py'), '');
    writeFileSync(join(folder, 'pkg', 'common.py'), 'REQS = ["pandas==2.2.2"]\n');
    writeFileSync(join(folder, 'pkg', 'sub', '__init__.py'), 'from ..common import REQS\nfrom . import jobs\n');
    writeFileSync(join(folder, 'pkg', 'sub', 'jobs.py'), 'def run():\n    import yaml\n');
    writeFileSync(join(folder, 'pkg', 'sub.py'), 'REQS = ["shadowed==1"]\n');
    writeFileSync(join(folder, 'binary.py'), Buffer.from([0, 1, 2, 3]));
    const dag = 'from airflow.operators.python import PythonVirtualenvOperator\nfrom pkg.sub import REQS, jobs\nimport binary\n'
      + 'PythonVirtualenvOperator(task_id="a", python_callable=jobs.run, requirements=REQS, system_site_packages=False)\n'
      + 'PythonVirtualenvOperator(task_id="b", python_callable=binary.run, requirements=binary.REQS, system_site_packages=False)\n';
    const workspace = await index(folder);
    const result = await lintWith(join(folder, 'dag.py'), workspace, dag);
    assert.deepEqual(result.findings.map((finding) => `${relative(folder, finding.span.source.path!)}:${finding.code}`), ['pkg/common.py:VENV208', 'pkg/sub/jobs.py:VENV301']);
    assert.equal(result.model!.tasks[1]!.callable, undefined);
    assert.equal(result.model!.tasks[1]!.requirements!.complete, false);
    workspace.dispose();
  });
});

describe('the standard library comes first on sys.path', () => {
  it('a workspace module named like a stdlib module is not what the DAG imports', async () => {
    const folder = join(scratch, 'shadow');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'email.py'), 'REQS = ["pandas==2.2.2"]\n');
    writeFileSync(join(folder, 'deps.py'), 'REQS = ["pandas==2.2.2"]\n');
    const dag = (module: string) => `from airflow.sdk import task\nfrom ${module} import REQS\n\n@task.virtualenv(requirements=REQS, system_site_packages=False)\ndef f():\n    import pandas\n`;
    const workspace = await index(folder);
    assert.equal((await lintWith(join(folder, 'dag.py'), workspace, dag('email'))).model!.tasks[0]!.requirements!.complete, false);
    assert.equal((await lintWith(join(folder, 'dag.py'), workspace, dag('deps'))).model!.tasks[0]!.requirements!.complete, true);
    workspace.dispose();
  });
});

describe('.airflowignore', () => {
  it('regexp (Airflow 2 default): re.search on the path relative to the DAG folder, comments dropped', () => {
    const rules = parseAirflowIgnore('project_a   # a comment\ntenant_[\\d]\n(unclosed\n', 'regexp', '/dags', '/dags');
    assert.equal(rules.length, 2, 'the invalid pattern is skipped');
    assert.ok(isIgnored('/dags/TESTING_project_a.py', false, rules));
    assert.ok(isIgnored('/dags/tenant_1/dag_1.py', false, rules));
    assert.ok(!isIgnored('/dags/tenant_x.py', false, rules));
    assert.ok(!isIgnored('/dags/project_b.py', false, rules));
  });

  it('glob (Airflow 3 default): gitignore anchoring and negation', () => {
    const rules = parseAirflowIgnore('**/*_dont_*\n!**/*_negate_ignore.py\nsubdir1/*\n*.tmp.py\n', 'glob', '/dags', '/dags');
    assert.ok(isIgnored('/dags/a/b_dont_c.py', false, rules));
    assert.ok(!isIgnored('/dags/a/b_dont_negate_ignore.py', false, rules));
    assert.ok(isIgnored('/dags/subdir1/x.py', false, rules));
    assert.ok(!isIgnored('/dags/other/subdir1/x.py', false, rules));
    assert.ok(isIgnored('/dags/deep/x.tmp.py', false, rules));
  });

  it('the DAG-file listing skips ignored files and folders, but imports from them still resolve', async () => {
    const folder = join(scratch, 'ignored');
    mkdirSync(join(folder, 'helpers'), { recursive: true });
    writeFileSync(join(folder, '.airflowignore'), 'helpers/\nscratch_.*\n');
    writeFileSync(join(folder, 'helpers', 'deps.py'), 'REQS = ["pandas==2.2.2"]\n');
    writeFileSync(join(folder, 'scratch_dag.py'), '');
    const dag = 'from airflow.sdk import task\nfrom helpers.deps import REQS\n\n@task.virtualenv(requirements=REQS, system_site_packages=False)\ndef f():\n    import yaml\n';
    writeFileSync(join(folder, 'dag.py'), dag);
    const workspace = await index(folder);
    assert.deepEqual(workspace.dagFiles().map((file) => relative(folder, file)), ['dag.py']);
    assert.deepEqual(['dag.py', 'scratch_dag.py', 'helpers/deps.py', '../outside.py'].map((file) => workspace.ignoredByAirflow(join(folder, file))), [false, true, true, false]);
    const result = await lintWith(join(folder, 'dag.py'), workspace);
    assert.deepEqual(result.findings.map((finding) => finding.code).sort(), ['VENV208', 'VENV301']);
    workspace.dispose();
  });
});

describe('airflowVenvLint.diagnosticMode', () => {
  it('is openFiles unless set to workspace; anything else is ignored with a message', async () => {
    const { readSettings } = await import('../../server/src/lsp/settings.js');
    assert.equal(readSettings({}).diagnosticMode, 'openFiles');
    assert.equal(readSettings({ diagnosticMode: 'workspace' }).diagnosticMode, 'workspace');
    const problems: string[] = [];
    assert.equal(readSettings({ diagnosticMode: 'everything' }, problems).diagnosticMode, 'openFiles');
    assert.equal(problems.length, 1);
  });
});

describe('rules over the tasks of a DAG folder', () => {
  async function models(name: string): Promise<FileModel[]> {
    const root = join(workspacesRoot, name);
    const workspace = await index(root);
    const found: FileModel[] = [];
    for (const file of workspace.dagFiles()) found.push((await lintWith(file, workspace)).model!);
    workspace.dispose();
    return found;
  }

  it('VENV211 lists every other place as related information', async () => {
    const { findings } = runCrossTaskRules(await models('pin_drift'));
    const daily = findings.find((finding) => finding.span.source.path!.endsWith('daily.py'))!;
    assert.deepEqual(daily.related!.map((related) => related.message), ['pinned to 2.1.4 (weekly.py:6)', 'pinned to 2.2.2 (weekly.py:21)']);
    assert.equal(daily.severity, 'info');
  });

  it('VENV211 and VENV212 follow select, ignore, severity and noqa', async () => {
    const all = await models('pin_drift');
    assert.deepEqual(runCrossTaskRules(all, { ignore: ['VENV211'] }).findings, []);
    assert.deepEqual(runCrossTaskRules(all, { select: ['VENV3'] }).findings, []);
    assert.deepEqual(runCrossTaskRules(all, { severity: { VENV211: 'warning' } }).findings.map((finding) => finding.severity), ['warning', 'warning', 'warning']);
    const grammar = await getGrammar();
    const text = 'from airflow.sdk import task\n\n@task.virtualenv(requirements=["pandas==1.0.0"])  # noqa: VENV211\ndef f():\n    import pandas\n';
    const quiet = lintText(grammar, text, '/elsewhere/quiet.py', {});
    quiet.tree?.delete();
    assert.equal(runCrossTaskRules([...all, quiet.model!]).findings.filter((finding) => finding.span.source.path === '/elsewhere/quiet.py').length, 0);
    const judged = lintText(grammar, text, '/elsewhere/quiet.py', { config: { select: ['VENV002', 'VENV211'] } });
    judged.tree?.delete();
    assert.deepEqual(judged.findings.map((finding) => finding.code), [], 'a noqa for a folder-wide rule is not "unused" in a single-file run');
  });

  it('a list shared by many DAGs names a few places and links at most 5', async () => {
    const grammar = await getGrammar();
    const model = (index: number) => {
      const result = lintText(grammar, 'from airflow.sdk import task\n\n@task.virtualenv(requirements=["pandas==2.2.2"])\ndef f():\n    import pandas\n', `/dags/dag_${index}.py`, {});
      result.tree?.delete();
      return result.model!;
    };
    const many = Array.from({ length: 30 }, (_, index) => model(index));
    const { findings } = runCrossTaskRules(many);
    assert.equal(findings.length, 30);
    assert.ok(findings.every((finding) => finding.related!.length === 5));
    assert.match(findings[0]!.message, /in other tasks\. Copies drift apart: the others are at dag_1\.py:3, dag_2\.py:3, dag_3\.py:3 and more\./);
    // Audit H9: one more DAG with the same list leaves the others' messages as they were.
    const more = runCrossTaskRules([...many, model(30)]).findings;
    assert.deepEqual(more.slice(0, 30).map((finding) => finding.message), findings.map((finding) => finding.message));
  });

  it('VENV212: a file\'s copies share one fix whose size is linear in the copies, built only when read', async () => {
    const grammar = await getGrammar();
    const dag = (copies: number) => {
      const tasks = Array.from({ length: copies }, (_, index) => `@task.virtualenv(requirements=["pandas==2.2.2", "pyarrow==16.1.0"])\ndef f${index}():\n    import pandas, pyarrow\n`);
      const result = lintText(grammar, `from airflow.sdk import task\n\n${tasks.join('\n')}`, `/dags/copies_${copies}.py`, {});
      result.tree?.delete();
      return runCrossTaskRules([result.model!]).findings;
    };
    // What every finding carries, edits included, and what --format json writes.
    const sizes = [10, 20, 40, 80].map((copies) => {
      const findings = dag(copies);
      assert.equal(findings.length, copies);
      assert.equal(new Set(findings.map((finding) => finding.fixes[0])).size, 1, 'one fix object, shared by the copies');
      const edits = new Set(findings.flatMap((finding) => finding.fixes.flatMap((fix) => fix.edits))).size;
      return { copies, edits, json: formatJson(findings).length };
    });
    for (const [smaller, larger] of sizes.slice(0, -1).map((size, index) => [size, sizes[index + 1]!] as const)) {
      // Twice the copies: at most a little over twice the edits and the JSON (linear, not quadratic).
      assert.ok(larger.edits <= 2.2 * smaller.edits, `edits ${smaller.edits} -> ${larger.edits} for ${smaller.copies} -> ${larger.copies} copies`);
      assert.ok(larger.json <= 2.2 * smaller.json, `JSON ${smaller.json} -> ${larger.json} bytes for ${smaller.copies} -> ${larger.copies} copies`);
    }
  });

  it('VENV212 extracts the identical lists of a file into one constant', async () => {
    const { findings } = runCrossTaskRules(await models('repeated_lists'));
    const first = findings.find((finding) => finding.span.source.path!.endsWith('etl.py'))!;
    assert.equal(first.severity, 'hint');
    assert.equal(first.related!.length, 2);
    const [fix] = first.fixes;
    assert.equal(fix!.safe, false);
    const fixed = applyEdits(first.span.source, fix!.edits);
    assert.match(fixed, /^SHARED = \["pandas==2\.2\.2", "pyarrow==16\.1\.0"\]\n\n\nREQUIREMENTS = \["pandas==2\.2\.2", "pyarrow==16\.1\.0"\]\n\n\n@task\.virtualenv\(requirements=REQUIREMENTS,/m);
    assert.equal(fixed.match(/requirements=REQUIREMENTS,/g)?.length, 2);
    const report = findings.find((finding) => finding.span.source.path!.endsWith('report.py'))!;
    assert.deepEqual(report.fixes, [], 'alone in its file: nothing to extract there');
    assert.deepEqual(JSON.parse(formatJson(findings)).flatMap((item: JsonFinding) => item.fixes.map((jsonFix) => [jsonFix.id, jsonFix.edits?.length])), [['fix-1', 3], ['fix-1', undefined]], 'the shared fix written once in JSON');
    const after = lintText(await getGrammar(), fixed, first.span.source.path, hostOptions({}));
    after.tree?.delete();
    assert.deepEqual(after.findings, [], 'the fixed file is valid and clean');
  });
});

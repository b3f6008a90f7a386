// `node --import tsx bench/workspace.ts [--files N]`: the workspace index on a generated DAG folder
// (default 1,000 files: 800 DAG files, 200 task and dependency modules they import). Measures, in one
// run: listing the DAG files, the first workspace/diagnostic pass (every DAG linted, every module
// parsed once), a second pass with nothing changed, and a pass after one module changed on disk
// (only the DAGs that import it are linted again). Prints JSON and writes bench/workspace-results.json.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WorkspaceIndex, loadGrammar } from '../server/src/analysis/index.js';
import { diskFileSystem } from '../server/src/host/files.js';
import { WorkspaceDiagnostics } from '../server/src/lsp/workspace-diagnostics.js';

const argument = process.argv.indexOf('--files');
const total = argument > 0 ? Number(process.argv[argument + 1]) : 1000;
const modules = Math.max(2, Math.round(total / 5));
const dags = total - modules;
const taskModules = modules - 1; // plus common/deps.py

const folder = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-bench-workspace-'));
mkdirSync(join(folder, 'tasks'));
mkdirSync(join(folder, 'common'));
writeFileSync(join(folder, 'common', '__init__.py'), '');
writeFileSync(join(folder, 'common', 'deps.py'), 'BASE = ["pandas==2.2.2", "pyarrow==16.1.0"]\nETL = [*BASE, "requests==2.32.3"]\n');
writeFileSync(join(folder, 'tasks', '__init__.py'), '');
const moduleText = (index: number, extra = '') => `"""Task callables, module ${index}."""\n\n\ndef extract_${index}():\n    import pandas\n    import requests${extra}\n\n    return pandas, requests\n\n\ndef load_${index}():\n    import pyarrow\n\n    return pyarrow\n`;
for (let index = 0; index < taskModules; index++) writeFileSync(join(folder, 'tasks', `module_${index}.py`), moduleText(index));
for (let index = 0; index < dags; index++) {
  const module = index % taskModules;
  writeFileSync(join(folder, `dag_${index}.py`), [
    'import pendulum',
    'from airflow import DAG',
    'from airflow.operators.python import PythonVirtualenvOperator',
    '',
    `from tasks.module_${module} import extract_${module}, load_${module}`,
    'from common.deps import ETL',
    '',
    `with DAG("dag_${index}", start_date=pendulum.datetime(2024, 1, 1), schedule=None):`,
    `    PythonVirtualenvOperator(task_id="extract", python_callable=extract_${module}, requirements=ETL, python_version="3.11", system_site_packages=False)`,
    `    PythonVirtualenvOperator(task_id="load", python_callable=load_${module}, requirements=["pyarrow==16.1.0"], python_version="3.11", system_site_packages=False)`,
    '',
  ].join('\n'));
}

const grammar = await loadGrammar();
const fileSystem = diskFileSystem();
const workspace = new WorkspaceIndex({ grammar, fileSystem, roots: [folder] });
const diagnostics = new WorkspaceDiagnostics({ grammar, workspace, fileSystem, configFor: () => ({}) });

const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;
function measure<T>(run: () => T): { ms: number; result: T } {
  const started = performance.now();
  const result = run();
  return { ms: Math.round((performance.now() - started) * 10) / 10, result };
}

global.gc?.();
const before = process.memoryUsage();
const listing = measure(() => workspace.dagFiles());
const first = measure(() => diagnostics.report(new Map(), new Set()));
const afterFirst = process.memoryUsage();
const firstLints = diagnostics.lints;
const firstParses = workspace.parses;
const previous = new Map(first.result.map((report) => [report.uri, report.resultId ?? '']));
const second = measure(() => diagnostics.report(previous, new Set()));
const secondLints = diagnostics.lints - firstLints;

// One module changes on disk (a new import: one more VENV301 in it); the index hears of it as a watched-file event.
const changed = join(folder, 'tasks', 'module_7.py');
writeFileSync(changed, moduleText(7, '\n    import yaml'));
utimesSync(changed, new Date(), new Date(Date.now() + 1000));
workspace.invalidate(changed);
const third = measure(() => diagnostics.report(previous, new Set()));
const thirdLints = diagnostics.lints - firstLints - secondLints;
let dependents = 0;
for (let index = 0; index < dags; index++) if (index % taskModules === 7) dependents++;

const results = {
  files: total,
  dagFiles: listing.result.length,
  modules,
  listMs: listing.ms,
  firstPass: { ms: first.ms, linted: firstLints, modulesParsed: firstParses, reports: first.result.length, heapDeltaMB: megabytes(afterFirst.heapUsed - before.heapUsed), rssDeltaMB: megabytes(afterFirst.rss - before.rss), rssMB: megabytes(afterFirst.rss) },
  unchangedPass: { ms: second.ms, linted: secondLints, unchangedReports: second.result.filter((report) => report.kind === 'unchanged').length },
  afterOneModuleEdit: { ms: third.ms, linted: thirdLints, dagsImportingIt: dependents, note: 'linted = the DAGs importing the module + the module itself (it is a .py file of the folder too)', modulesParsedAgain: workspace.parses - firstParses, fullReports: third.result.filter((report) => report.kind === 'full').length },
};
workspace.dispose();
rmSync(folder, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(import.meta.dirname, 'workspace-results.json'), `${JSON.stringify({ measuredOn: new Date().toISOString().slice(0, 10), node: process.version, ...results }, null, 2)}\n`);

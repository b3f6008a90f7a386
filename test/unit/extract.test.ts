/** Extraction: every import style, alias and decorator form yields a task; look-alikes do not. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TaskModel } from '../../server/src/analysis/index.js';
import { lint } from '../support/lint.js';

async function tasks(text: string, files: Record<string, string> = {}): Promise<TaskModel[]> {
  return (await lint(text, '/dags/dag.py', {}, files)).model?.tasks ?? [];
}

async function symbols(text: string): Promise<string[]> {
  return (await tasks(text)).map((task) => `${task.form}:${task.symbol}:${task.kind}`);
}

describe('operators', () => {
  const forms: [string, string][] = [
    ['from airflow.operators.python import PythonVirtualenvOperator', 'PythonVirtualenvOperator(task_id="t")'],
    ['from airflow.operators.python import PythonVirtualenvOperator as PVO', 'PVO(task_id="t")'],
    ['from airflow.operators import python', 'python.PythonVirtualenvOperator(task_id="t")'],
    ['from airflow.operators import python as p', 'p.PythonVirtualenvOperator(task_id="t")'],
    ['import airflow.operators.python', 'airflow.operators.python.PythonVirtualenvOperator(task_id="t")'],
    ['import airflow.operators.python as ops', 'ops.PythonVirtualenvOperator(task_id="t")'],
    ['import airflow', 'airflow.operators.python.PythonVirtualenvOperator(task_id="t")'],
    ['from airflow.operators.python import *', 'PythonVirtualenvOperator(task_id="t")'],
    ['from airflow.operators.python_operator import PythonVirtualenvOperator', 'PythonVirtualenvOperator(task_id="t")'],
    ['from airflow.providers.standard.operators.python import PythonVirtualenvOperator', 'PythonVirtualenvOperator(task_id="t")'],
    ['from airflow.providers.python.operators.python import PythonVirtualenvOperator', 'PythonVirtualenvOperator(task_id="t")'],
  ];
  for (const [imports, call] of forms) {
    it(`${imports}; ${call}`, async () => {
      assert.deepEqual(await symbols(`${imports}\n${call}\n`), ['operator:PythonVirtualenvOperator:virtualenv']);
    });
  }

  it('knows all four operator classes', async () => {
    const text = [
      'from airflow.operators.python import (PythonVirtualenvOperator, BranchPythonVirtualenvOperator,',
      '    ExternalPythonOperator, BranchExternalPythonOperator)',
      'PythonVirtualenvOperator(task_id="a")',
      'BranchPythonVirtualenvOperator(task_id="b")',
      'ExternalPythonOperator(task_id="c", python="/x/python3")',
      'BranchExternalPythonOperator(task_id="d", python="/x/python3")',
    ].join('\n');
    assert.deepEqual(await symbols(text), [
      'operator:PythonVirtualenvOperator:virtualenv',
      'operator:BranchPythonVirtualenvOperator:virtualenv',
      'operator:ExternalPythonOperator:external-python',
      'operator:BranchExternalPythonOperator:external-python',
    ]);
  });

  it('ignores look-alikes: own classes, other modules, no import', async () => {
    assert.deepEqual(await symbols('class PythonVirtualenvOperator:\n    pass\nPythonVirtualenvOperator(task_id="t")\n# airflow\n'), []);
    assert.deepEqual(await symbols('from mylib.operators import PythonVirtualenvOperator\nPythonVirtualenvOperator(task_id="t")  # airflow\n'), []);
    assert.deepEqual(await symbols('from airflow.operators.python import PythonOperator\nPythonOperator(task_id="t")\n'), []);
    assert.deepEqual(await symbols('from airflow.operators.python import PythonVirtualenvOperator\nclass PythonVirtualenvOperator: pass\nPythonVirtualenvOperator()\n'), []);
  });
});

describe('decorators', () => {
  const forms: [string, string, string][] = [
    ['from airflow.decorators import task', '@task.virtualenv', '@task.virtualenv'],
    ['from airflow.decorators import task', '@task.virtualenv()', '@task.virtualenv'],
    ['from airflow.sdk import task', '@task.external_python(python="/opt/py/bin/python3")', '@task.external_python'],
    ['from airflow.sdk import task as t', '@t.branch_virtualenv(requirements=[])', '@task.branch_virtualenv'],
    ['import airflow.decorators', '@airflow.decorators.task.branch_external_python(python="/p")', '@task.branch_external_python'],
    ['from airflow import sdk', '@sdk.task.virtualenv', '@task.virtualenv'],
  ];
  for (const [imports, decorator, symbol] of forms) {
    it(`${imports}; ${decorator}`, async () => {
      const found = await tasks(`${imports}\n\n${decorator}\ndef run():\n    import json\n`);
      assert.equal(found.length, 1);
      assert.equal(found[0]!.symbol, symbol);
      assert.equal(found[0]!.form, 'decorator');
      assert.equal(found[0]!.callable?.name, 'run');
      assert.deepEqual(found[0]!.callable?.imports.map((item) => item.module), ['json']);
    });
  }

  it('ignores @task and other decorators', async () => {
    assert.deepEqual(await symbols('from airflow.decorators import task\n@task\ndef a(): pass\n@task.python\ndef b(): pass\n@task.docker(image="x")\ndef c(): pass\n'), []);
  });
});

describe('values and requirements', () => {
  it('resolves constants, spreads and concatenation with the ranges of each item', async () => {
    const text = [
      'from airflow.operators.python import PythonVirtualenvOperator',
      'BASE = ["pandas==2.2.2", "numpy==2.0.0"]',
      'EXTRA = ("pyarrow==16.1.0",)',
      'PythonVirtualenvOperator(task_id="t", requirements=[*BASE, "requests==2.32.3"] + list(EXTRA))',
      'PythonVirtualenvOperator(task_id="u", requirements=BASE + ["re" "quests"])',
    ].join('\n');
    const [first, second] = await tasks(text);
    assert.equal(first!.requirements?.complete, false, 'list(EXTRA) is a call: not static');
    assert.deepEqual(first!.requirements?.entries.map((entry) => entry.text), ['pandas==2.2.2', 'numpy==2.0.0', 'requests==2.32.3']);
    const pandas = first!.requirements!.entries[0]!;
    assert.equal(text.slice(pandas.span.start, pandas.span.end), 'pandas==2.2.2');
    assert.equal(second!.requirements?.complete, true);
    assert.deepEqual(second!.requirements?.entries.map((entry) => [entry.text, entry.exact]), [['pandas==2.2.2', true], ['numpy==2.0.0', true], ['requests', false]]);
  });

  it('reads a requirements file relative to the DAG folder, with line spans', async () => {
    const text = 'from airflow.operators.python import PythonVirtualenvOperator\nPythonVirtualenvOperator(task_id="t", requirements="reqs/etl.txt")\n';
    const [task] = await tasks(text, { '/dags/reqs/etl.txt': '# comment\npandas==2.2.2  # pinned\n-r base.txt\nrequests \\\n  ==2.32.3\n' });
    const file = task!.requirements!.file!;
    assert.equal(file.path, '/dags/reqs/etl.txt');
    assert.deepEqual(task!.requirements!.entries.map((entry) => [entry.text, entry.kind, entry.span.source.lines.positionAt(entry.span.start).line]), [
      ['pandas==2.2.2', 'requirement', 1],
      ['-r base.txt', 'include', 2],
      ['requests   ==2.32.3', 'requirement', 3],
    ]);
  });

  it('never reads outside the DAG folder: ".." is refused as Jinja refuses it, "/x" stays inside', async () => {
    const { lintText } = await import('../../server/src/analysis/lint.js');
    const { getGrammar } = await import('../support/lint.js');
    const read: string[] = [];
    const text = 'from airflow.operators.python import PythonVirtualenvOperator as P\nP(requirements="../../etc/passwd.txt")\nP(requirements="/etc/shadow.txt")\n';
    const result = lintText(await getGrammar(), text, '/dags/team/dag.py', { readFile: (path) => (read.push(path), { error: 'no such file' }) });
    result.tree?.delete();
    assert.deepEqual(read, ['/dags/team/etc/shadow.txt']);
    assert.match(result.model!.tasks[0]!.requirements!.file!.error!, /Jinja refuses template paths with "\.\."/);
  });

  it('a plain string is one requirement; None is none; a call is unknown', async () => {
    const text = 'from airflow.operators.python import PythonVirtualenvOperator as P\nP(requirements="colorama==0.4.0")\nP(requirements=None)\nP(requirements=load())\n';
    const found = await tasks(text);
    assert.deepEqual(found.map((task) => [task.requirements?.entries.map((entry) => entry.text), task.requirements?.complete]), [
      [['colorama==0.4.0'], true],
      [[], true],
      [[], false],
    ]);
  });

  it('reads system_site_packages and its default', async () => {
    const text = 'from airflow.operators.python import PythonVirtualenvOperator as P, ExternalPythonOperator as E\nP()\nP(system_site_packages=False)\nP(**kwargs)\nE(python="/x")\n';
    assert.deepEqual((await tasks(text)).map((task) => task.systemSitePackages), [true, false, undefined, undefined]);
  });

  it('maps 1.10 positional arguments', async () => {
    const text = 'from airflow.operators.python_operator import PythonVirtualenvOperator\ndef run():\n    import yaml\nPythonVirtualenvOperator(run, ["PyYAML==6.0.1"], "3.8", task_id="t")\n';
    const [task] = await tasks(text);
    assert.equal(task!.callable?.name, 'run');
    assert.deepEqual(task!.requirements?.entries.map((entry) => entry.text), ['PyYAML==6.0.1']);
    assert.equal(task!.arguments.get('python_version')?.value.kind, 'string');
  });
});

describe('callables', () => {
  it('finds the def visible from the call, in an enclosing function first', async () => {
    const text = [
      'from airflow.operators.python import PythonVirtualenvOperator',
      'def run():',
      '    import outer',
      'def factory():',
      '    def run():',
      '        import inner',
      '    return PythonVirtualenvOperator(task_id="t", python_callable=run)',
      'PythonVirtualenvOperator(task_id="u", python_callable=run)',
    ].join('\n');
    assert.deepEqual((await tasks(text)).map((task) => task.callable?.imports.map((item) => item.module)), [['inner'], ['outer']]);
  });

  it('a module-level name is bound by the statement that contains it, however deep', async () => {
    const text = [
      'from airflow.sdk import task',
      'if DEBUG := False:',
      '    LIMIT = 1',
      'else:',
      '    LIMIT = 2',
      'with open("f") as handle:',
      '    for ROW in handle:',
      '        pass',
      '@task.virtualenv',
      'def run():',
      '    return LIMIT, DEBUG, handle, ROW',
    ].join('\n');
    const [task] = await tasks(text);
    const statement = (name: string) => {
      const use = task!.callable!.moduleNameUses.find((item) => item.name === name)!;
      return text.slice(use.binding.span.start, use.binding.span.end).split('\n')[0];
    };
    assert.equal(statement('LIMIT'), 'LIMIT = 2');
    assert.equal(statement('DEBUG'), 'if DEBUG := False:');
    assert.equal(statement('handle'), 'with open("f") as handle:');
    assert.equal(statement('ROW'), 'for ROW in handle:');
  });

  it('collects nested, guarded and importlib imports', async () => {
    const text = [
      'from airflow.sdk import task',
      '@task.virtualenv',
      'def run():',
      '    import a.b as ab, c',
      '    from d.e import f',
      '    try:',
      '        import g',
      '    except (ImportError, OSError):',
      '        g = None',
      '    def nested():',
      '        import h',
      '    importlib.import_module("i.j")',
    ].join('\n');
    const [task] = await tasks(text);
    assert.deepEqual(task!.callable!.imports.map((item) => [item.module, item.guarded, item.dynamic]), [
      ['a.b', false, false],
      ['c', false, false],
      ['d.e', false, false],
      ['g', true, false],
      ['h', false, false],
      ['i.j', false, true],
    ]);
  });

  it('lambdas are callables without module-name checks', async () => {
    const [task] = await tasks('from airflow.operators.python import PythonVirtualenvOperator\nPythonVirtualenvOperator(task_id="t", python_callable=lambda: 1)\n');
    assert.equal(task!.callable?.lambda, true);
  });
});

describe('robustness', () => {
  it('broken Python still yields what can be found, and never throws', async () => {
    const result = await lint('from airflow.operators.python import PythonVirtualenvOperator\nPythonVirtualenvOperator(task_id="t", python_bin="python3"\ndef (:\n');
    assert.equal(result.model?.hasSyntaxErrors, true);
    assert.deepEqual(result.internalErrors, []);
  });

  it('an empty file and a file without airflow are not parsed', async () => {
    for (const text of ['', 'import os\nprint(os.getcwd())\n']) {
      const result = await lint(text);
      assert.equal(result.model, undefined);
      assert.deepEqual(result.findings, []);
    }
  });
});

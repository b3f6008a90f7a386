/** `--fix` pins from a real index on 127.0.0.1 and from a constraints file, through the built CLI. */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, it } from 'node:test';
import { localIndexAndScratch } from '../support/indexServer.js';

const root = join(import.meta.dirname, '..', '..');
const bin = join(root, 'server', 'bin', 'airflow-venv-lint.js');
const local = localIndexAndScratch('airflow-venv-lint-pin-');
const { scratch } = local;

async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], { cwd: scratch, env: { ...process.env, XDG_CACHE_HOME: join(scratch, 'cache') } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const DAG = `from airflow.operators.python import PythonVirtualenvOperator


def load():
    import pandas
    import requests
    import yaml

    return pandas, requests, yaml


PythonVirtualenvOperator(
    task_id="load",
    python_callable=load,
    python_version="3.11",
    requirements=["pandas", "requests>=2.31"],
    system_site_packages=False,
)
PythonVirtualenvOperator(task_id="load_file", python_callable=load, python_version="3.11", requirements="reqs/etl.txt", system_site_packages=False)
`;

describe('--fix pins', () => {
  it('pins every unpinned requirement (list literal and requirements file) to the newest compatible release; a second run changes nothing', async () => {
    const directory = join(scratch, 'index-run');
    mkdirSync(join(directory, 'reqs'), { recursive: true });
    const dag = join(directory, 'dag.py');
    writeFileSync(dag, DAG);
    writeFileSync(join(directory, 'reqs', 'etl.txt'), '# ETL\npandas\nrequests\nPyYAML  # config files\n');
    const first = await run(['--fix', '--index-url', local.index.url, dag]);
    const text = readFileSync(dag, 'utf8');
    assert.match(text, /requirements=\["pandas==2\.2\.3", "requests==2\.32\.3"\]/, first.stdout + first.stderr);
    assert.equal(readFileSync(join(directory, 'reqs', 'etl.txt'), 'utf8'), '# ETL\npandas==2.2.3\nrequests==2.32.3\nPyYAML==6.0.2  # config files\n');
    // The first task's yaml import is still unprovided (adding a requirement is not a safe fix).
    assert.match(first.stdout, /VENV301 "yaml"/);
    const requests = local.index.requests.length;
    const second = await run(['--fix', '--index-url', local.index.url, dag]);
    assert.equal(readFileSync(dag, 'utf8'), text);
    assert.equal(second.stdout, first.stdout);
    assert.ok(local.index.requests.length === requests, 'nothing left to look up');
  });

  it('pins from a constraints file with no network at all', async () => {
    const directory = join(scratch, 'constraints-run');
    mkdirSync(join(directory, 'reqs'), { recursive: true });
    const dag = join(directory, 'dag.py');
    writeFileSync(dag, DAG);
    writeFileSync(join(directory, 'reqs', 'etl.txt'), 'pandas\n');
    writeFileSync(join(directory, 'constraints-3.11.txt'), '# Airflow constraints\npandas==2.1.4\nrequests==2.31.0\nPyYAML==6.0.1\n');
    const requests = local.index.requests.length;
    await run(['--fix', '--constraints-file', join(directory, 'constraints-3.11.txt'), dag]);
    assert.match(readFileSync(dag, 'utf8'), /requirements=\["pandas==2\.1\.4", "requests==2\.31\.0"\]/);
    assert.equal(readFileSync(join(directory, 'reqs', 'etl.txt'), 'utf8'), 'pandas==2.1.4\n');
    assert.equal(local.index.requests.length, requests);
  });

  it('an unreachable index leaves the file alone and says why', async () => {
    const dag = join(scratch, 'unreachable.py');
    writeFileSync(dag, DAG.replace('requirements="reqs/etl.txt"', 'requirements=[]'));
    const result = await run(['--fix', '--index-url', 'http://127.0.0.1:9/simple/', dag]);
    assert.match(readFileSync(dag, 'utf8'), /requirements=\["pandas", "requests>=2\.31"\]/);
    assert.match(result.stderr, /cannot pin pandas: http:\/\/127\.0\.0\.1:9\/simple\/ could not be reached/);
  });
});

describe('--online (VENV209)', () => {
  it('flags pins the index does not have, has yanked, or offers only for a newer Python; fixes to the nearest compatible release', async () => {
    const dag = join(scratch, 'online.py');
    writeFileSync(dag, [
      'from airflow.operators.python import PythonVirtualenvOperator',
      'def load():',
      '    import pandas',
      '    return pandas',
      'PythonVirtualenvOperator(task_id="a", python_callable=load, python_version="3.11", requirements=["pandas==2.3.0"], system_site_packages=False)',
      'PythonVirtualenvOperator(task_id="b", python_callable=load, python_version="3.11", requirements=["pandas==9.9.9"], system_site_packages=False)',
      'PythonVirtualenvOperator(task_id="c", python_callable=load, python_version="3.11", requirements=["pandas==2.4.0"], system_site_packages=False)',
      'PythonVirtualenvOperator(task_id="d", python_callable=load, python_version="3.11", requirements=["pandas==2.2.3"], system_site_packages=False)',
      '',
    ].join('\n'));
    assert.doesNotMatch((await run(['--index-url', local.index.url, dag])).stdout, /VENV209/, 'silent without --online');
    const result = await run(['--online', '--index-url', local.index.url, '--format', 'json', dag]);
    const findings = (JSON.parse(result.stdout) as { code: string; message: string; range: { start: { line: number } }; fixes: { title: string }[] }[]).filter((item) => item.code === 'VENV209');
    assert.deepEqual(findings.map((item) => item.range.start.line), [4, 5, 6]);
    assert.match(findings[0]!.message, /pandas 2\.3\.0 is yanked on .*The nearest compatible release is 2\.2\.3\./);
    assert.match(findings[1]!.message, /pandas 9\.9\.9 is not on /);
    assert.match(findings[2]!.message, /Every file of pandas 2\.4\.0 requires a newer Python than 3\.11 \(>=3\.13\)/);
    assert.equal(findings[0]!.fixes[0]!.title, `Pin to pandas==2.2.3 (${local.index.url})`);
  });
});

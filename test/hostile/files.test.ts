/**
 * Hostile and unlucky files (reliability audit C2, H1, X3, D1, D2, D3, B1, B2): FIFOs, devices,
 * symlinks out of the DAG folder, odd encodings, a disk that fills up during --fix. Each test
 * failed before its fix; each run of the CLI is bounded in time (a hang fails, it does not block).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readBytes, writeFileAtomic } from '../../server/src/host/guarded-file.js';

const CLI = join(import.meta.dirname, '..', '..', 'server', 'bin', 'airflow-venv-lint.js');
const HEADER = 'from airflow.operators.python import PythonVirtualenvOperator\n';
const scratch = mkdtempSync(join(tmpdir(), 'hostile-files-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let counter = 0;

/** A fresh project folder: `dags/` inside it, and `outside/` beside `dags/`. */
function project(): { root: string; dags: string; outside: string } {
  const root = join(scratch, `p${counter++}`);
  mkdirSync(join(root, 'dags'), { recursive: true });
  mkdirSync(join(root, 'outside'), { recursive: true });
  return { root, dags: join(root, 'dags'), outside: join(root, 'outside') };
}

function run(args: string[], cwd: string, options: { shell?: string } = {}) {
  const result = options.shell
    ? spawnSync('sh', ['-c', `${options.shell}; exec "$0" "$@"`, process.execPath, CLI, ...args], { cwd, encoding: 'utf8', timeout: 30_000 })
    : spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  assert.equal(result.signal, null, `the CLI did not finish (${result.signal}); stderr: ${result.stderr}`);
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const fileTask = (name: string) => `${HEADER}def run():\n    import pandas\nPythonVirtualenvOperator(task_id="t", python_callable=run, requirements="${name}", system_site_packages=False)\n`;

describe('files that are not regular files, or leave the DAG folder', () => {
  it('a FIFO named on the command line is refused at once (it blocked forever)', () => {
    const { dags } = project();
    execFileSync('mkfifo', [join(dags, 'x.py')]);
    const result = run(['x.py'], dags);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /x\.py: cannot read: it is not a regular file/);
  });

  it('a DAG that is a symlink to /dev/zero or /dev/urandom is refused (the read grew by 600 MB/s)', () => {
    const { dags } = project();
    symlinkSync('/dev/zero', join(dags, 'zero.py'));
    symlinkSync('/dev/urandom', join(dags, 'random.py'));
    const result = run(['zero.py', 'random.py'], dags);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /zero\.py: cannot read: it is not a regular file/);
    assert.match(result.stderr, /random\.py: cannot read: it is not a regular file/);
  });

  for (const [kind, make] of [
    ['a FIFO', (path: string) => execFileSync('mkfifo', [path])],
    ['a symlink to /dev/zero', (path: string) => symlinkSync('/dev/zero', path)],
  ] as const) {
    it(`a requirements file that is ${kind}: a VENV207 warning that the linter did not read it`, () => {
      const { dags } = project();
      writeFileSync(join(dags, 'd.py'), fileTask('reqs.txt'));
      make(join(dags, 'reqs.txt'));
      const result = run(['--format', 'json', 'd.py'], dags);
      const findings = JSON.parse(result.stdout) as { code: string; severity: string; message: string }[];
      const venv207 = findings.find((finding) => finding.code === 'VENV207');
      assert.ok(venv207, result.stdout);
      assert.equal(venv207.severity, 'warning');
      assert.match(venv207.message, /was not read by the linter\. It is not a regular file/);
      assert.doesNotMatch(venv207.message, /TemplateNotFound/);
    });
  }

  it('a requirements file that links out of the DAG folder is not read, and none of its lines is printed', () => {
    const { dags, outside } = project();
    writeFileSync(join(outside, 'secret.txt'), 'root:x:0:0:SECRET-LINE:/root:/bin/bash\n');
    symlinkSync(join(outside, 'secret.txt'), join(dags, 'reqs.txt'));
    writeFileSync(join(dags, 'd.py'), fileTask('reqs.txt'));
    const result = run(['d.py'], dags);
    assert.doesNotMatch(result.stdout, /SECRET-LINE/);
    assert.match(result.stdout, /VENV207 Requirements file "reqs\.txt" was not read by the linter\. It points outside the DAG folder/);
  });

  it('so does one reached through a linked sub-folder', () => {
    const { dags, outside } = project();
    writeFileSync(join(outside, 'reqs.txt'), 'SECRET-LINE\n');
    symlinkSync(outside, join(dags, 'sub'));
    writeFileSync(join(dags, 'd.py'), fileTask('sub/reqs.txt'));
    const result = run(['d.py'], dags);
    assert.doesNotMatch(result.stdout, /SECRET-LINE/);
    assert.match(result.stdout, /points outside the DAG folder/);
  });

  it('--fix never writes through a requirements link to a file outside the DAG folder', () => {
    const { dags, outside } = project();
    writeFileSync(join(outside, 'reqs.txt'), 'pandas==2.2.2\npandas==2.2.2\n');
    symlinkSync(join(outside, 'reqs.txt'), join(dags, 'reqs.txt'));
    writeFileSync(join(dags, 'd.py'), fileTask('reqs.txt'));
    run(['--fix', 'd.py'], dags);
    assert.equal(readFileSync(join(outside, 'reqs.txt'), 'utf8'), 'pandas==2.2.2\npandas==2.2.2\n');
  });

  it('a requirements file larger than the cap is declined with a warning, not blamed on Airflow', () => {
    const { dags } = project();
    writeFileSync(join(dags, 'reqs.txt'), `pandas==2.2.2\n${'# padding\n'.repeat(600_000)}`);
    writeFileSync(join(dags, 'd.py'), fileTask('reqs.txt'));
    const findings = JSON.parse(run(['--format', 'json', 'd.py'], dags).stdout) as { code: string; severity: string; message: string }[];
    const venv207 = findings.find((finding) => finding.code === 'VENV207')!;
    assert.equal(venv207.severity, 'warning');
    assert.match(venv207.message, /not read by the linter\. It is larger than 5 MB/);
  });
});

describe('pyproject.toml and the files it names', () => {
  const task = `${HEADER}def run():\n    import pandas\nPythonVirtualenvOperator(task_id="t", python_callable=run, requirements=["pandas"], system_site_packages=False)\n`;

  for (const [kind, make] of [
    ['/dev/zero', (path: string) => symlinkSync('/dev/zero', path)],
    ['a FIFO', (path: string) => execFileSync('mkfifo', [path])],
  ] as const) {
    it(`constraints-file = ${kind}: refused, the run finishes`, () => {
      const { root, dags } = project();
      make(join(root, 'constraints.txt'));
      writeFileSync(join(root, 'pyproject.toml'), '[tool.airflow-venv-lint]\nconstraints-file = "constraints.txt"\n');
      writeFileSync(join(dags, 'd.py'), task);
      const result = run(['dags'], root);
      assert.ok(result.code !== null && result.code <= 2, result.stderr);
    });

    it(`a requirements.txt beside pyproject.toml that is ${kind}: ignored, the run finishes`, () => {
      const { root, dags } = project();
      make(join(root, 'requirements.txt'));
      writeFileSync(join(root, 'pyproject.toml'), '[tool.airflow-venv-lint]\nairflow-version = "auto"\n');
      writeFileSync(join(dags, 'd.py'), task);
      const result = run(['dags'], root);
      assert.ok(result.code !== null && result.code <= 2, result.stderr);
    });
  }

  it('--constraints-file of 300 MB is refused by size without reading it', () => {
    const { root, dags } = project();
    const big = join(root, 'big.txt');
    execFileSync('truncate', ['-s', '300M', big]);
    writeFileSync(join(dags, 'd.py'), task.replace('"pandas"', '"pandas>=2"'));
    const started = Date.now();
    const result = run(['--constraints-file', big, '--fix', 'dags'], root);
    assert.ok(Date.now() - started < 10_000);
    assert.match(result.stderr, /larger than/);
  });

  it('a pyproject.toml over 5 MB: VENV001 says it was not read, and no parent pyproject.toml is used instead', () => {
    const { root, dags } = project();
    writeFileSync(join(root, 'pyproject.toml'), '[tool.airflow-venv-lint]\nignore = ["VENV401"]\n');
    mkdirSync(join(dags, 'inner'));
    writeFileSync(join(dags, 'inner', 'pyproject.toml'), `[tool.airflow-venv-lint]\n${'# x\n'.repeat(1_400_000)}`);
    writeFileSync(join(dags, 'inner', 'd.py'), task);
    const result = run(['dags'], root);
    assert.equal(result.code, 2);
    assert.match(result.stdout, /pyproject\.toml:1:1: VENV001 .*larger than 5 MB, so the linter did not read it/);
  });
});

describe('--fix keeps every byte outside its edits', () => {
  const pinTask = (id: string) => `PythonVirtualenvOperator(task_id="${id}", python_callable=run, requirements=["pandas=2.2.2"])\n`;

  it('a Latin-1 DAG with a PEP 263 line: fixed, its Latin-1 bytes unchanged', () => {
    const { dags } = project();
    const path = join(dags, 'l1.py');
    const before = Buffer.from(`# -*- coding: latin-1 -*-\n${HEADER}def run():\n    return 1  # caf\u00e9\n${pinTask('caf\u00e9')}`, 'latin1');
    writeFileSync(path, before);
    run(['--fix', 'l1.py'], dags);
    const after = readFileSync(path);
    assert.deepEqual(after, Buffer.from(before.toString('latin1').replace('pandas=2.2.2', 'pandas==2.2.2'), 'latin1'));
  });

  it('a UTF-8 BOM is kept', () => {
    const { dags } = project();
    const path = join(dags, 'bom.py');
    writeFileSync(path, `\ufeff${HEADER}def run():\n    return 1\n${pinTask('t\u00e9')}`);
    run(['--fix', 'bom.py'], dags);
    assert.equal(readFileSync(path, 'utf8'), `\ufeff${HEADER}def run():\n    return 1\n${pinTask('t\u00e9').replace('pandas=2.2.2', 'pandas==2.2.2')}`);
  });

  it('invalid UTF-8 (which Python accepts in a comment): the file is left as it is, and the CLI says why', () => {
    const { dags } = project();
    const path = join(dags, 'bad.py');
    const before = Buffer.concat([Buffer.from('# \xff\xfe\n', 'latin1'), Buffer.from(`${HEADER}def run():\n    return 1\n${pinTask('t')}`)]);
    writeFileSync(path, before);
    const result = run(['--fix', 'bad.py'], dags);
    assert.deepEqual(readFileSync(path), before);
    assert.match(result.stderr, /bad\.py: fixes not written: it holds bytes that are not valid UTF-8/);
    assert.equal(result.code, 2);
  });

  it('a requirements file with a BOM and CRLF, fixed through its DAG: only the duplicate line goes', () => {
    const { dags } = project();
    writeFileSync(join(dags, 'reqs.txt'), '\ufeffpandas==2.2.2\r\npandas==2.2.2\r\n# caf\u00e9\r\n');
    writeFileSync(join(dags, 'd.py'), fileTask('reqs.txt'));
    run(['--fix', 'd.py'], dags);
    assert.equal(readFileSync(join(dags, 'reqs.txt'), 'utf8'), '\ufeffpandas==2.2.2\r\n# caf\u00e9\r\n');
  });

  it('a requirements file with a Latin-1 byte is left as it is', () => {
    const { dags } = project();
    const before = Buffer.from('pandas==2.2.2\npandas==2.2.2\n# caf\xe9\n', 'latin1');
    writeFileSync(join(dags, 'reqs.txt'), before);
    writeFileSync(join(dags, 'd.py'), fileTask('reqs.txt'));
    const result = run(['--fix', 'd.py'], dags);
    assert.deepEqual(readFileSync(join(dags, 'reqs.txt')), before);
    assert.match(result.stderr, /reqs\.txt: fixes not written/);
  });

  it('a write that fails half-way (the file-size limit of a full disk) leaves the DAG whole', () => {
    const { dags } = project();
    const header = `${HEADER}import pandas as pd\ndef run():\n    return pd.DataFrame()\n`;
    const task = 'PythonVirtualenvOperator(task_id="t", python_callable=run, requirements=["pandas=2.2.2"], python_version=3.11)\n';
    const text = `${header}#${'p'.repeat(8192 - header.length - task.length - 2)}\n${task}`;
    const path = join(dags, 'dag.py');
    writeFileSync(path, text);
    // sh's ulimit -f counts 512-byte blocks: 16 blocks = 8,192 bytes, and the fixes make the file longer.
    const result = run(['--fix', 'dag.py'], dags, { shell: "trap '' XFSZ; ulimit -f 16" });
    assert.equal(readFileSync(path, 'utf8'), text);
    assert.match(result.stderr, /dag\.py: cannot write fixes \(the file is unchanged\)/);
    assert.equal(result.code, 2);
    assert.deepEqual(readdirSync(dags), ['dag.py'], 'a temporary file was left behind');
  });
});

describe('the guarded reader and writer', () => {
  it('refuses a file over the cap, by size, before reading it', () => {
    const path = join(scratch, 'grown.txt');
    writeFileSync(path, 'x'.repeat(100));
    const read = readBytes(path, { maxBytes: 10 });
    assert.ok('error' in read && read.refused === 'size');
  });

  it('a write failure in the middle leaves the original and no temporary file', () => {
    const folder = mkdtempSync(join(scratch, 'write-'));
    const path = join(folder, 'f.py');
    writeFileSync(path, 'original\n', { mode: 0o640 });
    let calls = 0;
    const failed = writeFileAtomic(path, Buffer.from('replacement that is longer\n'), {
      writeSync: (_fd, _data, _offset, length) => {
        if (calls++ > 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        return Math.min(4, length);
      },
    });
    assert.match(failed?.error ?? '', /ENOSPC/);
    assert.equal(readFileSync(path, 'utf8'), 'original\n');
    assert.deepEqual(readdirSync(folder), ['f.py']);
    assert.equal(writeFileAtomic(path, Buffer.from('new\n')), undefined);
    assert.equal(readFileSync(path, 'utf8'), 'new\n');
    assert.ok(existsSync(path));
  });
});

describe('what is printed of a file that is not a requirements file', () => {
  it('a short, escaped fragment of each line, never the whole line or a control character', () => {
    const { dags } = project();
    writeFileSync(join(dags, 'reqs.txt'), `deploy-token: ${'s'.repeat(30)}THE-REST-OF-THE-SECRET\n\u001b]0;owned\u0007 x\n`);
    writeFileSync(join(dags, 'd.py'), fileTask('reqs.txt'));
    const result = run(['d.py'], dags);
    assert.doesNotMatch(result.stdout, /THE-REST-OF-THE-SECRET/);
    assert.doesNotMatch(result.stdout, /[\u001b\u0007]/);
    assert.match(result.stdout, /VENV203 "deploy-token: s+…" is not a valid requirement/);
  });
});

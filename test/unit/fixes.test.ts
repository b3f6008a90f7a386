/** Fixes: the edit is minimal and exact, and after it the finding is gone and the file still parses. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/analysis/index.js';
import { lint } from '../support/lint.js';

async function fixed(text: string, code: string, title?: RegExp): Promise<string> {
  const result = await lint(text);
  const finding = result.findings.find((item) => item.code === code);
  assert.ok(finding, `no ${code} finding`);
  const fix = title ? finding.fixes.find((item) => title.test(item.title)) : finding.fixes[0];
  assert.ok(fix, `no fix on ${code}`);
  return applyEdits(finding.span.source, fix.edits);
}

const HEADER = 'from airflow.operators.python import PythonVirtualenvOperator as P\n';

describe('exact edits', () => {
  it('VENV105 quotes the number as written', async () => {
    assert.equal(await fixed(`${HEADER}P(python_version=3.10, system_site_packages=False)\n`, 'VENV105'), `${HEADER}P(python_version="3.10", system_site_packages=False)\n`);
  });

  it("VENV105 keeps the string's quote style", async () => {
    assert.equal(await fixed(`${HEADER}P(python_version='python3.9', system_site_packages=False)\n`, 'VENV105'), `${HEADER}P(python_version='3.9', system_site_packages=False)\n`);
  });

  it('VENV103 becomes python_version with the version from the path', async () => {
    assert.equal(
      await fixed(`${HEADER}P(task_id="t", python_bin='/opt/py/bin/python3.9', system_site_packages=False)\n`, 'VENV103'),
      `${HEADER}P(task_id="t", python_version='3.9', system_site_packages=False)\n`,
    );
  });

  it('VENV203 corrects = to ==', async () => {
    assert.equal(await fixed(`${HEADER}P(requirements=["pandas=1.0"], system_site_packages=False)\n`, 'VENV203'), `${HEADER}P(requirements=["pandas==1.0"], system_site_packages=False)\n`);
  });

  it('VENV501 replaces the module path only', async () => {
    const text = 'from airflow.providers.python.operators.python import PythonVirtualenvOperator  # tutorial\n';
    assert.equal(await fixed(text, 'VENV501'), 'from airflow.operators.python import PythonVirtualenvOperator  # tutorial\n');
  });

  it('VENV501 targets Airflow 3 when the file uses airflow.sdk', async () => {
    const text = 'from airflow.sdk import dag\nfrom airflow.providers.python.operators.python import ExternalPythonOperator\n';
    assert.match(await fixed(text, 'VENV501'), /^from airflow\.providers\.standard\.operators\.python import ExternalPythonOperator$/m);
  });

  it('VENV301 appends to a one-line list in its quote style', async () => {
    const text = `${HEADER}def run():\n    import yaml\nP(python_callable=run, requirements=['pandas==2.2.2'], system_site_packages=False)\n`;
    assert.match(await fixed(text, 'VENV301'), /requirements=\['pandas==2\.2\.2', 'PyYAML'\]/);
  });

  it('VENV301 appends to a multi-line list on its own line, keeping the trailing comma and CRLF', async () => {
    const text = [HEADER.trimEnd(), 'def run():', '    import yaml', 'P(', '    python_callable=run,', '    requirements=[', '        "pandas==2.2.2",  # data', '    ],', '    system_site_packages=False,', ')', ''].join('\r\n');
    const after = await fixed(text, 'VENV301');
    assert.ok(after.includes('        "pandas==2.2.2",  # data\r\n        "PyYAML",\r\n    ],'), after);
  });

  it('VENV301 adds requirements= when there is none', async () => {
    const text = `${HEADER}def run():\n    import yaml\nP(python_callable=run, system_site_packages=False)\n`;
    assert.match(await fixed(text, 'VENV301'), /P\(python_callable=run, system_site_packages=False, requirements=\["PyYAML"\]\)/);
  });

  it('VENV302 repeats the import as the first statement, after the docstring', async () => {
    const text = `import pandas as pd\n${HEADER}def run():\n    """Doc."""\n    return pd.DataFrame()\nP(python_callable=run, requirements=["pandas==2.2.2"], system_site_packages=False)\n`;
    assert.match(await fixed(text, 'VENV302'), /def run\(\):\n {4}"""Doc\."""\n {4}import pandas as pd\n {4}return pd\.DataFrame\(\)/);
  });

  it('VENV401 adds system_site_packages=False', async () => {
    assert.equal(await fixed(`${HEADER}P(task_id="t")\n`, 'VENV401'), `${HEADER}P(task_id="t", system_site_packages=False)\n`);
  });
});

describe('every fix in the fixtures and examples', () => {
  const root = join(import.meta.dirname, '..', '..');
  const files: string[] = [];
  for (const directory of ['examples', ...readdirSync(join(root, 'test', 'fixtures')).map((name) => join('test', 'fixtures', name))]) {
    for (const name of readdirSync(join(root, directory))) if (name.endsWith('.py')) files.push(join(root, directory, name));
  }
  for (const path of files) {
    it(path.slice(root.length + 1), async () => {
      const text = readFileSync(path, 'utf8');
      const before = await lint(text, path);
      for (const finding of before.findings) {
        for (const fix of finding.fixes) {
          if (fix.edits.some((edit) => edit.span.source !== finding.span.source || edit.span.source.path !== path)) continue;
          const after = await lint(applyEdits(finding.span.source, fix.edits), path);
          const count = (result: typeof before) => result.findings.filter((item) => item.code === finding.code).length;
          assert.ok(count(after) < count(before), `${fix.title}: ${finding.code} still reported`);
          if (!before.model?.hasSyntaxErrors) assert.equal(after.model?.hasSyntaxErrors, false, `${fix.title}: the file no longer parses`);
        }
      }
    });
  }
});

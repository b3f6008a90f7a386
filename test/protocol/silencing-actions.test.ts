/** The built server over stdio: "Disable for this file", "Ignore in pyproject.toml", "Add to first-party", "Show documentation". */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { LspClient, applyWorkspaceEdit, fileUri } from '../support/lspClient.js';

const DAG = [
  'from airflow.operators.python import PythonVirtualenvOperator',
  '',
  'def run():',
  '    import my_custom_package',
  '    return my_custom_package.go()',
  '',
  'PythonVirtualenvOperator(task_id="t", python_callable=run, requirements=["pandas==2.2.2"], system_site_packages=False)',
  '',
].join('\n');

describe('silencing and documentation code actions', () => {
  let client: LspClient;
  let folder: string;
  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'avl-silence-'));
    writeFileSync(join(folder, 'pyproject.toml'), '[project]\nname = "dags"\n\n[tool.airflow-venv-lint]\nignore = ["VENV999"]\n');
    client = new LspClient();
    await client.initialize(undefined, { workspaceFolders: [{ uri: fileUri(folder), name: 'dags' }] });
  });
  after(() => {
    client.kill();
    rmSync(folder, { recursive: true, force: true });
  });

  it('offers each, and each does what it says', async () => {
    const path = join(folder, 'dag.py');
    writeFileSync(path, DAG);
    const uri = fileUri(path);
    const diagnostics = await client.open(uri, DAG);
    const target = diagnostics.find((item) => item.code === 'VENV301');
    assert.ok(target, JSON.stringify(diagnostics));
    const actions = await client.codeActions(uri, target.range, [target]);
    const titled = (title: string) => {
      const action = actions.find((item) => item.title === title);
      assert.ok(action, `${title} not in ${actions.map((item) => item.title).join(' | ')}`);
      return action;
    };

    const disable = titled('Disable VENV301 for this file');
    const disabled = applyWorkspaceEdit(DAG, uri, disable.edit);
    assert.match(disabled, /^# airflow-venv-lint: noqa: VENV301\n/);
    assert.deepEqual((await client.change(uri, [{ text: disabled }])).filter((item) => item.code === 'VENV301'), []);
    await client.change(uri, [{ text: DAG }]);

    const pyprojectUri = fileUri(join(folder, 'pyproject.toml'));
    const ignore = titled('Ignore VENV301 in pyproject.toml');
    assert.equal(applyWorkspaceEdit('[project]\nname = "dags"\n\n[tool.airflow-venv-lint]\nignore = ["VENV999"]\n', pyprojectUri, ignore.edit), '[project]\nname = "dags"\n\n[tool.airflow-venv-lint]\nignore = ["VENV999", "VENV301"]\n');
    const firstParty = titled('Add "my_custom_package" to first-party');
    assert.equal(applyWorkspaceEdit('[project]\nname = "dags"\n\n[tool.airflow-venv-lint]\nignore = ["VENV999"]\n', pyprojectUri, firstParty.edit), '[project]\nname = "dags"\n\n[tool.airflow-venv-lint]\nfirst-party = ["my_custom_package"]\nignore = ["VENV999"]\n');

    const docs = titled('Show documentation for VENV301');
    assert.ok(docs.command);
    await client.connection.sendRequest('workspace/executeCommand', { command: docs.command.command, arguments: docs.command.arguments });
    assert.equal(client.shownDocuments.length, 1);
    assert.match(client.shownDocuments[0]!.uri, /docs\/rules\.md#venv301-missing-requirement$/);
    assert.equal(client.shownDocuments[0]!.external, true);
  });
});

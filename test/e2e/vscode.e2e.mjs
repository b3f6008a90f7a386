/**
 * The packaged extension in VS Code (code-server, driven by headless Chromium), checked as a user
 * sees it: squiggles, the Problems panel, hovers, the quick fix, Fix All, Verify Interpreter,
 * Build Task Environment, settings, and restricted mode. Run by run.mjs (`npm run test:e2e`), which
 * installs and packages first and starts the local package index.
 *
 * Environment: E2E_VSIX (the .vsix to install), E2E_INDEX_URL (run.mjs's index on 127.0.0.1, which
 * serves the test's own wheels and never answers for held-dist), E2E_UPDATE_SCREENSHOTS=1 to
 * rewrite docs/images/.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CodeServer } from './code-server.mjs';
import { chooseAction, clickWord, editorText, eventually, hoverSquiggle, notifications, openFile, panelText, problems, runCommand, squiggles } from './workbench.mjs';

const here = import.meta.dirname;
const root = join(here, '..', '..');
const vsix = process.env.E2E_VSIX ?? join(root, 'airflow-venv-lint.vsix');
const workspace = join(here, 'workspace');
const artifacts = join(here, 'artifacts');
const updateScreenshots = process.env.E2E_UPDATE_SCREENSHOTS === '1';
const MISSING_INTERPRETER = '/opt/airflow-venv-lint-e2e/missing/bin/python3.11';
const INDEX_URL = process.env.E2E_INDEX_URL;

/** The README's screenshots, rewritten only on request (`npm run test:e2e -- --update-screenshots`). */
async function screenshot(page, name) {
  if (!updateScreenshots) return;
  const images = join(root, 'docs', 'images');
  mkdirSync(images, { recursive: true });
  await page.waitForTimeout(400); // let hovers and menus finish fading in
  await page.screenshot({ path: join(images, name) });
  console.log(`e2e: wrote docs/images/${name}`);
}

/** A test that, when it fails, leaves a screenshot and the logs under test/e2e/artifacts/ and says where. */
function check(session, name, body) {
  it(name, async () => {
    try {
      await body(session.current.page);
    } catch (error) {
      const saved = await session.current?.saveArtifacts(artifacts, name);
      if (saved) console.error(`e2e: "${name}" failed; saved:\n  ${saved.join('\n  ')}`);
      throw error;
    }
  });
}

/** Starts a code-server for a describe block; `session.current` is the running one. */
function codeServerSession(options) {
  const session = { current: undefined };
  before(async () => {
    session.current = await CodeServer.start({ vsix, workspace, ...options });
  });
  after(async () => {
    await session.current?.stop();
  });
  return session;
}

const has = (list, predicate) => list.some(predicate);

/** Writes the workspace's .vscode/settings.json (the server reads it without a reload). */
function writeSettings(session, values) {
  mkdirSync(join(session.current.workspace, '.vscode'), { recursive: true });
  writeFileSync(join(session.current.workspace, '.vscode', 'settings.json'), JSON.stringify(values));
}
const squiggleOn = (text, kind) => (squiggle) => squiggle.text === text && (kind === undefined || squiggle.kind === kind);

describe('VS Code (code-server), trusted workspace', () => {
  const session = codeServerSession({ name: 'trusted', trusted: true });

  check(session, 'squiggles sit under the offending words', async (page) => {
    await openFile(page, 'missing_requirement.py');
    const seen = await eventually(() => squiggles(page), (list) => list.length >= 2, { what: 'two squiggles' });
    assert.deepEqual(
      seen.map(({ kind, line, text }) => ({ kind, line, text })).sort((a, b) => a.line - b.line),
      [
        { kind: 'error', line: 9, text: 'yaml' }, // VENV301
        { kind: 'error', line: 19, text: '3.10' }, // VENV105
      ],
    );
  });

  check(session, 'hover shows the message and the link to the rule', async (page) => {
    const hover = await hoverSquiggle(page, 'yaml');
    const text = await hover.innerText();
    assert.match(text, /"yaml" is not provided by any requirement/);
    const link = hover.locator('a.code-link');
    assert.equal(await link.innerText(), 'VENV301');
    assert.equal(await link.getAttribute('href'), 'https://github.com/airflow-venv-lint/airflow-venv-lint/blob/main/docs/rules.md#venv301-missing-requirement');
    await screenshot(page, 'hover.png');
    await page.keyboard.press('Escape');
  });

  check(session, 'the Problems panel lists codes, messages and positions', async (page) => {
    const rows = await eventually(() => problems(page), (list) => list.length >= 3, { what: 'problem rows' });
    assert.ok(has(rows, (row) => row.includes('VENV301') && row.includes('"yaml" is not provided by any requirement') && row.includes('[Ln 9, Col 12]')), rows.join('\n'));
    assert.ok(has(rows, (row) => row.includes('VENV105') && row.includes('python_version=3.10: 3.10 is the number 3.1') && row.includes('[Ln 19, Col 24]')), rows.join('\n'));
    await page.keyboard.press('Control+Shift+M'); // close the panel again
  });

  check(session, 'Ctrl+. offers the VENV301 quick fix, which adds the requirement and clears the squiggle', async (page) => {
    await clickWord(page, 'yaml');
    await page.keyboard.press('Control+.');
    const action = page.locator('.action-widget .monaco-list-row', { hasText: 'Add "PyYAML" to requirements' });
    await action.waitFor({ timeout: 10_000 });
    await screenshot(page, 'quick-fix.png');
    await chooseAction(page, 'Add "PyYAML" to requirements');
    await eventually(() => editorText(page), (text) => text.includes('requirements=["pandas==2.2.2", "PyYAML"]'), { what: 'the requirement in the editor' });
    const after = await eventually(() => squiggles(page), (list) => !has(list, squiggleOn('yaml')), { what: 'the VENV301 squiggle to go' });
    assert.ok(has(after, squiggleOn('3.10', 'error')), 'the VENV105 squiggle stays');
    // The added requirement is unpinned: a warning (VENV201) under it invites the next fix.
    await eventually(() => squiggles(page), (list) => has(list, (squiggle) => squiggle.kind === 'warning' && squiggle.line === 20 && squiggle.text.includes('PyYAML')), { what: 'the VENV201 warning under the new requirement' });
  });

  check(session, 'a settings change (airflowVenvLint.ignore) applies without a reload', async (page) => {
    await eventually(() => squiggles(page), (list) => has(list, squiggleOn('3.10', 'error')), { what: 'the VENV105 squiggle' });
    const settings = join(session.current.workspace, '.vscode', 'settings.json');
    mkdirSync(join(session.current.workspace, '.vscode'), { recursive: true });
    writeFileSync(settings, JSON.stringify({ 'airflowVenvLint.ignore': ['VENV105'] }));
    await eventually(() => squiggles(page), (list) => !has(list, squiggleOn('3.10')), { what: 'the ignored VENV105 squiggle to go' });
    writeFileSync(settings, JSON.stringify({ 'airflowVenvLint.ignore': [] }));
    await eventually(() => squiggles(page), (list) => has(list, squiggleOn('3.10', 'error')), { what: 'the VENV105 squiggle to come back' });
  });

  check(session, '"Fix All Auto-Fixable Problems" applies the safe fixes and leaves the rest', async (page) => {
    await openFile(page, 'fix_all.py');
    await eventually(() => squiggles(page), (list) => list.length >= 3, { what: 'three squiggles' });
    await runCommand(page, 'Airflow Venv Lint: Fix All Auto-Fixable Problems');
    const text = await eventually(() => editorText(page), (value) => value.includes('python_version="3.10"') && value.includes('"scikit-learn==1.5.0"'), { what: 'the fixed text' });
    assert.match(text, /"libpq-dev"/, 'the unsafe VENV206 finding is not "fixed" away');
    const left = await eventually(() => squiggles(page), (list) => list.length === 1, { what: 'one squiggle left' });
    assert.deepEqual(left.map(({ kind, text: underlined }) => ({ kind, text: underlined })), [{ kind: 'error', text: 'libpq-dev' }]);
  });

  check(session, '"Verify Interpreter" reports this machine\'s python3 once, naming the file, and warns about an interpreter that does not exist here (VENV107); Clear removes it', async (page) => {
    const python = spawnSync('python3', ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).stdout.trim();
    assert.match(python, /^3\.\d+\.\d+$/, 'python3 runs on this machine');
    await openFile(page, 'verify_interpreters.py');
    await page.waitForTimeout(1_000);
    const before = await eventually(() => squiggles(page), () => true, { what: 'the editor' });
    assert.ok(!has(before, (squiggle) => squiggle.text.includes(MISSING_INTERPRETER)), 'no VENV107 before verifying');
    await runCommand(page, 'Airflow Venv Lint: Verify Interpreter');
    // Two interpreters: the quick pick lists both, picked; Enter probes them.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: MISSING_INTERPRETER }).waitFor();
    await page.keyboard.press('Enter');
    const toasts = await eventually(() => notifications(page), (list) => has(list, (toast) => toast.includes('does not exist on this machine')), { what: 'the verify notification' });
    assert.ok(has(toasts, (toast) => toast.includes(`1 interpreter of 2 runs here; ${MISSING_INTERPRETER} does not exist on this machine`)), toasts.join('\n'));
    // The progress notification closes as the result comes; the result is one toast.
    assert.equal(toasts.filter((toast) => toast.includes('Airflow Venv Lint') && !toast.includes('verifying')).length, 1, `one toast: ${toasts.join('\n')}`);
    await page.locator('.notification-toast .monaco-button', { hasText: 'Show Output' }).click();
    const report = await eventually(
      () => panelText(page),
      (value) => /✓ cpython/i.test(value),
      { what: 'the report in the output panel' },
    );
    assert.match(report, new RegExp(`python3 — .*\\n\\s*✓ cpython ${python.replaceAll('.', '\\.')} at `, 'i'));
    assert.match(report, /Verify Interpreter: dags\/verify_interpreters\.py/, 'the report names the file');
    assert.equal(report.split('✓ cpython').length - 1, 1, `the report once:\n${report}`);
    const flagged = await eventually(() => squiggles(page), (list) => has(list, (squiggle) => squiggle.text.includes(MISSING_INTERPRETER)), { what: 'the VENV107 squiggle' });
    assert.ok(has(flagged, (squiggle) => squiggle.kind === 'warning' && squiggle.text === `"${MISSING_INTERPRETER}"`), JSON.stringify(flagged));
    await screenshot(page, 'verify.png');
    const rows = await problems(page);
    assert.ok(has(rows, (row) => row.includes('VENV107') && row.includes(MISSING_INTERPRETER)), rows.join('\n'));
    await page.keyboard.press('Control+Shift+M');
    await runCommand(page, 'Airflow Venv Lint: Clear Verify Interpreter Results');
    await eventually(() => squiggles(page), (list) => !has(list, (squiggle) => squiggle.text.includes(MISSING_INTERPRETER)), { what: 'the VENV107 squiggle to go' });
  });

  check(session, 'a requirements file is first-class: VENV301 adds to it pinned, Ctrl+. and hover work inside it', async (page) => {
    writeSettings(session, { 'airflowVenvLint.constraintsFile': join(session.current.workspace, 'constraints', 'constraints-3.11.txt') });
    await page.waitForTimeout(1_000); // the server reads the settings again
    await openFile(page, 'etl_requirements_file.py');
    await eventually(() => squiggles(page), (list) => has(list, squiggleOn('boto3', 'error')), { what: 'the VENV301 squiggle on boto3' });
    await clickWord(page, 'boto3');
    await page.keyboard.press('Control+.');
    const add = page.locator('.action-widget .monaco-list-row', { hasText: 'Add "boto3==1.34.34" to requirements/etl.txt' });
    await add.waitFor({ timeout: 10_000 });
    await screenshot(page, 'requirements-file-fix.png');
    await chooseAction(page, 'Add "boto3==1.34.34" to requirements/etl.txt (');
    await eventually(() => squiggles(page), (list) => !has(list, squiggleOn('boto3')), { what: 'the VENV301 squiggle to go' });
    await openFile(page, 'etl.txt');
    await eventually(() => editorText(page), (text) => text.includes('boto3==1.34.34'), { what: 'the line added to etl.txt' });
    await eventually(() => squiggles(page), (list) => has(list, squiggleOn('psycopg2-binary', 'warning')), { what: 'the VENV201 squiggle in etl.txt' });
    const hover = await hoverSquiggle(page, 'psycopg2-binary');
    await eventually(() => hover.innerText(), (text) => text.includes('constraints file: 2.9.9'), { what: 'the sources in the hover' });
    await screenshot(page, 'requirements-file-hover.png');
    await page.keyboard.press('Escape');
    await clickWord(page, 'psycopg2');
    await page.keyboard.press('Control+.');
    await page.locator('.action-widget .monaco-list-row', { hasText: 'Disable VENV201 for this line' }).waitFor({ timeout: 10_000 });
    await chooseAction(page, 'Pin to psycopg2-binary==2.9.9 (');
    await eventually(() => editorText(page), (text) => text.includes('psycopg2-binary==2.9.9'), { what: 'the pin in etl.txt' });
    await eventually(() => squiggles(page), (list) => list.length === 0, { what: 'etl.txt clean' });
  });

  check(session, '"Pin All Requirements" ends in one toast that says what it pinned and from where', async (page) => {
    await openFile(page, 'pin_all.py');
    await eventually(() => squiggles(page), (list) => list.filter((squiggle) => squiggle.kind === 'warning').length >= 2, { what: 'two VENV201 squiggles' });
    await page.locator('.notifications-toasts .codicon-notifications-clear-all').click({ timeout: 1_000 }).catch(() => {});
    await runCommand(page, 'Airflow Venv Lint: Pin All Requirements');
    await eventually(() => editorText(page), (text) => text.includes('requirements=["pandas==2.1.4", "requests==2.32.3"]'), { what: 'both pins' });
    await eventually(() => notifications(page), (list) => has(list, (toast) => toast.includes('pinned 2 requirements from')), { what: 'the pin notification' });
    // The progress notification of the look-up closes as the result comes; what stays is one toast.
    const toasts = await eventually(() => notifications(page), (list) => !has(list, (toast) => toast.includes('looking up versions')), { what: 'the progress notification to close' });
    await screenshot(page, 'pin-all.png');
    const ours = toasts.filter((toast) => toast.includes('Airflow Venv Lint'));
    assert.equal(ours.length, 1, ours.join('\n'));
    assert.ok(!ours[0].includes('could not'), ours[0]);
  });

  check(session, 'typing a task character by character: no squiggle on the line being typed until a pause', async (page) => {
    await openFile(page, 'typing_task.py');
    // Hints and infos that the earlier tests' edits of other DAGs cause here (VENV211/212 across the folder) do not matter.
    await eventually(() => squiggles(page), (list) => !has(list, (squiggle) => squiggle.kind === 'error' || squiggle.kind === 'warning'), { what: 'no error or warning' });
    await clickWord(page, 'pandas');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    const seen = [];
    for (const character of 'import pyarrow.parquet') {
      await page.keyboard.type(character);
      await page.waitForTimeout(60);
      seen.push(...((await squiggles(page)) ?? []).filter((squiggle) => squiggle.line === 10));
    }
    assert.deepEqual(seen, [], 'no squiggle on the line while it is typed');
    await eventually(() => squiggles(page), (list) => has(list, (squiggle) => squiggle.line === 10 && squiggle.kind === 'error' && squiggle.text === 'pyarrow.parquet'), { what: 'the VENV301 squiggle after the pause' });
    await screenshot(page, 'typing.png');
  });

  check(session, 'the language status item shows the Airflow version and why, and the Python', async (page) => {
    await openFile(page, 'pin_all.py');
    const item = page.locator('[id="status.languageStatus"]');
    await item.waitFor({ timeout: 10_000 });
    await item.click();
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: 'Airflow 2' }).first();
    await hover.waitFor({ timeout: 10_000 });
    const text = await hover.innerText();
    assert.match(text, /imports airflow|no import names a version|set by|set in/);
    assert.match(text, /Python 3\.11|python_version/);
    await screenshot(page, 'language-status.png');
    await page.keyboard.press('Escape');
  });

  check(session, 'the Get Started walkthrough is listed and opens on its first step', async (page) => {
    await runCommand(page, 'Welcome: Open Walkthrough...');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'Get started with Airflow Venv Lint' });
    await row.waitFor({ timeout: 10_000 });
    await row.click();
    await page.locator('.getting-started-step', { hasText: 'Open a DAG' }).first().waitFor({ timeout: 10_000 });
    await screenshot(page, 'walkthrough.png');
  });

  /** Dismisses the notifications, from the palette, so that the next command's are the only ones. */
  const clearNotifications = async (page) => {
    await runCommand(page, 'Notifications: Clear All Notifications');
    await eventually(() => notifications(page), (list) => list.length === 0, { what: 'no notification' });
  };
  const BUILDING = 'Airflow: building task environments';

  check(session, '"Build Task Environment" shows its progress, then pip\'s conflict (VENV213) at both requirement lines, in the Problems panel', async (page) => {
    assert.ok(INDEX_URL, 'E2E_INDEX_URL is set (run.mjs starts the local index)');
    writeSettings(session, { 'airflowVenvLint.indexUrl': INDEX_URL });
    await page.waitForTimeout(1_000); // the server reads the settings again
    await openFile(page, 'build_conflict.py');
    await eventually(() => squiggles(page), (list) => list.length === 0, { what: 'no squiggle before the build' });
    await clearNotifications(page);
    await runCommand(page, 'Airflow Venv Lint: Build Task Environment');
    await eventually(() => notifications(page), (list) => has(list, (toast) => toast.includes(BUILDING)), { what: 'the progress notification' });
    const done = await eventually(() => notifications(page), (list) => has(list, (toast) => toast.includes('Airflow: task environments built')), { timeout: 180_000, what: 'the end of the build' });
    assert.ok(has(done, (toast) => toast.includes('2 problem(s) in the Problems panel')), done.join('\n'));
    assert.ok(!has(await notifications(page), (toast) => toast.includes(BUILDING)), 'the progress notification closed');
    const flagged = await eventually(() => squiggles(page), (list) => list.length === 2, { what: 'the VENV213 squiggles' });
    assert.deepEqual(flagged.map(({ kind, line }) => ({ kind, line })).sort((a, b) => a.line - b.line), [{ kind: 'error', line: 9 }, { kind: 'error', line: 10 }]);
    const rows = await eventually(() => problems(page), (list) => list.filter((row) => row.includes('VENV213')).length === 2, { what: 'two VENV213 rows' });
    assert.ok(has(rows, (row) => row.includes('VENV213') && row.includes('[Ln 9, Col')), rows.join('\n'));
    assert.ok(has(rows, (row) => row.includes('VENV213') && row.includes('[Ln 10, Col')), rows.join('\n'));
    assert.ok(has(rows, (row) => row.includes('VENV213') && /alpha 1\.0 depends on beta==1\.0/.test(row)), `pip's own words: ${rows.join('\n')}`);
    await clearNotifications(page);
    await page.locator('.markers-panel').waitFor();
    await screenshot(page, 'build-environment.png');
    await page.keyboard.press('Control+Shift+M');
  });

  check(session, '"Build Task Environment" cancelled from its notification while pip waits on the index: "cancelled", no finding', async (page) => {
    await openFile(page, 'build_cancel.py');
    await eventually(() => squiggles(page), (list) => list.length === 0, { what: 'no squiggle before the build' });
    await clearNotifications(page);
    await runCommand(page, 'Airflow Venv Lint: Build Task Environment');
    // The index never answers for held-dist: the notification stays on the resolve step until Cancel.
    const progress = page.locator('.notification-toast', { hasText: BUILDING }).filter({ hasText: 'Resolving' });
    await progress.waitFor({ timeout: 120_000 });
    await screenshot(page, 'build-environment-progress.png');
    await progress.locator('.monaco-button', { hasText: 'Cancel' }).click();
    const toasts = await eventually(() => notifications(page), (list) => has(list, (toast) => toast.includes('Airflow: cancelled.')), { timeout: 30_000, what: 'the "cancelled" notification' });
    assert.ok(!has(toasts, (toast) => toast.includes('task environments built')), toasts.join('\n'));
    await eventually(() => notifications(page), (list) => !has(list, (toast) => toast.includes(BUILDING)), { what: 'the progress notification to close' });
    await page.waitForTimeout(1_000); // a finding published after the cancel would be here by now
    assert.deepEqual(await squiggles(page), [], 'no squiggle after the cancelled build');
    const rows = await problems(page);
    assert.ok(!has(rows, (row) => row.includes('build_cancel.py')), `nothing in the Problems panel for the cancelled file:\n${rows.join('\n')}`);
    assert.ok(has(rows, (row) => row.includes('VENV213')), 'the first build\'s findings stay');
    await page.keyboard.press('Control+Shift+M');
  });
});

describe('VS Code (code-server), restricted mode', () => {
  const session = codeServerSession({ name: 'restricted', trusted: false });

  check(session, 'an untrusted workspace still shows diagnostics', async (page) => {
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).waitFor({ timeout: 10_000 });
    await openFile(page, 'missing_requirement.py');
    await eventually(() => squiggles(page), (list) => has(list, squiggleOn('yaml', 'error')), { what: 'the VENV301 squiggle' });
  });

  check(session, 'Verify Interpreter refuses with a clear message', async (page) => {
    await runCommand(page, 'Airflow Venv Lint: Verify Interpreter');
    const toasts = await eventually(() => notifications(page), (list) => list.length > 0, { what: 'a notification' });
    assert.ok(has(toasts, (toast) => toast.includes('Airflow Venv Lint: Verify Interpreter runs the interpreters a DAG names, so it needs a trusted workspace.')), toasts.join('\n'));
  });
});

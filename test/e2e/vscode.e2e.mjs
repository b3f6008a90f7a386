/**
 * The packaged extension in VS Code (code-server, driven by headless Chromium), checked as a user
 * sees it: squiggles, the Problems panel, hovers, the quick fix, Fix All, Verify Interpreter,
 * settings, and restricted mode. Run by run.mjs (`npm run test:e2e`), which installs and packages first.
 *
 * Environment: E2E_VSIX (the .vsix to install), E2E_UPDATE_SCREENSHOTS=1 to rewrite docs/images/.
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
const squiggleOn = (text, kind) => (squiggle) => squiggle.text === text && (kind === undefined || squiggle.kind === kind);

describe('VS Code (code-server), trusted workspace', () => {
  const session = codeServerSession({ name: 'trusted', trusted: true });

  check(session, 'squiggles sit under the offending words', async (page) => {
    await openFile(page, 'missing_requirement.py');
    const seen = await eventually(() => squiggles(page), (list) => list.length >= 2, { what: 'two squiggles' });
    assert.deepEqual(
      seen.map(({ kind, line, text }) => ({ kind, line, text })).sort((a, b) => a.line - b.line),
      [
        { kind: 'error', line: 9, text: 'my_custom_package' }, // VENV301
        { kind: 'error', line: 19, text: '3.10' }, // VENV105
      ],
    );
  });

  check(session, 'hover shows the message and the link to the rule', async (page) => {
    const hover = await hoverSquiggle(page, 'my_custom_package');
    const text = await hover.innerText();
    assert.match(text, /"my_custom_package" is imported by the callable but no requirement provides it/);
    const link = hover.locator('a.code-link');
    assert.equal(await link.innerText(), 'VENV301');
    assert.equal(await link.getAttribute('href'), 'https://github.com/airflow-venv-lint/airflow-venv-lint/blob/main/docs/rules.md#venv301-missing-requirement');
    await screenshot(page, 'hover.png');
    await page.keyboard.press('Escape');
  });

  check(session, 'the Problems panel lists codes, messages and positions', async (page) => {
    const rows = await eventually(() => problems(page), (list) => list.length >= 3, { what: 'problem rows' });
    assert.ok(has(rows, (row) => row.includes('VENV301') && row.includes('"my_custom_package" is imported by the callable') && row.includes('[Ln 9, Col 12]')), rows.join('\n'));
    assert.ok(has(rows, (row) => row.includes('VENV105') && row.includes('python_version=3.10: 3.10 is the number 3.1') && row.includes('[Ln 19, Col 24]')), rows.join('\n'));
    await page.keyboard.press('Control+Shift+M'); // close the panel again
  });

  check(session, 'Ctrl+. offers the VENV301 quick fix, which adds the requirement and clears the squiggle', async (page) => {
    await clickWord(page, 'my_custom_package');
    await page.keyboard.press('Control+.');
    const action = page.locator('.action-widget .monaco-list-row', { hasText: 'Add "my-custom-package" to requirements' });
    await action.waitFor({ timeout: 10_000 });
    await screenshot(page, 'quick-fix.png');
    await chooseAction(page, 'Add "my-custom-package" to requirements');
    await eventually(() => editorText(page), (text) => text.includes('requirements=["pandas==2.2.2", "my-custom-package"]'), { what: 'the requirement in the editor' });
    const after = await eventually(() => squiggles(page), (list) => !has(list, squiggleOn('my_custom_package')), { what: 'the VENV301 squiggle to go' });
    assert.ok(has(after, squiggleOn('3.10', 'error')), 'the VENV105 squiggle stays');
    // The added requirement is unpinned: a warning (VENV201) under it invites the next fix.
    await eventually(() => squiggles(page), (list) => has(list, (squiggle) => squiggle.kind === 'warning' && squiggle.line === 20 && squiggle.text.includes('my-custom-package')), { what: 'the VENV201 warning under the new requirement' });
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

  check(session, '"Airflow: Fix All Virtualenv Problems" applies the safe fixes and leaves the rest', async (page) => {
    await openFile(page, 'fix_all.py');
    await eventually(() => squiggles(page), (list) => list.length >= 3, { what: 'three squiggles' });
    await runCommand(page, 'Airflow: Fix All Virtualenv Problems');
    const text = await eventually(() => editorText(page), (value) => value.includes('python_version="3.10"') && value.includes('"scikit-learn==1.5.0"'), { what: 'the fixed text' });
    assert.match(text, /"libpq-dev"/, 'the unsafe VENV206 finding is not "fixed" away');
    const left = await eventually(() => squiggles(page), (list) => list.length === 1, { what: 'one squiggle left' });
    assert.deepEqual(left.map(({ kind, text: underlined }) => ({ kind, text: underlined })), [{ kind: 'error', text: 'libpq-dev' }]);
  });

  check(session, '"Airflow: Verify Interpreter" reports this machine\'s python3 and flags a missing interpreter (VENV107)', async (page) => {
    const python = spawnSync('python3', ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).stdout.trim();
    assert.match(python, /^3\.\d+\.\d+$/, 'python3 runs on this machine');
    await openFile(page, 'verify_interpreters.py');
    await page.waitForTimeout(1_000);
    const before = await eventually(() => squiggles(page), () => true, { what: 'the editor' });
    assert.ok(!has(before, (squiggle) => squiggle.text.includes(MISSING_INTERPRETER)), 'no VENV107 before verifying');
    await runCommand(page, 'Airflow: Verify Interpreter');
    // Two interpreters: the quick pick lists both, picked; Enter probes them.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: MISSING_INTERPRETER }).waitFor();
    await page.keyboard.press('Enter');
    const toasts = await eventually(() => notifications(page), (list) => has(list, (toast) => toast.includes('cannot run the task')), { what: 'the verify notification' });
    assert.ok(has(toasts, (toast) => toast.includes(`1 of 2 cannot run the task: ${MISSING_INTERPRETER}`)), toasts.join('\n'));
    await page.locator('.notification-toast .monaco-button', { hasText: 'Show Report' }).click();
    const report = await eventually(
      () => panelText(page),
      (value) => /✓ cpython/i.test(value),
      { what: 'the report in the output panel' },
    );
    assert.match(report, new RegExp(`python3 — .*\\n\\s*✓ cpython ${python.replaceAll('.', '\\.')} at `, 'i'));
    const flagged = await eventually(() => squiggles(page), (list) => has(list, (squiggle) => squiggle.text.includes(MISSING_INTERPRETER)), { what: 'the VENV107 squiggle' });
    assert.ok(has(flagged, (squiggle) => squiggle.kind === 'error' && squiggle.text === `"${MISSING_INTERPRETER}"`), JSON.stringify(flagged));
    await screenshot(page, 'verify.png');
    const rows = await problems(page);
    assert.ok(has(rows, (row) => row.includes('VENV107') && row.includes(MISSING_INTERPRETER)), rows.join('\n'));
  });
});

describe('VS Code (code-server), restricted mode', () => {
  const session = codeServerSession({ name: 'restricted', trusted: false });

  check(session, 'an untrusted workspace still shows diagnostics', async (page) => {
    await page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).waitFor({ timeout: 10_000 });
    await openFile(page, 'missing_requirement.py');
    await eventually(() => squiggles(page), (list) => has(list, squiggleOn('my_custom_package', 'error')), { what: 'the VENV301 squiggle' });
  });

  check(session, 'Verify Interpreter refuses with a clear message', async (page) => {
    await runCommand(page, 'Airflow: Verify Interpreter');
    const toasts = await eventually(() => notifications(page), (list) => list.length > 0, { what: 'a notification' });
    assert.ok(has(toasts, (toast) => toast.includes('Airflow: Verify Interpreter runs the interpreters a DAG names, so it needs a trusted workspace.')), toasts.join('\n'));
  });
});

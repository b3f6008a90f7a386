/**
 * A throw-away code-server (VS Code in the browser) with the packaged extension installed, and the
 * headless Chromium page that drives it. Each session gets its own profile, workspace copy and port.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

const here = import.meta.dirname;
const codeServerBin = join(here, 'node_modules', '.bin', 'code-server');

/** Chromium flags that keep a headless run quiet and independent of the network and a GPU. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** User settings: nothing between the test and the editor (welcome page, tips, update checks, chat). */
function userSettings(trusted) {
  return {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.enableExperiments': false,
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'chat.commandCenter.enabled': false,
    'git.enabled': false,
    'editor.minimap.enabled': false,
    'editor.hover.delay': 200,
    'editor.lightbulb.enabled': 'off',
    'window.commandCenter': false,
    // Trusted sessions never ask; the restricted session opens the folder untrusted without a prompt.
    'security.workspace.trust.enabled': !trusted,
    'security.workspace.trust.startupPrompt': 'never',
    'security.workspace.trust.banner': 'never',
  };
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export class CodeServer {
  /** @param {{ vsix: string, workspace: string, trusted: boolean, name: string }} options */
  static async start({ vsix, workspace, trusted, name }) {
    const session = new CodeServer();
    session.name = name;
    session.root = mkdtempSync(join(tmpdir(), `airflow-venv-lint-e2e-${name}-`));
    session.workspace = join(session.root, 'workspace');
    session.userData = join(session.root, 'user-data');
    session.log = join(session.root, 'code-server.log');
    const extensions = join(session.root, 'extensions');
    cpSync(workspace, session.workspace, { recursive: true });
    mkdirSync(join(session.userData, 'User'), { recursive: true });
    writeFileSync(join(session.userData, 'User', 'settings.json'), JSON.stringify(userSettings(trusted), null, 2));
    // code-server writes its own config.yaml under XDG_CONFIG_HOME: keep it in the profile; so are
    // the server's caches (XDG_CACHE_HOME: the venvs Build Task Environment makes), removed by stop().
    const env = { ...process.env, XDG_CONFIG_HOME: join(session.root, 'config'), XDG_DATA_HOME: join(session.root, 'data'), XDG_CACHE_HOME: join(session.root, 'cache') };
    const common = ['--extensions-dir', extensions, '--user-data-dir', session.userData];

    const install = spawnSync(codeServerBin, [...common, '--install-extension', vsix], { env, encoding: 'utf8' });
    if (install.status !== 0) throw new Error(`code-server --install-extension failed:\n${install.stdout}${install.stderr}`);

    session.port = await freePort();
    const log = createWriteStream(session.log);
    session.process = spawn(
      codeServerBin,
      [...common, '--auth', 'none', '--bind-addr', `127.0.0.1:${session.port}`, '--disable-telemetry', '--disable-update-check', '--disable-getting-started-override', '--ignore-last-opened'],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    session.process.stdout.pipe(log);
    session.process.stderr.pipe(log);
    await session.waitUntilHealthy();

    session.browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS });
    session.page = await session.browser.newPage({ viewport: { width: 1280, height: 760 } });
    await session.page.goto(`http://127.0.0.1:${session.port}/?folder=${encodeURIComponent(session.workspace)}`);
    await session.page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    return session;
  }

  async waitUntilHealthy() {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (this.process.exitCode !== null) throw new Error(`code-server exited with ${this.process.exitCode}; see ${this.log}`);
      try {
        if ((await fetch(`http://127.0.0.1:${this.port}/healthz`)).ok) return;
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Error(`code-server did not answer on port ${this.port} within 60 s; see ${this.log}`);
  }

  /** Saves a screenshot, the code-server log and VS Code's logs (extension host, our output channel). */
  async saveArtifacts(directory, label) {
    mkdirSync(directory, { recursive: true });
    const stem = join(directory, `${this.name}-${label.replace(/[^\w.-]+/g, '-').slice(0, 60)}`);
    const saved = [];
    try {
      await this.page?.screenshot({ path: `${stem}.png` });
      saved.push(`${stem}.png`);
    } catch (error) {
      console.error(`e2e: no screenshot: ${error.message}`);
    }
    cpSync(this.log, `${stem}-code-server.log`);
    saved.push(`${stem}-code-server.log`);
    try {
      cpSync(join(this.userData, 'logs'), `${stem}-vscode-logs`, { recursive: true });
      saved.push(`${stem}-vscode-logs/`);
    } catch {
      // no logs written yet
    }
    return saved;
  }

  async stop() {
    await this.browser?.close().catch(() => {});
    if (this.process && this.process.exitCode === null) {
      const exited = new Promise((resolve) => this.process.once('exit', resolve));
      this.process.kill('SIGTERM');
      await Promise.race([exited, sleep(5_000)]);
      if (this.process.exitCode === null) this.process.kill('SIGKILL');
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}

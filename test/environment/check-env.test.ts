/**
 * Build Task Environment with real parts: a local index serving distributions built by the test
 * (test/support/wheelhouse.ts), real virtualenv / python3 -m venv and pip, offline. One cache folder
 * for the whole file, so each venv is built once.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Finding, LintConfig } from '../../server/src/analysis/index.js';
import { EnvironmentStore } from '../../server/src/environment/cache.js';
import { checkEnvironment, type CheckEnvironmentResult } from '../../server/src/environment/check-env.js';
import { resolveExecutable } from '../../server/src/interpreter/probe.js';
import { readTextFile } from '../../server/src/host/files.js';
import { buildWheelhouse, CONFLICTING_TASK, startFileIndex, type FileIndex } from '../support/wheelhouse.js';
import { getGrammar, lint } from '../support/lint.js';

const scratch = mkdtempSync(join(tmpdir(), 'airflow-venv-lint-check-env-'));
const dags = join(scratch, 'dags');
let index: FileIndex;
let store: EnvironmentStore;
before(async () => {
  const files = join(scratch, 'files');
  mkdirSync(files);
  mkdirSync(dags);
  buildWheelhouse(files);
  index = await startFileIndex(files);
  store = new EnvironmentStore(join(scratch, 'cache')).load();
});
after(async () => {
  await index?.close();
  rmSync(scratch, { recursive: true, force: true });
});

const DAG = `${CONFLICTING_TASK}

@task.virtualenv(python_version="3.11", system_site_packages=False, requirements=["fancy-dist==1.0", "srconly==1.0"])
def provided():
    import fancymod
    import srconly
    import missingmod

    return fancymod.NAME + str(srconly.VALUE) + missingmod.X


@task.virtualenv(python_version="3.11", system_site_packages=False, requirements=["newpy==1.0"])
def newer_python():
    import newpy


@task.virtualenv(python_version="3.11", system_site_packages=False, requirements=["brokenbuild==1.0"])
def broken_build():
    import brokenbuild
`;

async function check(taskId: string, config: LintConfig = {}, signal?: AbortSignal): Promise<CheckEnvironmentResult> {
  const path = join(dags, 'etl.py');
  writeFileSync(path, DAG);
  return checkEnvironment({
    grammar: await getGrammar(),
    path,
    text: DAG,
    taskId,
    config: { indexUrl: index.url, ...config },
    store,
    which: (command) => resolveExecutable(command),
    lintOptions: { readFile: readTextFile },
    noPipCache: true,
    ...(signal ? { signal } : {}),
  });
}

/** `CODE@line` (1-based) of the findings of the given codes. */
function at(findings: Finding[], codes: string[]): string[] {
  return findings.filter((item) => codes.includes(item.code)).map((item) => `${item.code}@${item.span.source.lines.positionAt(item.span.start).line + 1}`);
}

const BUILD_CODES = ['VENV213', 'VENV214', 'VENV307', 'VENV301', 'VENV208'];

describe('check-env with real pip', () => {
  it('a conflict is reported at both requirement lines, in the time pip needs', async () => {
    const started = Date.now();
    const result = await check('conflicting');
    const seconds = (Date.now() - started) / 1000;
    assert.equal(result.outcomes.length, 1, result.error);
    assert.deepEqual(at(result.findings, ['VENV213']), ['VENV213@8', 'VENV213@9'], result.outcomes[0]!.report);
    const message = result.findings.find((item) => item.code === 'VENV213')!.message;
    assert.match(message, /ResolutionImpossible/);
    assert.match(message, /alpha 1\.0 depends on beta==1\.0/);
    assert.ok(seconds < 60, `took ${seconds} s`);
    console.log(`conflict: ${seconds.toFixed(1)} s`);
  });

  it('an import no installed distribution provides fails with Python\'s own error; the one it does provide is learnt', async () => {
    const before = await lint(DAG, join(dags, 'etl.py'), {});
    assert.ok(at(before.findings, ['VENV301']).includes('VENV301@20'), 'the tables alone flag fancymod');
    const started = Date.now();
    const result = await check('provided');
    console.log(`install + imports: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const report = result.outcomes[0]!.report;
    const mine = result.findings.filter((item) => { const line = item.span.source.lines.positionAt(item.span.start).line + 1; return line >= 18 && line <= 24; });
    assert.deepEqual(at(mine, BUILD_CODES), ['VENV214@18', 'VENV301@22', 'VENV307@22'], report);
    const importFailure = mine.find((item) => item.code === 'VENV307')!;
    assert.match(importFailure.message, /ModuleNotFoundError: No module named 'missingmod'/);
    assert.match(importFailure.message, /fancy-dist \(fancymod\)/);
    assert.match(mine.find((item) => item.code === 'VENV214')!.message, /srconly 1\.0 has no wheel/);
    assert.deepEqual(store.learnedModules().fancymod, ['fancy-dist']);
  });

  it('a version that needs a newer Python is reported at its line', async () => {
    const result = await check('newer_python');
    assert.deepEqual(at(result.findings.filter((item) => item.span.source.lines.positionAt(item.span.start).line + 1 === 27), ['VENV213']), ['VENV213@27'], result.outcomes[0]!.report);
    assert.match(result.findings.find((item) => item.code === 'VENV213' && /newpy/.test(item.message))!.message, /Requires-Python >=3\.13/);
  });

  it('an sdist whose build fails is an error with the build\'s own words', async () => {
    const result = await check('broken_build');
    const finding = result.findings.find((item) => item.code === 'VENV214' && /brokenbuild/.test(item.message));
    assert.ok(finding, result.outcomes[0]!.report);
    assert.equal(finding.severity, 'error');
    assert.match(finding.message, /command 'gcc' failed/);
  });

  it('a second run re-uses the cached venv; results hold until the requirements change', async () => {
    const started = Date.now();
    const result = await check('provided');
    assert.match(result.outcomes[0]!.report, /Re-using the venv/);
    assert.ok(Date.now() - started < 15_000);
    const changed = DAG.replace('"fancy-dist==1.0", "srconly==1.0"', '"fancy-dist==1.0"');
    const relinted = await lint(changed, join(dags, 'etl.py'), {}, {}, { environments: store.lookup });
    assert.deepEqual(at(relinted.findings, ['VENV307', 'VENV214']).filter((item) => item.endsWith('@22') || item.endsWith('@18')), []);
  });

  it('cancelling stops the build and reports it', async () => {
    const controller = new AbortController();
    const pending = check('conflicting', {}, controller.signal);
    controller.abort();
    const result = await pending;
    assert.equal(result.cancelled || result.outcomes[0]!.report.includes('Re-using'), true);
  });

  it('cancelled while pip waits on the index (a page that never answers): stopped at once, no build finding', async () => {
    const held = await startFileIndex(join(scratch, 'files'), { hold: ['alpha'] });
    let waiting: NodeJS.Timeout | undefined;
    // Its own cache: the file's shared one remembers the conflict found above, whose findings stay.
    const fresh = new EnvironmentStore(join(scratch, 'held-cache')).load();
    try {
      const controller = new AbortController();
      const path = join(dags, 'etl.py');
      writeFileSync(path, DAG);
      let resolvingAt = 0;
      const result = await checkEnvironment({
        grammar: await getGrammar(),
        path,
        text: DAG,
        taskId: 'conflicting',
        config: { indexUrl: held.url },
        store: fresh,
        which: (command) => resolveExecutable(command),
        lintOptions: { readFile: readTextFile },
        noPipCache: true,
        signal: controller.signal,
        progress: (message) => {
          if (!message.includes(': Resolving')) return;
          // Cancel once pip is waiting on the held page.
          waiting = setInterval(() => {
            if (!held.requests.some((url) => url.startsWith('/simple/alpha'))) return;
            clearInterval(waiting);
            resolvingAt = Date.now();
            controller.abort();
          }, 50);
        },
      });
      assert.ok(resolvingAt > 0, 'pip asked the index for alpha');
      assert.ok(Date.now() - resolvingAt < 5_000, `stopped ${Date.now() - resolvingAt} ms after the cancel`);
      assert.equal(result.cancelled, true);
      assert.deepEqual(at(result.findings, ['VENV213', 'VENV214', 'VENV307']), []);
    } finally {
      clearInterval(waiting);
      await held.close();
    }
  });
});

/**
 * A hostile package index and a hostile cache (reliability audit H2, B3, H1/N19): a page that made
 * the link regex quadratic, pages with more links than any project has, cache entries of the wrong
 * shape or of the wrong file type, a pip.conf that is a FIFO. Each test failed before its fix.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { IndexSource, MAX_LINKS, parseHtmlPage } from '../../server/src/versions/package-index.js';
import { localIndexAndScratch, PAGES } from '../support/indexServer.js';

const local = localIndexAndScratch('hostile-index-');
const { scratch } = local;

describe('HTML pages are read in linear time', () => {
  for (const [name, body] of [
    ['`<a <a <a ...` with no `>` (the audit: 34 s for 256 KB)', '<a '.repeat(100_000)],
    ['`<A\\t` in capitals and tabs', '<A\t'.repeat(100_000)],
    ['tags that close but never end in </a>', '<a x>y<b>'.repeat(40_000)],
    ['an unclosed data-requires-python', `<a ${'data-requires-python="'.repeat(20_000)}>x</a>`],
  ] as const) {
    it(`${name}: answered within a second`, { timeout: 20_000 }, async () => {
      PAGES[`hostile-${name.length}`] = { type: 'text/html', body };
      const source = new IndexSource({ indexUrl: local.index.url });
      const started = Date.now();
      await source.versionsFor(`hostile-${name.length}`, '3.11');
      assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
    });
  }

  it('a page with more links than any project has is refused', () => {
    assert.throws(() => parseHtmlPage('<a href="x">x-1.0.tar.gz</a>\n'.repeat(MAX_LINKS + 1)), /more than 200000 files/);
  });

  it('a page past its deadline is refused', () => {
    assert.throws(() => parseHtmlPage('<a x>a-1.0.tar.gz</a>'.repeat(5_000), Date.now() - 1), /took too long/);
  });

  it('ordinary pages read as before', () => {
    const files = parseHtmlPage('<a href="/f/x-1.0.tar.gz#sha256=00">x-1.0.tar.gz</a>\n<A HREF="/f/x-1.1.tar.gz" data-requires-python="&gt;=3.8" data-yanked="">x-1.1.tar.gz</A>');
    assert.deepEqual(files, [
      { filename: 'x-1.0.tar.gz', requiresPython: undefined, yanked: false },
      { filename: 'x-1.1.tar.gz', requiresPython: '>=3.8', yanked: true },
    ]);
  });
});

describe('the cache', () => {
  const entry = (directory: string, indexUrl: string, name: string) => {
    const key = createHash('sha256').update(`${indexUrl}\0${name}`).digest('hex').slice(0, 32);
    mkdirSync(join(directory, 'index'), { recursive: true });
    return join(directory, 'index', `${key}.json`);
  };

  const shapes = [
    { fetchedAt: 1e15, files: 'x' },
    { fetchedAt: 1e15, files: null },
    { fetchedAt: 1e15, files: [{ filename: 5 }] },
    { fetchedAt: 1e15, files: [null] },
    { fetchedAt: 1e15, files: [{ filename: 'pandas-9.9.9.tar.gz', yanked: false }] },
    { fetchedAt: 'now', files: [] },
    null,
  ];
  for (const shape of shapes) {
    it(`an entry ${JSON.stringify(shape)} is a miss: fetched again`, async () => {
      const directory = mkdtempSync(join(scratch, 'cache-'));
      writeFileSync(entry(directory, local.index.url, 'pandas'), JSON.stringify(shape));
      const result = await new IndexSource({ indexUrl: local.index.url, cacheDirectory: directory }).versionsFor('pandas', '3.11');
      assert.ok(result && 'versions' in result, JSON.stringify(result));
      assert.equal(result.versions[0], '2.2.3');
    });
  }

  it('an entry that is a FIFO: a miss, offline at once (it blocked forever)', () => {
    const directory = mkdtempSync(join(scratch, 'cache-'));
    execFileSync('mkfifo', [entry(directory, local.index.url, 'pandas')]);
    const script = `import { IndexSource } from ${JSON.stringify(join(import.meta.dirname, '..', '..', 'server', 'src', 'versions', 'package-index.ts'))};
      const result = await new IndexSource({ indexUrl: ${JSON.stringify(local.index.url)}, cacheDirectory: ${JSON.stringify(directory)}, offline: true }).versionsFor('pandas', '3.11');
      console.log(JSON.stringify(result));`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 15_000 });
    assert.equal(run.signal, null, 'blocked on the FIFO');
    assert.match(run.stdout, /not in the cache/);
  });

  it('a pip.conf that is a FIFO is skipped (it blocked forever)', () => {
    const fifo = join(scratch, 'pip.conf');
    execFileSync('mkfifo', [fifo]);
    const script = `import { pipIndexUrl } from ${JSON.stringify(join(import.meta.dirname, '..', '..', 'server', 'src', 'versions', 'package-index.ts'))};
      console.log(String(pipIndexUrl({ PIP_CONFIG_FILE: ${JSON.stringify(fifo)}, HOME: ${JSON.stringify(scratch)}, XDG_CONFIG_HOME: ${JSON.stringify(scratch)} })));`;
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 15_000 });
    assert.equal(run.signal, null, 'blocked on the FIFO');
    assert.equal(run.status, 0, run.stderr);
  });
});

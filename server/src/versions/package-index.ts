/**
 * A package index through the simple API: PEP 691 JSON when the index serves it,
 * the PEP 503 HTML page otherwise (many private indexes). Versions come from
 * the file names; yanked files, files whose Requires-Python excludes the task's
 * Python, and pre-releases are dropped. Answers are cached on disk with a TTL;
 * offline mode reads only the cache. Network errors are answers, not exceptions.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { compare, valid } from '@renovatebot/pep440';
import { fileAllowsPython, isPrerelease, normalizeName, type IndexFacts, type IndexFile } from '../analysis/index.js';
import { readUtf8, writeFileAtomic } from '../host/guarded-file.js';
import type { VersionResult, VersionSource } from './source.js';

export const DEFAULT_INDEX_URL = 'https://pypi.org/simple/';
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/** pip.conf and cache entries: far larger than either ever is. */
const MAX_SMALL_FILE_BYTES = 16 * 1024 * 1024;
/** No project has this many files on an index (botocore, among the largest, has under 10,000). */
export const MAX_LINKS = 200_000;

export interface IndexOptions {
  indexUrl: string;
  timeoutMs?: number;
  /** Folder of the on-disk cache; none: no cache. */
  cacheDirectory?: string;
  ttlMs?: number;
  offline?: boolean;
  fetch?: typeof fetch;
}


interface CachedPage {
  fetchedAt: number;
  files: IndexFile[];
}

export { defaultCacheDirectory } from '../host/cache-directory.js';

/** pip's own configuration: PIP_INDEX_URL, then index-url in pip.conf ([global] or [install]). */
export function pipIndexUrl(environment: NodeJS.ProcessEnv = process.env): string | undefined {
  if (environment.PIP_INDEX_URL) return environment.PIP_INDEX_URL;
  const candidates = [
    environment.PIP_CONFIG_FILE,
    join(environment.XDG_CONFIG_HOME || join(homedir(), '.config'), 'pip', 'pip.conf'),
    join(homedir(), '.pip', 'pip.conf'),
    '/etc/pip.conf',
  ].filter((path): path is string => Boolean(path));
  for (const path of candidates) {
    const read = readUtf8(path, { maxBytes: MAX_SMALL_FILE_BYTES });
    const match = 'text' in read ? /^[ \t]*index[-_]url[ \t]*[=:][ \t]*(\S+)/m.exec(read.text) : null;
    if (match) return match[1];
  }
  return undefined;
}

/** `pandas-2.2.2.tar.gz`, `pandas-2.2.2-cp311-...whl` -> `2.2.2` (PEP 427 / sdist names). */
export function versionOfFile(filename: string, normalizedName: string): string | undefined {
  const base = filename.replace(/\.(whl|tar\.gz|zip|tar\.bz2|tgz|egg)$/i, '');
  if (filename.toLowerCase().endsWith('.whl')) {
    const [name, version] = base.split('-');
    return name && normalizeName(name) === normalizedName ? version : undefined;
  }
  // sdist: `{name}-{version}`; legacy names may contain dashes, versions do not.
  const dash = base.lastIndexOf('-');
  if (dash <= 0 || normalizeName(base.slice(0, dash)) !== normalizedName) return undefined;
  return base.slice(dash + 1) || undefined;
}

function decodeHtml(text: string): string {
  return text.replace(/&gt;/g, '>').replace(/&lt;/g, '<').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

export function parseJsonPage(body: string): IndexFile[] {
  const page = JSON.parse(body) as { files?: unknown };
  if (!Array.isArray(page.files)) throw new Error('the JSON page has no "files" list');
  return page.files.flatMap((file: unknown) => {
    const entry = file as { filename?: unknown; 'requires-python'?: unknown; yanked?: unknown };
    if (typeof entry.filename !== 'string') return [];
    const requiresPython = typeof entry['requires-python'] === 'string' && entry['requires-python'] !== '' ? entry['requires-python'] : undefined;
    return [{ filename: entry.filename, requiresPython, yanked: entry.yanked !== undefined && entry.yanked !== false }];
  });
}

/**
 * The links of a PEP 503 page, `<a ...attributes>filename</a>`, in one linear pass (audit H2: the
 * regex this replaces took quadratic time on `<a <a <a ...`, 34 s for 256 KB). Each search below
 * only moves forward, and a search that found nothing is not repeated. Past `deadline` (ms since
 * the epoch) or MAX_LINKS links, the page is refused.
 */
export function parseHtmlPage(body: string, deadline = Number.POSITIVE_INFINITY): IndexFile[] {
  const files: IndexFile[] = [];
  const nextTagEnd = forwardSearch(body, '>');
  const nextTagStart = forwardSearch(body, '<');
  const anchor = /<a\s/gi;
  let steps = 0;
  for (let match = anchor.exec(body); match; match = anchor.exec(body)) {
    if (++steps % 1024 === 0 && Date.now() > deadline) throw new Error('the page took too long to read');
    const close = nextTagEnd(match.index);
    if (close < 0) break;
    const after = nextTagStart(close + 1);
    if (after < 0) break;
    if (body.slice(after, after + 4).toLowerCase() !== '</a>') continue;
    if (files.length >= MAX_LINKS) throw new Error(`the page lists more than ${MAX_LINKS} files`);
    const attributes = body.slice(match.index + 3, Math.min(close, match.index + 3 + 4096));
    const requires = /data-requires-python\s*=\s*"([^"]*)"/i.exec(attributes)?.[1];
    files.push({ filename: decodeHtml(body.slice(close + 1, after).trim()), requiresPython: requires ? decodeHtml(requires) : undefined, yanked: /data-yanked/i.test(attributes) });
    anchor.lastIndex = after + 4;
  }
  return files;
}

/** indexOf for positions that only grow: each answer is reused until the position passes it. */
function forwardSearch(text: string, needle: string): (from: number) => number {
  let found = -2;
  return (from) => {
    if (found === -1 || (found >= from && found !== -2)) return found;
    found = text.indexOf(needle, from);
    return found;
  };
}

/** Versions a task on `pythonVersion` may install, newest first; pre-releases only with `allowPrereleases`. */
export function candidateVersions(files: IndexFile[], normalizedName: string, pythonVersion: string | undefined, allowPrereleases = false): string[] {
  const versions = new Set<string>();
  for (const file of files) {
    const version = versionOfFile(file.filename, normalizedName);
    if (!version || valid(version) === null) continue;
    if (!file.yanked && fileAllowsPython(file, pythonVersion)) versions.add(version);
  }
  return [...versions].filter((version) => allowPrereleases || !isPrerelease(version)).sort((a, b) => compare(b, a));
}

export class IndexSource implements VersionSource {
  readonly kind = 'index' as const;

  constructor(private readonly options: IndexOptions) {}

  get indexUrl(): string {
    return this.options.indexUrl.endsWith('/') ? this.options.indexUrl : `${this.options.indexUrl}/`;
  }

  /** Every release with its files (for the online check, VENV209). */
  async facts(normalizedName: string): Promise<IndexFacts | { error: string }> {
    const page = await this.page(normalizedName);
    if ('error' in page) return page;
    const releases = new Map<string, IndexFile[]>();
    for (const file of page.files) {
      const version = versionOfFile(file.filename, normalizedName);
      if (version) releases.set(version, [...(releases.get(version) ?? []), file]);
    }
    return { index: this.indexUrl, releases };
  }

  async versionsFor(normalizedName: string, pythonVersion: string | undefined, allowPrereleases = false): Promise<VersionResult> {
    const page = await this.page(normalizedName);
    if ('error' in page) return { error: page.error, source: this.indexUrl };
    return { versions: candidateVersions(page.files, normalizedName, pythonVersion, allowPrereleases), source: this.indexUrl };
  }

  private cachePath(normalizedName: string): string | undefined {
    if (!this.options.cacheDirectory) return undefined;
    const key = createHash('sha256').update(`${this.indexUrl}\0${normalizedName}`).digest('hex').slice(0, 32);
    return join(this.options.cacheDirectory, 'index', `${key}.json`);
  }

  private readCache(normalizedName: string, ignoreTtl: boolean): CachedPage | undefined {
    const path = this.cachePath(normalizedName);
    if (!path) return undefined;
    const read = readUtf8(path, { maxBytes: MAX_SMALL_FILE_BYTES });
    if (!('text' in read)) return undefined;
    const cached = cachedPage(read.text);
    const ttl = this.options.ttlMs ?? 60 * 60 * 1000;
    return cached && (ignoreTtl || Date.now() - cached.fetchedAt < ttl) ? cached : undefined;
  }

  private writeCache(normalizedName: string, files: IndexFile[]): void {
    const path = this.cachePath(normalizedName);
    if (!path) return;
    try {
      mkdirSync(join(path, '..'), { recursive: true });
    } catch {
      return; // a cache that cannot be written only costs the next look-up
    }
    writeFileAtomic(path, Buffer.from(JSON.stringify({ fetchedAt: Date.now(), files } satisfies CachedPage)), { create: true });
  }

  /** Redirects are followed only within the index's own scheme, host and port. */
  private async fetchFollowingSameHost(start: string, signal: AbortSignal): Promise<{ response: Response } | { error: string }> {
    let url = start;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const response = await (this.options.fetch ?? fetch)(url, {
        headers: { Accept: 'application/vnd.pypi.simple.v1+json, text/html;q=0.1' },
        signal,
        redirect: 'manual',
      });
      const location = response.status >= 300 && response.status < 400 ? response.headers.get('location') : null;
      if (!location) return { response };
      const next = new URL(location, url);
      if (next.origin !== new URL(start).origin) return { error: `${url} redirects to another host (${next.origin}); not followed` };
      url = next.href;
    }
    return { error: `${start} redirects more than ${MAX_REDIRECTS} times` };
  }

  private async page(normalizedName: string): Promise<{ files: IndexFile[] } | { error: string }> {
    const fresh = this.readCache(normalizedName, false);
    if (fresh) return fresh;
    if (this.options.offline) {
      const stale = this.readCache(normalizedName, true);
      return stale ?? { error: `offline, and ${normalizedName} is not in the cache of ${this.indexUrl}` };
    }
    const url = `${this.indexUrl}${normalizedName}/`;
    const timeoutMs = this.options.timeoutMs ?? 5000;
    const started = Date.now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const fetched = await this.fetchFollowingSameHost(url, controller.signal);
      if ('error' in fetched) return fetched;
      const response = fetched.response;
      if (response.status === 404) return { error: `${normalizedName} is not on ${this.indexUrl} (404)` };
      if (!response.ok) return { error: `${url} answered ${response.status} ${response.statusText}` };
      const length = Number(response.headers.get('content-length') ?? 0);
      if (length > MAX_BODY_BYTES) return { error: `${url} sent ${length} bytes, more than the ${MAX_BODY_BYTES / 1024 / 1024} MB allowed` };
      const body = await readLimited(response, MAX_BODY_BYTES);
      // (TLS errors surface as fetch failures above: certificates are always verified.)
      if (body === undefined) return { error: `${url} sent more than ${MAX_BODY_BYTES / 1024 / 1024} MB` };
      const type = response.headers.get('content-type') ?? '';
      let files: IndexFile[];
      try {
        files = type.includes('json') ? parseJsonPage(body) : parseHtmlPage(body, started + timeoutMs);
      } catch (error) {
        return { error: `${url} sent a page that is not a simple-API page (${(error as Error).message})` };
      }
      this.writeCache(normalizedName, files);
      return { files };
    } catch (error) {
      const stale = this.readCache(normalizedName, true);
      if (stale) return stale;
      const reason = controller.signal.aborted ? `no answer within ${timeoutMs / 1000} s` : ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
      return { error: `${this.indexUrl} could not be reached (${reason})` };
    } finally {
      clearTimeout(timer);
    }
  }
}

const MAX_REDIRECTS = 5;

/**
 * A cache entry, shape-checked (audit B3: a well-formed entry of the wrong shape broke pinning
 * until its TTL ended): anything else, or a `fetchedAt` in the future, is a miss.
 */
export function cachedPage(text: string): CachedPage | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { fetchedAt, files } = value as { fetchedAt?: unknown; files?: unknown };
  if (typeof fetchedAt !== 'number' || !Number.isFinite(fetchedAt) || fetchedAt > Date.now() + 60_000 || !Array.isArray(files)) return undefined;
  const checked: IndexFile[] = [];
  for (const file of files as unknown[]) {
    if (typeof file !== 'object' || file === null) return undefined;
    const { filename, requiresPython, yanked } = file as { filename?: unknown; requiresPython?: unknown; yanked?: unknown };
    if (typeof filename !== 'string' || (requiresPython !== undefined && typeof requiresPython !== 'string') || typeof yanked !== 'boolean') return undefined;
    checked.push({ filename, requiresPython, yanked });
  }
  return { fetchedAt, files: checked };
}

async function readLimited(response: Response, limit: number): Promise<string | undefined> {
  if (!response.body) return response.text();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > limit) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A package index on 127.0.0.1 serving simple-API fixtures (PEP 691 JSON and PEP 503 HTML). */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';

const file = (filename: string, extra: Record<string, unknown> = {}) => ({ filename, url: `https://files.example/${filename}`, hashes: { sha256: '0'.repeat(64) }, ...extra });

export const PAGES: Record<string, { status?: number; type?: string; body?: string; delayMs?: number }> = {
  pandas: {
    body: JSON.stringify({
      meta: { 'api-version': '1.1' },
      name: 'pandas',
      files: [
        file('pandas-2.1.4.tar.gz', { 'requires-python': '>=3.9' }),
        file('pandas-2.2.2.tar.gz', { 'requires-python': '>=3.9' }),
        file('pandas-2.2.3-cp311-cp311-manylinux_2_17_x86_64.whl', { 'requires-python': '>=3.9' }),
        file('pandas-2.3.0.tar.gz', { 'requires-python': '>=3.9', yanked: 'broken wheel metadata' }),
        file('pandas-2.4.0.tar.gz', { 'requires-python': '>=3.13' }),
        file('pandas-3.0.0rc1.tar.gz', { 'requires-python': '>=3.10' }),
      ],
    }),
  },
  pyyaml: { body: JSON.stringify({ meta: { 'api-version': '1.0' }, name: 'pyyaml', files: [file('PyYAML-6.0.1.tar.gz'), file('PyYAML-6.0.2-cp311-cp311-manylinux_2_17_x86_64.whl', { 'requires-python': '>=3.8' })] }) },
  requests: { body: JSON.stringify({ meta: { 'api-version': '1.0' }, name: 'requests', files: [file('requests-2.31.0.tar.gz'), file('requests-2.32.3-py3-none-any.whl', { 'requires-python': '>=3.8' })] }) },
  'private-lib': {
    type: 'text/html',
    body: '<!DOCTYPE html><html><body>\n<a href="/f/private_lib-1.0.0.tar.gz#sha256=00">private_lib-1.0.0.tar.gz</a>\n<a href="/f/private_lib-1.1.0.tar.gz" data-requires-python="&gt;=3.8">private_lib-1.1.0.tar.gz</a>\n<a href="/f/private_lib-1.2.0.tar.gz" data-yanked="">private_lib-1.2.0.tar.gz</a>\n<a href="/f/private_lib-1.3.0.tar.gz" data-requires-python="&gt;=3.12">private_lib-1.3.0.tar.gz</a>\n</body></html>',
  },
  broken: { status: 500, body: 'Internal Server Error' },
  garbage: { body: '{"files": [oops' },
  slow: { delayMs: 3000, body: JSON.stringify({ meta: { 'api-version': '1.0' }, files: [] }) },
  'moved-here': { body: JSON.stringify({ meta: { 'api-version': '1.0' }, files: [file('moved-1.4.0.tar.gz'), file('elsewhere-1.4.0.tar.gz')] }) },
  huge: { body: JSON.stringify({ meta: { 'api-version': '1.0' }, files: [], padding: 'x'.repeat(11 * 1024 * 1024) }) },
};

/** Redirects: to the same index (followed), and to another host (refused). */
export const REDIRECTS: Record<string, (port: number) => string> = {
  moved: () => '/simple/moved-here/',
  elsewhere: (port) => `http://localhost:${port}/simple/moved-here/`,
};

export interface IndexServer {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export async function startIndex(): Promise<IndexServer> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const name = /^\/simple\/([^/]+)\/$/.exec(request.url ?? '')?.[1];
    const redirect = name ? REDIRECTS[name] : undefined;
    if (redirect) {
      response.writeHead(302, { location: redirect((server.address() as AddressInfo).port) }).end();
      return;
    }
    const page = name ? PAGES[name] : undefined;
    if (!page) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not Found');
      return;
    }
    const send = () => {
      if (response.destroyed) return;
      response.writeHead(page.status ?? 200, { 'content-type': page.type ?? 'application/vnd.pypi.simple.v1+json' }).end(page.body ?? '');
    };
    if (page.delayMs) setTimeout(send, page.delayMs).unref();
    else send();
  });
  return listening(server, requests);
}

/** `server` listening on a free port of 127.0.0.1 as a simple index at /simple/, the URLs it was asked for in `requests`. */
export async function listening(server: Server, requests: string[]): Promise<IndexServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/simple/`,
    requests,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * For a test file: a local index started before its tests, and a scratch folder; both removed after
 * them. `local.index` is there once the tests run.
 */
export function localIndexAndScratch(prefix: string): { readonly index: IndexServer; scratch: string } {
  const scratch = mkdtempSync(join(tmpdir(), prefix));
  let server: IndexServer | undefined;
  before(async () => {
    server = await startIndex();
  });
  after(async () => {
    await server?.close();
    rmSync(scratch, { recursive: true, force: true });
  });
  return {
    get index() {
      if (!server) throw new Error('the local index starts before the tests');
      return server;
    },
    scratch,
  };
}

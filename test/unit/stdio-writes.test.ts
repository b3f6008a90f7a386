/** LSP over stdio: a message's header and body leave in one write (server/src/lsp/stdio-writes.ts). */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { joinHeaderWrites } from '../../server/src/lsp/stdio-writes.js';

function recorder(): { stream: Writable; writes: Buffer[] } {
  const writes: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      writes.push(Buffer.from(chunk));
      callback();
    },
  });
  return { stream, writes };
}

const write = (stream: Writable, chunk: string | Buffer, encoding?: BufferEncoding) => new Promise<void>((resolve, reject) => {
  const done = (error?: Error | null) => (error ? reject(error) : resolve());
  if (encoding) stream.write(chunk, encoding, done);
  else stream.write(chunk, done);
});

describe('stdio writes', () => {
  it('a header and the body after it are one write, byte for byte what was written', async () => {
    const { stream, writes } = recorder();
    joinHeaderWrites(stream);
    const body = Buffer.from(JSON.stringify({ jsonrpc: '2.0', method: 'x', params: { text: 'é ✓' } }), 'utf8');
    await write(stream, `Content-Length: ${body.length}\r\n\r\n`, 'ascii');
    assert.equal(writes.length, 0, 'the header is held until its body comes');
    await write(stream, body);
    assert.equal(writes.length, 1);
    assert.equal(writes[0]!.toString('utf8'), `Content-Length: ${body.length}\r\n\r\n${body.toString('utf8')}`);
    await write(stream, 'Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n', 'ascii');
    await write(stream, '{}', 'utf8');
    assert.equal(writes.length, 2);
    assert.equal(writes[1]!.toString('utf8'), 'Content-Length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}');
  });

  it('anything that is not a header passes through as it came', async () => {
    const { stream, writes } = recorder();
    joinHeaderWrites(stream);
    await write(stream, 'plain text\n', 'utf8');
    await write(stream, Buffer.from([1, 2, 3]));
    assert.deepEqual(writes.map((item) => [...item]), [[...Buffer.from('plain text\n')], [1, 2, 3]]);
  });
});

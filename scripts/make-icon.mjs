// Draws images/icon.png (128x128): a wind-sock-like stripe over a box, in plain RGBA,
// encoded with node's zlib. Run once; the PNG is committed.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const size = 128;
const pixels = Buffer.alloc(size * size * 4);
const put = (x, y, [r, g, b, a]) => pixels.set([r, g, b, a], (y * size + x) * 4);
for (let y = 0; y < size; y++) {
  for (let x = 0; x < size; x++) {
    const dx = x - 63.5, dy = y - 63.5;
    const inside = Math.abs(dx) < 56 && Math.abs(dy) < 56 && Math.hypot(Math.max(Math.abs(dx) - 40, 0), Math.max(Math.abs(dy) - 40, 0)) < 16;
    if (!inside) { put(x, y, [0, 0, 0, 0]); continue; }
    let color = [1, 116, 189, 255]; // blue
    const stripe = (y - 30) - 0.35 * (x - 20);
    if (x > 24 && x < 104 && stripe > 0 && stripe < 14) color = (Math.floor((x - 24) / 16) % 2 === 0) ? [255, 255, 255, 255] : [0, 200, 140, 255];
    if (x > 34 && x < 94 && y > 70 && y < 100 && (x < 40 || x > 88 || y > 94 || y < 76)) color = [255, 255, 255, 255];
    put(x, y, color);
  }
}
const raw = Buffer.alloc(size * (size * 4 + 1));
for (let y = 0; y < size; y++) pixels.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
const crcTable = Array.from({ length: 256 }, (_, n) => { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; return c >>> 0; });
const crc = (buffer) => { let c = 0xffffffff; for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8); return (c ^ 0xffffffff) >>> 0; };
const chunk = (type, data) => { const length = Buffer.alloc(4); length.writeUInt32BE(data.length); const body = Buffer.concat([Buffer.from(type), data]); const sum = Buffer.alloc(4); sum.writeUInt32BE(crc(body)); return Buffer.concat([length, body, sum]); };
const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0); header.writeUInt32BE(size, 4); header[8] = 8; header[9] = 6;
writeFileSync(new URL('../images/icon.png', import.meta.url), Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]));

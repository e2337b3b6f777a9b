// The archive layer in real Chromium (Debian's, through playwright-core): a file longer than
// WebCrypto's one-shot cap (16 MiB) is hashed in a worker of its own, and packs and unpacks to
// the same bytes and hashes as its plaintext, so the page's fast path is the one that is tested.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const CHROMIUM = process.env.UNVEIL_CHROMIUM ?? '/usr/bin/chromium';
const WEB = fileURLToPath(new URL('..', import.meta.url));
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}`;
const TYPES = { '.js': 'text/javascript', '.html': 'text/html' };

test('in Chromium: a 40 MiB file is hashed in a worker and round-trips through pack and unpack', { skip, timeout: 120_000 }, async () => {
  const { chromium } = await import('playwright-core');
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (path === '/') { res.writeHead(200, { 'Content-Type': 'text/html' }); res.end('<!doctype html><html lang="en"><title>t</title></html>'); return; }
    try {
      const body = readFileSync(join(WEB, path));
      res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch { res.writeHead(404); res.end(); }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(undefined)));
  const origin = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    /** @type {string[]} */
    const workers = [];
    page.on('worker', (w) => workers.push(w.url()));
    await page.goto(`${origin}/`);
    const r = await page.evaluate(async () => {
      const load = (/** @type {string} */ u) => import(u);
      const { Sha256Stream } = await load('/lib/archive/_digest.js');
      const { packArchive } = await load('/lib/archive/pack.js');
      const { unpackArchive } = await load('/lib/archive/unpack.js');
      const { systemRandom } = await load('/lib/crypto/random.js');
      const { randomReleaseKey } = await load('/lib/crypto/release-key.js');
      const { toHex } = await load('/lib/bytes.js');
      const size = 40 << 20;
      const data = new Uint8Array(size);
      for (let o = 0; o < size; o += 65536) crypto.getRandomValues(data.subarray(o, o + 65536));
      const want = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', data)));
      const h = new Sha256Stream(size);
      for (let o = 0; o < size; o += 1 << 20) h.update(data.subarray(o, o + (1 << 20)));
      const got = await h.hex();
      const terms = { chainId: 31337, factory: '0x' + '11'.repeat(20), release: '0x' + '22'.repeat(20), token: '0x' + '00'.repeat(20),
        goal: 10n ** 18n, artistFee: 10n ** 17n, enrolDeadline: 2_000_000_000, pledgeDeadline: 2_000_100_000, revealWindow: 3600, sampleCount: 1 };
      const t0 = performance.now();
      const { stream, result } = packArchive({ files: [{ path: 'big.bin', size, source: () => new Blob([data]), cut: { bytes: 4 << 20 }, previews: [0] }],
        groups: [{ threshold: 1, keyholders: [randomReleaseKey(systemRandom()).publicKey] }], terms, license: 'test', random: systemRandom() });
      const archive = await new Response(stream).blob();
      const packed = await result;
      const t1 = performance.now();
      /** @type {string} */
      let out = '';
      await unpackArchive(archive, packed.secret, { onFile: () => {
        const parts = [];
        return { write: (/** @type {Uint8Array} */ c) => { parts.push(c.slice()); }, close: async () => { out = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', await new Blob(parts).arrayBuffer()))); } };
      } });
      const t2 = performance.now();
      return { want, got, out, fileHash: packed.manifest.files[0].sha256, packMBs: size / 1e6 / ((t1 - t0) / 1000), unpackMBs: size / 1e6 / ((t2 - t1) / 1000) };
    });
    assert.equal(r.got, r.want, 'the worker-hashed SHA-256 is the one-shot digest');
    assert.equal(r.fileHash, r.want, 'the manifest records the file\'s SHA-256');
    assert.equal(r.out, r.want, 'unpacked, the file is byte for byte the input');
    assert.ok(workers.some((u) => u.endsWith('/lib/archive/_sha256-worker.js')), `the long run was hashed in the worker: ${workers.join(', ')}`);
    console.log(`# Chromium, 40 MiB in 4 MiB fragments: pack ${r.packMBs.toFixed(0)} MB/s, unpack ${r.unpackMBs.toFixed(0)} MB/s (not a benchmark: scripts/bench-web)`);
  } finally {
    await browser.close();
    server.close();
  }
});

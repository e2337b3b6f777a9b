// The archive layer in real Chromium (Debian's, through playwright-core), on the page's fast paths:
// a file longer than WebCrypto's one-shot cap (16 MiB) is hashed in a worker of its own; a one-pass
// pack into OPFS seals whole fragments in the age workers and still gives Java's archive byte for
// byte; unpack decrypts them there, and a tampered fragment is refused with nothing completed.
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
const VECTORS = fileURLToPath(new URL('../../spec/vectors/', import.meta.url));

/** A static server of web/ (and spec/vectors/ under /vectors/) and a Chromium page on it. */
async function openPage() {
  const { chromium } = await import('playwright-core');
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
    if (path === '/') { res.writeHead(200, { 'Content-Type': 'text/html' }); res.end('<!doctype html><html lang="en"><title>t</title></html>'); return; }
    try {
      const body = readFileSync(path.startsWith('/vectors/') ? join(VECTORS, path.slice('/vectors/'.length)) : join(WEB, path));
      res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch { res.writeHead(404); res.end(); }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(undefined)));
  const origin = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  const page = await browser.newPage();
  /** @type {string[]} */
  const workers = [];
  page.on('worker', (w) => workers.push(w.url()));
  await page.goto(`${origin}/`);
  return { page, workers, close: async () => { await browser.close(); server.close(); } };
}

test('in Chromium: a 40 MiB file is hashed in a worker and round-trips through pack and unpack, its fragments streamed here and opened in the age workers', { skip, timeout: 120_000 }, async () => {
  const { page, workers, close } = await openPage();
  try {
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
      const h = await Sha256Stream.create(size);
      for (let o = 0; o < size; o += 1 << 20) h.update(data.subarray(o, o + (1 << 20)));
      const got = await h.hex();
      const terms = { chainId: 31337, factory: '0x' + '11'.repeat(20), release: '0x' + '22'.repeat(20), token: '0x' + '00'.repeat(20),
        goal: 10n ** 18n, artistFee: 10n ** 17n, enrolDeadline: 2_000_000_000, pledgeDeadline: 2_000_100_000, revealWindow: 3600, sampleCount: 1 };
      const t0 = performance.now();
      // A 24 MiB encrypted fragment (over the workers' 16 MiB: streamed on this thread) between
      // fragments the age workers open, so unpack interleaves both paths and must keep the order.
      const cut = { fragments: [{ offset: 0, size: 24 << 20 }, { offset: 24 << 20, size: 4 << 20 }, { offset: 28 << 20, size: 12 << 20 }] };
      const { stream, result } = packArchive({ files: [{ path: 'big.bin', size, source: () => new Blob([data]), cut, previews: [1] }],
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
    assert.ok(workers.some((u) => u.endsWith('/lib/archive/_age-worker.js')), `the small fragments were opened in the age workers: ${workers.join(', ')}`);
    console.log(`# Chromium, 40 MiB in fragments of 24, 4 and 12 MiB: pack ${r.packMBs.toFixed(0)} MB/s, unpack ${r.unpackMBs.toFixed(0)} MB/s (not a benchmark: scripts/bench-web)`);
  } finally {
    await close();
  }
});

test('in Chromium: a one-pass pack into OPFS through the age workers is Java\'s seeded archive; unpacked there it gives the inputs; a tampered fragment completes nothing', { skip, timeout: 120_000 }, async () => {
  const v = JSON.parse(readFileSync(join(VECTORS, 'archive-seeded.json'), 'utf8'));
  const { page, workers, close } = await openPage();
  try {
    const r = await page.evaluate(async (v) => {
      const load = (/** @type {string} */ u) => import(u);
      const { packArchive } = await load('/lib/archive/pack.js');
      const { unpackArchive } = await load('/lib/archive/unpack.js');
      const { sha1prng } = await load('/lib/crypto/random.js');
      const { cutMp3 } = await load('/lib/format/mp3.js');
      const { storeComplete, readStored } = await load('/ui/store.js');
      const { toHex } = await load('/lib/bytes.js');
      const hex = async (/** @type {any} */ b) => toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', b instanceof Blob ? await b.arrayBuffer() : b)));
      const inputs = await Promise.all(v.files.map(async (/** @type {any} */ f) => {
        const data = new Uint8Array(await (await fetch(`/vectors/${f.input}`)).arrayBuffer());
        const cut = f.cut.media === 'mp3' ? await cutMp3(new Blob([data]).stream(), { seconds: f.cut.seconds, name: f.path }) : f.cut;
        return { path: f.path, size: data.length, source: () => new Blob([data]), cut, previews: f.previews, sha256: await hex(data) };
      }));
      const { stream, result } = packArchive({ files: inputs, groups: v.groups, terms: v.terms, license: v.license, random: sha1prng(v.seed), onePass: true });
      const stored = await storeComplete('test', 'seeded.tar', stream, async () => { const p = await result; return { position: p.manifestOffset, data: p.manifestBytes }; });
      const archiveSha256 = await hex(stored);
      /** @param {Blob} archive */
      const unpackInto = async (archive) => {
        /** @type {Record<string, { parts: any[], closed: boolean, aborted: boolean }>} */
        const sinks = {};
        try {
          await unpackArchive(archive, v.secret, { onFile: (/** @type {string} */ path) => {
            const k = (sinks[path] = { parts: [], closed: /** @type {boolean} */ (false), aborted: /** @type {boolean} */ (false) });
            return { write: (/** @type {Uint8Array} */ c) => { k.parts.push(c.slice()); }, close: () => { k.closed = true; }, abort: () => { k.aborted = true; } };
          } });
        } catch (e) {
          return { error: `${/** @type {Error} */ (e).name}: ${/** @type {Error} */ (e).message}`, sinks: Object.values(sinks).map((k) => ({ closed: k.closed, aborted: k.aborted })) };
        }
        return { files: Object.fromEntries(await Promise.all(Object.entries(sinks).map(async ([p, k]) => [p, k.closed ? await hex(new Blob(k.parts)) : 'not closed']))) };
      };
      const good = await unpackInto(/** @type {File} */ (await readStored('test', 'seeded.tar')));
      // One byte of data.bin fragment 0's age payload flipped (its entry: header block, age header, nonce, payload).
      const bytes = new Uint8Array(await stored.arrayBuffer());
      const name = 'files/000002/000000.age';
      const at = new TextDecoder().decode(bytes).indexOf(name);
      bytes[at + 512 + 400] ^= 1;
      const tampered = await unpackInto(new Blob([bytes]));
      return { archiveSha256, inputs: Object.fromEntries(inputs.map((f) => [f.path, f.sha256])), good, tampered, at };
    }, v);
    assert.equal(r.archiveSha256, v.archiveSha256, 'byte for byte the archive Java packed with this seed');
    assert.ok(workers.filter((u) => u.endsWith('/lib/archive/_age-worker.js')).length >= 2, `fragments were sealed and opened in the age workers: ${workers.join(', ')}`);
    assert.deepEqual(r.good.files, r.inputs, 'every file unpacked is its input');
    assert.ok(r.at > 0, 'the entry to tamper with is in the archive');
    assert.match(r.tampered.error, /^ArchiveIntegrityError: .*data\.bin fragment 0/);
    assert.ok(r.tampered.sinks.length > 0 && r.tampered.sinks.every((k) => !k.closed && k.aborted), `no file completed, every one aborted: ${JSON.stringify(r.tampered.sinks)}`);
  } finally {
    await close();
  }
});

test('in Chromium: the OPFS writer keeps at most its bound ahead of the disk, and writes every byte in order', { skip, timeout: 120_000 }, async () => {
  const { page, workers, close } = await openPage();
  try {
    const r = await page.evaluate(async () => {
      const load = (/** @type {string} */ u) => import(u);
      const { openWriter, WRITE_AHEAD_BYTES } = await load('/ui/store.js');
      const dir = await navigator.storage.getDirectory();
      const file = await dir.getFileHandle('ahead.bin', { create: true });
      const out = await openWriter(file);
      const chunk = new Uint8Array(1 << 20);
      let most = 0;
      // A producer far faster than the disk: only the writer's bound holds it back.
      for (let i = 0; i < 96; i++) {
        chunk.fill(i); // the writer copied the last chunk: reusing it must not change what was written
        await out.write(chunk);
        most = Math.max(most, out.unwritten);
      }
      await out.close();
      const bytes = new Uint8Array(await (await file.getFile()).arrayBuffer());
      let inOrder = bytes.length === 96 << 20;
      for (let i = 0; inOrder && i < 96; i++) inOrder = bytes[i << 20] === i && bytes[((i + 1) << 20) - 1] === i;
      return { most, bound: WRITE_AHEAD_BYTES, inOrder, left: out.unwritten };
    });
    assert.ok(workers.some((u) => u.endsWith('/ui/_file-writer-worker.js')), 'written through the sync access handle worker');
    assert.ok(r.most > 0 && r.most <= r.bound + (1 << 20), `at most ${r.bound} bytes plus one chunk ahead, got ${r.most}`);
    assert.equal(r.left, 0);
    assert.ok(r.inOrder, 'every chunk where it was written');
  } finally {
    await close();
  }
});

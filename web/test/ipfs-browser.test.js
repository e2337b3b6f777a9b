// The IPFS twin in real Chromium (Debian's, through playwright-core): the page imports a file to
// its CID and fetches it back cross-origin from two gateways, the first tampering, with every block
// verified by WebCrypto. Shows the modules need nothing of Node and that the request needs no CORS
// preflight (its Accept header is CORS-safelisted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CAR_CONTENT_TYPE, carHeader, carSectionPrefix } from '../lib/ipfs/car.js';
import { walkDag } from '../lib/ipfs/dag-walker.js';
import { importFile } from '../lib/ipfs/importer.js';
import { concat } from '../lib/bytes.js';
import { memoryStore } from './ipfs-helpers.js';

const CHROMIUM = process.env.UNVEIL_CHROMIUM ?? '/usr/bin/chromium';
const WEB = fileURLToPath(new URL('..', import.meta.url));
const skip = existsSync(CHROMIUM) ? false : `no Chromium at ${CHROMIUM}`;

/** @param {import('node:http').RequestListener} handler */
async function listen(handler) {
  const server = createServer(handler);
  await new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { url: `http://127.0.0.1:${port}`, close: () => { server.closeAllConnections(); return new Promise((ok) => server.close(ok)); } };
}

/** The same bytes in Node and in the page: byte i of 3 MiB + 5 is (i * 31 + (i >> 12) * 3 + (i >> 18) * 101) & 255. */
const SIZE = 3 * 1048576 + 5;
function content() {
  const b = new Uint8Array(SIZE);
  for (let i = 0; i < SIZE; i++) b[i] = (i * 31 + (i >> 12) * 3 + (i >> 18) * 101) & 255;
  return b;
}

test('in Chromium: importFile gives the Node CID, verifiedFetch survives a tampering gateway', { skip, timeout: 60000 }, async (t) => {
  const { chromium } = await import('playwright-core');
  const store = memoryStore();
  const { cid } = await importFile(content(), { profile: 'kubo-legacy', onBlock: store.onBlock });
  /** @type {string[]} */
  const methods = [];
  /** @type {string[]} */
  const urls = [];
  const gateway = (/** @type {boolean} */ tamper) => listen(async (req, res) => {
    methods.push(req.method ?? '');
    urls.push(req.url ?? '');
    const url = new URL(req.url ?? '/', 'http://x');
    const root = cid; // one file served
    const range = url.searchParams.get('entity-bytes');
    const [from, to] = range ? range.split(':') : [];
    const parts = [carHeader([root])];
    let leaf = 0;
    for await (const b of walkDag(root, store.load, range ? { entityBytes: { from: Number(from), to: to === '*' ? null : Number(to) } } : { scope: 'entity' })) {
      let bytes = b.bytes;
      if (tamper && b.cid.codec === 0x55 && ++leaf === 3) { bytes = bytes.slice(); bytes[100] ^= 1; }
      parts.push(carSectionPrefix(b.cid, bytes), bytes);
    }
    res.writeHead(200, { 'Content-Type': CAR_CONTENT_TYPE, 'Access-Control-Allow-Origin': '*' });
    res.end(concat(...parts));
  });
  const bad = await gateway(true);
  const good = await gateway(false);
  const site = await listen((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = join(WEB, path);
    if (!file.startsWith(WEB) || !existsSync(file) || path === '/') { res.writeHead(path === '/' ? 200 : 404, { 'Content-Type': 'text/html' }); res.end('<!doctype html><title>t</title>'); return; }
    res.writeHead(200, { 'Content-Type': extname(file) === '.js' ? 'text/javascript' : 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'] });
  t.after(async () => { await browser.close(); await Promise.all([bad.close(), good.close(), site.close()]); });
  const page = await browser.newPage();
  /** @type {string[]} */
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(site.url + '/');
  const result = await page.evaluate(async ({ size, gateways }) => {
    const { importFile } = await import(/** @type {string} */ ('/lib/ipfs/importer.js'));
    const { verifiedFetch } = await import(/** @type {string} */ ('/lib/ipfs/fetch.js'));
    const bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 12) * 3 + (i >> 18) * 101) & 255;
    const imported = await importFile(new Blob([bytes]), { profile: 'kubo-legacy' });
    let n = 0;
    let same = true;
    try {
      for await (const value of verifiedFetch(imported.cid, { gateways })) {
        for (let i = 0; i < value.length; i++) if (value[i] !== bytes[n + i]) same = false;
        n += value.length;
      }
    } catch (e) {
      return { error: e.message, failures: e.failures?.map((f) => `${f.gateway}: ${f.error.message}`) };
    }
    return { cid: imported.cid.toString(), n, same, subtle: globalThis.crypto?.subtle !== undefined };
  }, { size: SIZE, gateways: [bad.url, good.url] });
  assert.deepEqual(errors, []);
  assert.equal(result.error, undefined, JSON.stringify(result));
  assert.equal(result.cid, cid.toString());
  assert.equal(result.n, SIZE);
  assert.equal(result.same, true);
  assert.equal(result.subtle, true);
  assert.deepEqual([...new Set(methods)], ['GET'], 'no CORS preflight');
  assert.equal(methods.length, 2);
  // The tampered third leaf got no byte through: the good gateway resumed at its first byte.
  assert.match(urls[1], /&entity-bytes=524288:\*$/);
});

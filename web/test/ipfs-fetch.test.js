import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concat, toHex } from '../lib/bytes.js';
import { parseCid } from '../lib/ipfs/cid.js';
import { CAR_CONTENT_TYPE, carHeader, carSectionPrefix } from '../lib/ipfs/car.js';
import { walkDag } from '../lib/ipfs/dag-walker.js';
import { FetchFailedError } from '../lib/ipfs/errors.js';
import { CAR_ACCEPT, fetchBlock, verifiedFetch } from '../lib/ipfs/fetch.js';
import { importDirectory, importFile } from '../lib/ipfs/importer.js';
import { JAR, JAVA, JAVA_MISSING, collect, memoryStore, patternBytes, unveilIpfs } from './ipfs-helpers.js';

/** 4 KiB chunks, 4 links per node: a 200 KB file is a four-level tree, quick to build and tamper with. */
/** @type {import('../lib/ipfs/importer.js').Layout} */
const SMALL = { chunkSize: 4096, maxLinks: 4, rawLeaves: true, cidVersion: 1 };

/**
 * A trustless gateway over a memory store, serving ?format=car (dag-scope, entity-bytes) and
 * ?format=raw like the Java one, with a misbehaviour to choose.
 * @param {ReturnType<typeof memoryStore>} store
 * @param {{ mode?: string, tamperIndex?: number, blocks?: { cid: import('../lib/ipfs/cid.js').Cid, bytes: Uint8Array }[] }} [options] `blocks`: serve exactly these
 */
async function hostileGateway(store, options = {}) {
  const mode = options.mode ?? 'good';
  /** @type {{ url: string, accept: string | undefined }[]} */
  const requests = [];
  const server = createServer(async (req, res) => {
    requests.push({ url: req.url ?? '', accept: req.headers.accept });
    const url = new URL(req.url ?? '/', 'http://x');
    const cid = parseCid(url.pathname.slice('/ipfs/'.length));
    if (mode === 'http500') { res.writeHead(500, { 'Content-Type': 'text/plain' }); res.end('boom: the repo is on fire'); return; }
    if (mode === 'html') { res.writeHead(200, { 'Content-Type': 'text/html' }); res.end('<html>hello</html>'); return; }
    if (mode === 'dups') { res.writeHead(200, { 'Content-Type': 'application/vnd.ipld.car; version=1; order=dfs; dups=y' }); res.end(carHeader([cid])); return; }
    if (mode === 'unordered') { res.writeHead(200, { 'Content-Type': 'application/vnd.ipld.car; version=1; order=unk' }); res.end(carHeader([cid])); return; }
    if (mode === 'car2') { res.writeHead(200, { 'Content-Type': 'application/vnd.ipld.car; version=2' }); res.end(carHeader([cid])); return; }
    if (url.searchParams.get('format') === 'raw') {
      const bytes = await store.load(cid);
      res.writeHead(200, { 'Content-Type': 'application/vnd.ipld.raw' });
      res.end(mode === 'tamper' ? flip(bytes) : bytes);
      return;
    }
    const range = url.searchParams.get('entity-bytes');
    const [from, to] = range ? range.split(':') : [];
    const blocks = options.blocks ? [...options.blocks] : [];
    if (!options.blocks) for await (const b of walkDag(cid, store.load, range ? { entityBytes: { from: Number(from), to: to === '*' ? null : Number(to) } } : { scope: 'entity' })) blocks.push(b);
    if (mode === 'tamper') {
      const i = options.tamperIndex ?? 3;
      blocks[i] = { cid: blocks[i].cid, bytes: flip(blocks[i].bytes) };
    }
    if (mode === 'reorder') [blocks[2], blocks[3]] = [blocks[3], blocks[2]];
    if (mode === 'missing') blocks.splice(2, 1);
    res.writeHead(200, { 'Content-Type': CAR_CONTENT_TYPE });
    const parts = [carHeader([cid]), ...blocks.flatMap((b) => [carSectionPrefix(b.cid, b.bytes), b.bytes])];
    const body = concat(...parts);
    if (mode === 'cut') { res.write(body.subarray(0, body.length >> 1)); setTimeout(() => res.socket?.destroy(), 20); return; }
    if (mode === 'stall') { res.write(body.subarray(0, body.length >> 1)); return; } // never ends
    res.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: () => { server.closeAllConnections(); return new Promise((resolve) => server.close(resolve)); },
  };
}

/** @param {Uint8Array} bytes */
function flip(bytes) {
  const copy = bytes.slice();
  copy[copy.length >> 1] ^= 0x01;
  return copy;
}

/** Reads a download until it ends or fails; returns what arrived and the error. @param {AsyncIterable<Uint8Array>} chunks */
async function drain(chunks) {
  const parts = [];
  try {
    for await (const p of chunks) parts.push(p.slice()); // each chunk is valid until the next
    return { bytes: concat(...parts), error: null };
  } catch (e) {
    return { bytes: concat(...parts), error: e };
  }
}

/** The file offset where the walk's block `index` starts holding bytes (the tampered leaf's first byte). */
async function leafOffset(store, root, index) {
  let offset = 0;
  let i = 0;
  for await (const b of walkDag(root, store.load, { scope: 'entity' })) {
    if (i === index) { assert.equal(b.cid.codec, 0x55, 'tamperIndex must name a leaf'); return offset; }
    if (b.cid.codec === 0x55) offset += b.bytes.length;
    i++;
  }
  throw new Error('no such block');
}

let content, store, root;
before(async () => {
  content = await patternBytes(200_000);
  store = memoryStore();
  root = (await importFile(content, { layout: SMALL, onBlock: store.onBlock })).cid;
});

test('a whole file streams from a gateway, verified, with progress up to the total', async (t) => {
  const gw = await hostileGateway(store);
  t.after(gw.close);
  const progress = [];
  const bytes = await collect(verifiedFetch(root, { gateways: [gw.url + '/'], onProgress: (p) => progress.push(p) }));
  assert.equal(toHex(bytes), toHex(content));
  assert.equal(gw.requests.length, 1);
  assert.equal(gw.requests[0].url, `/ipfs/${root}?format=car&dag-scope=entity&car-dups=n`);
  assert.equal(gw.requests[0].accept, CAR_ACCEPT);
  assert.deepEqual(progress.at(-1), { verified: content.length, total: content.length, gateway: gw.url });
  assert.ok(progress.length > 10);
});

test('a range fetches only its bytes, asking the gateway for entity-bytes', async (t) => {
  const gw = await hostileGateway(store);
  t.after(gw.close);
  const bytes = await collect(verifiedFetch(root.toString(), { gateways: [gw.url], range: { start: 12345, end: 100001 } }));
  assert.equal(toHex(bytes), toHex(content.subarray(12345, 100001)));
  assert.match(gw.requests[0].url, /&entity-bytes=12345:100000$/);
  const tail = await collect(verifiedFetch(root, { gateways: [gw.url], range: { start: 199_990, end: 10_000_000 } }));
  assert.equal(toHex(tail), toHex(content.subarray(199_990)));
});

test('legacy DAGs (dag-pb leaves with inline data, CIDv0) are walked and checked the same way', async (t) => {
  const s = memoryStore();
  const { cid } = await importFile(content, { layout: { ...SMALL, rawLeaves: false, cidVersion: 0 }, onBlock: s.onBlock });
  assert.equal(cid.version, 0);
  const gw = await hostileGateway(s);
  t.after(gw.close);
  assert.equal(toHex(await collect(verifiedFetch(cid, { gateways: [gw.url] }))), toHex(content));
  const part = await collect(verifiedFetch(cid, { gateways: [gw.url], range: { start: 4000, end: 13000 } }));
  assert.equal(toHex(part), toHex(content.subarray(4000, 13000)));
});

test('a tampered block never gets a byte through: the error names the gateway and the CID', async (t) => {
  const tamperIndex = 6;
  const gw = await hostileGateway(store, { mode: 'tamper', tamperIndex });
  t.after(gw.close);
  const { bytes, error } = await drain(verifiedFetch(root, { gateways: [gw.url] }));
  assert.ok(error instanceof FetchFailedError, String(error));
  assert.equal(error.code, 'fetch-failed');
  const blocks = [];
  for await (const b of walkDag(root, store.load, { scope: 'entity' })) blocks.push(b);
  const bad = blocks[tamperIndex].cid.toString();
  assert.ok(error.message.includes(gw.url), error.message);
  assert.ok(error.message.includes(bad), error.message);
  assert.ok(error.message.includes(root.toString()), error.message);
  assert.equal(/** @type {any} */ (error.failures[0].error).code, 'car-format');
  // Exactly the bytes before the tampered leaf arrived, and they are right.
  const offset = await leafOffset(store, root, tamperIndex);
  assert.ok(offset > 0);
  assert.equal(bytes.length, offset);
  assert.equal(toHex(bytes), toHex(content.subarray(0, offset)));
});

test('after a tampered block the next gateway resumes from the byte reached', async (t) => {
  const bad = await hostileGateway(store, { mode: 'tamper', tamperIndex: 9 });
  const good = await hostileGateway(store);
  t.after(() => Promise.all([bad.close(), good.close()]));
  const progress = [];
  const bytes = await collect(verifiedFetch(root, { gateways: [bad.url, good.url], onProgress: (p) => progress.push(p) }));
  assert.equal(toHex(bytes), toHex(content));
  const offset = await leafOffset(store, root, 9);
  assert.equal(good.requests.length, 1);
  assert.match(good.requests[0].url, new RegExp(`&entity-bytes=${offset}:\\*$`));
  assert.deepEqual(progress.at(-1), { verified: content.length, total: content.length, gateway: good.url });
  assert.ok(progress.some((p) => p.gateway === bad.url));
});

test('HTTP errors, cut connections, stalls, non-CAR answers and reordered or missing blocks fail over', async (t) => {
  const modes = ['http500', 'cut', 'stall', 'html', 'reorder', 'missing', 'dups', 'unordered', 'car2'];
  const bad = await Promise.all(modes.map((mode) => hostileGateway(store, { mode })));
  const good = await hostileGateway(store);
  t.after(() => Promise.all([...bad, good].map((g) => g.close())));
  const started = Date.now();
  const bytes = await collect(verifiedFetch(root, { gateways: [...bad.map((g) => g.url), good.url], timeoutMs: 300 }));
  assert.equal(toHex(bytes), toHex(content));
  assert.ok(Date.now() - started < 5000);
  // Without the good one, every reason is reported, in order.
  const { error } = await drain(verifiedFetch(root, { gateways: bad.map((g) => g.url), timeoutMs: 300 }));
  assert.ok(error instanceof FetchFailedError);
  assert.deepEqual(error.failures.map((f) => f.gateway), bad.map((g) => g.url));
  const reasons = error.failures.map((f) => f.error.message);
  assert.match(reasons[0], /^HTTP 500: boom: the repo is on fire$/);
  assert.match(reasons[1], /connection lost mid-body/);
  assert.match(reasons[2], /stalled: no data for 300 ms/);
  assert.match(reasons[3], /Content-Type \[text\/html\], not a CAR/);
  assert.match(reasons[4], /the DAG walk expects .* here \(order=dfs\)/);
  assert.match(reasons[5], /the DAG walk expects/);
  assert.match(reasons[6], /sent dups=y although dups=n was requested/);
  assert.match(reasons[7], /did not promise order=dfs/);
  assert.match(reasons[8], /CAR version other than 1/);
  assert.deepEqual(error.failures.map((f) => /** @type {any} */ (f.error).code),
    ['http-status', 'network', 'stalled', 'bad-content-type', 'invalid-block', 'invalid-block', 'bad-content-type', 'bad-content-type', 'bad-content-type']);
});

test('DAGs that lie about sizes, nest deeper than 64 levels or link other codecs are refused', async (t) => {
  const { encodeDagPb } = await import('../lib/ipfs/dag-pb.js');
  const { encodeUnixFsFile } = await import('../lib/ipfs/unixfs.js');
  const { cidOf, rawCid, Cid, DAG_PB } = await import('../lib/ipfs/cid.js');
  /** @param {import('../lib/ipfs/cid.js').Cid} child @param {number} size @param {number} tsize */
  const node = async (child, size, tsize) => {
    const bytes = encodeDagPb({ links: [{ cid: child, name: '', tsize }], data: encodeUnixFsFile(undefined, [size]) });
    return { cid: await cidOf(DAG_PB, bytes), bytes };
  };
  /** @type {Uint8Array} */
  const leafBytes = new Uint8Array(9).fill(7);
  const leaf = { cid: await rawCid(leafBytes), bytes: leafBytes };
  /** @param {{ cid: import('../lib/ipfs/cid.js').Cid, bytes: Uint8Array }[]} blocks dfs order, root first */
  const refusal = async (blocks) => {
    const gw = await hostileGateway(memoryStore(), { blocks });
    t.after(gw.close);
    const { bytes, error } = await drain(verifiedFetch(blocks[0].cid, { gateways: [gw.url] }));
    assert.ok(error instanceof FetchFailedError);
    assert.equal(bytes.length, 0);
    return error.failures[0].error.message;
  };
  const liar = await node(leaf.cid, 10, 9);
  assert.match(await refusal([liar, leaf]), new RegExp(`says child ${leaf.cid} holds 10 bytes but it holds 9`));
  const chain = [leaf];
  for (let i = 0; i < 66; i++) chain.unshift(await node(chain[0].cid, 9, 9));
  assert.match(await refusal(chain), /deeper than 64 levels/);
  const cbor = new Cid(1, 0x71, 0x12, leaf.cid.digest);
  const other = await node(cbor, 9, 9);
  assert.match(await refusal([other, { cid: cbor, bytes: leafBytes }]), /has codec 0x71; a UnixFS file holds only raw \(0x55\) and dag-pb \(0x70\) blocks/);
});

test('repeated chunks the stream does not resend are served from verified memory or fetched raw', async (t) => {
  const repeats = concat(new Uint8Array(8192 * 5), await patternBytes(5000), new Uint8Array(8192 * 3));
  const s = memoryStore();
  const { cid } = await importFile(repeats, { layout: SMALL, onBlock: s.onBlock });
  const gw = await hostileGateway(s);
  t.after(gw.close);
  assert.equal(toHex(await collect(verifiedFetch(cid, { gateways: [gw.url] }))), toHex(repeats));
  assert.equal(gw.requests.length, 1);
  // With no memory for repeats, each is fetched again as a verified raw block.
  assert.equal(toHex(await collect(verifiedFetch(cid, { gateways: [gw.url], cacheBytes: 0 }))), toHex(repeats));
  assert.ok(gw.requests.slice(1).some((r) => r.url.endsWith('?format=raw')));
});

test('fetchBlock verifies a raw block and fails over past a tampering gateway', async (t) => {
  const bad = await hostileGateway(store, { mode: 'tamper' });
  const good = await hostileGateway(store);
  t.after(() => Promise.all([bad.close(), good.close()]));
  const expected = await store.load(root);
  assert.equal(toHex(await fetchBlock(root, [bad.url, good.url])), toHex(expected));
  assert.equal(bad.requests[0].accept, 'application/vnd.ipld.raw');
  await assert.rejects(fetchBlock(root, [bad.url]), (e) => e instanceof FetchFailedError && e.message.includes(`does not hash to CID ${root}`) && e.message.includes(bad.url));
});

test('an onProgress that throws stops the download with its own error, not a failover; cancel closes the body', async (t) => {
  const gw = await hostileGateway(store);
  const other = await hostileGateway(store);
  t.after(() => Promise.all([gw.close(), other.close()]));
  const { error } = await drain(verifiedFetch(root, { gateways: [gw.url, other.url], onProgress: () => { throw new Error('progress bar broke'); } }));
  assert.equal(error?.message, 'progress bar broke');
  assert.equal(other.requests.length, 0);
  const download = verifiedFetch(root, { gateways: [gw.url] });
  const first = await download.next();
  assert.ok(first.value instanceof Uint8Array && first.value.length > 0);
  await download.return();
  assert.equal((await download.next()).done, true);
});

test('an abort stops the download without trying other gateways; a directory is not a file', async (t) => {
  const stall = await hostileGateway(store, { mode: 'stall' });
  const good = await hostileGateway(store);
  t.after(() => Promise.all([stall.close(), good.close()]));
  const controller = new AbortController();
  setTimeout(() => controller.abort(new Error('user cancelled')), 100);
  const { error } = await drain(verifiedFetch(root, { gateways: [stall.url, good.url], signal: controller.signal }));
  assert.equal(error?.message, 'user cancelled');
  assert.equal(good.requests.length, 0);
  const s = memoryStore();
  const dir = await importDirectory([{ path: 'a', source: new Uint8Array([1]) }], { onBlock: s.onBlock });
  const gw = await hostileGateway(s);
  t.after(gw.close);
  const r = await drain(verifiedFetch(dir.cid, { gateways: [gw.url] }));
  assert.match(r.error?.message ?? '', /is a UnixFS directory, not a file/);
  assert.throws(() => verifiedFetch(root, { gateways: [] }), TypeError);
  assert.throws(() => verifiedFetch(root, { gateways: ['ftp://x'] }), /http\(s\)/);
  assert.throws(() => verifiedFetch(root, { gateways: ['http://x'], range: { start: 5, end: 5 } }), RangeError);
});

// The Java trustless gateway (`unveil ipfs serve`) when its jar is built: same CIDs, same CAR bytes.
test('verifiedFetch reads from the real Java gateway, whose CIDs and CARs equal ours', { skip: JAVA_MISSING, timeout: 60000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'unveil-ipfs-web-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // 12 leaves of 256 KiB (kubo-legacy) under one root; deeper trees are covered above and by the fixtures.
  const size = 12 * 262144 - 77;
  const file = await patternBytes(size);
  writeFileSync(join(dir, 'f.bin'), file);
  const added = unveilIpfs(join(dir, 'repo'), 'add', '--profile', 'kubo-legacy', '--pin', join(dir, 'f.bin'));
  const ours = memoryStore();
  const imported = await importFile(file, { profile: 'kubo-legacy', onBlock: ours.onBlock });
  assert.equal(imported.cid.toString(), added.cid);
  const serve = spawn(/** @type {string} */ (JAVA), ['-Xmx192m', '-jar', JAR, 'ipfs', 'serve', '--repo', join(dir, 'repo'), '--port', '0', '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  t.after(() => serve.kill('SIGTERM'));
  const url = await new Promise((resolve, reject) => {
    let out = '';
    serve.stdout.on('data', (d) => { out += d; const m = /"url":"([^"]+)"/.exec(out); if (m) resolve(m[1]); });
    serve.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  // The gateway's whole-DAG CAR is byte for byte what our writer makes of our own import.
  const { writeCar } = await import('../lib/ipfs/car.js');
  const carOurs = await collect(writeCar([imported.cid], walkDag(imported.cid, ours.load)));
  const carJava = new Uint8Array(await (await fetch(`${url}/ipfs/${added.cid}?format=car&dag-scope=all`, { headers: { Accept: CAR_ACCEPT } })).arrayBuffer());
  assert.ok(Buffer.from(carOurs).equals(Buffer.from(carJava)), 'CAR bytes differ from the Java gateway');
  const { fileCar } = await import('../lib/ipfs/file-car.js');
  const sliced = await fileCar(new Blob([/** @type {Uint8Array<ArrayBuffer>} */ (file)]), { profile: 'kubo-legacy' });
  assert.ok(Buffer.from(await sliced.car.arrayBuffer()).equals(Buffer.from(carJava)), 'fileCar differs from the Java gateway');
  const started = Date.now();
  const whole = await collect(verifiedFetch(added.cid, { gateways: [url] }));
  const ms = Date.now() - started;
  assert.equal(whole.length, size);
  assert.ok(Buffer.from(whole).equals(Buffer.from(file)), 'fetched bytes differ');
  t.diagnostic(`fetched ${size} bytes from the Java gateway in ${ms} ms`);
  // A range across two leaves.
  const start = 5 * 262144 - 1000;
  const part = await collect(verifiedFetch(added.cid, { gateways: [url], range: { start, end: start + 270_000 } }));
  assert.ok(Buffer.from(part).equals(Buffer.from(file.subarray(start, start + 270_000))));
  // A tampering gateway first: the Java one completes the file from where it stopped.
  const bad = await hostileGateway(ours, { mode: 'tamper', tamperIndex: 7 });
  t.after(bad.close);
  const resumed = await collect(verifiedFetch(added.cid, { gateways: [bad.url, url] }));
  assert.ok(Buffer.from(resumed).equals(Buffer.from(file)));
  assert.equal(toHex(await fetchBlock(parseCid(added.cid), [url])), toHex(await ours.load(imported.cid)));
});

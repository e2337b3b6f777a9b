import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { chacha20, sha256 } from '../vendor/noble.js';
import { utf8 } from '../lib/bytes.js';
import { ImportError } from '../lib/ipfs/errors.js';
import { importDirectory, importFile, importFileBlocks, PROFILES } from '../lib/ipfs/importer.js';
import { walkDag } from '../lib/ipfs/dag-walker.js';
import { HELIA_MISSING, helia, memoryStore, pattern, patternBytes } from './ipfs-helpers.js';

const FIXTURES = new URL('../../java/unveil-ipfs/src/test/resources/org/unveil/ipfs/ipip-0499-files.tsv', import.meta.url);
const SLOW = process.env.UNVEIL_SLOW_TESTS === '1';

/**
 * kubo's DeterministicRandomReader: the ChaCha20 keystream, key sha256(seed), zero nonce, counter 0.
 * @param {string} seed @param {number} size
 */
async function* deterministic(seed, size) {
  const key = sha256(utf8(seed));
  const nonce = new Uint8Array(12);
  const piece = 1 << 20;
  for (let off = 0; off < size; off += piece) yield chacha20(key, nonce, new Uint8Array(Math.min(piece, size - off)), undefined, off / 64);
}

const fixtures = readFileSync(FIXTURES, 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => {
  const [layout, seed, size, cid, slow] = l.split('\t');
  return { layout, seed, size: Number(size), cid, slow: slow === 'yes' };
});

for (const f of fixtures) {
  const skip = f.slow && !SLOW ? '1 GiB input: set UNVEIL_SLOW_TESTS=1' : false;
  test(`IPIP-0499 ${f.layout} fixture, ${f.size} bytes of ${f.seed}`, { skip }, async () => {
    // unixfs-v0-2015 (dag-pb leaves, CIDv0) is not an Unveil profile, but pins down the 174-link layout of kubo-legacy.
    const options = f.layout === 'unixfs-v1-2025' ? { profile: 'unixfs-v1-2025' }
      : { layout: { ...PROFILES['kubo-legacy'], rawLeaves: false, cidVersion: /** @type {0} */ (0) } };
    assert.equal((await importFile(deterministic(f.seed, f.size), options)).cid.toString(), f.cid);
  });
}

test('pieces of any size give the same CID, and importFileBlocks ends with the root', async () => {
  const content = await patternBytes(3 * 262144 + 17);
  const whole = await importFile(content, { profile: 'kubo-legacy' });
  for (const piece of [1000, 262144, 262145, 7]) {
    const size = piece === 7 ? 262144 + 9 : content.length;
    const part = content.subarray(0, size);
    const r = await importFile(pattern(size, piece), { profile: 'kubo-legacy' });
    assert.equal(r.cid.toString(), (await importFile(part, { profile: 'kubo-legacy' })).cid.toString(), `piece ${piece}`);
  }
  assert.equal(whole.size, content.length);
  const stream = new ReadableStream({ start(c) { c.enqueue(content.slice(0, 5)); c.enqueue(content.slice(5)); c.close(); } });
  assert.equal((await importFile(stream, { profile: 'kubo-legacy' })).cid.toString(), whole.cid.toString());
  assert.equal((await importFile(new Blob([content]), { profile: 'kubo-legacy' })).cid.toString(), whole.cid.toString());
  const store = memoryStore();
  let last;
  for await (const b of importFileBlocks(content, { profile: 'kubo-legacy' })) { store.onBlock(b.cid, b.bytes); last = b; }
  assert.equal(last?.cid.toString(), whole.cid.toString());
  // The blocks are the whole DAG: a walk finds every one, and the Tsize is the DAG's size.
  let total = 0;
  for await (const b of walkDag(whole.cid, store.load)) total += b.bytes.length;
  assert.equal(total, whole.tsize);
  assert.equal(store.blocks.size, 5);
  await assert.rejects(importFile(content, { profile: 'kubo-2015' }), (e) => e instanceof ImportError && /unknown UnixFS profile 'kubo-2015'/.test(e.message));
  await assert.rejects(importFile(/** @type {any} */ ([123])), TypeError);
  await assert.rejects(importFile(/** @type {any} */ (42)), TypeError);
});

/** @param {string} profile */
function heliaOptions(profile) {
  return profile === 'unixfs-v1-2025' ? { profile } : { cidVersion: 1, rawLeaves: true, chunkSize: 262144, maxChildrenPerNode: 174 };
}

/** Helia's @helia/unixfs addAll over a block store that only counts. */
async function heliaAddAll(entries, profile, wrapWithDirectory) {
  const { addAll } = await helia('@helia/unixfs/dist/src/commands/add.js');
  const { fixedSize } = await helia('ipfs-unixfs-importer/dist/src/chunker/fixed-size.js');
  const { balanced } = await helia('ipfs-unixfs-importer/dist/src/layout/balanced.js');
  const o = heliaOptions(profile);
  const options = 'profile' in o ? { ...o, wrapWithDirectory }
    : { cidVersion: 1, rawLeaves: true, chunker: fixedSize({ chunkSize: o.chunkSize }), layout: balanced({ maxChildrenPerNode: o.maxChildrenPerNode }), wrapWithDirectory };
  const blockstore = { put: async (cid) => cid, has: async () => false };
  let last;
  for await (const entry of addAll(entries, blockstore, options)) last = entry;
  return last.cid.toString();
}

for (const profile of ['unixfs-v1-2025', 'kubo-legacy']) {
  const chunk = PROFILES[profile].chunkSize;
  const sizes = [0, 1, chunk - 1, chunk, chunk + 1, 5 * chunk + 3];
  if (profile === 'kubo-legacy') sizes.push(174 * chunk + 1); // two levels
  test(`${profile} file CIDs equal Helia's for sizes ${sizes.join(', ')}`, { skip: HELIA_MISSING }, async () => {
    for (const size of sizes) {
      const ours = await importFile(pattern(size), { profile });
      assert.equal(ours.cid.toString(), await heliaAddAll([{ content: pattern(size) }], profile, false), `size ${size}`);
    }
  });

  test(`${profile} directory trees equal Helia's addAll with wrapWithDirectory`, { skip: HELIA_MISSING }, async () => {
    /** @type {[string, number][]} */
    const spec = [
      ['README.md', 1000],
      ['tracks/01 intro.flac', 2 * chunk + 12345],
      ['tracks/02.flac', chunk],
      ['tracks/empty', 0],
      ['names/Zeta', 1], ['names/a', 2], ['names/B', 3], ['names/é.txt', 4], ['names/e.txt', 5], ['names/ab', 6], ['names/a-b', 7], ['names/z', 8],
      ['empty-dir', -1],
      ['deep/x/y/z/file', 10],
      ['deep/x/sibling', 11],
    ];
    const entries = () => spec.map(([path, size]) => (size === -1 ? { path } : { path, source: pattern(Number(size)) }));
    const heliaEntries = () => spec.map(([path, size]) => (size === -1 ? { path } : { path, content: pattern(Number(size)) }));
    const store = memoryStore();
    const ours = await importDirectory(entries(), { profile, onBlock: store.onBlock });
    assert.equal(ours.cid.toString(), await heliaAddAll(heliaEntries(), profile, true));
    // A directory of one file, and an empty one.
    assert.equal((await importDirectory([{ path: 'only', source: utf8('x') }], { profile })).cid.toString(),
      await heliaAddAll([{ path: 'only', content: utf8('x') }], profile, true));
    assert.equal((await importDirectory([], { profile })).cid.toString(), 'bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354');
    // The walk of the whole tree reaches every block the importer gave, and Tsize is the DAG's size.
    let total = 0;
    let count = 0;
    for await (const b of walkDag(ours.cid, store.load)) { total += b.bytes.length; count++; }
    assert.equal(count, store.blocks.size);
    assert.ok(total <= ours.tsize);
  });
}

test('a directory as large as Helia would shard is refused; a large plain one matches Helia', { skip: HELIA_MISSING }, async () => {
  const names = (/** @type {number} */ n) => Array.from({ length: n }, (_, i) => `f${String(i).padStart(5, '0')}`);
  const under = names(1500); // Helia takes about 10 s for 5000
  assert.equal((await importDirectory(under.map((path) => ({ path, source: new Uint8Array(0) })))).cid.toString(),
    await heliaAddAll(under.map((path) => ({ path, content: new Uint8Array(0) })), 'unixfs-v1-2025', true));
  // 5000 links of 50 bytes: 250,004 bytes, under the 262,144 at which Helia shards; 5300: over.
  await importDirectory(names(5000).map((path) => ({ path, source: new Uint8Array(0) })));
  await assert.rejects(importDirectory(names(5300).map((path) => ({ path, source: new Uint8Array(0) }))),
    (e) => e instanceof ImportError && e.code === 'directory-too-large' && /HAMT sharding is not supported/.test(e.message));
});

test('bad, repeated or conflicting paths are refused', async () => {
  const refuse = (/** @type {any[]} */ entries, /** @type {string} */ code) => assert.rejects(importDirectory(entries), (e) => e instanceof ImportError && e.code === code);
  const src = new Uint8Array(1);
  for (const path of ['', '/abs', 'a//b', 'a/./b', '../x', 'a/', 'back\\slash']) await refuse([{ path, source: src }], 'bad-path');
  await refuse([{ path: 'a', source: src }, { path: 'a', source: src }], 'duplicate-path');
  await refuse([{ path: 'a', source: src }, { path: 'a/b', source: src }], 'duplicate-path');
  await refuse([{ path: 'a', source: src }, { path: 'a' }], 'duplicate-path');
  await refuse([{ path: 'a/b', source: src }, { path: 'a', source: src }], 'duplicate-path');
});

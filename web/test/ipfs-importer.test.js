import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { chacha20, sha256 } from '../vendor/noble.js';
import { utf8 } from '../lib/bytes.js';
import { ImportError } from '../lib/ipfs/errors.js';
import { importDirectory, importFile, importFileBlocks, PROFILES } from '../lib/ipfs/importer.js';
import { walkDag } from '../lib/ipfs/dag-walker.js';
import { HELIA_MISSING, JAR, JAVA, JAVA_MISSING, helia, memoryStore, pattern, patternBytes, unveilIpfs } from './ipfs-helpers.js';

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
  heliaAddAll.lastType = last.unixfs?.type;
  return last.cid.toString();
}
/** The UnixFS type of the last root heliaAddAll made ('directory', 'hamt-sharded-directory', ...). @type {string | undefined} */
heliaAddAll.lastType = undefined;

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

test('many small files import quickly into one directory, up to the sharding threshold', async () => {
  const names = (/** @type {number} */ n) => Array.from({ length: n }, (_, i) => `f${String(i).padStart(5, '0')}`);
  // 5000 links of 50 bytes: 250,004 bytes, under the 262,144 at which Helia shards; 5300: over.
  const started = Date.now();
  const dir = await importDirectory(names(5000).map((path) => ({ path, source: new Uint8Array(0) })));
  assert.ok(Date.now() - started < 5000, `5000 empty files took ${Date.now() - started} ms`);
  assert.equal(dir.tsize, 250004);
  await assert.rejects(importDirectory(names(5300).map((path) => ({ path, source: new Uint8Array(0) }))),
    (e) => e instanceof ImportError && e.code === 'directory-too-large' && /HAMT sharding is not supported/.test(e.message));
});

for (const profile of ['unixfs-v1-2025', 'kubo-legacy']) {
  test(`${profile}: at Helia's sharding threshold ours is flat exactly when Helia's is, and refused when Helia shards`, { skip: HELIA_MISSING }, async () => {
    const name = (/** @type {number} */ i) => 'x'.repeat(1000) + String(i).padStart(6, '0');
    const varint = (/** @type {number} */ v) => (v < 128 ? 1 : 2);
    // What a link to an empty file (CIDv1 raw: 36 bytes, Tsize 0) named with L bytes adds to Helia's estimate.
    const weight = (/** @type {number} */ L) => {
      if (profile !== 'unixfs-v1-2025') return L + 36;
      const inner = 1 + 1 + 36 + 1 + varint(L) + L + 1 + 1;
      return 1 + varint(inner) + inner;
    };
    const base = profile === 'unixfs-v1-2025' ? 4 : 0;
    const n = Math.floor((262144 - base) / weight(1006)) - 1;
    // One more name whose link brings the estimate to exactly 262144, which Helia still keeps flat.
    const rest = 262144 - base - n * weight(1006);
    const L = Array.from({ length: 3000 }, (_, l) => l).find((l) => weight(l) === rest);
    assert.ok(L !== undefined, `no name length fills ${rest} bytes`);
    const files = Array.from({ length: n }, (_, i) => name(i));
    const ours = (/** @type {{path: string, source?: Uint8Array}[]} */ extra) => importDirectory([...files.map((path) => ({ path, source: new Uint8Array(0) })), ...extra], { profile });
    const theirs = (/** @type {{path: string, source?: Uint8Array}[]} */ extra) => heliaAddAll([
      ...files.map((path) => ({ path, content: new Uint8Array(0) })),
      ...extra.map((e) => (e.source === undefined ? { path: e.path } : { path: e.path, content: e.source })),
    ], profile, true);
    const exact = [{ path: 'y'.repeat(L), source: new Uint8Array(0) }];
    assert.equal((await ours(exact)).cid.toString(), await theirs(exact));
    assert.equal(heliaAddAll.lastType, 'directory');
    // A directory with contents weighs nothing in the estimate: still flat in both.
    const filled = [...exact, { path: 'zz/inner', source: new Uint8Array(1) }];
    assert.equal((await ours(filled)).cid.toString(), await theirs(filled));
    assert.equal(heliaAddAll.lastType, 'directory');
    // One byte more, or an empty directory entry: Helia shards, we refuse.
    for (const extra of [[{ path: 'y'.repeat(L + 1), source: new Uint8Array(0) }], [...exact, { path: 'empty' }]]) {
      await theirs(extra);
      assert.equal(heliaAddAll.lastType, 'hamt-sharded-directory');
      await assert.rejects(ours(extra), (e) => e instanceof ImportError && e.code === 'directory-too-large');
    }
  });
}

/** Whether the jar's `ipfs add` has -r (older builds do not). */
function javaAddsDirectories() {
  if (JAVA_MISSING) return JAVA_MISSING;
  const help = execFileSync(/** @type {string} */ (JAVA), ['-jar', JAR, 'ipfs', 'add', '--help'], { encoding: 'utf8' });
  return help.includes('--recursive') ? false : 'this build of the Java CLI has no `ipfs add -r`';
}

test('directory CIDs equal the Java CLI\'s `unveil ipfs add -r` in both profiles', { skip: javaAddsDirectories(), timeout: 60000 }, async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'unveil-ipfs-dir-'));
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const tree = join(root, 'tree');
  /** @type {[string, number][]} */
  const files = [['index.html', 700], ['a/b/c/deep.txt', 3], ['a/empty', 0], ['media/song.flac', 1048577], ['media/Zé ñ.txt', 9], ['media/B', 1], ['media/a', 2]];
  for (const [path, size] of files) {
    mkdirSync(dirname(join(tree, path)), { recursive: true });
    writeFileSync(join(tree, path), await patternBytes(size));
  }
  mkdirSync(join(tree, 'empty-dir'));
  for (const profile of ['unixfs-v1-2025', 'kubo-legacy']) {
    const java = unveilIpfs(join(root, `repo-${profile}`), 'add', '-r', '--profile', profile, tree);
    const entries = [...files.map(([path]) => ({ path, source: new Uint8Array(readFileSync(join(tree, path))) })), { path: 'empty-dir' }];
    const ours = await importDirectory(entries, { profile });
    assert.equal(ours.cid.toString(), java.cid, profile);
  }
});

test('bad, repeated or conflicting paths are refused', async () => {
  const refuse = (/** @type {any[]} */ entries, /** @type {string} */ code) => assert.rejects(importDirectory(entries), (e) => e instanceof ImportError && e.code === code);
  const src = new Uint8Array(1);
  for (const path of ['', '/abs', 'a//b', 'a/./b', '../x', 'a/', 'back\\slash', 'lone\uD800', 'd/'.repeat(32) + 'f']) await refuse([{ path, source: src }], 'bad-path');
  await refuse([{ path: 'a', source: src }, { path: 'a', source: src }], 'duplicate-path');
  await refuse([{ path: 'a', source: src }, { path: 'a/b', source: src }], 'duplicate-path');
  await refuse([{ path: 'a', source: src }, { path: 'a' }], 'duplicate-path');
  await refuse([{ path: 'a/b', source: src }, { path: 'a', source: src }], 'duplicate-path');
});

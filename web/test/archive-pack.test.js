import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sha256 } from '../vendor/noble.js';
import { Decrypter } from '../vendor/age.js';
import { toHex, fromHex, concat, utf8 } from '../lib/bytes.js';
import { packArchive } from '../lib/archive/pack.js';
import { inspectArchive } from '../lib/archive/inspect.js';
import { unpackArchive } from '../lib/archive/unpack.js';
import { PackError } from '../lib/archive/errors.js';
import { parseManifest } from '../lib/format/manifest.js';
import { readTar } from '../lib/format/tar.js';
import { sha1prng } from '../lib/crypto/random.js';
import { fragmentKey, ageIdentity, encodeAgeIdentity } from '../lib/crypto/fragment-keys.js';
import { randomReleaseKey } from '../lib/crypto/release-key.js';
import { openShare } from '../lib/crypto/share-envelope.js';
import { combineShares } from '../lib/crypto/vss.js';

const VECTORS = new URL('../../spec/vectors/', import.meta.url);
const TINY = new Uint8Array(readFileSync(new URL('archive-tiny.tar', VECTORS)));
const TINY_SECRET = /secret ([0-9a-f]{64})/.exec(readFileSync(new URL('archive-tiny.secret', VECTORS), 'utf8'))[1];
const TINY_MANIFEST = parseManifest(new Uint8Array(readFileSync(new URL('manifest-v2.json', VECTORS))));
const TERMS = TINY_MANIFEST.terms;
const KEYHOLDERS = TINY_MANIFEST.groups[0].shares.map((s) => s.keyholder);

/** @param {ReadableStream<Uint8Array>} stream */
async function drain(stream) {
  const parts = [];
  const reader = stream.getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) parts.push(r.value);
  return concat(...parts);
}

/** @param {Uint8Array} b @param {number} n */
function* chunked(b, n) {
  for (let i = 0; i < b.length; i += n) yield b.subarray(i, i + n);
}

/** Deterministic test bytes. @param {number} n @param {number} seed */
function bytesOf(n, seed) {
  const out = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; out[i] = x & 0xff; }
  return out;
}

/** @param {Uint8Array} archive @param {Uint8Array|string} secret */
async function unpacked(archive, secret) {
  const out = new Map();
  const r = await unpackArchive(archive, secret, { onFile(path) { const parts = []; return { write(c) { parts.push(c.slice()); }, close() { out.set(path, concat(...parts)); } }; } });
  return { out, r };
}

/** @param {object} over */
function options(over) {
  return { groups: [{ threshold: 2, keyholders: KEYHOLDERS }], terms: TERMS, license: 'test licence', random: sha1prng(7), ...over };
}

test("packing the tiny vector's inputs with Java's seed gives Java's bytes exactly", async () => {
  const { out: files } = await unpacked(TINY, TINY_SECRET);
  const m = TINY_MANIFEST;
  const { stream, result } = packArchive({
    files: m.files.map((f) => ({
      path: f.path, size: f.size, source: () => files.get(f.path),
      cut: f.media ? { fragments: f.fragments.map(({ offset, size, start, duration }) => ({ offset, size, start, duration })), media: f.media }
        : f.fragments.length > 1 ? { bytes: 32_768 } : 'whole',
      previews: f.fragments.flatMap((x, j) => (x.preview && !(f.media?.header && j === 0) ? [j] : [])),
    })),
    groups: m.groups.map((g) => ({ threshold: g.threshold, keyholders: g.shares.map((s) => s.keyholder) })),
    terms: m.terms, license: m.license, random: sha1prng(2026),
  });
  const bytes = await drain(stream);
  const r = await result;
  assert.equal(bytes.length, TINY.length);
  assert.ok(Buffer.from(bytes).equals(Buffer.from(TINY)), 'byte-for-byte the archive Java packed');
  assert.equal(toHex(r.secret), TINY_SECRET);
  assert.equal(r.manifestHash, readFileSync(new URL('archive-tiny.tar.manifest-sha256', VECTORS), 'utf8').trim());
  assert.equal(r.fragmentRoot, readFileSync(new URL('archive-tiny.tar.fragment-root', VECTORS), 'utf8').trim());
  assert.equal(r.archiveSize, TINY.length);
});

test('packing archive-seeded.json\'s inputs with its seed gives Java\'s archive-seeded.tar exactly (two groups, an empty file, chunk edges)', async () => {
  const v = JSON.parse(readFileSync(new URL('archive-seeded.json', VECTORS), 'utf8'));
  const expected = new Uint8Array(readFileSync(new URL(v.archive, VECTORS)));
  const files = v.files.map((f) => {
    const data = new Uint8Array(readFileSync(new URL(f.input, VECTORS)));
    return { path: f.path, size: data.length, source: () => chunked(data, 4096), cut: f.cut, previews: f.previews };
  });
  const { stream, result } = packArchive({ files, groups: v.groups, terms: v.terms, license: v.license, random: sha1prng(v.seed) });
  const bytes = await drain(stream);
  const r = await result;
  assert.equal(bytes.length, v.archiveSize);
  assert.equal(toHex(sha256(bytes)), v.archiveSha256);
  assert.ok(Buffer.from(bytes).equals(Buffer.from(expected)), 'byte-for-byte the archive Java packed');
  assert.equal(r.manifestHash, v.manifestSha256);
  assert.equal(r.fragmentRoot, v.fragmentRoot);
  assert.equal(toHex(r.secret), v.secret);
  const { out } = await unpacked(expected, v.secret);
  for (const f of v.files) assert.deepEqual(out.get(f.path), new Uint8Array(readFileSync(new URL(f.input, VECTORS))), f.path);
});

test('onePass streams a placeholder manifest; patched at manifestOffset it is the two-pass archive (and Java\'s)', async () => {
  const v = JSON.parse(readFileSync(new URL('archive-seeded.json', VECTORS), 'utf8'));
  const files = v.files.map((f) => {
    const data = new Uint8Array(readFileSync(new URL(f.input, VECTORS)));
    return { path: f.path, size: data.length, source: () => data, cut: f.cut, previews: f.previews };
  });
  let reads = 0;
  const counted = files.map((f) => ({ ...f, source: () => { reads++; return f.source(); } }));
  const seen = [];
  const { stream, result } = packArchive({ files: counted, groups: v.groups, terms: v.terms, license: v.license, random: sha1prng(v.seed), onePass: true, onProgress: (d, t) => seen.push([d, t]) });
  const bytes = await drain(stream);
  const r = await result;
  assert.equal(reads, files.length, 'each input read once');
  assert.deepEqual(seen.at(-1), [210_043, 210_043]);
  const placeholder = bytes.subarray(r.manifestOffset, r.manifestOffset + r.manifestBytes.length);
  assert.match(new TextDecoder().decode(placeholder), /"sha256":"0{64}"/);
  bytes.set(r.manifestBytes, r.manifestOffset);
  assert.equal(toHex(sha256(bytes)), v.archiveSha256);
  assert.equal(r.manifestHash, v.manifestSha256);
});

test('round trip at age chunk and block edges, from sources in odd chunks, a Blob and a ReadableStream', async () => {
  const inputs = [
    { path: 'empty.bin', data: new Uint8Array(0), cut: 'whole', previews: [] },
    { path: 'one-chunk.bin', data: bytesOf(65_536, 1), cut: 'whole', previews: [] },
    { path: 'chunk-plus-one.bin', data: bytesOf(65_537, 2), cut: { bytes: 65_536 }, previews: [] },
    { path: 'blocks/a.bin', data: bytesOf(2 * 1_048_576 + 3, 3), cut: { bytes: 1_048_576 }, previews: [1] },
    { path: 'notes.txt', data: utf8('liner notes\n'), cut: 'whole', previews: [0] },
  ];
  const sources = [
    (d) => chunked(d, 1000),
    (d) => new Blob([d]),
    (d) => new Blob([d]).stream(),
    (d) => chunked(d, 65_536 * 16 + 1),
    (d) => d,
  ];
  const files = inputs.map((f, i) => ({ path: f.path, size: f.data.length, source: () => sources[i](f.data), cut: f.cut, previews: new Set(f.previews) }));
  const seen = [];
  const { stream, result } = packArchive(options({ files, onProgress: (d, t, phase) => seen.push([d, t, phase]) }));
  const archive = await drain(stream);
  const r = await result;
  const total = inputs.reduce((n, f) => n + f.data.length, 0);
  assert.deepEqual(seen.at(-1), [2 * total, 2 * total, 'writing']);
  assert.ok(seen.some((s) => s[2] === 'hashing'));
  const i = await inspectArchive(chunked(archive, 777));
  assert.equal(i.manifestHash, r.manifestHash);
  assert.equal(i.fragmentRoot, r.fragmentRoot);
  assert.equal(i.fragmentCount, 1 + 1 + 2 + 2);
  const { out } = await unpacked(archive, r.secret);
  for (const f of inputs) assert.ok(Buffer.from(out.get(f.path)).equals(Buffer.from(f.data)), f.path);
  assert.equal(r.manifest.files[0].fragments[0].storedSize, 184 + 16, 'an empty file is one empty final chunk');
});

test('the same inputs and seed give the same bytes; another seed gives another archive', async () => {
  const files = [{ path: 'a.bin', size: 5000, source: () => bytesOf(5000, 9), cut: { bytes: 2000 }, previews: [0] }];
  const a = await drain(packArchive(options({ files, random: sha1prng(42) })).stream);
  const b = await drain(packArchive(options({ files, random: sha1prng(42) })).stream);
  const c = await drain(packArchive(options({ files, random: sha1prng(43) })).stream);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('every encrypted fragment is a stock age file its fragment key opens (typage)', async () => {
  const data = bytesOf(150_000, 5);
  const { stream, result } = packArchive(options({ files: [{ path: 'x.bin', size: data.length, source: () => data, cut: { bytes: 100_000 } }] }));
  const archive = await drain(stream);
  const r = await result;
  let e = 0;
  for await (const entry of readTar((async function* () { yield archive; })())) {
    if (!entry.name.endsWith('.age')) continue;
    const parts = [];
    for await (const c of entry.body) parts.push(c.slice());
    const d = new Decrypter();
    d.addIdentity(encodeAgeIdentity(ageIdentity(fragmentKey(r.secret, e))));
    const plain = await d.decrypt(concat(...parts));
    const x = r.manifest.files[0].fragments[e];
    assert.deepEqual(plain, data.subarray(x.offset, x.offset + x.size));
    e++;
  }
  assert.equal(e, 2);
});

test('inputs that cannot be packed are refused before anything is drawn or read', () => {
  const file = { path: 'a.bin', size: 10, source: () => new Uint8Array(10) };
  const cases = [
    [options({ files: [] }), 'pack-input', /no input files/],
    [options({ files: [{ ...file, previews: [0] }] }), 'nothing-encrypted', /nothing would be encrypted/],
    [options({ files: [{ ...file, cut: { bytes: 4 }, previews: [3] }] }), 'preview-index', /3 fragment\(s\) \(0\.\.2\); preview index 3/],
    [options({ files: [file], groups: [] }), 'pack-input', /no keyholder group/],
    [options({ files: [file], groups: [{ threshold: 4, keyholders: KEYHOLDERS }] }), 'pack-input', /threshold 4 must be 1\.\.3/],
    [options({ files: [file], groups: [{ threshold: 1, keyholders: ['02' + '00'.repeat(32)] }] }), 'pack-input', /not a secp256k1 release public key/],
    [options({ files: [{ ...file, cut: { bytes: 0 } }] }), 'pack-input', /at least 1 byte/],
  ];
  for (const [o, code, message] of cases) {
    assert.throws(() => packArchive(o), (e) => e instanceof PackError && e.code === code && message.test(e.message), String(message));
  }
});

test('a manifest the format refuses (a bad path) fails the pack with PackError', async () => {
  const { stream, result } = packArchive(options({ files: [{ path: '../escape.bin', size: 3, source: () => new Uint8Array(3) }] }));
  await assert.rejects(drain(stream), (e) => e instanceof PackError && /invalid manifest/.test(e.message));
  await assert.rejects(result, PackError);
});

test('an input shorter, longer, or different the second time fails the stream and the result', async () => {
  const data = bytesOf(300_000, 11);
  const cases = {
    shorter: () => data.subarray(0, 299_999),
    longer: () => concat(data, new Uint8Array(1)),
  };
  for (const [name, source] of Object.entries(cases)) {
    const { stream, result } = packArchive(options({ files: [{ path: 'a.bin', size: data.length, source }] }));
    await assert.rejects(drain(stream), (e) => e instanceof PackError && e.code === 'input-changed', name);
    await assert.rejects(result, PackError);
  }
  for (const previews of [[], [0]]) {
    let reads = 0;
    const source = () => { const d = data.slice(); if (reads++ === 1) d[123_456] ^= 1; return d; };
    const { stream, result } = packArchive(options({ files: [{ path: 'a.bin', size: data.length, source, cut: { bytes: 200_000 }, previews }] }));
    await assert.rejects(drain(stream), (e) => e instanceof PackError && e.code === 'input-changed' && /a\.bin changed while packing \(fragment 0/.test(e.message), `previews ${previews}`);
    await assert.rejects(result, PackError);
  }
});

test('result settles only when the stream ends, and a cancelled stream rejects it', async () => {
  const { stream, result } = packArchive(options({ files: [{ path: 'a.bin', size: 100, source: () => new Uint8Array(100) }] }));
  const reader = stream.getReader();
  await reader.read();
  await reader.cancel('user stopped');
  await assert.rejects(result, (e) => e instanceof PackError && e.code === 'cancelled');
});

test('the shares hide the secret: the keyholders (Java Fixtures.keys(3, 21)) open two and rebuild s', async () => {
  const random = sha1prng(21);
  const keys = [0, 1, 2].map(() => randomReleaseKey(random));
  assert.deepEqual(keys.map((k) => toHex(k.publicKey)), KEYHOLDERS);
  const { stream, result } = packArchive(options({ files: [{ path: 'a.bin', size: 1, source: () => new Uint8Array([7]) }] }));
  await drain(stream);
  const r = await result;
  const m = r.manifest;
  const g = m.groups[0];
  assert.equal(g.commitments[0], m.secret.publicKey);
  const opened = [0, 2].map((i) => openShare(fromHex(g.shares[i].ciphertext), keys[i].key,
    { chainId: m.terms.chainId, factory: m.terms.factory, release: m.terms.release, secretPublicKey: m.secret.publicKey, group: 0, identifier: i + 1 }));
  assert.equal(toHex(combineShares(opened, g.commitments)), toHex(r.secret));
  assert.equal(toHex(sha256(r.manifestBytes)), r.manifestHash);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sha256 } from '../vendor/noble.js';
import { toHex, concat } from '../lib/bytes.js';
import { unpackArchive, decryptFragment } from '../lib/archive/unpack.js';
import { inspectArchive } from '../lib/archive/inspect.js';
import { ArchiveFormatError, ArchiveIntegrityError, ArchiveKeyError } from '../lib/archive/errors.js';
import { encodeManifest, parseManifest } from '../lib/format/manifest.js';
import { tarHeader, tarPadding, TAR_END, readTar } from '../lib/format/tar.js';
import { fragmentKey } from '../lib/crypto/fragment-keys.js';

const VECTORS = new URL('../../spec/vectors/', import.meta.url);
const TINY = new Uint8Array(readFileSync(new URL('archive-tiny.tar', VECTORS)));
const SECRET = /secret ([0-9a-f]{64})/.exec(readFileSync(new URL('archive-tiny.secret', VECTORS), 'utf8'))[1];

/** Sinks that keep what they are given and record whether they were closed or aborted. */
function collector() {
  /** @type {Map<string, { parts: Uint8Array[], closed: boolean, aborted: unknown }>} */
  const files = new Map();
  return {
    files,
    /** @param {string} path */
    onFile(path) {
      const f = { parts: [], closed: false, aborted: null };
      files.set(path, f);
      return { write(c) { f.parts.push(c.slice()); }, close() { f.closed = true; }, abort(e) { f.aborted = e; } };
    },
    /** @param {string} path */
    bytes(path) { return concat(...files.get(path).parts); },
    anyClosed() { return [...files.values()].some((f) => f.closed); },
  };
}

/** @param {Uint8Array} b */
function* oneByteAtATime(b) {
  for (let i = 0; i < b.length; i++) yield b.subarray(i, i + 1);
}

/** The stored bytes of every tar entry, by name. */
async function entries(tar) {
  const out = new Map();
  for await (const e of readTar((async function* () { yield tar; })())) {
    const parts = [];
    for await (const c of e.body) parts.push(c.slice());
    out.set(e.name, { bytes: concat(...parts), offset: e.headerOffset + 512 });
  }
  return out;
}

test('the tiny vector unpacks with its secret to the files and hashes Java wrote', async () => {
  const c = collector();
  const r = await unpackArchive(TINY, SECRET, { onFile: c.onFile });
  assert.equal(r.manifestHash, readFileSync(new URL('archive-tiny.tar.manifest-sha256', VECTORS), 'utf8').trim());
  assert.deepEqual(r.files.map((f) => f.path), ['notes/hello.txt', 'data.bin', 'tone.flac']);
  for (const f of r.manifest.files) {
    assert.equal(toHex(sha256(c.bytes(f.path))), f.sha256);
    assert.equal(c.files.get(f.path).closed, true);
  }
  assert.equal(new TextDecoder().decode(c.bytes('notes/hello.txt')), 'hello, unveil\n');
});

test('unpack reads a source given one byte at a time, and a ReadableStream', async () => {
  const c = collector();
  await unpackArchive(oneByteAtATime(TINY), SECRET, { onFile: c.onFile });
  assert.equal(toHex(sha256(c.bytes('data.bin'))), 'bbcc5629e56f5575fecb507e179e51b844c3a6d97fde42ea73bac60bc69d41e1');
  const d = collector();
  await unpackArchive(new Blob([TINY]).stream(), SECRET, { onFile: d.onFile });
  assert.deepEqual(d.bytes('tone.flac'), c.bytes('tone.flac'));
});

test('progress counts plaintext bytes up to the total', async () => {
  const seen = [];
  await unpackArchive(TINY, SECRET, { onFile: collector().onFile, onProgress: (done, total) => seen.push([done, total]) });
  assert.deepEqual(seen.at(-1), [119731, 119731]);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i][0] >= seen[i - 1][0]);
});

test('a wrong secret is refused before any file is opened', async () => {
  const c = collector();
  const wrong = SECRET.slice(0, 63) + (SECRET[63] === '0' ? '1' : '0');
  await assert.rejects(unpackArchive(TINY, wrong, { onFile: c.onFile }), (e) => e instanceof ArchiveKeyError && /does not belong to this archive/.test(e.message));
  assert.equal(c.files.size, 0);
  await assert.rejects(unpackArchive(TINY, 'abcd', { onFile: c.onFile }), ArchiveKeyError);
});

test('a keyAddress the secret does not derive is refused before any file is opened', async () => {
  // Rewrite one keyAddress (fixed width, so every tar offset stays): the manifest stays valid, the stored hashes too.
  const ents = await entries(TINY);
  const m = parseManifest(ents.get('manifest.json').bytes);
  m.files[1].fragments[2].keyAddress = '0x' + '11'.repeat(20);
  const bytes = encodeManifest(m);
  const forged = TINY.slice();
  forged.set(bytes, ents.get('manifest.json').offset);
  const c = collector();
  await assert.rejects(unpackArchive(forged, SECRET, { onFile: c.onFile }), (e) => e instanceof ArchiveIntegrityError && /encrypted fragment 1 .*keyAddress 0x1111/.test(e.message));
  assert.equal(c.files.size, 0);
});

test('a tampered ciphertext byte fails, and no file is reported complete', async () => {
  const ents = await entries(TINY);
  const at = ents.get('files/000001/000002.age').offset + 500;
  const bad = TINY.slice();
  bad[at] ^= 1;
  const c = collector();
  await assert.rejects(unpackArchive(bad, SECRET, { onFile: c.onFile }), (e) => e instanceof ArchiveIntegrityError && /data\.bin fragment 2/.test(e.message));
  assert.equal(c.anyClosed(), false);
  assert.ok(c.files.get('data.bin').aborted instanceof ArchiveIntegrityError);
  assert.ok(c.files.get('notes/hello.txt').aborted, 'files verified earlier are aborted too: nothing is final before the whole archive passed');
});

test('a tampered preview byte fails on its stored hash', async () => {
  const ents = await entries(TINY);
  const bad = TINY.slice();
  bad[ents.get('files/000001/000001.preview.bin').offset + 7] ^= 0x80;
  const c = collector();
  await assert.rejects(unpackArchive(bad, SECRET, { onFile: c.onFile }), (e) => e instanceof ArchiveIntegrityError && /SHA-256 .* but the manifest commits to/.test(e.message));
  assert.equal(c.anyClosed(), false);
});

test('a truncated stream fails with a typed error wherever it is cut, and nothing is complete', async () => {
  for (const cut of [0, 100, 512, 3000, 9000, 40_000, 70_000, 133_000, TINY.length - 1024, TINY.length - 1]) {
    const c = collector();
    await assert.rejects(unpackArchive(TINY.subarray(0, cut), SECRET, { onFile: c.onFile }),
      (e) => (e instanceof ArchiveFormatError || e instanceof ArchiveIntegrityError) && e.code.startsWith('archive-'), `cut at ${cut}`);
    assert.equal(c.anyClosed(), false, `cut at ${cut}`);
  }
});

test('data after the end marker and an extra entry are refused', async () => {
  await assert.rejects(unpackArchive(concat(TINY, new Uint8Array([1])), SECRET, { onFile: collector().onFile }), ArchiveFormatError);
  const body = TINY.subarray(0, TINY.length - 1024);
  const extra = concat(body, tarHeader('files/000009/000000.age', 3), new Uint8Array(3), tarPadding(3), TAR_END);
  const c = collector();
  await assert.rejects(unpackArchive(extra, SECRET, { onFile: c.onFile }), (e) => e instanceof ArchiveFormatError && /not in the manifest/.test(e.message));
  assert.equal(c.anyClosed(), false);
});

test('a revealed fragment key decrypts its fragment alone, after its address is checked', async () => {
  const ents = await entries(TINY);
  const { manifest } = await inspectArchive(TINY);
  const s = Uint8Array.from(Buffer.from(SECRET, 'hex'));
  const parts = [];
  const sink = { write(c) { parts.push(c.slice()); }, closed: false, close() { this.closed = true; } };
  const r = await decryptFragment(ents.get('files/000001/000002.age').bytes, manifest, 1, fragmentKey(s, 1), sink);
  assert.equal(r.size, 32768);
  assert.equal(sink.closed, true);
  const all = collector();
  await unpackArchive(TINY, SECRET, { onFile: all.onFile });
  assert.deepEqual(concat(...parts), all.bytes('data.bin').subarray(65536, 98304));

  // A header file's sample is written after its header segment, so it plays.
  const flac = [];
  const h = await decryptFragment(ents.get('files/000002/000003.age').bytes, manifest, 4, fragmentKey(s, 4), { write(c) { flac.push(c.slice()); } },
    { header: ents.get('files/000002/000000.preview.flac').bytes });
  assert.equal(h.headerBytes, 8256);
  assert.deepEqual(concat(...flac), concat(all.bytes('tone.flac').subarray(0, 8256), all.bytes('tone.flac').subarray(15980)));
});

test('decryptFragment refuses a key for another fragment before decrypting, and stored bytes the manifest does not commit to', async () => {
  const ents = await entries(TINY);
  const { manifest } = await inspectArchive(TINY);
  const s = Uint8Array.from(Buffer.from(SECRET, 'hex'));
  let wrote = 0;
  const sink = { write() { wrote++; }, aborted: null, abort(e) { this.aborted = e; } };
  await assert.rejects(decryptFragment(ents.get('files/000001/000002.age').bytes, manifest, 1, fragmentKey(s, 2), sink),
    (e) => e instanceof ArchiveKeyError && /keyAddress for encrypted fragment 1/.test(e.message));
  await assert.rejects(decryptFragment(ents.get('files/000001/000002.age').bytes, manifest, 7, fragmentKey(s, 7), sink), ArchiveKeyError);
  assert.equal(wrote, 0);
  const bad = ents.get('files/000001/000002.age').bytes.slice();
  bad[1000] ^= 4;
  await assert.rejects(decryptFragment(bad, manifest, 1, fragmentKey(s, 1), sink), ArchiveIntegrityError);
  assert.ok(sink.aborted instanceof ArchiveIntegrityError);
  // the age file of another fragment, under the right key for fragment 1: its stanza does not open
  await assert.rejects(decryptFragment(ents.get('files/000001/000000.age').bytes, manifest, 1, fragmentKey(s, 1), { write() {} }),
    (e) => e instanceof ArchiveIntegrityError && /encrypted fragment 1/.test(e.message));
});

// A byte source may reuse its buffer for its next chunk (the verified fetch does: lib/ipfs/fetch.js),
// so every reader in lib/ must be done with, or have copied, a chunk before it asks for the next
// one. These tests hand each reader a source that scribbles over its one buffer
// as soon as the next chunk is asked for: a reader that kept a view would produce other bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { concat, toHex } from '../lib/bytes.js';
import { packArchive } from '../lib/archive/pack.js';
import { unpackArchive } from '../lib/archive/unpack.js';
import { inspectArchive } from '../lib/archive/inspect.js';
import { readTar } from '../lib/format/tar.js';
import { cutMedia } from '../lib/format/cutters.js';
import { cutMp3 } from '../lib/format/mp3.js';
import { ageDecrypt, ageEncrypt } from '../lib/crypto/age.js';
import { sha1prng } from '../lib/crypto/random.js';
import { CarReader, writeCar } from '../lib/ipfs/car.js';
import { importFile } from '../lib/ipfs/importer.js';
import { walkDag } from '../lib/ipfs/dag-walker.js';
import { memoryStore } from './ipfs-helpers.js';
import { ageRecipient } from '../lib/crypto/fragment-keys.js';

const VECTORS = new URL('../../spec/vectors/', import.meta.url);
const SEEDED = JSON.parse(readFileSync(new URL('archive-seeded.json', VECTORS), 'utf8'));
const ARCHIVE = new Uint8Array(readFileSync(new URL(SEEDED.archive, VECTORS)));
const input = (/** @type {string} */ name) => new Uint8Array(readFileSync(new URL(name, VECTORS)));
/** Chunk sizes that straddle tar blocks, age chunks and CAR sections in many places. */
const SIZES = [509, 4099, 65_537];

/**
 * `bytes` in chunks of `size` from one buffer, which is overwritten as soon as the next chunk is
 * asked for (before it is filled): what the verified fetch's chunks are promised, at its worst.
 * @param {Uint8Array} bytes @param {number} size
 * @returns {AsyncGenerator<Uint8Array>}
 */
async function* reused(bytes, size) {
  const buf = new Uint8Array(size);
  for (let i = 0; i < bytes.length; i += size) {
    const n = Math.min(size, bytes.length - i);
    buf.set(bytes.subarray(i, i + n));
    yield buf.subarray(0, n);
    buf.fill(0xa5);
  }
}

/** @param {AsyncIterable<Uint8Array>} chunks */
async function joined(chunks) {
  const parts = [];
  for await (const c of chunks) parts.push(c.slice());
  return concat(...parts);
}

test('the reusing source really reuses (else these tests would prove nothing)', async () => {
  const it = reused(new Uint8Array([1, 2, 3, 4]), 2);
  const first = (await it.next()).value;
  assert.deepEqual([...first], [1, 2]);
  await it.next();
  assert.deepEqual([...first], [3, 4], 'the first chunk was overwritten by the second');
});

test('pack (two passes and one) gives Java\'s archive from sources that reuse their buffer', async () => {
  for (const onePass of [false, true]) {
    for (const size of SIZES) {
      const files = await Promise.all(SEEDED.files.map(async (/** @type {any} */ f) => {
        const data = input(f.input);
        const cut = f.cut.media === 'mp3' ? await cutMp3(reused(data, size), { seconds: f.cut.seconds, name: f.path }) : f.cut;
        return { path: f.path, size: data.length, source: () => reused(data, size), cut, previews: f.previews };
      }));
      const { stream, result } = packArchive({ files, groups: SEEDED.groups, terms: SEEDED.terms, license: SEEDED.license, random: sha1prng(SEEDED.seed), onePass });
      const bytes = await joined(/** @type {any} */ (stream));
      const r = await result;
      if (onePass) bytes.set(r.manifestBytes, r.manifestOffset);
      assert.ok(Buffer.from(bytes).equals(Buffer.from(ARCHIVE)), `onePass ${onePass}, chunks of ${size}: Java's archive-seeded.tar`);
    }
  }
});

test('readTar, inspect and unpack read an archive from a source that reuses its buffer', async () => {
  const expected = [];
  for await (const e of readTar((async function* () { yield ARCHIVE; })())) expected.push([e.name, toHex(await joined(e.body))]);
  const whole = await inspectArchive(ARCHIVE);
  for (const size of SIZES) {
    const got = [];
    for await (const e of readTar(reused(ARCHIVE, size))) got.push([e.name, toHex(await joined(e.body))]);
    assert.deepEqual(got, expected, `readTar, chunks of ${size}`);
    const previews = [];
    const inspection = await inspectArchive(reused(ARCHIVE, size), {
      onPreview: () => { const parts = []; return { write: (/** @type {Uint8Array} */ c) => { parts.push(c.slice()); }, close: () => { previews.push(concat(...parts)); } }; },
    });
    assert.deepEqual(inspection, whole, `inspect, chunks of ${size}`);
    assert.ok(previews.length > 0);
    /** @type {Map<string, Uint8Array[]>} */
    const out = new Map();
    await unpackArchive(reused(ARCHIVE, size), SEEDED.secret, {
      onFile(path) { const parts = []; out.set(path, parts); return { write(c) { parts.push(c.slice()); }, close() {} }; },
    });
    for (const f of SEEDED.files) assert.deepEqual(concat(...(out.get(f.path) ?? [])), input(f.input), `unpack ${f.path}, chunks of ${size}`);
  }
});

test('the media cutter gives the same plan from a source that reuses its buffer', async () => {
  const mp3 = SEEDED.files.find((/** @type {any} */ f) => f.cut.media === 'mp3');
  const bytes = input(mp3.input);
  const plan = await cutMedia((async function* () { yield bytes; })(), 'mp3', { seconds: 1, name: mp3.path, size: bytes.length });
  for (const size of [7, ...SIZES]) {
    assert.deepEqual(await cutMedia(reused(bytes, size), 'mp3', { seconds: 1, name: mp3.path, size: bytes.length }), plan, `chunks of ${size}`);
  }
});

test('age decrypts a file whose pieces reuse one buffer (the header across pieces too)', async () => {
  const random = sha1prng(5);
  const identity = random.bytes(32);
  const recipient = ageRecipient(identity);
  const plain = random.bytes(200_000);
  const file = await joined(ageEncrypt({ recipient, random: sha1prng(6) }, [plain]));
  for (const size of [13, 100, ...SIZES]) assert.deepEqual(await joined(ageDecrypt(identity, reused(file, size))), plain, `pieces of ${size}`);
});

test('the CAR reader and the importer read a source that reuses its buffer', async () => {
  const bytes = sha1prng(8).bytes(3_000_000);
  const store = memoryStore();
  const { cid } = await importFile(bytes, { profile: 'unixfs-v1-2025', onBlock: store.onBlock });
  const walked = [];
  for await (const b of walkDag(cid, store.load)) walked.push(b);
  const car = await joined(writeCar([cid], walked));
  for (const size of SIZES) {
    assert.equal((await importFile(reused(bytes, size), { profile: 'unixfs-v1-2025' })).cid.toString(), cid.toString(), `importer, chunks of ${size}`);
    const blocks = [];
    // Each block is verified against its CID as it is read; its bytes are kept here as a copy.
    for await (const b of await CarReader.open(reused(car, size))) blocks.push({ cid: b.cid.toString(), bytes: b.bytes.slice() });
    assert.deepEqual(blocks, walked.map((b) => ({ cid: b.cid.toString(), bytes: b.bytes })), `CAR, chunks of ${size}`);
  }
});

// age v1 as the twin writes and reads it (spec/archive-format.md section 6): deterministic output
// checked by independent decrypters (typage, and Debian's age CLI when installed), strict reading
// (tampering, truncation, trailing data, another recipient), random access to one chunk, and the
// applicable vectors of the C2SP CCTV age testkit vendored for the Java reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { inflateSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { ageEncryptor, ageEncrypt, ageDecrypt, openAgeDecryption, ageOpenWhole, ageChunkReader, ageStoredSize, parseAgeHeader, AGE_CHUNK } from '../lib/crypto/age.js';
import { fragmentKey, ageIdentity, ageRecipient, encodeAgeIdentity, parseAgeIdentity } from '../lib/crypto/fragment-keys.js';
import { sha1prng } from '../lib/crypto/random.js';
import { concat, fromHex, toHex } from '../lib/bytes.js';
import { AgeFormatError, AgeIntegrityError, AgeNoIdentityError } from '../lib/crypto/errors.js';
import { Decrypter } from '../vendor/age.js';

const identity = ageIdentity(fragmentKey(fromHex('00'.repeat(31) + '2a'), 0));
const recipient = ageRecipient(identity);
const other = ageIdentity(fragmentKey(fromHex('00'.repeat(31) + '2a'), 1));

/** Deterministic plaintext of n bytes (not all zeroes, so misplaced chunks show). */
function plaintext(n, seed = 1) {
  const r = sha1prng(seed);
  const out = new Uint8Array(n);
  for (let o = 0; o < n; o += 1 << 20) out.set(r.bytes(Math.min(1 << 20, n - o)), o);
  return out;
}

function seal(plain, seed = 5) {
  const enc = ageEncryptor({ recipient, random: sha1prng(seed) });
  return concat(enc.header, enc.encrypt(plain, true));
}

/** The file in pieces of the given sizes (cycled). */
function* pieces(bytes, sizes) {
  let i = 0;
  for (let o = 0; o < bytes.length; i++) {
    const n = sizes[i % sizes.length];
    yield bytes.subarray(o, o + n);
    o += n;
  }
}

async function collect(gen) {
  const parts = [];
  for await (const p of gen) parts.push(p);
  return concat(...parts);
}

/** Runs the sequential reader; returns what it released and what it threw. */
async function sequential(id, source) {
  const parts = [];
  try {
    for await (const p of ageDecrypt(id, source)) parts.push(p);
    return { released: concat(...parts), failure: null };
  } catch (failure) {
    return { released: concat(...parts), failure };
  }
}

const SIZES = [0, 1, 100, AGE_CHUNK - 1, AGE_CHUNK, AGE_CHUNK + 1, 3 * AGE_CHUNK, 3 * AGE_CHUNK + 17];

test('round trip at chunk edges: stored size, header shape, and decryption in many piece sizes', async () => {
  for (const n of SIZES) {
    const plain = plaintext(n, n + 1);
    const file = seal(plain);
    assert.equal(file.length, ageStoredSize(n), `stored size of ${n}`);
    assert.equal(parseAgeHeader(file).length, 168);
    for (const split of [[file.length], [1], [7, 65552, 3], [65552], [65553], [100000]]) {
      if (split[0] === 1 && n > AGE_CHUNK + 1) continue; // one byte at a time is slow on big files; the small ones cover it
      assert.deepEqual(await collect(ageDecrypt(identity, pieces(file, split))), plain, `${n} bytes in pieces of ${split}`);
    }
  }
});

test('the same seed gives the same bytes, the streaming encryptor equals the block one, and the draws are 16, 32, 16 bytes', async () => {
  const plain = plaintext(200_000);
  const a = seal(plain, 9);
  assert.deepEqual(seal(plain, 9), a);
  assert.notDeepEqual(seal(plain, 10), a);
  assert.deepEqual(await collect(ageEncrypt({ recipient, random: sha1prng(9) }, pieces(plain, [1000, 70000, 1]))), a);
  assert.deepEqual(await collect(ageEncrypt({ recipient, random: sha1prng(9) }, [plain])), a);
  // Draw order as Java's AgeEncryptor: file key, ephemeral secret, payload nonce, nothing else.
  const r = sha1prng(9);
  r.bytes(16); r.bytes(32);
  const nonce = r.bytes(16);
  assert.deepEqual(a.subarray(168, 184), nonce);
  const enc = ageEncryptor({ recipient, random: sha1prng(9) });
  assert.throws(() => enc.encrypt(new Uint8Array(10), false), /whole 64 KiB chunks/);
  assert.deepEqual(await collect(ageEncrypt({ recipient, random: sha1prng(9) }, [])), seal(new Uint8Array(0), 9));
});

test('the encryptor refuses a recipient that is not X25519 or is a low-order point', async () => {
  const { bech32 } = await import('../vendor/scure.js');
  assert.throws(() => ageEncryptor({ recipient: 'age1notbech32', random: sha1prng(1) }), /not valid bech32/);
  assert.throws(() => ageEncryptor({ recipient: bech32.encode('age', bech32.toWords(new Uint8Array(31)), false), random: sha1prng(1) }), /X25519 recipient/);
  assert.throws(() => ageEncryptor({ recipient: bech32.encode('age', bech32.toWords(new Uint8Array(32)), false), random: sha1prng(1) }), /low-order/);
  assert.throws(() => ageEncryptor({ recipient, random: /** @type {any} */ (null) }), TypeError);
});

test('typage (an independent age implementation) decrypts what the twin writes', async () => {
  for (const n of SIZES) {
    const plain = plaintext(n, n + 2);
    const d = new Decrypter();
    d.addIdentity(encodeAgeIdentity(identity));
    assert.deepEqual(await d.decrypt(seal(plain)), plain, `${n} bytes`);
  }
});

const ageCli = ['/usr/bin/age', '/usr/local/bin/age'].find((p) => existsSync(p));
test('the age CLI decrypts what the twin writes, and the twin decrypts what the CLI writes', { skip: ageCli ? false : 'no age CLI installed' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'unveil-age-'));
  try {
    writeFileSync(join(dir, 'key.txt'), encodeAgeIdentity(identity) + '\n');
    for (const n of [0, 5, AGE_CHUNK, 2 * AGE_CHUNK + 3]) {
      const plain = plaintext(n, n + 3);
      writeFileSync(join(dir, 'f.age'), seal(plain));
      const out = execFileSync(ageCli, ['-d', '-i', join(dir, 'key.txt'), join(dir, 'f.age')], { maxBuffer: 1 << 26 });
      assert.deepEqual(new Uint8Array(out), plain, `age -d of ${n} bytes`);
      writeFileSync(join(dir, 'p'), plain);
      const sealed = new Uint8Array(execFileSync(ageCli, ['-r', recipient, join(dir, 'p')], { maxBuffer: 1 << 26 }));
      assert.deepEqual(await collect(ageDecrypt(identity, [sealed])), plain, `age -r of ${n} bytes`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('tampering, truncation, trailing data and another identity are refused with typed errors', async () => {
  const plain = plaintext(3 * AGE_CHUNK + 10);
  const file = seal(plain);
  const flip = (at) => { const f = Uint8Array.from(file); f[at] ^= 1; return f; };
  const fails = async (bytes, type, pattern) => {
    const { failure } = await sequential(identity, [bytes]);
    assert.ok(failure instanceof type, `${type.name} expected, got ${failure}`);
    if (pattern) assert.match(failure.message, pattern);
    assert.equal(failure.code, new type('x').code);
    return failure;
  };
  await fails(flip(130), AgeIntegrityError, /MAC/); // a bit of the stanza body: the file key does not unwrap or the MAC fails
  await fails(flip(160), AgeIntegrityError, /MAC/); // the MAC itself
  await fails(flip(170), AgeIntegrityError, /chunk 0/); // the payload nonce: every chunk fails
  await fails(flip(184 + AGE_CHUNK + 20 + 16), AgeIntegrityError, /chunk 1 failed/);
  await fails(file.subarray(0, 184 + 2 * (AGE_CHUNK + 16)), AgeIntegrityError, /without a final chunk/);
  await fails(file.subarray(0, file.length - 1), AgeIntegrityError, /chunk 3/);
  await fails(concat(file, new Uint8Array(1)), AgeIntegrityError, /ends inside a chunk tag|chunk 3/);
  await fails(file.subarray(0, 175), AgeFormatError, /nonce/);
  await fails(file.subarray(0, 100), AgeFormatError);
  await fails(concat(new TextEncoder().encode('age-encryption.org/v2\n'), file.subarray(22)), AgeFormatError, /not an age v1/);
  const wrong = await sequential(other, [file]);
  assert.ok(wrong.failure instanceof AgeNoIdentityError && wrong.failure.code === 'age-no-identity');
  // Chunks that authenticated before a failure are released (the testkit's rule); nothing after.
  const partial = await sequential(identity, [flip(184 + 2 * (AGE_CHUNK + 16) + 5)]);
  assert.deepEqual(partial.released, plain.subarray(0, 2 * AGE_CHUNK));
  assert.ok(partial.failure instanceof AgeIntegrityError);
  // A final chunk moved forward: the flag is part of the nonce, so the file cannot be shortened at a chunk boundary.
  const two = seal(plaintext(2 * AGE_CHUNK), 11);
  const cut = two.subarray(0, 184 + AGE_CHUNK + 16);
  assert.match((await sequential(identity, [cut])).failure.message, /without a final chunk/);
});

test('random access: any chunk alone, any range, from a Uint8Array, a Blob or a reader at an offset; tampering refused', async () => {
  const plain = plaintext(4 * AGE_CHUNK + 999);
  const file = seal(plain);
  const padded = concat(new Uint8Array(1000), file, new Uint8Array(77));
  const reads = [];
  const src = { read: async (o, n) => { reads.push([o, n]); return padded.subarray(o, o + n); } };
  for (const source of [file, new Blob([/** @type {Uint8Array<ArrayBuffer>} */ (file)]), src]) {
    const where = source === src ? { offset: 1000, length: file.length } : {};
    const r = await ageChunkReader(identity, source, where);
    assert.equal(r.chunkCount, 5);
    assert.equal(r.plaintextSize, plain.length);
    for (const i of [3, 0, 4, 1]) assert.deepEqual(await r.readChunk(i), plain.subarray(i * AGE_CHUNK, (i + 1) * AGE_CHUNK));
    assert.deepEqual(await r.read(AGE_CHUNK - 5, AGE_CHUNK + 10), plain.subarray(AGE_CHUNK - 5, 2 * AGE_CHUNK + 5));
    await assert.rejects(r.readChunk(5), RangeError);
    r.close();
  }
  assert.ok(reads.every(([o, n]) => n <= 16384 || n === AGE_CHUNK + 16 || o + n <= 1000 + file.length), 'reads one chunk at a time');
  const tampered = Uint8Array.from(file);
  tampered[184 + 2 * (AGE_CHUNK + 16) + 1] ^= 4;
  const r = await ageChunkReader(identity, tampered);
  assert.deepEqual(await r.readChunk(1), plain.subarray(AGE_CHUNK, 2 * AGE_CHUNK));
  await assert.rejects(r.readChunk(2), (e) => e instanceof AgeIntegrityError && /chunk 2/.test(e.message));
  await assert.rejects(ageChunkReader(other, file), AgeNoIdentityError);
  const macFlip = Uint8Array.from(file); macFlip[150] ^= 1;
  await assert.rejects(ageChunkReader(identity, macFlip), /MAC/);
  // A file cut after a full chunk: the last stored chunk is not flagged final, so it is refused as truncation.
  const cut = seal(plaintext(2 * AGE_CHUNK), 12).subarray(0, 184 + AGE_CHUNK + 16);
  await assert.rejects((await ageChunkReader(identity, cut)).readChunk(0), /without a final chunk/);
});

// --- C2SP CCTV age testkit (cctv-age 0.2.0), as CctvAgeTestkitTest runs it for the Java readers ---
const KIT = new URL('../../java/unveil-archive/src/test/resources/cctv-age/testdata/', import.meta.url);

function readVector(name) {
  const b = readFileSync(new URL(name, KIT));
  const header = {};
  let pos = 0;
  while (b[pos] !== 0x0a) {
    const nl = b.indexOf(0x0a, pos);
    const line = b.subarray(pos, nl).toString('utf8');
    const colon = line.indexOf(': ');
    (header[line.slice(0, colon)] ??= []).push(line.slice(colon + 2));
    pos = nl + 1;
  }
  let age = new Uint8Array(b.subarray(pos + 1));
  if ((header.compressed ?? []).includes('zlib')) age = new Uint8Array(inflateSync(age));
  const all = (k) => header[k] ?? [];
  const x25519 = all('identity').filter((i) => i.startsWith('AGE-SECRET-KEY-1'));
  const applicable = !all('armored').includes('yes') && (x25519.length > 0 || (all('identity').length === 0 && all('passphrase').length === 0));
  return { name, expect: header.expect[0], payload: header.payload?.[0], x25519, applicable, age };
}

const kit = readdirSync(KIT).sort().map(readVector);
const sha256 = (b) => createHash('sha256').update(b).digest('hex');
const kitIdentity = (v) => (v.x25519.length ? parseAgeIdentity(v.x25519[0]) : identity);

test('the CCTV testkit has 143 vectors of which 69 apply (unarmored, X25519 or none), as for the Java readers', () => {
  assert.equal(kit.length, 143);
  assert.equal(kit.filter((v) => v.applicable).length, 69);
});

function checkOutcome(v, opened, failure, released, noMatch) {
  switch (v.expect) {
    case 'success':
      assert.equal(failure, null, `${v.name}: expected success, got ${failure}`);
      assert.equal(sha256(released), v.payload, `${v.name}: payload`);
      break;
    case 'header failure':
      assert.ok(!opened && failure instanceof AgeFormatError, `${v.name}: expected AgeFormatError before opening, got ${failure}`);
      break;
    case 'HMAC failure':
      assert.ok(!opened && failure instanceof AgeIntegrityError && /MAC/.test(failure.message), `${v.name}: expected a MAC failure, got ${failure}`);
      break;
    case 'no match':
      assert.ok(!opened && failure instanceof noMatch, `${v.name}: expected ${noMatch.name}, got ${failure}`);
      break;
    case 'payload failure':
      assert.ok(opened && failure instanceof AgeIntegrityError, `${v.name}: expected a payload failure after opening, got ${failure}`);
      break;
    default:
      assert.fail(`${v.name}: unknown expectation ${v.expect}`);
  }
}

for (const v of kit.filter((x) => x.applicable)) {
  test(`cctv ${v.name} (${v.expect}): sequential reader, whole and one byte at a time; random-access reader`, async () => {
    const id = kitIdentity(v);
    // One byte at a time where it is cheap; large vectors in odd pieces across every boundary kind.
    for (const split of [[v.age.length || 1], v.age.length < (1 << 20) ? [1] : [1, 7, 65551, 3, 65552]]) {
      const parts = [];
      let failure = null;
      let opened = false;
      try {
        const plain = await openAgeDecryption(id, pieces(v.age, split));
        opened = true;
        for await (const p of plain) parts.push(p);
      } catch (e) {
        failure = e;
      }
      const released = concat(...parts);
      checkOutcome(v, opened, failure, released, AgeNoIdentityError);
      if (v.expect === 'payload failure' && v.payload) assert.equal(sha256(released), v.payload, `${v.name}: released before the failure`);
    }
    let reader = null;
    let failure = null;
    const parts = [];
    try {
      reader = await ageChunkReader(id, v.age);
      for (let i = 0; i < reader.chunkCount; i++) parts.push(await reader.readChunk(i));
    } catch (e) {
      failure = e;
    }
    checkOutcome(v, reader !== null, failure, concat(...parts), AgeNoIdentityError);
    // The whole-file reader (the age workers'): the streaming reader's plaintext, or its very error.
    const streamed = await sequential(id, v.age);
    const out = new Uint8Array(v.age.length);
    let whole = null;
    try {
      whole = { plain: out.subarray(0, ageOpenWhole(id, v.age, out)), failure: null };
    } catch (e) {
      whole = { plain: null, failure: e };
    }
    if (streamed.failure === null) {
      assert.equal(whole.failure, null, `${v.name}: whole-file reader failed: ${whole.failure}`);
      assert.deepEqual(whole.plain, streamed.released, `${v.name}: whole-file plaintext`);
    } else {
      assert.equal(whole.failure?.constructor, streamed.failure.constructor, `${v.name}: whole-file error class: ${whole.failure}`);
      assert.equal(whole.failure.message, streamed.failure.message, `${v.name}: whole-file error message`);
    }
  });
}

test('the whole-file reader opens every size at chunk edges, refuses a short output and tampering as the streaming reader does', async () => {
  for (const n of SIZES) {
    const plain = plaintext(n, n + 3);
    const file = seal(plain);
    const out = new Uint8Array(n + 5);
    assert.equal(ageOpenWhole(identity, file, out), n);
    assert.deepEqual(out.subarray(0, n), plain, `${n} bytes`);
    if (n > 0) assert.throws(() => ageOpenWhole(identity, file, new Uint8Array(n - 1)), RangeError);
    for (const cut of [file.length - 1, file.length - 17, 200]) {
      if (cut <= 0 || cut >= file.length) continue;
      const streamed = await sequential(identity, file.subarray(0, cut));
      assert.throws(() => ageOpenWhole(identity, file.subarray(0, cut), new Uint8Array(n + 5)), (/** @type {any} */ e) => e.constructor === streamed.failure.constructor && e.message === streamed.failure.message, `${n} bytes cut at ${cut}`);
    }
    const flipped = file.slice();
    flipped[flipped.length - 1] ^= 1;
    assert.throws(() => ageOpenWhole(identity, flipped, new Uint8Array(n + 5)), AgeIntegrityError);
    assert.throws(() => ageOpenWhole(other, file, new Uint8Array(n + 5)), AgeNoIdentityError);
  }
});

test('decrypt+verify throughput over 64 MiB (noted in the report; the browser target is >= 100 MB/s)', async (t) => {
  const plain = plaintext(64 << 20, 77);
  let start = performance.now();
  const file = seal(plain);
  const packMs = performance.now() - start;
  start = performance.now();
  const h = createHash('sha256');
  let n = 0;
  for await (const p of ageDecrypt(identity, pieces(file, [1 << 20]))) { h.update(p); n += p.length; }
  const ms = performance.now() - start;
  assert.equal(n, plain.length);
  assert.equal(h.digest('hex'), sha256(plain));
  t.diagnostic(`encrypt ${(64 / (packMs / 1000)).toFixed(0)} MiB/s, decrypt+verify ${(64 / (ms / 1000)).toFixed(0)} MiB/s (1 MiB pieces)`);
});

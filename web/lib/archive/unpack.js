// Decrypts an archive as it streams (the Java reference's ArchiveUnpacker): with the release
// secret s, every file; with one revealed fragment key k_e, that fragment alone. Before anything is
// written, s must be the manifest's S and must derive every fragment's keyAddress (otherwise the
// fragment tree on chain commits to keys nobody can reveal). While streaming, every stored hash,
// every age chunk, every fragment's plaintext size and every file's SHA-256 are checked; sinks
// are closed (the files "complete") only once the whole archive passed, and aborted otherwise.
import { sha256 } from '../../vendor/noble.js';
import { toHex, fromHex, equalBytes, concat, BufferPool, chunksOf } from '../bytes.js';
import { encryptedFragments } from '../format/manifest.js';
import { mulG, nonZeroScalar, compressed } from '../crypto/secp.js';
import { fragmentKey, ageIdentity, keyAddress } from '../crypto/fragment-keys.js';
import { openArchive } from './_scan.js';
import { Sha256Stream, CheckQueue } from './_digest.js';
import { ageDecrypt } from '../crypto/age.js';
import { AgeFormatError, AgeIntegrityError } from '../crypto/errors.js';
import { AgePool, POOLED_MAX } from './_age-pool.js';
import { ArchiveFormatError, ArchiveIntegrityError, ArchiveKeyError } from './errors.js';

/**
 * Where a decrypted file goes: `write` sees its bytes in order, in buffers that are the sink's only
 * until its promise settles (they are reused: copy what you keep); `close` is called once every check
 * of the archive passed; `abort` if any failed (then discard what was written).
 * @typedef {{ write(chunk: Uint8Array): unknown, close?(): unknown, abort?(reason: unknown): unknown }} Sink
 */

/**
 * Decrypts and verifies every file of the archive.
 * @param {import('../bytes.js').ByteSource} source the whole archive
 * @param {Uint8Array|string} secret s, 32 bytes (or 64 hex digits)
 * @param {{ onFile: (path: string, mediaType: string, size: number) => Sink|Promise<Sink>, onProgress?: (done: number, total: number) => void }} options
 * @returns {Promise<{ manifest: import('../format/manifest.js').Manifest, manifestHash: string, files: Array<{ path: string, size: number, sha256: string }> }>}
 * @throws {ArchiveKeyError} s is not this archive's; {ArchiveIntegrityError} a key address, hash or age chunk disagrees; {ArchiveFormatError} malformed
 */
export async function unpackArchive(source, secret, options) {
  if (!options || typeof options.onFile !== 'function') throw new TypeError('unpackArchive needs options { onFile(path, mediaType, size) -> sink }');
  const s = secretBytes(secret);
  let opened;
  /** @type {Uint8Array[]} */
  let identities;
  try {
    opened = await openArchive(source);
    identities = fragmentIdentities(opened.manifest, s);
  } finally {
    s.fill(0); // every key is derived: s is needed no more
  }
  const { manifest, manifestHash, fragments } = opened;
  const total = manifest.files.reduce((n, f) => n + f.size, 0);
  const progress = options.onProgress ?? (() => {});
  let done = 0;
  /** @type {Sink[]} */
  const sinks = [];
  /** @type {Array<{ path: string, size: number, sha256: string }>} */
  const files = [];
  const checks = new CheckQueue();
  // In a page, whole fragments go to two age workers (decrypted and their stored bytes hashed
  // there) while this thread reads the next ones; results are written strictly in order.
  const pool = AgePool.start();
  // their buffers go round: stored bytes to a worker and back, plaintext from it and back
  const storedBuffers = new BufferPool(4 * POOLED_MAX);
  const plainBuffers = new BufferPool(4 * POOLED_MAX);
  /** @type {Array<{ x: import('./_scan.js').ScannedFragment, job: ReturnType<AgePool['open']> }>} */
  const pending = [];
  /** @type {Sink|null} */
  let sink = null;
  /** @type {Sha256Stream|null} */
  let fileHash = null;
  /**
   * Writes one fragment's plaintext to its file's sink, in archive order, checking its size and,
   * after a file's last fragment, the file's SHA-256.
   * @param {import('./_scan.js').ScannedFragment} x
   * @param {string} what
   * @param {AsyncIterable<Uint8Array>|Iterable<Uint8Array>} plain
   */
  const deliver = async (x, what, plain) => {
    const { file, fragment, fragmentIndex: j } = x;
    if (j === 0) {
      sink = await options.onFile(file.path, file.mediaType, file.size);
      if (!sink || typeof sink.write !== 'function') throw new TypeError(`onFile gave no sink for ${file.path}`);
      sinks.push(sink);
      fileHash = await Sha256Stream.create(file.size);
    }
    const out = /** @type {Sink} */ (sink);
    const hash = /** @type {Sha256Stream} */ (fileHash);
    let written = 0;
    for await (const c of plain) {
      written += c.length;
      if (written > fragment.size) throw new ArchiveIntegrityError(`${what} decrypts to more than its ${fragment.size} bytes`);
      hash.update(c);
      await out.write(c);
      done += c.length;
      progress(done, total);
    }
    if (written !== fragment.size) throw new ArchiveIntegrityError(`${what} holds ${written} bytes, the manifest says ${fragment.size}`);
    if (j === file.fragments.length - 1) {
      const fi = x.fileIndex;
      await checks.add(hash.hex().then((actual) => {
        if (actual !== file.sha256) throw new ArchiveIntegrityError(`${file.path} reassembles to SHA-256 ${actual} but the manifest commits to ${file.sha256}; the archive was tampered with`);
        files[fi] = { path: file.path, size: file.size, sha256: actual };
      }));
    }
  };
  const settleOldest = async () => {
    const { x, job } = /** @type {(typeof pending)[number]} */ (pending.shift());
    const r = await job;
    storedBuffers.give(r.back);
    const what = describe(x);
    if (r.error) throw decryptionFailed(what, new (r.error.name === 'AgeFormatError' ? AgeFormatError : AgeIntegrityError)(r.error.message));
    if (r.over) throw new ArchiveIntegrityError(`${what} decrypts to more than its ${x.fragment.size} bytes`);
    await deliver(x, what, [r.plain]);
    plainBuffers.give(r.plain.buffer); // the sink copied what it keeps
  };
  try {
    for await (const x of fragments()) {
      if (pool && x.e >= 0 && x.fragment.storedSize <= POOLED_MAX) {
        const stored = await x.body.whole(storedBuffers.take(x.fragment.storedSize));
        const spare = plainBuffers.take(x.fragment.size).buffer;
        const job = pool.open(identities[x.e], stored, x.fragment.size, spare);
        job.catch(() => {}); // awaited in order by settleOldest (or dropped if an earlier one fails)
        x.body.hashedAs(job.then((r) => r.storedSha256));
        pending.push({ x, job });
        if (pending.length >= pool.depth) await settleOldest();
        continue;
      }
      while (pending.length > 0) await settleOldest();
      const what = describe(x);
      await deliver(x, what, x.e < 0 ? x.body : decrypting(identities[x.e], x.body, what));
    }
    while (pending.length > 0) await settleOldest();
    await checks.drain();
  } catch (e) {
    for (const k of sinks) { try { await k.abort?.(e); } catch { /* report the first error */ } }
    throw e;
  } finally {
    pool?.close();
    for (const id of identities) id.fill(0);
  }
  for (const k of sinks) await k.close?.();
  return { manifest, manifestHash, files };
}

/**
 * Decrypts one encrypted fragment with its own key alone (a sample k_e the artist revealed) from
 * its stored bytes (the age file, e.g. fetched as the archive entry `files/FFFFFF/NNNNNN.age`).
 * Checks, in order: the key's address is fragment e's keyAddress (before decrypting anything);
 * then while streaming the stored SHA-256, every age chunk, the plaintext size, and the file's
 * SHA-256 when the fragment is the whole file. For a file with a header segment, `header` (its
 * fragment 0's bytes, checked against the manifest) is written first so the output plays.
 * @param {import('../bytes.js').ByteSource} source fragment e's stored bytes
 * @param {import('../format/manifest.js').Manifest} manifest the archive's manifest (parsed and checked)
 * @param {number} e the encrypted fragment's index
 * @param {Uint8Array|string} k the revealed fragment key k_e (32 bytes or hex)
 * @param {Sink|null} [sink] closed only when every check passed; without one the plaintext is returned as `bytes`
 * @param {{ header?: import('../bytes.js').ByteSource }} [options]
 * @returns {Promise<DecryptedFragment>}
 */
export async function decryptFragment(source, manifest, e, k, sink = null, options = {}) {
  /** @type {Uint8Array[]|null} */
  const kept = sink ? null : [];
  const target = sink ?? { write(/** @type {Uint8Array} */ c) { kept.push(c.slice()); } };
  const r = await decryptTo(source, manifest, e, k, target, options);
  return kept ? { ...r, bytes: concat(...kept) } : r;
}

/**
 * What decryptFragment checked and wrote.
 * @typedef {object} DecryptedFragment
 * @property {number} e
 * @property {string} path the file's path
 * @property {number} fragmentIndex
 * @property {number} offset
 * @property {number} size plaintext bytes of the fragment
 * @property {string} plaintextSha256
 * @property {boolean} fileHashVerified the fragment is the whole file and matched its SHA-256
 * @property {number} headerBytes the header segment written in front of it (0 if none)
 * @property {Uint8Array} [bytes] header + plaintext, when no sink was given
 */

/**
 * decryptFragment from the whole archive as it streams, as Java's decryptFragment: the key's
 * address is checked right after the manifest, every stored hash of the archive is checked, a
 * header segment is written first; the sink is closed only after the end of the archive.
 * @param {import('../bytes.js').ByteSource} source the whole archive
 * @param {number} e
 * @param {Uint8Array|string} k
 * @param {Sink|null} [sink]
 * @returns {Promise<DecryptedFragment & { manifest: import('../format/manifest.js').Manifest, manifestHash: string }>}
 */
export async function decryptFragmentFromArchive(source, e, k, sink = null) {
  const { manifest, manifestHash, fragments } = await openArchive(source);
  const key = requireFragmentKey(manifest, e, k);
  const target = encryptedFragments(manifest)[e];
  const deferred = { write: (/** @type {Uint8Array} */ c) => (sink ? sink.write(c) : kept.push(c.slice())), close() {}, abort() {} };
  /** @type {Uint8Array[]} */
  const kept = [];
  /** @type {Uint8Array|null} */
  let header = null;
  /** @type {DecryptedFragment|null} */
  let result = null;
  try {
    for await (const x of fragments()) {
      if (x.fileIndex !== target.fileIndex) continue;
      if (x.fragmentIndex === 0 && x.file.media?.header) {
        const parts = [];
        for await (const c of x.body) parts.push(c.slice());
        header = concat(...parts);
      }
      if (x.fragmentIndex === target.fragmentIndex) result = await decryptTo(x.body, manifest, e, key, deferred, header ? { header } : {});
    }
  } catch (err) {
    try { await sink?.abort?.(err); } catch { /* report the first error */ }
    throw err;
  }
  await sink?.close?.();
  return { ...result, ...(sink ? {} : { bytes: concat(...kept) }), manifest, manifestHash };
}

/**
 * The key as bytes, after checking its address is fragment e's keyAddress.
 * @param {import('../format/manifest.js').Manifest} manifest
 * @param {number} e
 * @param {Uint8Array|string} k
 */
function requireFragmentKey(manifest, e, k) {
  const all = encryptedFragments(manifest);
  if (!Number.isInteger(e) || e < 0 || e >= all.length) {
    throw new ArchiveKeyError(`the key is for encrypted fragment ${e} but this archive has ${all.length} (0..${all.length - 1}); check the fragment index`);
  }
  const key = typeof k === 'string' ? fromHex(k) : k;
  let address;
  try {
    address = keyAddress(key);
  } catch (err) {
    throw new ArchiveKeyError(`the fragment key is not a secp256k1 scalar: ${/** @type {Error} */ (err).message}`, { cause: err });
  }
  if (address !== all[e].fragment.keyAddress) {
    throw new ArchiveKeyError(`the given fragment key has address ${address} but the manifest's keyAddress for encrypted fragment ${e} is ${all[e].fragment.keyAddress}; give the key published for that fragment, or the right fragment index`);
  }
  return key;
}

/**
 * @param {import('../bytes.js').ByteSource|AsyncIterable<Uint8Array>} source
 * @param {import('../format/manifest.js').Manifest} manifest
 * @param {number} e
 * @param {Uint8Array|string} k
 * @param {Sink} sink
 * @param {{ header?: import('../bytes.js').ByteSource }} options
 * @returns {Promise<DecryptedFragment>}
 */
async function decryptTo(source, manifest, e, k, sink, options) {
  const key = requireFragmentKey(manifest, e, k);
  const target = encryptedFragments(manifest)[e];
  const file = manifest.files[target.fileIndex];
  const what = `encrypted fragment ${e} (${file.path} fragment ${target.fragmentIndex}, bytes ${target.fragment.offset}..${target.fragment.offset + target.fragment.size})`;
  const identity = ageIdentity(key);
  try {
    let headerBytes = 0;
    if (file.media?.header) {
      if (!options.header) throw new TypeError(`${file.path} has a header segment: pass options.header (its fragment 0) so the sample plays`);
      const h0 = file.fragments[0];
      const hh = sha256.create();
      /** @type {Uint8Array[]} */
      const parts = [];
      for await (const c of chunksOf(options.header)) { hh.update(c); parts.push(c.slice()); headerBytes += c.length; }
      if (headerBytes !== h0.size || toHex(hh.digest()) !== h0.sha256) throw new ArchiveIntegrityError(`the header segment given for ${file.path} is not its fragment 0 (size or SHA-256 differs from the manifest)`);
      for (const p of parts) await sink.write(p);
    }
    const stored = await Sha256Stream.create(target.fragment.storedSize);
    let storedSize = 0;
    const hashed = (async function* () {
      for await (const c of chunksOf(source)) { stored.update(c); storedSize += c.length; yield c; }
    })();
    const plainHash = await Sha256Stream.create(target.fragment.size);
    let written = 0;
    for await (const c of decrypting(identity, hashed, what)) {
      written += c.length;
      if (written > target.fragment.size) throw new ArchiveIntegrityError(`${what} decrypts to more than its ${target.fragment.size} bytes`);
      plainHash.update(c);
      await sink.write(c);
    }
    const storedHex = await stored.hex();
    if (storedSize !== target.fragment.storedSize || storedHex !== target.fragment.sha256) {
      throw new ArchiveIntegrityError(`${what}: the stored bytes (${storedSize} bytes, SHA-256 ${storedHex}) are not the ones the manifest commits to; fetch the fragment again`);
    }
    if (written !== target.fragment.size) throw new ArchiveIntegrityError(`${what} holds ${written} bytes, the manifest says ${target.fragment.size}`);
    const plaintextSha256 = await plainHash.hex();
    const whole = file.fragments.length === 1;
    if (whole && plaintextSha256 !== file.sha256) {
      throw new ArchiveIntegrityError(`${what} decrypts to SHA-256 ${plaintextSha256} but the manifest commits to ${file.sha256} for the whole file; the release is suspect`);
    }
    await sink.close?.();
    return { e, path: file.path, fragmentIndex: target.fragmentIndex, offset: target.fragment.offset, size: target.fragment.size, plaintextSha256, fileHashVerified: whole, headerBytes };
  } catch (err) {
    try { await sink.abort?.(err); } catch { /* report the first error */ }
    throw err;
  } finally {
    identity.fill(0);
  }
}

/**
 * s as 32 bytes (a copy, wiped by the caller's function when done).
 * @param {Uint8Array|string} secret
 */
function secretBytes(secret) {
  const s = typeof secret === 'string' ? fromHex(secret) : secret instanceof Uint8Array ? secret.slice() : null;
  if (!s || s.length !== 32) throw new ArchiveKeyError('the release secret must be 32 bytes (64 hex digits, as the secret file\'s `secret` line)');
  try {
    nonZeroScalar(s, 'release secret');
  } catch (e) {
    throw new ArchiveKeyError(`the release secret is not a secp256k1 scalar: ${/** @type {Error} */ (e).message}`, { cause: e });
  }
  return s;
}

/**
 * Every fragment's age identity from s, after checking s is the manifest's S and derives every keyAddress.
 * @param {import('../format/manifest.js').Manifest} manifest
 * @param {Uint8Array} s
 * @returns {Uint8Array[]}
 */
function fragmentIdentities(manifest, s) {
  const S = compressed(mulG(nonZeroScalar(s, 'release secret')));
  if (!equalBytes(S, fromHex(manifest.secret.publicKey))) {
    throw new ArchiveKeyError(`the secret does not belong to this archive: its public key is ${toHex(S)} but the manifest's S is ${manifest.secret.publicKey}; use this release's secret file`);
  }
  const out = [];
  try {
    for (const x of encryptedFragments(manifest)) {
      const k = fragmentKey(s, x.e);
      try {
        const a = keyAddress(k);
        if (a !== x.fragment.keyAddress) {
          throw new ArchiveIntegrityError(`encrypted fragment ${x.e} (${x.path} fragment ${x.fragmentIndex}) has keyAddress ${x.fragment.keyAddress} but the release secret derives ${a}; the archive was not packed by a conforming packer (its fragment tree commits to keys nobody can reveal)`);
        }
        out.push(ageIdentity(k));
      } finally {
        k.fill(0);
      }
    }
  } catch (e) {
    for (const id of out) id.fill(0);
    throw e;
  }
  return out;
}

/** @param {import('./_scan.js').ScannedFragment} x */
function describe(x) {
  return `${x.file.path} fragment ${x.fragmentIndex}` + (x.e >= 0 ? ` (encrypted fragment ${x.e})` : '');
}

/**
 * The archive-level error for a fragment that does not open with its own key.
 * @param {string} what @param {AgeFormatError|AgeIntegrityError} e
 */
function decryptionFailed(what, e) {
  return new ArchiveIntegrityError(`${what} failed to decrypt and authenticate with its own key: ${e.message}; the archive may be corrupted or tampered with`, { cause: e });
}

/**
 * The plaintext of an age file, with failures named after the fragment.
 * @param {Uint8Array} identity
 * @param {AsyncIterable<Uint8Array>} stored
 * @param {string} what
 * @returns {AsyncGenerator<Uint8Array>}
 */
async function* decrypting(identity, stored, what) {
  /** @type {unknown} */
  let fromSource = null;
  const source = (async function* () {
    try {
      yield* stored;
    } catch (e) {
      fromSource = e; // the archive's own failure (truncation, stored hash): not the age layer's
      throw e;
    }
  })();
  try {
    yield* ageDecrypt(identity, source);
  } catch (e) {
    if (e !== fromSource && (e instanceof AgeFormatError || e instanceof AgeIntegrityError)) throw decryptionFailed(what, e);
    throw e;
  }
}

// Packs files into a release archive (spec/archive-format.md) in the browser, as a stream, byte
// for byte what the Java reference (ArchivePacker + ArchiveLayoutWriter) writes for the same inputs
// and randomness.
//
// Why two passes: manifest.json must be the first tar entry but commits to every file's and stored
// fragment's SHA-256, known only after encrypting everything. Java reserves the manifest's exact
// length (hashes are fixed-width hex), writes the fragments, and overwrites the manifest in place;
// a stream cannot seek back. So pass 1 reads every input once, hashes the plaintext, encrypts each
// encrypted fragment (age output is fixed by its key and the randomness drawn for it) and hashes
// the stored bytes, discarding them; it keeps per encrypted fragment only its 184-byte age header
// with nonce, the 64 random bytes drawn for it and a digest of its chunk tags. Pass 2 writes the
// manifest, then reads the inputs again and re-encrypts replaying those draws, which gives the
// same bytes. Memory is one 1 MiB block plus about 300 bytes per fragment, whatever the file sizes. An input that
// changes between the passes is caught before the stream ends: a preview by its SHA-256, an
// encrypted fragment (before its fragment is finished) by its Poly1305 tags (a changed plaintext changes them; comparing them
// costs nothing, where a third SHA-256 pass would cost a third of the time), and the stream fails.
//
// Where the output can seek (a file written through the File System Access API, OPFS, a disk),
// `onePass: true` does what Java does instead: the stream carries a placeholder manifest of the
// final length (zero hashes), the inputs are read and encrypted once, and the caller writes
// `result.manifestBytes` at `result.manifestOffset` when the stream has ended. The patched bytes
// are exactly the two-pass archive's; the work drops from two encryptions to one.
import { sha256 } from '../../vendor/noble.js';
import { toHex, equalBytes } from '../bytes.js';
import { encodeManifest, manifestHash, entryName, VERSION } from '../format/manifest.js';
import { tarHeader, tarPadding, TAR_END } from '../format/tar.js';
import { fragmentRoot } from '../crypto/fragment-tree.js';
import { ageEncryptor, AGE_CHUNK as CHUNK } from '../crypto/age.js';
import { ByteReader } from './_source.js';
import { Sha256Stream, CheckQueue } from './_digest.js';
import { planPack } from './_pack-plan.js';
import { dealSecret, deriveRecipients } from './_deal.js';
import { PackError } from './errors.js';
import { AgePool, POOLED_MAX } from './_age-pool.js';

/** Plaintext per encryption step: 16 whole age chunks. */
const BLOCK = 16 * CHUNK;
const TAG = 16;
/** manifest.json's bytes start after its one header block (its name is short and it is at most 16 MiB: no PAX header). */
const MANIFEST_OFFSET = 512;

/**
 * How a file is cut: `'whole'` (or omitted) for one fragment, `{ bytes: N }` for fragments of N
 * bytes (the last shorter), a media cutter's plan as the format twin makes it (`cutMp3`: format,
 * header, segments), or explicit fragments tiling the file with their media `start` and
 * `duration` in microseconds and `media` ({format, header}).
 * @typedef {'whole' | { bytes: number } | import('../format/media.js').MediaPlan | { fragments: Array<{ offset: number, size: number, start?: number, duration?: number }>, media?: { format: string, header: boolean } }} Cut
 */

/**
 * One input file. `source()` is called once per pass (twice) and must give the same bytes each time.
 * @typedef {object} PackFile
 * @property {string} path the archive path (spec section 3)
 * @property {string} [mediaType] defaults to the type the name's extension gives
 * @property {number} size bytes
 * @property {() => import('../bytes.js').ByteSource} source the file's bytes (a Blob, a ReadableStream, an async iterable ...)
 * @property {Cut} [cut]
 * @property {Set<number>|number[]} [previews] fragment indices stored as plaintext
 */

/**
 * What a pack produced. The caller owns `secret` (s, never written into the archive): save it, then wipe it.
 * @typedef {object} PackResult
 * @property {import('../format/manifest.js').Manifest} manifest
 * @property {Uint8Array} manifestBytes its canonical bytes, the archive's first entry
 * @property {number} manifestOffset where they start in the archive (with `onePass`, write them there: the stream held a placeholder)
 * @property {string} manifestHash SHA-256 of them, hex: what the release contract records
 * @property {Uint8Array} secret s, 32 bytes big-endian
 * @property {string} fragmentRoot the fragment tree's root, 0x + 64 hex, for the contract
 * @property {number} fragmentCount F, the number of encrypted fragments
 * @property {number} archiveSize bytes of the whole archive
 */

/**
 * @typedef {object} PackOptions
 * @property {PackFile[]} files in archive order
 * @property {Array<{ threshold: number, keyholders: Array<string|Uint8Array> }>} groups each keyholder a release public key (33 bytes, or hex)
 * @property {{ chainId: number, factory: string, release: string, token: string, goal: string|bigint, artistFee: string|bigint, enrolDeadline: number, pledgeDeadline: number, revealWindow: number, sampleCount?: number }} terms
 * @property {string} license
 * @property {number} [sampleCount] overrides terms.sampleCount; default 3
 * @property {{ bytes(n: number): Uint8Array }} random s, the VSS coefficients, the share envelopes and the age keys are drawn from it in the Java reference's order
 * @property {(done: number, total: number, phase: 'hashing'|'writing') => void} [onProgress] plaintext bytes over both passes (total = twice the input size; with onePass, the input size)
 * @property {boolean} [onePass] read and encrypt once, streaming a placeholder manifest the caller overwrites with result.manifestBytes at result.manifestOffset (for outputs that can seek)
 */

/**
 * Packs `files` for the keyholder `groups`: draws s, shares it to every group, derives one key per
 * encrypted fragment, and streams the archive. Nothing is read until the stream is pulled; `result`
 * settles when the stream has given its last byte (or failed: then discard what it gave).
 * @param {PackOptions} options
 * @returns {{ stream: ReadableStream<Uint8Array>, result: Promise<PackResult> }}
 */
export function packArchive(options) {
  const plan = planPack(options);
  /** @type {(r: PackResult) => void} */
  let resolve;
  /** @type {(e: unknown) => void} */
  let reject;
  const result = new Promise((res, rej) => { resolve = res; reject = rej; });
  result.catch(() => {}); // a caller reading only the stream sees the error there
  const it = writeArchive(plan, options, (r) => resolve(r));
  const stream = new ReadableStream({
    async pull(controller) {
      try {
        const { done, value } = await it.next();
        if (done) controller.close(); else controller.enqueue(value);
      } catch (e) {
        reject(e);
        controller.error(e);
      }
    },
    async cancel(reason) {
      reject(new PackError(`the archive stream was cancelled (${reason ?? 'no reason given'}); nothing was packed`, 'cancelled'));
      await it.return(undefined);
    },
  }, { highWaterMark: 0 }); // pulled only when read: nothing is packed ahead of the consumer
  return { stream, result };
}

/**
 * @param {import('./_pack-plan.js').PackPlan} plan
 * @param {PackOptions} o
 * @param {(r: PackResult) => void} done
 * @returns {AsyncGenerator<Uint8Array, void, void>}
 */
async function* writeArchive(plan, o, done) {
  const { secret, info, groups } = dealSecret(plan, o.random);
  let finished = false;
  /** @type {AgePool|null} */
  let pool = null;
  try {
    const { addresses, recipients } = deriveRecipients(secret, plan.F);
    let e = 0;
    for (const f of plan.files) for (const x of f.fragments) if (!x.preview) x.keyAddress = addresses[e++];
    const progress = o.onProgress ?? (() => {});
    const total = o.onePass ? plan.total : 2 * plan.total;
    const counter = { done: 0 };
    /** @type {import('../format/manifest.js').Manifest} */
    const manifest = { version: VERSION, terms: plan.terms, license: o.license, secret: info, groups, files: plan.files };
    // Checked before any input is read; hashes are fixed-width, so the placeholder has the final length.
    const placeholder = encoded(manifest);
    /** @type {Array<{ header: Uint8Array, draws: Uint8Array[], tags: Uint8Array }>} */
    const sealed = [];
    const checks = new CheckQueue();
    let size = 0;
    const out = (/** @type {Uint8Array} */ b) => { size += b.length; return b; };
    if (o.onePass) {
      yield out(tarHeader('manifest.json', placeholder.length));
      yield out(placeholder);
      yield out(tarPadding(placeholder.length));
      pool = AgePool.start();
      for (let fi = 0; fi < plan.files.length; fi++) {
        for await (const b of sealFile(plan.files[fi], fi, o.files[fi], recipients, sealed, o.random, true, (n) => { counter.done += n; progress(counter.done, total, 'writing'); }, checks, pool)) yield out(b);
      }
      await checks.drain();
      yield out(TAR_END);
      const manifestBytes = encoded(manifest);
      if (manifestBytes.length !== placeholder.length) throw new Error(`manifest length changed from ${placeholder.length} to ${manifestBytes.length} bytes; this is a bug`);
      finished = true;
      done({ manifest, manifestBytes, manifestHash: manifestHash(manifestBytes), manifestOffset: MANIFEST_OFFSET, secret, fragmentRoot: fragmentRoot(addresses), fragmentCount: plan.F, archiveSize: size });
      return;
    }
    // Pass 1: hashes and the age headers, drawn fragment by fragment in archive order as Java draws them.
    for (let fi = 0; fi < plan.files.length; fi++) {
      for await (const _ of sealFile(plan.files[fi], fi, o.files[fi], recipients, sealed, o.random, false, (n) => { counter.done += n; progress(counter.done, total, 'hashing'); }, checks)) { /* only the hashes */ }
    }
    await checks.drain();
    const manifestBytes = encoded(manifest);
    // Pass 2: the archive itself.
    yield out(tarHeader('manifest.json', manifestBytes.length));
    yield out(manifestBytes);
    yield out(tarPadding(manifestBytes.length));
    let enc = 0;
    for (let fi = 0; fi < plan.files.length; fi++) {
      const f = plan.files[fi];
      const reader = new ByteReader(o.files[fi].source());
      try {
        for (let j = 0; j < f.fragments.length; j++) {
          const x = f.fragments[j];
          yield out(tarHeader(entryName(fi, j, x, f.mediaType), x.storedSize));
          if (x.preview) {
            const h = await Sha256Stream.create(x.size);
            for await (const v of take(reader, x.size, f.path)) {
              h.update(v);
              yield out(v);
              counter.done += v.length; progress(counter.done, total, 'writing');
            }
            const want = x.sha256;
            await checks.add(h.hex().then((got) => { if (got !== want) throw changed(f.path, j); }));
          } else {
            const s = sealed[enc];
            // The same draws give the same file key, ephemeral key and nonce: the same age file.
            const age = ageEncryptor({ recipient: recipients[enc++], random: replaying(s.draws) });
            try {
              if (!equalBytes(age.header, s.header)) throw new Error('age header differs between the passes; this is a bug');
              yield out(age.header);
              const tags = sha256.create();
              for await (const block of blocks(reader, x.size, f.path)) {
                const ct = age.encrypt(block.plain, block.last);
                hashTags(tags, ct);
                yield out(ct);
                counter.done += block.plain.length; progress(counter.done, total, 'writing');
              }
              if (!equalBytes(tags.digest(), s.tags)) throw changed(f.path, j);
            } finally {
              age.destroy();
              for (const d of s.draws) d.fill(0);
            }
          }
          yield out(tarPadding(x.storedSize));
        }
        await requireEnd(reader, f.path, f.size);
      } finally {
        await reader.close();
      }
    }
    await checks.drain(); // every preview re-read the same before the archive is declared complete
    yield out(TAR_END);
    finished = true;
    done({ manifest, manifestBytes, manifestHash: manifestHash(manifestBytes), manifestOffset: MANIFEST_OFFSET, secret, fragmentRoot: fragmentRoot(addresses), fragmentCount: plan.F, archiveSize: size });
  } finally {
    pool?.close();
    if (!finished) secret.fill(0);
  }
}

/**
 * One file's tar entries, hashed on the way: its SHA-256, each fragment's stored SHA-256, and for
 * each encrypted fragment its age header (randomness drawn now, in archive order) recorded in
 * `sealed` with a digest of its chunk tags. With `keep` false the yielded buffers are reused (the
 * caller only wants the hashes).
 * @param {import('../format/manifest.js').FileEntry} f
 * @param {number} fi
 * @param {PackFile} input
 * @param {string[]} recipients
 * @param {Array<{ header: Uint8Array, draws: Uint8Array[], tags: Uint8Array }>} sealed
 * @param {{ bytes(n: number): Uint8Array }} random
 * @param {boolean} keep
 * @param {(n: number) => void} advanced
 * @param {CheckQueue} checks the hashes settle through it: drain it before reading them
 * @param {AgePool|null} [pool] age workers for whole fragments (one pass only: their draws are not recorded)
 * @returns {AsyncGenerator<Uint8Array>}
 */
async function* sealFile(f, fi, input, recipients, sealed, random, keep, advanced, checks, pool = null) {
  const reader = new ByteReader(input.source());
  const fileHash = await Sha256Stream.create(f.size);
  const scratch = keep ? null : new Uint8Array(BLOCK + TAG * (BLOCK / CHUNK));
  // With a pool (one pass, in a page), whole encrypted fragments are sealed and their stored bytes
  // hashed by the age workers while this thread reads on; their entries are yielded in order.
  /** @type {Array<{ x: import('../format/manifest.js').Fragment, j: number, job: ReturnType<AgePool['seal']> }>} */
  const pending = [];
  const settleOldest = async function* () {
    const { x, j, job } = /** @type {(typeof pending)[number]} */ (pending.shift());
    const { sealed: body, storedSha256 } = await job;
    x.sha256 = storedSha256;
    yield tarHeader(entryName(fi, j, x, f.mediaType), x.storedSize);
    yield body;
    yield tarPadding(x.storedSize);
    advanced(x.size);
  };
  try {
    for (let j = 0; j < f.fragments.length; j++) {
      const x = f.fragments[j];
      if (pool && !x.preview && x.storedSize <= POOLED_MAX) {
        const plain = await reader.read(x.size);
        if (plain.length !== x.size) throw new PackError(`${f.path} ended ${x.size - plain.length} bytes early (it changed while packing, or its size is wrong); pack again`, 'input-changed');
        fileHash.update(plain);
        // the draws ageEncryptor takes, in its order (file key, ephemeral secret, payload nonce), made here so a seeded source stays in archive order
        const draws = [random.bytes(16), random.bytes(32), random.bytes(16)];
        const job = pool.seal(recipients[sealed.length], draws, plain);
        for (const d of draws) d.fill(0); // the pool took copies
        job.catch(() => {}); // awaited in order below (or dropped if an earlier one fails)
        sealed.push(NOT_REPLAYED);
        pending.push({ x, j, job });
        if (pending.length >= pool.depth) yield* settleOldest();
        continue;
      }
      while (pending.length > 0) yield* settleOldest();
      yield tarHeader(entryName(fi, j, x, f.mediaType), x.storedSize);
      const stored = await Sha256Stream.create(x.storedSize);
      if (x.preview) {
        for await (const v of take(reader, x.size, f.path)) {
          fileHash.update(v); stored.update(v);
          yield v;
          advanced(v.length);
        }
      } else {
        /** @type {Uint8Array[]} */
        const draws = [];
        const age = ageEncryptor({ recipient: recipients[sealed.length], random: recording(random, draws) });
        try {
          stored.update(age.header);
          yield age.header;
          const tags = sha256.create();
          for await (const block of blocks(reader, x.size, f.path)) {
            fileHash.update(block.plain);
            const out = scratch ?? cipherBuffer(block.plain.length);
            const c = out.subarray(0, age.encryptInto(block.plain, out, block.last));
            stored.update(c);
            hashTags(tags, c);
            yield c;
            advanced(block.plain.length);
          }
          sealed.push({ header: age.header, draws, tags: tags.digest() });
        } finally {
          age.destroy();
        }
      }
      await checks.add(stored.hex().then((h) => { x.sha256 = h; }));
      yield tarPadding(x.storedSize);
    }
    while (pending.length > 0) yield* settleOldest();
    await requireEnd(reader, f.path, f.size);
    await checks.add(fileHash.hex().then((h) => { f.sha256 = h; }));
  } finally {
    await reader.close();
  }
}

/** What one pass keeps of a fragment sealed in a worker: nothing, as no second pass replays it. */
const NOT_REPLAYED = Object.freeze({ header: new Uint8Array(0), draws: [], tags: new Uint8Array(0) });

/**
 * A random source that also keeps a copy of every draw, for pass 2 to replay.
 * @param {{ bytes(n: number): Uint8Array }} random
 * @param {Uint8Array[]} log
 */
function recording(random, log) {
  return { bytes(/** @type {number} */ n) { const b = random.bytes(n); log.push(b.slice()); return b; } };
}

/**
 * The draws `recording` kept, in order.
 * @param {Uint8Array[]} log
 */
function replaying(log) {
  let i = 0;
  return {
    bytes(/** @type {number} */ n) {
      const b = log[i++];
      if (!b || b.length !== n) throw new Error('pass 2 drew other randomness than pass 1; this is a bug');
      return b.slice();
    },
  };
}

/** @param {number} plainLength */
function cipherBuffer(plainLength) {
  return new Uint8Array(plainLength + TAG * Math.max(1, Math.ceil(plainLength / CHUNK)));
}

/**
 * The manifest's canonical bytes; a manifest the format refuses is a PackError.
 * @param {import('../format/manifest.js').Manifest} manifest
 */
function encoded(manifest) {
  try {
    return encodeManifest(manifest);
  } catch (err) {
    throw new PackError(`the inputs make an invalid manifest: ${/** @type {Error} */ (err).message}`, 'pack-input', { cause: err });
  }
}

/**
 * The next `n` bytes of the file as views.
 * @param {ByteReader} reader
 * @param {number} n
 * @param {string} path
 */
async function* take(reader, n, path) {
  let left = n;
  while (left > 0) {
    const v = await reader.next(Math.min(left, BLOCK));
    if (v === null) throw new PackError(`${path} ended ${left} bytes early (it changed while packing, or its size is wrong); pack again`, 'input-changed');
    left -= v.length;
    yield v;
  }
}

/**
 * The next `n` bytes in blocks of whole age chunks (BLOCK bytes, the last shorter; one empty block for n = 0).
 * @param {ByteReader} reader
 * @param {number} n
 * @param {string} path
 * @returns {AsyncGenerator<{ plain: Uint8Array, last: boolean }>}
 */
async function* blocks(reader, n, path) {
  const buf = new Uint8Array(Math.min(BLOCK, Math.max(n, 1)));
  let left = n;
  do {
    const want = Math.min(BLOCK, left);
    let fill = 0;
    /** @type {Uint8Array|null} */
    let direct = null;
    while (fill < want) {
      const v = await reader.next(want - fill);
      if (v === null) throw new PackError(`${path} ended ${left - fill} bytes early (it changed while packing, or its size is wrong); pack again`, 'input-changed');
      if (fill === 0 && v.length === want) { direct = v; fill = want; break; } // a whole block in one source chunk: no copy
      buf.set(v, fill);
      fill += v.length;
    }
    left -= want;
    yield { plain: direct ?? buf.subarray(0, want), last: left === 0 };
  } while (left > 0);
}

/**
 * Hashes the Poly1305 tag of every chunk in `ct` (whole chunks, the last possibly shorter).
 * @param {{ update(b: Uint8Array): unknown }} h
 * @param {Uint8Array} ct
 */
function hashTags(h, ct) {
  for (let end = Math.min(ct.length, CHUNK + TAG); ; end = Math.min(ct.length, end + CHUNK + TAG)) {
    h.update(ct.subarray(end - TAG, end));
    if (end === ct.length) break;
  }
}

/**
 * @param {ByteReader} reader
 * @param {string} path
 * @param {number} size
 */
async function requireEnd(reader, path, size) {
  if ((await reader.next(1)) !== null) throw new PackError(`${path} is longer than its ${size} bytes (it changed while packing, or its size is wrong); pack again`, 'input-changed');
}

/** @param {string} path @param {number} j */
function changed(path, j) {
  return new PackError(`${path} changed while packing (fragment ${j} read differently the second time); the archive stream is void: pack again`, 'input-changed');
}


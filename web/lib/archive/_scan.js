// One sequential pass over an archive (the Java reference's ArchiveScanner): the manifest first,
// then exactly the fragment entries it names, in order, with the sizes it states, then the end
// marker. Each fragment's stored bytes stream to the caller and are hashed on the way; the hash is
// checked against the manifest as soon as the digest settles (_digest.js: off the JavaScript thread
// where it can), at the latest before the scan ends, and `body.verified` settles with it, so a
// caller awaits it before it treats the fragment as done. Tar and manifest errors become ArchiveFormatError.
import { Sha256Stream, CheckQueue } from './_digest.js';
import { parseManifest, manifestHash, entryName, MANIFEST_ENTRY, MAX_MANIFEST_BYTES } from '../format/manifest.js';
import { readTar } from '../format/tar.js';
import { chunksOf } from '../bytes.js';
import { ArchiveFormatError, ArchiveIntegrityError } from './errors.js';

/**
 * A fragment as it streams by. `body` gives its stored bytes; whatever the caller leaves unread
 * the scanner reads (and hashes) before the next fragment.
 * @typedef {object} ScannedFragment
 * @property {number} fileIndex
 * @property {number} fragmentIndex
 * @property {number} e its index among encrypted fragments, -1 for a preview
 * @property {import('../format/manifest.js').FileEntry} file
 * @property {import('../format/manifest.js').Fragment} fragment
 * @property {string} name its tar entry name
 * @property {AsyncIterable<Uint8Array> & { verified: Promise<void>, whole(into?: Uint8Array): Promise<Uint8Array>, hashedAs(hex: Promise<string>): void }} body the stored bytes, streamed, or read `whole` and then hashed by the caller (`hashedAs`); `verified` rejects with ArchiveIntegrityError if their SHA-256 is not the manifest's (the scan fails then too, at the latest before it ends)
 */

/**
 * Opens an archive: reads and checks manifest.json (the first entry).
 * @param {import('../bytes.js').ByteSource} source
 * @returns {Promise<{ manifest: import('../format/manifest.js').Manifest, manifestBytes: Uint8Array, manifestHash: string, fragments: () => AsyncGenerator<ScannedFragment, void, void> }>}
 */
export async function openArchive(source) {
  const tar = readTar(chunksOf(source));
  const first = await step(tar);
  if (first === null) throw new ArchiveFormatError('the archive is empty: no manifest.json entry');
  if (first.name !== MANIFEST_ENTRY) {
    await tar.return(undefined);
    throw new ArchiveFormatError(`the first entry is '${first.name}'; an Unveil archive starts with ${MANIFEST_ENTRY}`);
  }
  if (first.size > MAX_MANIFEST_BYTES) {
    await tar.return(undefined);
    throw new ArchiveFormatError(`manifest.json is ${first.size} bytes; the limit is ${MAX_MANIFEST_BYTES}`);
  }
  const manifestBytes = new Uint8Array(first.size);
  let o = 0;
  await guarded(async () => { for await (const c of first.body) { manifestBytes.set(c, o); o += c.length; } });
  let manifest;
  try {
    manifest = parseManifest(manifestBytes);
  } catch (e) {
    await tar.return(undefined);
    throw new ArchiveFormatError(`manifest.json is invalid: ${/** @type {Error} */ (e).message}`, { cause: e });
  }
  return { manifest, manifestBytes, manifestHash: manifestHash(manifestBytes), fragments: () => scan(tar, manifest) };
}

/**
 * @param {AsyncGenerator<import('../format/tar.js').TarEntry>} tar
 * @param {import('../format/manifest.js').Manifest} manifest
 * @returns {AsyncGenerator<ScannedFragment, void, void>}
 */
async function* scan(tar, manifest) {
  const checks = new CheckQueue();
  try {
    let e = 0;
    for (let fi = 0; fi < manifest.files.length; fi++) {
      const file = manifest.files[fi];
      for (let j = 0; j < file.fragments.length; j++) {
        const fragment = file.fragments[j];
        const name = entryName(fi, j, fragment, file.mediaType);
        const entry = await step(tar);
        if (entry === null) throw new ArchiveFormatError(`the archive ends before entry '${name}' (${file.path} fragment ${j}); it is truncated or incomplete`);
        if (entry.name !== name) throw new ArchiveFormatError(`entry '${entry.name}' at offset ${entry.headerOffset} is unexpected; the manifest says the next entry is '${name}'`);
        if (entry.size !== fragment.storedSize) throw new ArchiveFormatError(`entry '${name}' is ${entry.size} bytes but the manifest says ${fragment.storedSize}`);
        const body = new HashedBody(entry.body, fragment.storedSize, fragment.sha256, `entry '${name}' (${file.path} fragment ${j})`);
        yield { fileIndex: fi, fragmentIndex: j, e: fragment.preview ? -1 : e, file, fragment, name, body };
        await body.finish();
        await checks.add(body.verified);
        if (!fragment.preview) e++;
      }
    }
    await checks.drain();
    const extra = await step(tar);
    if (extra !== null) throw new ArchiveFormatError(`entry '${extra.name}' is not in the manifest; the archive holds more than it declares`);
  } finally {
    await tar.return(undefined);
  }
}

/** A fragment's stored bytes, hashed as they pass; iterating it more than once continues where it stopped. */
class HashedBody {
  /**
   * @param {AsyncIterable<Uint8Array>} body
   * @param {number} size
   * @param {string} expected
   * @param {string} what
   */
  constructor(body, size, expected, what) {
    this.it = body[Symbol.asyncIterator]();
    this.size = size;
    /** @type {Sha256Stream|null} made on the first read: a body read `whole` is hashed elsewhere */
    this.hash = null;
    this.expected = expected;
    this.what = what;
    this.ended = false;
    /** @type {(p: Promise<void>) => void} */
    let settle;
    /** Settles once the stored bytes' SHA-256 is checked: rejects with ArchiveIntegrityError if it is not the manifest's. */
    this.verified = new Promise((resolve) => { settle = resolve; }).then((/** @type {Promise<void>} */ p) => p);
    this.verified.catch(() => {}); // the scan awaits it; a caller need not
    this.settle = settle;
  }

  /** @returns {Promise<IteratorResult<Uint8Array>>} */
  async pull() {
    if (this.ended) return { done: true, value: undefined };
    this.hash ??= await Sha256Stream.create(this.size);
    const r = await guarded(() => this.it.next());
    if (!r.done) { this.hash.update(r.value); return r; }
    this.ended = true;
    this.hashedAs(this.hash.hex());
    return r;
  }

  /**
   * The whole body in one buffer of its own, not hashed here: the caller hashes it (in a worker)
   * and hands the digest to `hashedAs`, which the scan then checks as for any body.
   * @param {Uint8Array} [into] a buffer of the body's size to fill (otherwise a new one)
   * @returns {Promise<Uint8Array>}
   */
  async whole(into) {
    if (this.hash !== null || this.ended) throw new Error('whole() reads a body from its start, once; this is a bug');
    const buf = into ?? new Uint8Array(this.size);
    let n = 0;
    for (;;) {
      const r = await guarded(() => this.it.next());
      if (r.done) break;
      buf.set(r.value, n); // the tar reader yields exactly the entry's size
      n += r.value.length;
    }
    this.ended = true;
    return buf;
  }

  /**
   * Settles `verified` with the check of the body's SHA-256.
   * @param {Promise<string>} actualHex
   */
  hashedAs(actualHex) {
    this.settle(actualHex.then((actual) => {
      if (actual !== this.expected) {
        throw new ArchiveIntegrityError(`${this.what} has SHA-256 ${actual} but the manifest commits to ${this.expected}; the archive was corrupted or tampered with`);
      }
    }));
  }

  /** Reads and hashes the rest. */
  async finish() {
    while (!(await this.pull()).done) { /* the unread rest still counts toward the hash */ }
  }

  [Symbol.asyncIterator]() {
    return { next: () => this.pull(), return: async () => ({ done: true, value: undefined }) };
  }
}

/**
 * @param {AsyncGenerator<import('../format/tar.js').TarEntry>} tar
 * @returns {Promise<import('../format/tar.js').TarEntry|null>}
 */
async function step(tar) {
  const r = await guarded(() => tar.next());
  return r.done ? null : r.value;
}

/**
 * Runs `f`, turning tar-level errors into ArchiveFormatError.
 * @template T
 * @param {() => Promise<T>} f
 * @returns {Promise<T>}
 */
async function guarded(f) {
  try {
    return await f();
  } catch (e) {
    if (e && /** @type {any} */ (e).name === 'TarError') throw new ArchiveFormatError(`${/** @type {Error} */ (e).message}; the archive is malformed or truncated`, { cause: e });
    throw e;
  }
}

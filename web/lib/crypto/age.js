// age v1 (C2SP age.md) with exactly one X25519 recipient stanza and no armor: what every
// encrypted fragment is (spec/archive-format.md section 6). Written here rather than through
// typage for three reasons: packing must be deterministic given injected randomness (typage draws
// its own), decryption must stream chunk by chunk with few copies, and a player needs random
// access to one 64 KiB chunk (_age-chunk-reader.js). Byte-compatible with the Java reference's
// AgeEncryptor, AgeHeader, AgeDecryptingChannel and AgeChunkReader; strict as the CCTV age
// testkit requires.
import { hkdf, hmac, sha256, x25519 } from '../../vendor/noble.js';
import { aeadSeal } from './aead.js';
import { base64nopad } from '../../vendor/scure.js';
import { utf8, concat } from '../bytes.js';
import { parseAgeRecipient } from './fragment-keys.js';
import { AgeFormatError, AgeIntegrityError } from './errors.js';
import {
  AGE_CHUNK, TAG, NONCE, CHUNK_CT, MAX_HEADER, VERSION_LINE, X25519_INFO, HEADER_INFO, ZERO_NONCE,
  chunkNonce, sharedSecret, parseAgeHeader, openHeader, payloadKey, openChunk,
} from './_age-format.js';

export { AGE_CHUNK, ageStoredSize, parseAgeHeader } from './_age-format.js';
export { ageChunkReader } from './_age-chunk-reader.js';

/** Chunks handled per step of the streams (1 MiB): big input pieces are cut so memory stays flat. */
const BATCH_CHUNKS = 16;
const EMPTY = new Uint8Array(0);

/**
 * An age encryptor to one X25519 recipient. Draws the 16-byte file key, the 32-byte ephemeral
 * secret and the 16-byte payload nonce from `random` in that order, as Java's AgeEncryptor, so a
 * seeded source gives the same bytes.
 *
 * Use: write `header` (header and payload nonce), then the results of `encrypt` over consecutive
 * blocks of whole 64 KiB chunks, the last call with `last = true` (any length, 0 only for an empty file).
 * @param {{ recipient: string, random: import('./random.js').RandomSource }} options
 * @returns {{ header: Uint8Array, encrypt(plain: Uint8Array, last: boolean): Uint8Array, encryptInto(plain: Uint8Array, out: Uint8Array, last: boolean): number, destroy(): void }}
 */
export function ageEncryptor({ recipient, random }) {
  const recipientKey = parseAgeRecipient(recipient);
  if (!random || typeof random.bytes !== 'function') throw new TypeError('a random source { bytes(n) } is required');
  const fileKey = random.bytes(16);
  const ephemeral = random.bytes(32);
  const share = x25519.getPublicKey(ephemeral);
  const shared = sharedSecret(ephemeral, recipientKey);
  ephemeral.fill(0);
  if (shared === null) throw new RangeError(`age recipient ${recipient} is a low-order point; use a real X25519 recipient`);
  const wrapKey = hkdf(sha256, shared, concat(share, recipientKey), X25519_INFO, 32);
  shared.fill(0);
  const body = aeadSeal(wrapKey, ZERO_NONCE, fileKey);
  wrapKey.fill(0);
  const macInput = utf8(`${VERSION_LINE}\n-> X25519 ${base64nopad.encode(share)}\n${base64nopad.encode(body)}\n---`);
  const macKey = hkdf(sha256, fileKey, EMPTY, HEADER_INFO, 32);
  const mac = hmac(sha256, macKey, macInput);
  macKey.fill(0);
  const nonce = random.bytes(NONCE);
  const header = concat(macInput, utf8(` ${base64nopad.encode(mac)}\n`), nonce);
  let key = payloadKey(fileKey, nonce); // wipes fileKey
  let nextChunk = 0;
  let finished = false;

  /**
   * @param {Uint8Array} plain
   * @param {Uint8Array} out
   * @param {boolean} last
   */
  function encryptInto(plain, out, last) {
    if (finished) throw new Error('age payload already finished (or the encryptor destroyed)');
    const len = plain.length;
    if (!last && (len === 0 || len % AGE_CHUNK !== 0)) throw new RangeError(`a non-final block must be whole 64 KiB chunks, got ${len} bytes`);
    // age forbids an empty final chunk after full ones; callers end on a non-empty block
    if (last && len === 0 && nextChunk > 0) throw new RangeError(`empty final block after ${nextChunk} chunks`);
    const need = len + TAG * Math.max(1, Math.ceil(len / AGE_CHUNK));
    if (out.length < need) throw new RangeError(`output needs ${need} bytes, has ${out.length}`);
    let pos = 0;
    let written = 0;
    do {
      const n = Math.min(AGE_CHUNK, len - pos);
      const finalChunk = last && pos + n === len;
      aeadSeal(key, chunkNonce(nextChunk++, finalChunk), plain.subarray(pos, pos + n), out.subarray(written, written + n + TAG));
      written += n + TAG;
      pos += n;
    } while (pos < len);
    finished = last;
    return written;
  }

  return {
    header,
    encryptInto,
    encrypt(plain, last) {
      const out = new Uint8Array(plain.length + TAG * Math.max(1, Math.ceil(plain.length / AGE_CHUNK)));
      encryptInto(plain, out, last);
      return out;
    },
    destroy() {
      key.fill(0);
      key = EMPTY;
      finished = true;
    },
  };
}

/**
 * Encrypts a stream of plaintext pieces of any size into an age file: yields the header, then
 * ciphertext blocks. Holds back at most one chunk (a chunk is final only when the input ends).
 * @param {{ recipient: string, random: import('./random.js').RandomSource }} options
 * @param {AsyncIterable<Uint8Array>|Iterable<Uint8Array>} source
 * @returns {AsyncGenerator<Uint8Array>}
 */
export async function* ageEncrypt(options, source) {
  const enc = ageEncryptor(options);
  try {
    yield enc.header;
    const pend = new Uint8Array(AGE_CHUNK);
    let pl = 0;
    for await (const piece of source) {
      let pos = 0;
      while (pos < piece.length) {
        if (pl === AGE_CHUNK) { yield enc.encrypt(pend, false); pl = 0; }
        if (pl === 0 && piece.length - pos > AGE_CHUNK) {
          // whole chunks straight from the input, keeping one back in case the input ends here
          const n = Math.min(BATCH_CHUNKS, Math.floor((piece.length - pos - 1) / AGE_CHUNK)) * AGE_CHUNK;
          yield enc.encrypt(piece.subarray(pos, pos + n), false);
          pos += n;
          continue;
        }
        const n = Math.min(AGE_CHUNK - pl, piece.length - pos);
        pend.set(piece.subarray(pos, pos + n), pl);
        pl += n;
        pos += n;
      }
    }
    yield enc.encrypt(pend.subarray(0, pl), true);
  } finally {
    enc.destroy();
  }
}

/**
 * Reads pieces from the source until the header and the payload nonce are in (or it ends). The
 * pieces are gathered in a buffer that doubles (linear even one byte at a time), and each line is
 * scanned once for the "---" that ends the header.
 * @param {AsyncIterator<Uint8Array>} it
 * @returns {Promise<{ header: import('./_age-format.js').AgeHeader, buf: Uint8Array }>}
 */
async function readHeader(it) {
  let owned = EMPTY; // a buffer of ours, once a second piece arrives
  let buf = EMPTY; // the bytes so far (a view of `owned`, or the first piece itself)
  let lineStart = 0; // the first line not yet known to be complete
  let complete = false; // the "---" line is in
  let ended = false;
  /** @type {import('./_age-format.js').AgeHeader|null} */
  let header = null;
  for (;;) {
    while (!complete && lineStart < Math.min(buf.length, MAX_HEADER)) {
      const nl = buf.indexOf(0x0a, lineStart);
      if (nl < 0) break;
      complete = nl - lineStart >= 3 && buf[lineStart] === 0x2d && buf[lineStart + 1] === 0x2d && buf[lineStart + 2] === 0x2d;
      lineStart = nl + 1;
    }
    if (header === null && (complete || ended || buf.length >= MAX_HEADER)) header = parseAgeHeader(buf);
    if (header !== null && (ended || buf.length >= header.length + NONCE)) return { header, buf };
    // What came so far is copied before the next pull: a source may reuse its chunk's buffer.
    if (buf.length > 0 && buf.buffer !== owned.buffer) {
      if (owned.length < buf.length) owned = new Uint8Array(Math.max(4096, 2 * buf.length));
      owned.set(buf);
      buf = owned.subarray(0, buf.length);
    }
    const r = await it.next();
    if (r.done) {
      ended = true;
    } else if (buf.length === 0) {
      buf = r.value;
    } else {
      if (owned.length < buf.length + r.value.length) {
        const grown = new Uint8Array(2 * (buf.length + r.value.length));
        grown.set(buf);
        owned = grown;
      }
      owned.set(r.value, buf.length);
      buf = owned.subarray(0, buf.length + r.value.length);
    }
  }
}

/**
 * @param {AsyncIterable<Uint8Array>|Iterable<Uint8Array>|Uint8Array} source
 * @returns {AsyncIterator<Uint8Array>}
 */
function iteratorOf(source) {
  if (source instanceof Uint8Array) source = [source];
  if (source && Symbol.asyncIterator in source) return source[Symbol.asyncIterator]();
  if (source && Symbol.iterator in source) return toAsync(/** @type {Iterable<Uint8Array>} */ (source));
  throw new TypeError('an age source is an (async) iterable of Uint8Array pieces');
}

/**
 * Decrypts an age file as it streams in, yielding plaintext as chunks authenticate. Strict: the
 * header grammar is checked, then the header MAC, before any payload; every chunk is
 * authenticated, the last must carry the final flag and no other may. Chunks that authenticated
 * before a failure are yielded, then the failure is thrown (the CCTV testkit's behaviour): a
 * consumer must not trust (or commit) the output until the generator finishes.
 * @param {Uint8Array} identity the 32-byte X25519 secret
 * @param {AsyncIterable<Uint8Array>|Iterable<Uint8Array>|Uint8Array} source the age file, in pieces of any size
 * @returns {AsyncGenerator<Uint8Array>}
 * @throws {AgeFormatError} a malformed header (or no payload nonce)
 * @throws {AgeIntegrityError} a failed MAC or chunk, truncation, trailing data; AgeNoIdentityError if sealed to another recipient
 */
export async function* ageDecrypt(identity, source) {
  yield* await openAgeDecryption(identity, source);
}

/**
 * The header half of `ageDecrypt`, for callers that must know the file opens (grammar, identity,
 * MAC, nonce) before streaming: resolves once it does, to the generator of the payload's
 * plaintext. Iterate that generator to its end (or call its `return()`): it holds the payload key
 * and the source until then.
 * @param {Uint8Array} identity the 32-byte X25519 secret
 * @param {AsyncIterable<Uint8Array>|Iterable<Uint8Array>|Uint8Array} source
 * @returns {Promise<AsyncGenerator<Uint8Array>>}
 * @throws {AgeFormatError|AgeIntegrityError} as `ageDecrypt`, for the header
 */
export async function openAgeDecryption(identity, source) {
  const it = iteratorOf(source);
  let key;
  let rest;
  try {
    const { header, buf } = await readHeader(it);
    const fileKey = openHeader(header, identity);
    if (buf.length - header.length < NONCE) {
      fileKey.fill(0);
      throw new AgeFormatError('age file ends inside its payload nonce; it is truncated');
    }
    key = payloadKey(fileKey, buf.subarray(header.length, header.length + NONCE));
    rest = buf.subarray(header.length + NONCE);
  } catch (err) {
    if (typeof it.return === 'function') await it.return();
    throw err;
  }
  return payload(key, rest, it);
}

/**
 * The STREAM payload after the nonce: `rest` is what came with the header, `it` the remainder.
 * @param {Uint8Array} key the payload key (wiped at the end)
 * @param {Uint8Array} rest
 * @param {AsyncIterator<Uint8Array>} it
 * @returns {AsyncGenerator<Uint8Array>}
 */
async function* payload(key, rest, it) {
  try {
    const pend = new Uint8Array(CHUNK_CT);
    let pl = 0;
    let next = 0;
    /** @type {AgeIntegrityError|null} */
    let failure = null;

    /**
     * Decrypts the non-final chunks of one piece (every one is followed by more input).
     * @param {Uint8Array} piece
     * @returns {Uint8Array} their plaintext
     */
    const feed = (piece) => {
      let pos = 0;
      const full = Math.floor((pl + piece.length - 1) / CHUNK_CT); // chunks surely not final
      const out = new Uint8Array(full * AGE_CHUNK);
      let o = 0;
      while (failure === null && pos < piece.length) {
        if (pl === CHUNK_CT) {
          if (!openMiddle(pend, out.subarray(o, o + AGE_CHUNK))) break;
          o += AGE_CHUNK;
          pl = 0;
        }
        if (pl === 0 && piece.length - pos > CHUNK_CT) {
          if (!openMiddle(piece.subarray(pos, pos + CHUNK_CT), out.subarray(o, o + AGE_CHUNK))) break;
          o += AGE_CHUNK;
          pos += CHUNK_CT;
          continue;
        }
        const n = Math.min(CHUNK_CT - pl, piece.length - pos);
        pend.set(piece.subarray(pos, pos + n), pl);
        pl += n;
        pos += n;
      }
      return o === out.length ? out : out.subarray(0, o);
    };

    /**
     * A chunk known not to be the last; one that opens only as final is released, then it is an error.
     * @param {Uint8Array} ct
     * @param {Uint8Array} out
     */
    const openMiddle = (ct, out) => {
      if (openChunk(key, next, false, ct, out)) { next++; return true; }
      if (openChunk(key, next, true, ct, out)) {
        failure = new AgeIntegrityError(`age payload continues after its final chunk ${next}; the file is malformed`);
        next++;
        return true;
      }
      failure = new AgeIntegrityError(`age chunk ${next} failed to authenticate; the file is corrupted, truncated or tampered with`);
      return false;
    };

    for (;;) {
      for (let o = 0; o < rest.length; o += BATCH_CHUNKS * CHUNK_CT) {
        const plain = feed(rest.subarray(o, o + BATCH_CHUNKS * CHUNK_CT));
        if (plain.length > 0) yield plain;
        if (failure) throw failure;
      }
      const r = await it.next();
      if (r.done) break;
      rest = r.value;
    }
    // The last chunk is whatever is pending when the input ends (never empty unless the payload is).
    if (pl === 0) throw new AgeIntegrityError('age payload has no chunk; the file is truncated');
    if (pl < TAG) throw new AgeIntegrityError('age payload ends inside a chunk tag; the file is truncated');
    if (pl === TAG && next > 0) throw new AgeIntegrityError('age payload ends in an empty chunk after full ones; the file is malformed');
    const out = new Uint8Array(pl - TAG);
    if (openChunk(key, next, true, pend.subarray(0, pl), out)) {
      if (out.length > 0) yield out;
      return;
    }
    if (pl === CHUNK_CT && openChunk(key, next, false, pend.subarray(0, pl), out)) {
      yield out;
      throw new AgeIntegrityError(`age payload ends after chunk ${next} without a final chunk; the file is truncated`);
    }
    throw new AgeIntegrityError(`age chunk ${next} failed to authenticate; the file is corrupted, truncated or tampered with`);
  } finally {
    key.fill(0);
    if (typeof it.return === 'function') await it.return();
  }
}

/**
 * Decrypts a whole age file held in memory straight into `out` (one copy, no intermediate
 * buffers: what a worker does with one fragment). The same checks and messages as `ageDecrypt`,
 * but nothing is released before the whole file authenticated.
 * @param {Uint8Array} identity the 32-byte X25519 secret
 * @param {Uint8Array} file the whole age file
 * @param {Uint8Array} out at least the plaintext's size (ageStoredSize's inverse); a larger one is filled in part
 * @returns {number} the plaintext's length, in `out`
 * @throws {AgeFormatError|AgeIntegrityError} as ageDecrypt; RangeError if `out` is too small
 */
export function ageOpenWhole(identity, file, out) {
  const header = parseAgeHeader(file);
  const fileKey = openHeader(header, identity);
  if (file.length - header.length < NONCE) {
    fileKey.fill(0);
    throw new AgeFormatError('age file ends inside its payload nonce; it is truncated');
  }
  const key = payloadKey(fileKey, file.subarray(header.length, header.length + NONCE));
  try {
    const payload = file.subarray(header.length + NONCE);
    if (payload.length === 0) throw new AgeIntegrityError('age payload has no chunk; the file is truncated');
    const chunks = Math.ceil(payload.length / CHUNK_CT);
    const size = Math.max(0, payload.length - chunks * TAG);
    if (out.length < size) throw new RangeError(`the plaintext is ${size} bytes; the output has room for ${out.length}`);
    for (let i = 0; i < chunks; i++) {
      const last = i === chunks - 1;
      const ct = payload.subarray(i * CHUNK_CT, Math.min(payload.length, (i + 1) * CHUNK_CT));
      // checked in the streaming reader's order: the chunks before the last one first
      if (last && ct.length < TAG) throw new AgeIntegrityError('age payload ends inside a chunk tag; the file is truncated');
      if (last && ct.length === TAG && i > 0) throw new AgeIntegrityError('age payload ends in an empty chunk after full ones; the file is malformed');
      const into = out.subarray(i * AGE_CHUNK, i * AGE_CHUNK + ct.length - TAG);
      if (openChunk(key, i, last, ct, into)) continue;
      if (!last && openChunk(key, i, true, ct, into)) throw new AgeIntegrityError(`age payload continues after its final chunk ${i}; the file is malformed`);
      if (last && ct.length === CHUNK_CT && openChunk(key, i, false, ct, into)) throw new AgeIntegrityError(`age payload ends after chunk ${i} without a final chunk; the file is truncated`);
      throw new AgeIntegrityError(`age chunk ${i} failed to authenticate; the file is corrupted, truncated or tampered with`);
    }
    return size;
  } finally {
    key.fill(0);
  }
}

/**
 * @param {Iterable<Uint8Array>} source
 * @returns {AsyncIterator<Uint8Array>}
 */
function toAsync(source) {
  const inner = source[Symbol.iterator]();
  return { next: async () => inner.next(), return: async () => inner.return ? inner.return() : { done: true, value: undefined } };
}

// age v1 (C2SP age.md) with exactly one X25519 recipient stanza and no armor: what every
// encrypted fragment is (spec/archive-format.md section 6). Written here rather than through
// typage for three reasons: packing must be deterministic given injected randomness (typage draws
// its own), decryption must stream chunk by chunk with few copies, and a player needs random
// access to one 64 KiB chunk. Byte-compatible with the Java reference's AgeEncryptor, AgeHeader,
// AgeDecryptingChannel and AgeChunkReader; strict as the CCTV age testkit requires.
import { hkdf, hmac, sha256, x25519, chacha20poly1305 } from '../../vendor/noble.js';
import { base64nopad } from '../../vendor/scure.js';
import { utf8, equalBytes, concat } from '../bytes.js';
import { parseAgeRecipient } from './fragment-keys.js';
import { AgeFormatError, AgeIntegrityError, AgeNoIdentityError } from './errors.js';

/** Plaintext bytes per STREAM chunk. */
export const AGE_CHUNK = 64 * 1024;
const TAG = 16;
const NONCE = 16;
const CHUNK_CT = AGE_CHUNK + TAG;
/** The header of a one-X25519-stanza file: 22 + 54 + 44 + 48 bytes. */
const X25519_HEADER = 168;
const MAX_HEADER = 16 * 1024;
const VERSION_LINE = 'age-encryption.org/v1';
const X25519_INFO = utf8('age-encryption.org/v1/X25519');
const HEADER_INFO = utf8('header');
const PAYLOAD_INFO = utf8('payload');
const EMPTY = new Uint8Array(0);
const ZERO_NONCE = new Uint8Array(12);

/**
 * Bytes of a one-recipient age file holding `plaintextSize` bytes: header, nonce, chunks and tags.
 * @param {number} plaintextSize
 * @returns {number}
 */
export function ageStoredSize(plaintextSize) {
  if (!Number.isSafeInteger(plaintextSize) || plaintextSize < 0) throw new RangeError(`negative or unsafe size ${plaintextSize}`);
  return X25519_HEADER + NONCE + plaintextSize + TAG * Math.max(1, Math.ceil(plaintextSize / AGE_CHUNK));
}

/**
 * The STREAM nonce: 11-byte big-endian chunk counter, then 1 for the final chunk, 0 otherwise.
 * @param {number} index
 * @param {boolean} last
 */
function chunkNonce(index, last) {
  const n = new Uint8Array(12);
  const v = new DataView(n.buffer);
  v.setUint32(7, index >>> 0);
  v.setUint32(3, Math.floor(index / 2 ** 32));
  n[11] = last ? 1 : 0;
  return n;
}

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
  const body = chacha20poly1305(wrapKey, ZERO_NONCE).encrypt(fileKey);
  wrapKey.fill(0);
  const macInput = utf8(`${VERSION_LINE}\n-> X25519 ${base64nopad.encode(share)}\n${base64nopad.encode(body)}\n---`);
  const macKey = hkdf(sha256, fileKey, EMPTY, HEADER_INFO, 32);
  const mac = hmac(sha256, macKey, macInput);
  macKey.fill(0);
  const nonce = random.bytes(NONCE);
  const header = concat(macInput, utf8(` ${base64nopad.encode(mac)}\n`), nonce);
  let payloadKey = hkdf(sha256, fileKey, nonce, PAYLOAD_INFO, 32);
  fileKey.fill(0);
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
      chacha20poly1305(payloadKey, chunkNonce(nextChunk++, finalChunk)).encrypt(plain.subarray(pos, pos + n), out.subarray(written, written + n + TAG));
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
      payloadKey.fill(0);
      payloadKey = EMPTY;
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
          const n = Math.floor((piece.length - pos - 1) / AGE_CHUNK) * AGE_CHUNK;
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
 * A parsed age header: its stanzas, the bytes its MAC covers, the MAC, and its length.
 * @typedef {{ stanzas: { type: string, args: string[], body: Uint8Array }[], macInput: Uint8Array, mac: Uint8Array, length: number }} AgeHeader
 */

/**
 * X25519(secret, point), or null when the result is all zeroes (a low-order point), which noble
 * refuses by throwing.
 * @param {Uint8Array} secret
 * @param {Uint8Array} point
 * @returns {Uint8Array|null}
 */
function sharedSecret(secret, point) {
  let shared;
  try {
    shared = x25519.getSharedSecret(secret, point);
  } catch {
    return null;
  }
  return shared.every((b) => b === 0) ? null : shared;
}

/**
 * The header bytes as text the way Java's US-ASCII decoding gives them: each byte above 0x7f
 * becomes U+FFFD, which no grammar rule accepts.
 * @param {Uint8Array} b
 */
function ascii(b) {
  let out = '';
  for (let i = 0; i < b.length; i += 4096) {
    const part = Array.from(b.subarray(i, i + 4096), (c) => (c < 0x80 ? c : 0xfffd));
    out += String.fromCharCode(...part);
  }
  return out;
}

/**
 * Finds the end of the header ("---" line) in `h`, or -1 if it is not there yet.
 * @param {Uint8Array} h
 * @returns {number} the header's length (through the MAC line's newline), or -1
 */
function headerEnd(h) {
  let pos = 0;
  for (;;) {
    const nl = h.indexOf(0x0a, pos);
    if (nl < 0) return -1;
    if (h[pos] === 0x2d && h[pos + 1] === 0x2d && h[pos + 2] === 0x2d && pos + 2 < nl) return nl + 1;
    pos = nl + 1;
  }
}

/**
 * Parses the age v1 header at the start of `h` (which may hold payload bytes after it), strictly:
 * VCHAR arguments, canonical unpadded base64, 64-column body lines ending on a short one, X25519
 * stanzas of one 32-byte share and a 32-byte body, an scrypt stanza only alone.
 * @param {Uint8Array} h
 * @returns {AgeHeader}
 * @throws {AgeFormatError}
 */
export function parseAgeHeader(h) {
  const end = headerEnd(h.length > MAX_HEADER ? h.subarray(0, MAX_HEADER) : h);
  if (end < 0) throw new AgeFormatError(`age header is longer than ${MAX_HEADER} bytes or truncated; the file is not an age file or is cut short`);
  const lines = ascii(h.subarray(0, end - 1)).split('\n');
  if (lines[0] !== VERSION_LINE) throw new AgeFormatError(`not an age v1 file (first line '${lines[0].slice(0, 80)}')`);
  const macLine = lines[lines.length - 1];
  if (!macLine.startsWith('--- ')) throw new AgeFormatError('age header MAC line is malformed');
  const mac = b64(macLine.slice(4));
  if (mac.length !== 32) throw new AgeFormatError(`age header MAC is ${mac.length} bytes, not 32`);
  const stanzas = [];
  let i = 1;
  while (i < lines.length - 1) {
    const line = lines[i++];
    if (!line.startsWith('-> ')) throw new AgeFormatError(`age header line '${line.slice(0, 80)}' is not a stanza`);
    const parts = line.slice(3).split(' ');
    for (const a of parts) {
      if (!/^[\x21-\x7e]+$/.test(a)) throw new AgeFormatError(`age stanza argument '${a.slice(0, 80)}' is empty or has a character other than printable ASCII`);
    }
    let body = '';
    for (;;) {
      if (i >= lines.length - 1) throw new AgeFormatError('age stanza body is not terminated by a short line');
      const bl = lines[i++];
      if (bl.length > 64) throw new AgeFormatError('age stanza body line longer than 64 columns');
      body += bl;
      if (bl.length < 64) break;
    }
    stanzas.push(checkedStanza({ type: parts[0], args: parts.slice(1), body: b64(body) }));
  }
  if (stanzas.length > 1 && stanzas.some((s) => s.type === 'scrypt')) {
    throw new AgeFormatError('age header mixes an scrypt stanza with others; scrypt must be the only stanza');
  }
  const macStart = end - 1 - macLine.length;
  // The MAC covers the header up to and including "---" (without the space and MAC).
  return { stanzas, macInput: h.slice(0, macStart + 3), mac, length: end };
}

/** @param {{ type: string, args: string[], body: Uint8Array }} s */
function checkedStanza(s) {
  if (s.type !== 'X25519') return s;
  if (s.args.length !== 1) throw new AgeFormatError(`age X25519 stanza has ${s.args.length} arguments, not 1`);
  const share = b64(s.args[0]).length;
  if (share !== 32) throw new AgeFormatError(`age X25519 stanza share is ${share} bytes, not 32`);
  if (s.body.length !== 32) throw new AgeFormatError(`age X25519 stanza body is ${s.body.length} bytes, not 32`);
  return s;
}

/**
 * Canonical unpadded base64 only: decoded, re-encoded and compared (bits after the last byte must be 0).
 * @param {string} s
 */
function b64(s) {
  if (!/^[A-Za-z0-9+/]*$/.test(s) || s.length % 4 === 1) throw new AgeFormatError('age header has non-canonical base64');
  let out;
  try {
    out = base64nopad.decode(s);
  } catch {
    throw new AgeFormatError('age header has invalid base64');
  }
  if (base64nopad.encode(out) !== s) throw new AgeFormatError('age header has non-canonical base64 (bits set after the last byte)');
  return out;
}

/**
 * The file key of a parsed header: unwrapped from the first X25519 stanza that opens with the
 * identity, and the header MAC checked with it before anything of the payload is touched.
 * @param {AgeHeader} header
 * @param {Uint8Array} identity 32-byte X25519 secret
 * @returns {Uint8Array} the file key (the caller wipes it)
 */
function openHeader(header, identity) {
  const fileKey = unwrapFileKey(header, identity);
  const macKey = hkdf(sha256, fileKey, EMPTY, HEADER_INFO, 32);
  const ok = equalBytes(hmac(sha256, macKey, header.macInput), header.mac);
  macKey.fill(0);
  if (!ok) {
    fileKey.fill(0);
    throw new AgeIntegrityError('age header MAC does not verify; the header was tampered with');
  }
  return fileKey;
}

/**
 * @param {Uint8Array} fileKey
 * @param {Uint8Array} nonce
 */
function payloadKey(fileKey, nonce) {
  const key = hkdf(sha256, fileKey, nonce, PAYLOAD_INFO, 32);
  fileKey.fill(0);
  return key;
}

/**
 * @param {AgeHeader} header
 * @param {Uint8Array} identity
 */
function unwrapFileKey(header, identity) {
  if (!(identity instanceof Uint8Array) || identity.length !== 32) throw new TypeError('an age X25519 identity is 32 bytes');
  const recipient = x25519.getPublicKey(identity);
  for (const s of header.stanzas) {
    if (s.type !== 'X25519') continue;
    const share = base64nopad.decode(s.args[0]);
    const shared = sharedSecret(identity, share);
    if (shared === null) throw new AgeFormatError('age X25519 stanza has a low-order share; the header is malformed');
    const wrapKey = hkdf(sha256, shared, concat(share, recipient), X25519_INFO, 32);
    shared.fill(0);
    try {
      return chacha20poly1305(wrapKey, ZERO_NONCE).decrypt(s.body);
    } catch {
      // sealed to another recipient: try the next stanza
    } finally {
      wrapKey.fill(0);
    }
  }
  throw new AgeNoIdentityError('no X25519 stanza of this age file opens with the identity: it was sealed to another recipient; check the key');
}

/**
 * Opens chunk `index` under the final flag `last`; null if it does not authenticate under it.
 * @param {Uint8Array} key
 * @param {number} index
 * @param {boolean} last
 * @param {Uint8Array} ct
 * @param {Uint8Array} out
 * @returns {Uint8Array|null}
 */
function openChunk(key, index, last, ct, out) {
  try {
    return chacha20poly1305(key, chunkNonce(index, last)).decrypt(ct, out);
  } catch {
    return null;
  }
}

/**
 * Reads pieces from the source until the header and the payload nonce are in (or it ends).
 * @param {AsyncIterator<Uint8Array>} it
 * @returns {Promise<{ header: AgeHeader, buf: Uint8Array, ended: boolean }>}
 */
async function readHeader(it) {
  let buf = EMPTY;
  let ended = false;
  let header = null;
  for (;;) {
    if (header === null && (ended || buf.length >= MAX_HEADER || headerEnd(buf) >= 0)) header = parseAgeHeader(buf);
    if (header !== null && (ended || buf.length >= header.length + NONCE)) return { header, buf, ended };
    const r = await it.next();
    if (r.done) ended = true;
    else buf = buf.length === 0 ? r.value : concat(buf, r.value);
  }
}

/**
 * Decrypts an age file as it streams in, yielding plaintext as chunks authenticate. Strict: the
 * header grammar is checked, then the header MAC, before any payload; every chunk is
 * authenticated, the last must carry the final flag and no other may. Chunks that authenticated
 * before a failure are yielded, then the failure is thrown (the CCTV testkit's behaviour): a
 * consumer must not trust (or commit) the output until the generator finishes.
 * @param {Uint8Array} identity the 32-byte X25519 secret
 * @param {AsyncIterable<Uint8Array>|Iterable<Uint8Array>} source the age file, in pieces of any size
 * @returns {AsyncGenerator<Uint8Array>}
 * @throws {AgeFormatError} a malformed header (or no payload nonce)
 * @throws {AgeIntegrityError} a failed MAC or chunk, truncation, trailing data; AgeNoIdentityError if sealed to another recipient
 */
export async function* ageDecrypt(identity, source) {
  if (source instanceof Uint8Array) source = [source];
  const it = /** @type {AsyncIterator<Uint8Array>} */ (Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : toAsync(source));
  let key = null;
  try {
    const { header, buf } = await readHeader(it);
    const fileKey = openHeader(header, identity);
    if (buf.length - header.length < NONCE) {
      fileKey.fill(0);
      throw new AgeFormatError('age file ends inside its payload nonce; it is truncated');
    }
    key = payloadKey(fileKey, buf.subarray(header.length, header.length + NONCE));
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

    let rest = buf.subarray(header.length + NONCE);
    for (;;) {
      if (rest.length > 0) {
        const plain = feed(rest);
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
    if (key) key.fill(0);
    if (typeof it.return === 'function') await it.return();
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

/**
 * Where an age file's bytes come from for random access: a Uint8Array, a Blob (File), or anything
 * with `read(offset, length)` resolving to exactly those bytes (fewer only at the end).
 * @typedef {Uint8Array|Blob|{ read(offset: number, length: number): Promise<Uint8Array> }} RandomAccessSource
 */

/**
 * @param {RandomAccessSource} source
 * @returns {(offset: number, length: number) => Promise<Uint8Array>}
 */
function reader(source) {
  if (source instanceof Uint8Array) return async (o, n) => source.subarray(o, o + n);
  if (typeof Blob !== 'undefined' && source instanceof Blob) return async (o, n) => new Uint8Array(await source.slice(o, o + n).arrayBuffer());
  if (source && typeof (/** @type {any} */ (source).read) === 'function') return (o, n) => /** @type {any} */ (source).read(o, n);
  throw new TypeError('a random-access source is a Uint8Array, a Blob or { read(offset, length) }');
}

/**
 * Random access into an age file (a whole .age file, or a fragment inside an archive at `offset`):
 * decrypts chunk i without reading chunks 0..i-1, for seeking in media. Opening parses the header,
 * unwraps the file key and checks the header MAC; each read authenticates its chunk, whose final
 * flag must match its position (truncation and reordering fail). A full chunk that opens only under
 * the other flag is refused, not released.
 * @param {Uint8Array} identity the 32-byte X25519 secret
 * @param {RandomAccessSource} source
 * @param {{ offset?: number, length?: number }} [where] the age file's place in the source (default: all of it)
 * @returns {Promise<{ chunkCount: number, plaintextSize: number, readChunk(index: number): Promise<Uint8Array>, read(from: number, length: number): Promise<Uint8Array>, close(): void }>}
 */
export async function ageChunkReader(identity, source, where = {}) {
  const read = reader(source);
  const offset = where.offset ?? 0;
  const length = where.length ?? (source instanceof Uint8Array ? source.length - offset : typeof Blob !== 'undefined' && source instanceof Blob ? source.size - offset : NaN);
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
    throw new RangeError('ageChunkReader needs the age file\'s offset and length in the source');
  }
  const prefix = await read(offset, Math.min(MAX_HEADER, length));
  const header = parseAgeHeader(prefix);
  const fileKey = openHeader(header, identity);
  if (length - header.length < NONCE) {
    fileKey.fill(0);
    throw new AgeFormatError('age file ends inside its payload nonce; it is truncated');
  }
  const nonce = header.length + NONCE <= prefix.length
    ? prefix.subarray(header.length, header.length + NONCE)
    : await read(offset + header.length, NONCE);
  if (nonce.length !== NONCE) {
    fileKey.fill(0);
    throw new AgeIntegrityError(`age file is truncated at offset ${offset + header.length}`);
  }
  let key = payloadKey(fileKey, nonce);
  const payloadStart = offset + header.length + NONCE;
  const payloadLength = length - header.length - NONCE;
  const chunkCount = Math.max(1, Math.ceil(payloadLength / CHUNK_CT));
  const plaintextSize = Math.max(0, payloadLength - TAG * chunkCount);

  /** @param {number} index */
  async function readChunk(index) {
    if (key.length === 0) throw new Error('age chunk reader was closed');
    if (!Number.isSafeInteger(index) || index < 0 || index >= chunkCount) throw new RangeError(`chunk ${index} is outside 0..${chunkCount - 1}`);
    const at = payloadStart + index * CHUNK_CT;
    const len = Math.min(CHUNK_CT, payloadStart + payloadLength - at);
    const last = index === chunkCount - 1;
    if (last && payloadLength === 0) throw new AgeIntegrityError('age payload has no chunk; the file is truncated');
    if (last && len < TAG) throw new AgeIntegrityError(`age payload ends inside the tag of chunk ${index}; the file is truncated`);
    if (last && len === TAG && index > 0) throw new AgeIntegrityError('age payload ends in an empty chunk after full ones; the file is malformed');
    const ct = await read(at, len);
    if (ct.length !== len) throw new AgeIntegrityError(`age file is truncated at offset ${at + ct.length}`);
    const out = new Uint8Array(len - TAG);
    if (openChunk(key, index, last, ct, out)) return out;
    if (len === CHUNK_CT && openChunk(key, index, !last, ct, out)) {
      out.fill(0);
      throw new AgeIntegrityError(last
        ? `age payload ends after chunk ${index} without a final chunk; the file is truncated`
        : `age payload continues after its final chunk ${index}; the file is malformed`);
    }
    throw new AgeIntegrityError(`age chunk ${index} failed to authenticate; the file is corrupted or tampered with`);
  }

  return {
    chunkCount,
    plaintextSize,
    readChunk,
    async read(from, len) {
      if (!Number.isSafeInteger(from) || !Number.isSafeInteger(len) || from < 0 || len < 0 || from + len > plaintextSize) {
        throw new RangeError(`range ${from}+${len} is outside the plaintext of ${plaintextSize} bytes`);
      }
      const out = new Uint8Array(len);
      let copied = 0;
      while (copied < len) {
        const pos = from + copied;
        const chunk = await readChunk(Math.floor(pos / AGE_CHUNK));
        const inChunk = pos % AGE_CHUNK;
        const n = Math.min(len - copied, chunk.length - inChunk);
        out.set(chunk.subarray(inChunk, inChunk + n), copied);
        copied += n;
      }
      return out;
    },
    close() {
      key.fill(0);
      key = EMPTY;
    },
  };
}

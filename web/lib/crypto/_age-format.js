// The age v1 format pieces both readers and the writer share (C2SP age.md): sizes, the STREAM
// nonce, the header grammar (strict, as the CCTV testkit requires) and the key schedule from an
// X25519 identity to the payload key. Internal to web/lib/crypto: import age.js instead.
import { hkdf, hmac, sha256, x25519 } from '../../vendor/noble.js';
import { aeadOpen } from './aead.js';
import { base64nopad } from '../../vendor/scure.js';
import { utf8, equalBytes, concat } from '../bytes.js';
import { AgeFormatError, AgeIntegrityError, AgeNoIdentityError } from './errors.js';

/** Plaintext bytes per STREAM chunk. */
export const AGE_CHUNK = 64 * 1024;
/** Poly1305 tag bytes per chunk. */
export const TAG = 16;
/** Payload nonce bytes after the header. */
export const NONCE = 16;
/** Stored bytes of a full chunk. */
export const CHUNK_CT = AGE_CHUNK + TAG;
/** The header of a one-X25519-stanza file: 22 + 54 + 44 + 48 bytes. */
export const X25519_HEADER = 168;
/** The most header bytes a reader looks at (as the Java reference). */
export const MAX_HEADER = 16 * 1024;
/** The first line of every age v1 file. */
export const VERSION_LINE = 'age-encryption.org/v1';
/** HKDF info of the X25519 stanza's wrap key. */
export const X25519_INFO = utf8('age-encryption.org/v1/X25519');
/** HKDF info of the header MAC key. */
export const HEADER_INFO = utf8('header');
/** The all-zero ChaCha20-Poly1305 nonce of the stanza body. */
export const ZERO_NONCE = new Uint8Array(12);
const PAYLOAD_INFO = utf8('payload');
const EMPTY = new Uint8Array(0);

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
export function chunkNonce(index, last) {
  const n = new Uint8Array(12);
  const v = new DataView(n.buffer);
  v.setUint32(7, index >>> 0);
  v.setUint32(3, Math.floor(index / 2 ** 32));
  n[11] = last ? 1 : 0;
  return n;
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
export function sharedSecret(secret, point) {
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
export function openHeader(header, identity) {
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
export function payloadKey(fileKey, nonce) {
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
    const fileKey = aeadOpen(wrapKey, ZERO_NONCE, s.body);
    wrapKey.fill(0);
    if (fileKey !== null) return fileKey; // otherwise sealed to another recipient: try the next stanza
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
export function openChunk(key, index, last, ct, out) {
  return aeadOpen(key, chunkNonce(index, last), ct, out);
}

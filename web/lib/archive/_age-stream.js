// age v1 (C2SP age.md) to one X25519 recipient, as the archive streams it: the header and nonce
// from injected randomness (file key 16 bytes, ephemeral secret 32, payload nonce 16, drawn in
// that order as the Java reference's AgeEncryptor draws them, so a seeded pack is reproducible),
// then whole 64 KiB STREAM chunks encrypted into caller buffers; and the sequential reader, where a
// chunk is final exactly when the stream ends after it, so truncation and appended chunks fail.
import { sha256, hkdf, hmac, x25519, chacha20poly1305 } from '../../vendor/noble.js';
import { base64nopad } from '../../vendor/scure.js';
import { utf8, concat, equalBytes } from '../bytes.js';
import { ArchiveFormatError, ArchiveIntegrityError } from './errors.js';

/** Plaintext bytes per STREAM chunk. */
export const CHUNK = 65536;
/** Poly1305 tag bytes per chunk. */
export const TAG = 16;
/** Header (one X25519 stanza) plus payload nonce: what precedes the first chunk. */
export const HEADER_AND_NONCE = 184;
const MAX_HEADER = 4096;
const X25519_INFO = utf8('age-encryption.org/v1/X25519');
const EMPTY = new Uint8Array(0);

/**
 * A fresh age file sealed to `recipient`: its header + nonce bytes, and the payload key.
 * @param {Uint8Array} recipient the X25519 public key (32 bytes)
 * @param {{ bytes(n: number): Uint8Array }} random
 * @returns {{ header: Uint8Array, payloadKey: Uint8Array }}
 */
export function sealHeader(recipient, random) {
  const fileKey = random.bytes(16);
  const ephemeral = random.bytes(32);
  const share = x25519.getPublicKey(ephemeral);
  const shared = x25519.getSharedSecret(ephemeral, recipient);
  if (shared.every((b) => b === 0)) throw new RangeError('the age recipient is a low-order point; use a real X25519 recipient');
  const wrapKey = hkdf(sha256, shared, concat(share, recipient), X25519_INFO, 32);
  const body = chacha20poly1305(wrapKey, new Uint8Array(12)).encrypt(fileKey);
  const text = utf8(`age-encryption.org/v1\n-> X25519 ${base64nopad.encode(share)}\n${base64nopad.encode(body)}\n---`);
  const mac = hmac(sha256, hkdf(sha256, fileKey, EMPTY, utf8('header'), 32), text);
  const nonce = random.bytes(16);
  const header = concat(text, utf8(` ${base64nopad.encode(mac)}\n`), nonce);
  const payloadKey = hkdf(sha256, fileKey, nonce, utf8('payload'), 32);
  fileKey.fill(0); ephemeral.fill(0); shared.fill(0); wrapKey.fill(0);
  return { header, payloadKey };
}

/**
 * The 12-byte STREAM nonce of chunk `i`: 11-byte big-endian counter, then 1 if last.
 * @param {number} i
 * @param {boolean} last
 */
function chunkNonce(i, last) {
  const n = new Uint8Array(12);
  let v = i;
  for (let j = 10; j >= 0 && v > 0; j--) { n[j] = v % 256; v = Math.floor(v / 256); }
  n[11] = last ? 1 : 0;
  return n;
}

/**
 * Encrypts the payload chunk by chunk; `encrypt(plain, last, out)` takes whole 64 KiB chunks
 * (the last call any length, 0 only for an empty payload) and writes ciphertext into `out`.
 */
export class PayloadSealer {
  /** @param {Uint8Array} payloadKey */
  constructor(payloadKey) {
    this.key = payloadKey;
    this.chunk = 0;
  }

  /**
   * @param {Uint8Array} plain
   * @param {boolean} last
   * @param {Uint8Array} out at least plain.length + 16 * chunks bytes
   * @returns {Uint8Array} the ciphertext, a view of `out`
   */
  encrypt(plain, last, out) {
    let pos = 0, o = 0;
    do {
      const n = Math.min(CHUNK, plain.length - pos);
      if (!last && n < CHUNK) throw new RangeError('a non-final block must be whole 64 KiB chunks');
      const final = last && pos + n === plain.length;
      chacha20poly1305(this.key, chunkNonce(this.chunk++, final)).encrypt(plain.subarray(pos, pos + n), out.subarray(o, o + n + TAG));
      pos += n; o += n + TAG;
    } while (pos < plain.length);
    if (last) this.key.fill(0);
    return out.subarray(0, o);
  }
}

/**
 * Parses an age header (one X25519 stanza, as this format writes) and opens it with `identity`.
 * @param {Uint8Array} bytes the start of the age file, header and nonce included
 * @param {Uint8Array} identity X25519 secret
 * @returns {{ payloadKey: Uint8Array, length: number }} length: header + nonce bytes
 */
export function openHeader(bytes, identity) {
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, Math.min(bytes.length, MAX_HEADER)));
  const m = /^age-encryption\.org\/v1\n-> X25519 ([A-Za-z0-9+/]{43})\n([A-Za-z0-9+/]{43})\n--- ([A-Za-z0-9+/]{43})\n/.exec(text);
  if (!m) throw new ArchiveFormatError('the age header is not the one-X25519-stanza header this format writes (age v1, one stanza, no armor)');
  const headerLength = m[0].length;
  if (bytes.length < headerLength + 16) throw new ArchiveFormatError('the age file ends before its payload nonce');
  let share, body, mac;
  try {
    share = base64nopad.decode(m[1]); body = base64nopad.decode(m[2]); mac = base64nopad.decode(m[3]);
  } catch {
    throw new ArchiveFormatError('the age header has non-canonical base64');
  }
  if (base64nopad.encode(share) !== m[1] || base64nopad.encode(body) !== m[2] || base64nopad.encode(mac) !== m[3]) {
    throw new ArchiveFormatError('the age header has non-canonical base64');
  }
  const recipient = x25519.getPublicKey(identity);
  const shared = x25519.getSharedSecret(identity, share);
  if (shared.every((b) => b === 0)) throw new ArchiveFormatError('the age X25519 stanza has a low-order share');
  const wrapKey = hkdf(sha256, shared, concat(share, recipient), X25519_INFO, 32);
  let fileKey;
  try {
    fileKey = chacha20poly1305(wrapKey, new Uint8Array(12)).decrypt(body);
  } catch {
    throw new ArchiveIntegrityError('the age file was not sealed to this fragment\'s key (its X25519 stanza does not open)');
  }
  const macText = bytes.subarray(0, headerLength - 45);
  const want = hmac(sha256, hkdf(sha256, fileKey, EMPTY, utf8('header'), 32), macText);
  if (!equalBytes(want, mac)) throw new ArchiveIntegrityError('the age header MAC does not verify: the header was tampered with');
  const nonce = bytes.subarray(headerLength, headerLength + 16);
  const payloadKey = hkdf(sha256, fileKey, nonce, utf8('payload'), 32);
  fileKey.fill(0); wrapKey.fill(0); shared.fill(0);
  return { payloadKey, length: headerLength + 16 };
}

/**
 * Decrypts a whole age file streamed in chunks, yielding plaintext as each 64 KiB chunk
 * authenticates. The final chunk is the one the stream ends after; an empty final chunk after
 * full ones, a missing one, or one that opens only under the other final flag all fail.
 * @param {Uint8Array} identity X25519 secret
 * @param {AsyncIterable<Uint8Array>} stored the age file's bytes
 * @returns {AsyncGenerator<Uint8Array>}
 */
export async function* ageDecryptStream(identity, stored) {
  const CT = CHUNK + TAG;
  const buf = new Uint8Array(Math.max(CT, MAX_HEADER + 16));
  let fill = 0;
  /** @type {Uint8Array|null} */
  let key = null;
  let index = 0;
  const open = (/** @type {Uint8Array} */ ct, /** @type {boolean} */ last) => {
    try {
      return chacha20poly1305(/** @type {Uint8Array} */ (key), chunkNonce(index, last)).decrypt(ct);
    } catch {
      let why = 'does not authenticate';
      try {
        chacha20poly1305(/** @type {Uint8Array} */ (key), chunkNonce(index, !last)).decrypt(ct);
        why = last ? 'is not marked final: the age file is truncated' : 'is marked final but data follows it';
      } catch { /* a plain forgery */ }
      throw new ArchiveIntegrityError(`age payload chunk ${index} ${why}; the file may be corrupted or tampered with`);
    } finally {
      index++;
    }
  };
  try {
    for await (let c of stored) {
      if (key === null) {
        const take = Math.min(c.length, buf.length - fill);
        buf.set(c.subarray(0, take), fill);
        fill += take;
        c = c.subarray(take);
        if (fill < HEADER_AND_NONCE && c.length === 0) continue;
        const h = openHeader(buf.subarray(0, fill), identity);
        key = h.payloadKey;
        // keep what follows the header at the front of the buffer
        buf.copyWithin(0, h.length, fill);
        fill -= h.length;
      }
      let pos = 0;
      while (pos < c.length) {
        if (fill === CT) { // more data follows, so this full chunk is not the last
          yield open(buf.subarray(0, CT), false);
          fill = 0;
        }
        // Whole chunks straight from the source when aligned, to skip the copy.
        if (fill === 0 && c.length - pos > CT) {
          yield open(c.subarray(pos, pos + CT), false);
          pos += CT;
          continue;
        }
        const take = Math.min(CT - fill, c.length - pos);
        buf.set(c.subarray(pos, pos + take), fill);
        fill += take; pos += take;
      }
    }
    if (key === null) {
      if (fill === 0) throw new ArchiveFormatError('the age file is empty');
      const h = openHeader(buf.subarray(0, fill), identity);
      key = h.payloadKey;
      buf.copyWithin(0, h.length, fill);
      fill -= h.length;
    }
    if (fill < TAG) throw new ArchiveIntegrityError(`the age payload ends inside chunk ${index} (no final chunk); the file is truncated`);
    if (fill === TAG && index > 0) throw new ArchiveIntegrityError('the age payload ends with an empty chunk after full ones, which age forbids');
    yield open(buf.subarray(0, fill), true);
  } finally {
    if (key) key.fill(0);
    buf.fill(0);
  }
}

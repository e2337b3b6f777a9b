// Content identifiers (https://github.com/multiformats/cid), as spec/ipfs.md section 1 restricts
// them: parses CIDv0 (Qm...) and CIDv1 in base32 (b/B) or base58btc (z); creates CIDv1 with
// sha2-256 only and prints base32 lower case. Verification knows sha2-256 and identity and refuses
// every other hash function by name, so no unverifiable block is ever trusted.
// Java twin: org.unveil.ipfs.Cid, Multibase, Varint.
import { base58 } from '../../vendor/scure.js';
import { equalBytes } from '../bytes.js';
import { InvalidBlockError } from './errors.js';
import { sha256 } from './_sha256.js';
import { readVarint, writeVarint, varintLength } from './varint.js';

export { encodeVarint, readVarint, writeVarint, varintLength, MAX_VARINT_BYTES } from './varint.js';

/** Multicodec of raw bytes (UnixFS leaves). */
export const RAW = 0x55;
/** Multicodec of dag-pb (UnixFS nodes). */
export const DAG_PB = 0x70;
/** Multicodec of dag-cbor (CAR headers; never walked). */
export const DAG_CBOR = 0x71;
/** Multihash code of sha2-256. */
export const SHA2_256 = 0x12;
/** Multihash code of identity (the block inline in the CID). */
export const IDENTITY = 0x00;
/** Kubo's and boxo's cap on inline (identity) data; longer inline CIDs are a denial-of-service vector. */
export const MAX_IDENTITY_LENGTH = 128;
const MAX_DIGEST_LENGTH = 128;
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const BASE32_INDEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 32; i++) BASE32_INDEX[BASE32.charCodeAt(i)] = i;

/** An immutable CID. Compare with `equals`, print with `toString()`. */
export class Cid {
  /**
   * Use `parseCid`, `decodeCid` or `cidOf` rather than this constructor.
   * @param {0 | 1} version
   * @param {number} codec multicodec, e.g. RAW or DAG_PB
   * @param {number} hash multihash function code, e.g. SHA2_256
   * @param {Uint8Array} digest the multihash digest (for identity, the block itself)
   */
  constructor(version, codec, hash, digest) {
    /** @type {0 | 1} */
    this.version = version;
    /** @type {number} */
    this.codec = codec;
    /** @type {number} */
    this.hash = hash;
    /** @type {Uint8Array} */
    this.digest = digest;
    const mhLength = varintLength(hash) + varintLength(digest.length) + digest.length;
    const bytes = new Uint8Array(version === 0 ? mhLength : 1 + varintLength(codec) + mhLength);
    let o = 0;
    if (version === 1) { bytes[o++] = 1; o = writeVarint(codec, bytes, o); }
    o = writeVarint(hash, bytes, o);
    o = writeVarint(digest.length, bytes, o);
    bytes.set(digest, o);
    /** The binary form: the multihash alone for CIDv0, else version, codec and multihash. @type {Uint8Array} */
    this.bytes = bytes;
    /** @type {string} */
    this.text = version === 0 ? base58.encode(bytes) : 'b' + base32Encode(bytes);
    Object.freeze(this);
  }

  /** True for identity CIDs, whose block is inline and never stored, fetched or put in a CAR. */
  get isIdentity() { return this.hash === IDENTITY; }

  /** CIDv1 in base32 (bafy..., bafk...); a CIDv0 keeps its only legal form, Qm... */
  toString() { return this.text; }

  /** @returns {string} */
  toJSON() { return this.text; }

  /**
   * Same version, codec and multihash.
   * @param {Cid} other
   * @returns {boolean}
   */
  equals(other) {
    return other instanceof Cid && other.text === this.text;
  }

  /** This CID as CIDv1 (same codec and multihash). @returns {Cid} */
  toV1() {
    return this.version === 1 ? this : new Cid(1, this.codec, this.hash, this.digest);
  }
}

/**
 * Parses a CID string: CIDv0 (46 base58btc characters, Qm...) or a multibase CIDv1 in base32
 * (b or B) or base58btc (z).
 * @param {string} text
 * @returns {Cid}
 * @throws {TypeError} naming the text and what is wrong with it
 */
export function parseCid(text) {
  if (typeof text !== 'string') throw new TypeError(`CID text required, got ${typeof text}`);
  try {
    if (text.length === 46 && text.startsWith('Qm')) return decodeCid(decodeBase58(text));
    if (text.length < 2) throw new Error('too short');
    let bytes;
    switch (text[0]) {
      case 'b': case 'B': bytes = base32Decode(text.slice(1)); break;
      case 'z': bytes = decodeBase58(text.slice(1)); break;
      default: throw new Error(`multibase prefix '${text[0]}' is not supported; use base32 (b...) or base58btc (z... or Qm...)`);
    }
    const cid = decodeCid(bytes);
    if (cid.version === 0) throw new Error('a CIDv0 must be written as plain base58btc (Qm...), without a multibase prefix');
    return cid;
  } catch (e) {
    throw new TypeError(`invalid CID '${abbreviate(text)}': ${e.message}`, { cause: e });
  }
}

/**
 * The base32 text of a CID (CIDv0: Qm...). Same as `cid.toString()`.
 * @param {Cid} cid
 * @returns {string}
 */
export function formatCid(cid) {
  if (!(cid instanceof Cid)) throw new TypeError('a Cid required');
  return cid.text;
}

/**
 * Decodes a binary CID that must fill `bytes` exactly.
 * @param {Uint8Array} bytes
 * @returns {Cid}
 * @throws {InvalidBlockError} if the bytes are not exactly one well-formed CID
 */
export function decodeCid(bytes) {
  const [cid, end] = readCid(bytes, 0);
  if (end !== bytes.length) throw new InvalidBlockError(`${bytes.length - end} trailing bytes after the CID ${cid}`);
  return cid;
}

/**
 * Reads one binary CID at `offset` (CIDv0 is recognised by its 0x12 0x20 multihash prefix).
 * @param {Uint8Array} bytes
 * @param {number} offset
 * @returns {[cid: Cid, next: number]}
 * @throws {InvalidBlockError}
 */
export function readCid(bytes, offset) {
  if (offset >= bytes.length) throw new InvalidBlockError(`CID expected at offset ${offset}, data ended`);
  const first = bytes[offset];
  if (first === SHA2_256) {
    if (bytes[offset + 1] !== 32) throw new InvalidBlockError(`CIDv0 digest length at offset ${offset + 1} is ${bytes[offset + 1]}, not 32`);
    if (offset + 34 > bytes.length) throw new InvalidBlockError(`CIDv0 at offset ${offset} is truncated`);
    return [new Cid(0, DAG_PB, SHA2_256, bytes.slice(offset + 2, offset + 34)), offset + 34];
  }
  if (first !== 1) throw new InvalidBlockError(`CID version ${first} at offset ${offset} is not supported (only 0 and 1 exist)`);
  let o = offset + 1;
  let codec, hash, length;
  [codec, o] = readVarint(bytes, o);
  [hash, o] = readVarint(bytes, o);
  [length, o] = readVarint(bytes, o);
  const max = hash === IDENTITY ? MAX_IDENTITY_LENGTH : MAX_DIGEST_LENGTH;
  if (length > max) throw new InvalidBlockError(`CID digest length ${length} exceeds ${max} bytes`);
  if (hash === SHA2_256 && length !== 32) throw new InvalidBlockError(`sha2-256 digest length is ${length}, not 32`);
  if (o + length > bytes.length) throw new InvalidBlockError(`CID at offset ${offset} is truncated: digest needs ${length} bytes, ${bytes.length - o} left`);
  return [new Cid(1, codec, hash, bytes.slice(o, o + length)), o + length];
}

/**
 * The CIDv1 (sha2-256) of a block under `codec`.
 * @param {number} codec RAW or DAG_PB
 * @param {Uint8Array} bytes
 * @returns {Promise<Cid>}
 */
export async function cidOf(codec, bytes) {
  if (!Number.isSafeInteger(codec) || codec < 0) throw new TypeError(`codec ${codec} is not a multicodec`);
  checkBytes(bytes);
  return new Cid(1, codec, SHA2_256, await sha256(bytes));
}

/**
 * The CIDv1 of raw bytes (bafkrei...): what a UnixFS raw leaf, or a file of at most one chunk, is.
 * @param {Uint8Array} bytes
 * @returns {Promise<Cid>}
 */
export function rawCid(bytes) {
  return cidOf(RAW, bytes);
}

/**
 * Checks that `bytes` is the block `cid` names: sha2-256 digests compared in constant time,
 * identity by equality; every other hash function is refused.
 * @param {Cid} cid
 * @param {Uint8Array} bytes
 * @returns {Promise<void>}
 * @throws {InvalidBlockError} naming the CID, if the bytes are not its block or cannot be verified
 */
export async function verifyBlock(cid, bytes) {
  if (!(cid instanceof Cid)) throw new TypeError('a Cid required');
  checkBytes(bytes);
  let ok;
  if (cid.hash === SHA2_256) ok = equalBytes(await sha256(bytes), cid.digest);
  else if (cid.hash === IDENTITY) ok = equalBytes(bytes, cid.digest);
  else {
    throw new InvalidBlockError(`CID ${cid} uses multihash 0x${cid.hash.toString(16)}; Unveil only verifies sha2-256 (0x12) and identity blocks`, { cid: cid.text });
  }
  if (!ok) {
    throw new InvalidBlockError(`block of ${bytes.length} bytes does not hash to CID ${cid}; the source sent wrong or corrupted data`, { cid: cid.text });
  }
}

/**
 * RFC 4648 base32, lower case, no padding (the multibase 'b' alphabet).
 * @param {Uint8Array} bytes
 * @returns {string}
 */
function base32Encode(bytes) {
  let s = '';
  let buffer = 0;
  let bits = 0;
  for (let i = 0; i < bytes.length; i++) {
    buffer = ((buffer << 8) | bytes[i]) & 0xfff;
    bits += 8;
    while (bits >= 5) { s += BASE32[(buffer >>> (bits - 5)) & 31]; bits -= 5; }
  }
  if (bits > 0) s += BASE32[(buffer << (5 - bits)) & 31];
  return s;
}

/** @param {string} text @returns {Uint8Array} */
function base32Decode(text) {
  const s = text.toLowerCase();
  const out = new Uint8Array(Math.floor(s.length * 5 / 8));
  let buffer = 0;
  let bits = 0;
  let o = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const v = c < 128 ? BASE32_INDEX[c] : -1;
    if (v < 0) throw new Error(`character '${s[i]}' at index ${i} is not base32`);
    buffer = ((buffer << 5) | v) & 0xfff;
    bits += 5;
    if (bits >= 8) { out[o++] = (buffer >>> (bits - 8)) & 0xff; bits -= 8; }
  }
  // Leftover bits must be fewer than one character and zero: only one text per byte string.
  if (bits >= 5 || (buffer & ((1 << bits) - 1)) !== 0) throw new Error('base32 text has trailing bits; it is truncated or not canonical');
  return out;
}

/** @param {string} text @returns {Uint8Array} */
function decodeBase58(text) {
  try {
    return base58.decode(text);
  } catch (e) {
    throw new Error(`not base58btc: ${e.message}`);
  }
}

/** @param {Uint8Array} bytes */
function checkBytes(bytes) {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`block bytes must be a Uint8Array, got ${Object.prototype.toString.call(bytes)}`);
}

/** @param {string} text */
function abbreviate(text) {
  return text.length <= 80 ? text : text.slice(0, 77) + '...';
}

// Fragment keys (spec/archive-format.md section 6): k_e from the release secret s and the
// fragment's index e; its key address addr(k_e*G), which the manifest lists and the fragment tree
// commits to; and the age X25519 identity derived from k_e that fragment e is sealed to. k_e is a
// secp256k1 scalar (not the age identity itself) so the release contract can check a revealed key
// against its leaf with one ecrecover; HKDF is one-way, so revealed k_e say nothing about s.
import { hkdf, sha256, x25519 } from '../../vendor/noble.js';
import { bech32 } from '../../vendor/scure.js';
import { utf8 } from '../bytes.js';
import { N, bytesToBigInt, scalarToBytes, nonZeroScalar, addressOfSecret } from './secp.js';
import { KeyError } from './errors.js';

/** HKDF salt of the fragment key; its info is e as 4 bytes big-endian. */
export const FRAGMENT_KEY_SALT = 'unveil/archive/v2/fragment-key';
/** HKDF info of the age identity derived from k_e (empty salt). */
export const AGE_IDENTITY_INFO = 'unveil/archive/v2/age-x25519-identity';
/** The largest index the reference accepts (its `int`); the format allows 2^32 - 1. */
export const MAX_INDEX = 2 ** 31 - 2;

const SALT = utf8(FRAGMENT_KEY_SALT);
const INFO = utf8(AGE_IDENTITY_INFO);
const EMPTY = new Uint8Array(0);

/**
 * k_e = (OS2IP(HKDF-SHA256(s, salt = FRAGMENT_KEY_SALT, info = uint32_be(e), 48)) mod (n-1)) + 1.
 * @param {Uint8Array} secret32 the release secret s, 32 bytes big-endian, in [1, n-1]
 * @param {number} e the fragment's index among the encrypted fragments
 * @returns {Uint8Array} k_e, 32 bytes big-endian (the caller wipes it)
 */
export function fragmentKey(secret32, e) {
  nonZeroScalar(secret32, 'release secret');
  requireIndex(e);
  const info = new Uint8Array([e >>> 24, (e >>> 16) & 0xff, (e >>> 8) & 0xff, e & 0xff]);
  const okm = hkdf(sha256, secret32, SALT, info, 48);
  const k = bytesToBigInt(okm) % (N - 1n) + 1n;
  okm.fill(0);
  return scalarToBytes(k);
}

/**
 * The X25519 secret fragment e is sealed to: HKDF-SHA256(k_e, salt = "", info = AGE_IDENTITY_INFO, 32).
 * @param {Uint8Array} k32 k_e, 32 bytes big-endian in [1, n-1] (derived, or revealed on chain)
 * @returns {Uint8Array} 32 bytes (the caller wipes it)
 */
export function ageIdentity(k32) {
  nonZeroScalar(k32, 'fragment key');
  return hkdf(sha256, k32, EMPTY, INFO, 32);
}

/**
 * The age recipient (`age1...`) of an X25519 identity.
 * @param {Uint8Array} identity 32-byte X25519 secret
 * @returns {string}
 */
export function ageRecipient(identity) {
  requireIdentity(identity);
  return bech32.encode('age', bech32.toWords(x25519.getPublicKey(identity)), false);
}

/**
 * The identity in age's text form, `AGE-SECRET-KEY-1...` (upper case), as `age -d -i` reads it.
 * @param {Uint8Array} identity 32-byte X25519 secret
 * @returns {string}
 */
export function encodeAgeIdentity(identity) {
  requireIdentity(identity);
  return bech32.encode('age-secret-key-', bech32.toWords(identity), false).toUpperCase();
}

/**
 * Reads an `AGE-SECRET-KEY-1...` identity (as age-keygen writes it).
 * @param {string} text
 * @returns {Uint8Array} the 32-byte X25519 secret
 */
export function parseAgeIdentity(text) {
  if (typeof text !== 'string' || text !== text.toUpperCase()) {
    throw new KeyError('not an age X25519 identity: it must be AGE-SECRET-KEY-1... in upper case', 'age-identity-invalid');
  }
  let d;
  try {
    d = bech32.decode(/** @type {`${string}1${string}`} */ (text.toLowerCase()), false);
  } catch (err) {
    throw new KeyError(`not a Bech32 age identity: ${err.message}`, 'age-identity-invalid');
  }
  if (d.prefix !== 'age-secret-key-') throw new KeyError('not an age X25519 identity (AGE-SECRET-KEY-1...)', 'age-identity-invalid');
  const key = bech32.fromWords(d.words);
  if (key.length !== 32) throw new KeyError(`age X25519 identity holds ${key.length} bytes, not 32`, 'age-identity-invalid');
  return Uint8Array.from(key);
}

/**
 * The 32-byte X25519 public key of an `age1...` recipient.
 * @param {string} recipient
 * @returns {Uint8Array}
 */
export function parseAgeRecipient(recipient) {
  let d;
  try {
    d = bech32.decode(/** @type {`${string}1${string}`} */ (recipient), false);
  } catch (err) {
    throw new KeyError(`age recipient ${recipient} is not valid bech32: ${err.message}`, 'age-recipient-invalid');
  }
  const key = bech32.fromWords(d.words);
  if (d.prefix !== 'age' || key.length !== 32) {
    throw new KeyError(`age recipient ${recipient} is not an X25519 recipient (age1... with 32 bytes)`, 'age-recipient-invalid');
  }
  return Uint8Array.from(key);
}

/**
 * `addr(k_e*G)`, 0x + 40 lowercase hex: the manifest's `keyAddress` of the fragment.
 * @param {Uint8Array} k32 k_e, 32 bytes big-endian
 * @returns {string}
 */
export function keyAddress(k32) {
  return addressOfSecret(k32);
}

/** @param {number} e */
function requireIndex(e) {
  if (!Number.isInteger(e) || e < 0 || e > MAX_INDEX) throw new RangeError(`fragment index ${e} must be an integer in 0..${MAX_INDEX}`);
}

/** @param {Uint8Array} identity */
function requireIdentity(identity) {
  if (!(identity instanceof Uint8Array) || identity.length !== 32) throw new TypeError('an X25519 identity is 32 bytes');
}

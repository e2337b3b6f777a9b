// ECIES on secp256k1 in the `ecies` libraries' default format (spec/keys.md section 3; eciesjs
// 0.4/0.5, eciespy, ecies-rs): E = e*G uncompressed, K = HKDF-SHA256(E || e*P uncompressed, no
// salt, no info, 32), AES-256-GCM with a 16-byte nonce, output E || nonce || tag || ciphertext.
import { hkdf, sha256, gcm } from '../../vendor/noble.js';
import { concat } from '../bytes.js';
import { decodePoint, nonZeroScalar, uncompressed, mulG, randomScalarBytes } from './secp.js';
import { KeyError } from './errors.js';

const NONCE = 16;
const TAG = 16;
/** Bytes ECIES adds to a plaintext: 65-byte ephemeral key, 16-byte nonce, 16-byte tag. */
export const ECIES_OVERHEAD = 65 + NONCE + TAG;

/**
 * Encrypts to a secp256k1 public key; draws the ephemeral secret (as a scalar, by rejection) then
 * the nonce from `random`, in the reference's order.
 * @param {Uint8Array} publicKey 33 bytes compressed or 65 uncompressed
 * @param {Uint8Array} plaintext
 * @param {import('./random.js').RandomSource} random
 * @returns {Uint8Array} E || nonce || tag || ciphertext
 */
export function eciesEncrypt(publicKey, plaintext, random) {
  const ephemeral = randomScalarBytes(random);
  const nonce = random.bytes(NONCE);
  try {
    return eciesEncryptWith(publicKey, plaintext, ephemeral, nonce);
  } finally {
    ephemeral.fill(0);
  }
}

/**
 * The deterministic core: encrypts with a given ephemeral secret and nonce (test vectors only).
 * @param {Uint8Array} publicKey
 * @param {Uint8Array} plaintext
 * @param {Uint8Array} ephemeralSecret 32 bytes in [1, n-1]
 * @param {Uint8Array} nonce 16 bytes
 * @returns {Uint8Array}
 */
export function eciesEncryptWith(publicKey, plaintext, ephemeralSecret, nonce) {
  if (!(plaintext instanceof Uint8Array)) throw new TypeError('plaintext must be a Uint8Array');
  if (!(nonce instanceof Uint8Array) || nonce.length !== NONCE) throw new TypeError('the ECIES nonce is 16 bytes');
  const receiver = decodePoint(publicKey, 'recipient public key');
  const e = nonZeroScalar(ephemeralSecret, 'ephemeral secret');
  const E = uncompressed(mulG(e));
  const key = deriveKey(E, uncompressed(receiver.multiply(e)));
  try {
    const sealed = gcm(key, nonce).encrypt(plaintext); // ciphertext || tag
    const c = sealed.subarray(0, plaintext.length);
    const tag = sealed.subarray(plaintext.length);
    return concat(E, nonce, tag, c);
  } finally {
    key.fill(0);
  }
}

/**
 * Decrypts and authenticates; no plaintext unless the tag verifies.
 * @param {Uint8Array} privateKey 32 bytes in [1, n-1]
 * @param {Uint8Array} ciphertext E || nonce || tag || ciphertext
 * @returns {Uint8Array}
 * @throws {KeyError} if it is too short, E is not an uncompressed point, or authentication fails
 */
export function eciesDecrypt(privateKey, ciphertext) {
  const d = nonZeroScalar(privateKey, 'private key');
  if (!(ciphertext instanceof Uint8Array) || ciphertext.length < ECIES_OVERHEAD) {
    throw new KeyError(`ECIES ciphertext is ${ciphertext?.length ?? 0} bytes, shorter than the ${ECIES_OVERHEAD}-byte minimum `
      + '(65-byte key, 16-byte nonce, 16-byte tag): it is truncated', 'ecies-truncated');
  }
  const E = ciphertext.subarray(0, 65);
  let ephemeral;
  try {
    if (E[0] !== 4) throw new Error('not uncompressed');
    ephemeral = decodePoint(E, 'ephemeral key');
  } catch {
    throw new KeyError('ECIES ciphertext does not start with a valid uncompressed secp256k1 point: '
      + 'it is corrupted or not in the ecies format', 'ecies-invalid');
  }
  const key = deriveKey(E, uncompressed(ephemeral.multiply(d)));
  const nonce = ciphertext.subarray(65, 65 + NONCE);
  const tag = ciphertext.subarray(65 + NONCE, ECIES_OVERHEAD);
  const body = ciphertext.subarray(ECIES_OVERHEAD);
  try {
    return gcm(key, nonce).decrypt(concat(body, tag));
  } catch {
    throw new KeyError('ECIES ciphertext failed authentication: wrong private key, or the data is corrupted or was tampered with',
      'ecies-auth');
  } finally {
    key.fill(0);
  }
}

/**
 * @param {Uint8Array} E65
 * @param {Uint8Array} shared65
 */
function deriveKey(E65, shared65) {
  const ikm = concat(E65, shared65);
  try {
    return hkdf(sha256, ikm, undefined, undefined, 32);
  } finally {
    ikm.fill(0);
  }
}

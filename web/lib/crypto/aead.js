// ChaCha20-Poly1305 (RFC 8439, 12-byte nonce), the AEAD of age: libsodium's WebAssembly build,
// which runs at about 2.3x noble's speed in Chromium; pack and unpack spend most of their time
// here, and the web tool's >= 80 and >= 100 MB/s targets need it (scripts/bench-web). The module
// waits for libsodium to load (top-level await), so its functions are synchronous.
import { sodium } from '../../vendor/sodium.js';

await sodium.ready;

/**
 * Encrypts and authenticates `plain`: ciphertext and 16-byte tag, into `out` if given.
 * @param {Uint8Array} key 32 bytes
 * @param {Uint8Array} nonce 12 bytes
 * @param {Uint8Array} plain
 * @param {Uint8Array} [out] at least plain.length + 16 bytes
 * @returns {Uint8Array} ciphertext || tag (a view of `out` when given)
 */
export function aeadSeal(key, nonce, plain, out) {
  const sealed = sodium.crypto_aead_chacha20poly1305_ietf_encrypt(plain, null, null, nonce, key);
  if (!out) return sealed;
  out.set(sealed);
  return out.subarray(0, sealed.length);
}

/**
 * Authenticates and decrypts `sealed` (ciphertext || tag); null if it does not authenticate.
 * @param {Uint8Array} key 32 bytes
 * @param {Uint8Array} nonce 12 bytes
 * @param {Uint8Array} sealed at least 16 bytes
 * @param {Uint8Array} [out] at least sealed.length - 16 bytes
 * @returns {Uint8Array|null} the plaintext (a view of `out` when given)
 */
export function aeadOpen(key, nonce, sealed, out) {
  if (sealed.length < 16) return null;
  let plain;
  try {
    plain = sodium.crypto_aead_chacha20poly1305_ietf_decrypt(null, sealed, null, nonce, key);
  } catch {
    return null; // libsodium's only failure here is a tag that does not verify
  }
  if (!out) return plain;
  out.set(plain);
  return out.subarray(0, plain.length);
}

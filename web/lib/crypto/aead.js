// ChaCha20-Poly1305 (RFC 8439, 12-byte nonce), the AEAD of age: libsodium's WebAssembly build,
// about 2.3x noble's speed in Chromium; pack and unpack spend most of their time here
// (scripts/bench-web). Called through libsodium's raw exports on scratch space of its heap,
// allocated once, rather than through its wrappers, which allocate and return a new array per
// call: at one call per 64 KiB age chunk that garbage alone held a hundred MiB in each worker
// until its GC ran. The module waits for libsodium to load (top-level await), so its functions
// are synchronous.
import { sodium } from '../../vendor/sodium.js';

await sodium.ready;
/** libsodium's Emscripten module: _malloc, HEAPU8 and the C functions (64-bit lengths as two 32-bit halves). */
const lib = /** @type {any} */ (sodium).libsodium;
/** The largest input per call: one age chunk and its tag. */
const MAX = 64 * 1024 + 16;
const KEY = lib._malloc(32);
const NONCE = lib._malloc(12);
const IN = lib._malloc(MAX);
const OUT = lib._malloc(MAX);

/**
 * Copies the key, nonce and input into the heap (re-read each call: the heap may have grown).
 * @param {Uint8Array} key @param {Uint8Array} nonce @param {Uint8Array} input
 * @returns {Uint8Array} the heap
 */
function load(key, nonce, input) {
  if (key.length !== 32 || nonce.length !== 12) throw new RangeError('ChaCha20-Poly1305 takes a 32-byte key and a 12-byte nonce');
  if (input.length > MAX) throw new RangeError(`at most ${MAX} bytes per ChaCha20-Poly1305 call (one age chunk), got ${input.length}`);
  const heap = lib.HEAPU8;
  heap.set(key, KEY);
  heap.set(nonce, NONCE);
  heap.set(input, IN);
  return heap;
}

/**
 * Encrypts and authenticates `plain`: ciphertext and 16-byte tag, into `out` if given.
 * @param {Uint8Array} key 32 bytes
 * @param {Uint8Array} nonce 12 bytes
 * @param {Uint8Array} plain at most 64 KiB
 * @param {Uint8Array} [out] at least plain.length + 16 bytes
 * @returns {Uint8Array} ciphertext || tag (a view of `out` when given)
 */
export function aeadSeal(key, nonce, plain, out) {
  const heap = load(key, nonce, plain);
  lib._crypto_aead_chacha20poly1305_ietf_encrypt(OUT, 0, IN, plain.length, 0, 0, 0, 0, 0, NONCE, KEY);
  heap.fill(0, KEY, KEY + 32);
  const n = plain.length + 16;
  const sealed = out ? out.subarray(0, n) : new Uint8Array(n);
  sealed.set(lib.HEAPU8.subarray(OUT, OUT + n));
  return sealed;
}

/**
 * Authenticates and decrypts `sealed` (ciphertext || tag); null if it does not authenticate.
 * @param {Uint8Array} key 32 bytes
 * @param {Uint8Array} nonce 12 bytes
 * @param {Uint8Array} sealed 16 bytes to 64 KiB + 16
 * @param {Uint8Array} [out] at least sealed.length - 16 bytes
 * @returns {Uint8Array|null} the plaintext (a view of `out` when given)
 */
export function aeadOpen(key, nonce, sealed, out) {
  if (sealed.length < 16) return null;
  const heap = load(key, nonce, sealed);
  const ok = lib._crypto_aead_chacha20poly1305_ietf_decrypt(OUT, 0, 0, IN, sealed.length, 0, 0, 0, 0, NONCE, KEY) === 0;
  heap.fill(0, KEY, KEY + 32);
  if (!ok) return null;
  const n = sealed.length - 16;
  const plain = out ? out.subarray(0, n) : new Uint8Array(n);
  plain.set(lib.HEAPU8.subarray(OUT, OUT + n));
  return plain;
}

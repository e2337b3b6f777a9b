// Randomness is injected everywhere (splits, envelopes, age keys and nonces), so a pack can be
// reproduced from a seed. The seeded source emulates Java's SHA1PRNG exactly, the generator the
// Java reference's test fixtures use (`SecureRandom.getInstance("SHA1PRNG")` then
// `setSeed(long)`): the twin reproduces a Java seeded pack byte for byte and Java stays untouched.
import { sha1 } from '../../vendor/noble.js';

/**
 * A source of random bytes. Draws must be consumed in the order the format's reference draws them
 * (Java's `SecureRandom.nextBytes`), so that a seeded source gives identical output in both.
 * @typedef {{ bytes(n: number): Uint8Array }} RandomSource
 */

const MAX_GET_RANDOM_VALUES = 65536; // WebCrypto's per-call limit

/**
 * The platform's CSPRNG (`crypto.getRandomValues`, in Chromium and Node): the only source for real packs.
 * @returns {RandomSource}
 */
export function systemRandom() {
  return {
    bytes(n) {
      requireCount(n);
      const out = new Uint8Array(n);
      for (let o = 0; o < n; o += MAX_GET_RANDOM_VALUES) {
        globalThis.crypto.getRandomValues(out.subarray(o, Math.min(n, o + MAX_GET_RANDOM_VALUES)));
      }
      return out;
    },
  };
}

/**
 * Java's SHA1PRNG (OpenJDK `sun.security.provider.SecureRandom`) seeded with a long before first
 * use, as `Fixtures.seeded(seed)` in the Java tests: reproducible, NOT secret (for tests and
 * reproducible vectors only). `bytes(n)` is one `nextBytes(new byte[n])`: the generator keeps the
 * unused tail of its last 20-byte block for the next call, so the split of draws matters.
 * @param {bigint|number} seed a Java long, not 0 (Java ignores `setSeed(0L)` and would self-seed)
 * @returns {RandomSource & { setSeed(seed: Uint8Array): void }}
 */
export function sha1prng(seed) {
  const s = BigInt(seed);
  if (s < -(1n << 63n) || s >= (1n << 63n)) throw new RangeError(`SHA1PRNG seed ${seed} is not a Java long`);
  if (s === 0n) throw new RangeError('SHA1PRNG seed 0 is ignored by Java (setSeed(0L) is a no-op there); pick another seed');
  // java.security.SecureRandom.longToByteArray: little-endian, 8 bytes.
  const le = new Uint8Array(8);
  let v = BigInt.asUintN(64, s);
  for (let i = 0; i < 8; i++) { le[i] = Number(v & 0xffn); v >>= 8n; }
  const g = new Sha1Prng();
  g.setSeed(le);
  return g;
}

/** The generator itself; state transitions follow the OpenJDK source line by line. */
class Sha1Prng {
  constructor() {
    /** @type {Uint8Array|null} */
    this.state = null;
    this.remainder = new Uint8Array(20);
    this.remCount = 0;
  }

  /**
   * `engineSetSeed`: the seed supplements the state, `state = SHA1(state || seed)`.
   * @param {Uint8Array} seed
   */
  setSeed(seed) {
    if (!(seed instanceof Uint8Array)) throw new TypeError('SHA1PRNG seed must be a Uint8Array');
    if (this.state === null) {
      this.state = sha1(seed);
    } else {
      const both = new Uint8Array(20 + seed.length);
      both.set(this.state);
      both.set(seed, 20);
      this.state = sha1(both);
    }
    this.remCount = 0;
  }

  /**
   * `engineNextBytes(new byte[n])`.
   * @param {number} n
   * @returns {Uint8Array}
   */
  bytes(n) {
    requireCount(n);
    const result = new Uint8Array(n);
    const state = this.state;
    let index = 0;
    let output = this.remainder;
    let r = this.remCount;
    if (r > 0) {
      const todo = Math.min(n - index, 20 - r);
      for (let i = 0; i < todo; i++) { result[i] = output[r]; output[r++] = 0; }
      this.remCount += todo;
      index += todo;
    }
    while (index < n) {
      output = sha1(state);
      updateState(state, output);
      const todo = Math.min(n - index, 20);
      result.set(output.subarray(0, todo), index);
      output.fill(0, 0, todo);
      index += todo;
      this.remCount += todo;
    }
    this.remainder = output;
    this.remCount %= 20;
    return result;
  }
}

/**
 * `state = (state + output + 1) mod 2^160`, as OpenJDK writes it: over SIGNED bytes, index 0 first,
 * the carry being `v >> 8` of the signed sum. That is not plain unsigned addition (0xff + 0x01 + 1
 * carries nothing), and must be copied as is to draw Java's bytes.
 * @param {Uint8Array} state
 * @param {Uint8Array} output
 */
function updateState(state, output) {
  let last = 1;
  let changed = false;
  for (let i = 0; i < state.length; i++) {
    const v = ((state[i] << 24) >> 24) + ((output[i] << 24) >> 24) + last;
    const t = v & 0xff;
    changed = changed || state[i] !== t;
    state[i] = t;
    last = v >> 8;
  }
  if (!changed) state[0] = (state[0] + 1) & 0xff;
}

/** @param {number} n */
function requireCount(n) {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`cannot draw ${n} random bytes: need a whole number >= 0`);
}

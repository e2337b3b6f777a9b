// The secp256k1 group as spec/keys.md section 1 fixes it: 32-byte big-endian scalars, SEC1
// points (compressed unless stated), Ethereum addresses of points.
import { secp256k1, keccak_256 } from '../../vendor/noble.js';
import { toHex, fromHex } from '../bytes.js';
import { KeyError } from './errors.js';

const Point = secp256k1.Point;

/** The group order n. */
export const N = Point.Fn.ORDER;
/** floor(n / 2): signatures with s above it are normalised to n - s. */
export const HALF_N = N >> 1n;

/**
 * A point of secp256k1 (noble's projective point; compare with `.equals`).
 * @typedef {InstanceType<typeof secp256k1.Point>} SecpPoint
 */

/** The generator G. */
export const G = Point.BASE;

/**
 * The integer of 32 big-endian bytes, in [0, n-1] (share values).
 * @param {Uint8Array} b32
 * @param {string} [what] names the value in the error
 * @returns {bigint}
 */
export function scalarFromBytes(b32, what = 'scalar') {
  if (!(b32 instanceof Uint8Array) || b32.length !== 32) {
    throw new KeyError(`${what} must be 32 bytes big-endian, got ${b32 instanceof Uint8Array ? b32.length : typeof b32}`, 'scalar-invalid');
  }
  const x = bytesToBigInt(b32);
  if (x >= N) throw new KeyError(`${what} must be below the secp256k1 order n; check it was copied whole`, 'scalar-invalid');
  return x;
}

/**
 * The integer of 32 big-endian bytes, in [1, n-1] (secrets, keys: 0 is refused).
 * @param {Uint8Array} b32
 * @param {string} [what]
 * @returns {bigint}
 */
export function nonZeroScalar(b32, what = 'scalar') {
  const x = scalarFromBytes(b32, what);
  if (x === 0n) throw new KeyError(`${what} must be in [1, n-1] of secp256k1 (it is 0)`, 'scalar-invalid');
  return x;
}

/**
 * 32 big-endian bytes of an integer in [0, 2^256).
 * @param {bigint} x
 * @returns {Uint8Array}
 */
export function scalarToBytes(x) {
  if (typeof x !== 'bigint' || x < 0n || x >= 1n << 256n) throw new RangeError('a scalar is a bigint in [0, 2^256)');
  return fromHex(x.toString(16).padStart(64, '0'));
}

/**
 * Big-endian bytes as an unsigned integer (OS2IP).
 * @param {Uint8Array} b
 * @returns {bigint}
 */
export function bytesToBigInt(b) {
  return b.length === 0 ? 0n : BigInt('0x' + toHex(b));
}

/**
 * k*G for k in [1, n-1].
 * @param {bigint} k
 * @returns {SecpPoint}
 */
export function mulG(k) {
  if (typeof k !== 'bigint' || k <= 0n || k >= N) throw new RangeError('mulG needs a scalar in [1, n-1]');
  return G.multiply(k);
}

/**
 * A SEC1 point, 33 bytes compressed (02/03) or 65 uncompressed (04); refuses the point at
 * infinity, hybrid encodings, other lengths and points off the curve.
 * @param {Uint8Array} encoded
 * @param {string} [what]
 * @returns {SecpPoint}
 */
export function decodePoint(encoded, what = 'point') {
  if (!(encoded instanceof Uint8Array)) throw new KeyError(`${what} is missing`, 'point-invalid');
  const ok = (encoded.length === 33 && (encoded[0] === 2 || encoded[0] === 3)) || (encoded.length === 65 && encoded[0] === 4);
  if (!ok) {
    throw new KeyError(`${what} must be a 33-byte compressed or 65-byte uncompressed secp256k1 point, got ${encoded.length} bytes`
      + (encoded.length ? ` starting with 0x${toHex(encoded.subarray(0, 1))}` : ''), 'point-invalid');
  }
  try {
    const p = Point.fromBytes(encoded);
    p.assertValidity();
    return p;
  } catch {
    throw new KeyError(`${what} is not a point on secp256k1`, 'point-invalid');
  }
}

/**
 * The point compressed, 33 bytes.
 * @param {SecpPoint} p
 * @returns {Uint8Array}
 */
export function compressed(p) {
  return p.toBytes(true);
}

/**
 * The point uncompressed, 65 bytes (04 || X || Y).
 * @param {SecpPoint} p
 * @returns {Uint8Array}
 */
export function uncompressed(p) {
  return p.toBytes(false);
}

/**
 * Lowercase hex (no 0x) of the compressed point.
 * @param {SecpPoint} p
 * @returns {string}
 */
export function compressedHex(p) {
  return toHex(p.toBytes(true));
}

/**
 * `addr(P)`: the last 20 bytes of keccak256(X || Y), `0x` + 40 lowercase hex digits.
 * @param {SecpPoint|Uint8Array} publicKey a point, or its SEC1 encoding (33 or 65 bytes)
 * @returns {string}
 */
export function ethAddress(publicKey) {
  const p = publicKey instanceof Uint8Array ? decodePoint(publicKey, 'public key') : publicKey;
  return '0x' + toHex(keccak_256(p.toBytes(false).subarray(1)).subarray(12));
}

/**
 * `addr(k*G)` of a 32-byte secret scalar in [1, n-1].
 * @param {Uint8Array} k32
 * @returns {string}
 */
export function addressOfSecret(k32) {
  return ethAddress(mulG(nonZeroScalar(k32, 'secret key')));
}

/**
 * A uniform scalar in [1, n-1] as 32 bytes, drawn as the Java reference draws it
 * (`ScalarKey.randomScalarBytes`: 32 bytes at a time, rejected and redrawn if 0 or >= n).
 * @param {import('./random.js').RandomSource} random
 * @returns {Uint8Array}
 */
export function randomScalarBytes(random) {
  if (!random || typeof random.bytes !== 'function') throw new TypeError('a random source { bytes(n) } is required');
  for (;;) {
    const b = random.bytes(32);
    const x = bytesToBigInt(b);
    if (x !== 0n && x < N) return b;
  }
}

/**
 * The normalised address form: `0x` + 40 lowercase hex digits; refuses anything else.
 * @param {string} address 0x + 40 hex digits, any case
 * @param {string} [what] names the field in the error
 * @returns {string}
 */
export function normaliseAddress(address, what = 'address') {
  if (typeof address !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(address)) {
    throw new KeyError(`${what} address must be 0x followed by 40 hex digits, got ${JSON.stringify(address)}`, 'address-invalid');
  }
  return address.toLowerCase();
}

/**
 * a mod n in [0, n-1].
 * @param {bigint} a
 * @returns {bigint}
 */
export function modN(a) {
  const r = a % N;
  return r < 0n ? r + N : r;
}

/**
 * The inverse of a mod n (a not 0 mod n).
 * @param {bigint} a
 * @returns {bigint}
 */
export function invN(a) {
  return Point.Fn.inv(modN(a));
}

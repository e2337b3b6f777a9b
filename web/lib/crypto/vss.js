// Feldman verifiable secret sharing of the release secret on secp256k1 (spec/keys.md section 2),
// in RFC 9591's trusted-dealer layout: f(x) = s + a_1 x + ... + a_{M-1} x^{M-1} mod n, share i is
// f(i) for i = 1..N, commitments C_0 = S, C_j = a_j*G. Every group of a release commits to the
// same C_0, so anyone can check that all groups hide the same secret.
import { fromHex, toHex, concat } from '../bytes.js';
import { keccak_256 } from '../../vendor/noble.js';
import { N, mulG, decodePoint, compressed, ethAddress, nonZeroScalar, scalarFromBytes, scalarToBytes, bytesToBigInt, randomScalarBytes, modN, invN } from './secp.js';
import { InvalidShareError } from './errors.js';

/** Identifiers are one byte in the share plaintext, so a group has at most 255 keyholders. */
export const MAX_GROUP_SIZE = 255;

/**
 * One share (i, f(i)); `value` is 32 bytes big-endian in [0, n-1] and secret.
 * @typedef {{ identifier: number, value: Uint8Array }} SecretShare
 */

/**
 * One group's commitments C_0..C_{M-1}, each a compressed point (bytes or hex, 0x optional).
 * @typedef {Array<Uint8Array|string>} CommitmentsInput
 */

/**
 * Splits s M-of-N with coefficients drawn from `random` in the reference's order (a_1 first, each
 * by rejection as `ScalarKey.randomScalarBytes`), so a seeded source gives the reference's split.
 * @param {Uint8Array} secret32 s, 32 bytes in [1, n-1]
 * @param {{ threshold: number, size: number }} group M and N, 1 <= M <= N <= 255
 * @param {import('./random.js').RandomSource} random
 * @returns {{ commitments: Uint8Array[], shares: SecretShare[] }}
 */
export function splitSecret(secret32, group, random) {
  requireGroup(group);
  const coefficients = [];
  for (let j = 1; j < group.threshold; j++) coefficients.push(randomScalarBytes(random));
  return splitWithCoefficients(secret32, coefficients, group.size);
}

/**
 * Splits with fixed coefficients a_1..a_{M-1}: the derandomised form the vectors use.
 * @param {Uint8Array} secret32
 * @param {Uint8Array[]} coefficients 32 bytes each, in [1, n-1]
 * @param {number} size N
 * @returns {{ commitments: Uint8Array[], shares: SecretShare[] }}
 */
export function splitWithCoefficients(secret32, coefficients, size) {
  requireGroup({ threshold: coefficients.length + 1, size });
  const poly = [nonZeroScalar(secret32, 'release secret'), ...coefficients.map((a, j) => nonZeroScalar(a, `coefficient a_${j + 1}`))];
  const commitments = poly.map((a) => compressed(mulG(a)));
  const shares = [];
  for (let i = 1; i <= size; i++) {
    let acc = 0n;
    for (let j = poly.length - 1; j >= 0; j--) acc = (acc * BigInt(i) + poly[j]) % N;
    shares.push({ identifier: i, value: scalarToBytes(acc) });
  }
  return { commitments, shares };
}

/**
 * The commitments as points, checked (compressed, on the curve, 1..255 of them).
 * @param {CommitmentsInput} commitments
 * @returns {import('./secp.js').SecpPoint[]}
 */
export function decodeCommitments(commitments) {
  if (!Array.isArray(commitments) || commitments.length < 1 || commitments.length > MAX_GROUP_SIZE) {
    throw new InvalidShareError(`a group needs 1..255 commitments, got ${Array.isArray(commitments) ? commitments.length : 'none'}`);
  }
  return commitments.map((c, j) => {
    const b = typeof c === 'string' ? fromHex(c) : c;
    if (b.length !== 33) throw new InvalidShareError(`commitment ${j} must be a 33-byte compressed point, got ${b.length} bytes`);
    return decodePoint(b, `commitment ${j}`);
  });
}

/**
 * Accepts share (i, v) iff v < n and v*G == sum_j i^j * C_j.
 * @param {SecretShare} share
 * @param {CommitmentsInput} commitments
 * @throws {InvalidShareError} naming the identifier when it does not match
 */
export function verifyShare(share, commitments) {
  const points = decodeCommitments(commitments);
  const id = requireIdentifier(share?.identifier);
  const v = scalarFromBytes(share.value, `share ${id} value`);
  const expected = evaluate(points, id);
  const actual = v === 0n ? null : mulG(v);
  if (actual === null ? !expected.is0() : !actual.equals(expected)) {
    throw new InvalidShareError(`share ${id} does not match the group's Feldman commitments (S=0x${toHexPoint(points[0])}): `
      + 'it is corrupted or was made for another release or group; refuse it and tell the artist');
  }
}

/**
 * P_id = sum_j C_j * id^j, compressed: the public point of identifier id's share, from the commitments alone.
 * @param {CommitmentsInput} commitments
 * @param {number} identifier 1..255
 * @returns {Uint8Array}
 */
export function sharePoint(commitments, identifier) {
  return compressed(evaluate(decodeCommitments(commitments), requireIdentifier(identifier)));
}

/**
 * addr(P_id): what a release records for the slot and checks a published share against.
 * @param {CommitmentsInput} commitments
 * @param {number} identifier
 * @returns {string}
 */
export function shareAddress(commitments, identifier) {
  return ethAddress(evaluate(decodeCommitments(commitments), requireIdentifier(identifier)));
}

/**
 * The share addresses of identifiers 1..size, in slot order.
 * @param {CommitmentsInput} commitments
 * @param {number} size
 * @returns {string[]}
 */
export function shareAddresses(commitments, size) {
  const points = decodeCommitments(commitments);
  const out = [];
  for (let id = 1; id <= size; id++) out.push(ethAddress(evaluate(points, requireIdentifier(id))));
  return out;
}

/**
 * addr(value*G): the address a published share must match on chain.
 * @param {SecretShare} share
 * @returns {string}
 */
export function addressOfShare(share) {
  return ethAddress(mulG(nonZeroScalar(share.value, `share ${share.identifier} value`)));
}

/**
 * Rebuilds s from shares with at least M distinct identifiers; every share is verified first,
 * so one bad share is named rather than yielding a wrong secret.
 * @param {SecretShare[]} shares
 * @param {CommitmentsInput} commitments
 * @returns {Uint8Array} s, 32 bytes (the caller wipes it)
 * @throws {InvalidShareError}
 */
export function combineShares(shares, commitments) {
  const points = decodeCommitments(commitments);
  /** @type {Map<number, SecretShare>} */
  const byId = new Map();
  for (const share of shares) {
    const id = requireIdentifier(share?.identifier);
    const previous = byId.get(id);
    if (previous && bytesToBigInt(previous.value) !== bytesToBigInt(share.value)) {
      throw new InvalidShareError(`two different shares carry identifier ${id}; drop the wrong one`);
    }
    byId.set(id, share);
  }
  const ids = [...byId.keys()].sort((a, b) => a - b);
  if (ids.length < points.length) {
    throw new InvalidShareError(`need ${points.length} shares with distinct identifiers to rebuild the secret, got ${ids.length} [${ids.join(', ')}]`);
  }
  for (const id of ids) verifyShare(byId.get(id), commitments);
  const used = ids.slice(0, points.length);
  let s = 0n;
  for (const xi of used) {
    let num = 1n;
    let den = 1n;
    for (const xj of used) {
      if (xj === xi) continue;
      num = modN(num * BigInt(xj));
      den = modN(den * BigInt(xj - xi));
    }
    s = modN(s + modN(num * invN(den)) * bytesToBigInt(byId.get(xi).value));
  }
  if (s === 0n || !mulG(s).equals(points[0])) {
    throw new InvalidShareError(`the shares [${ids.join(', ')}] do not rebuild the committed secret 0x${toHexPoint(points[0])}`);
  }
  return scalarToBytes(s);
}

/**
 * Horner over points: each step multiplies by the identifier (at most 8 bits), public data only.
 * @param {import('./secp.js').SecpPoint[]} points
 * @param {number} x
 */
function evaluate(points, x) {
  let acc = points[points.length - 1];
  for (let j = points.length - 2; j >= 0; j--) acc = acc.multiplyUnsafe(BigInt(x)).add(points[j]);
  return acc;
}

/** @param {import('./secp.js').SecpPoint} p */
function toHexPoint(p) {
  return toHex(compressed(p));
}

/** @param {unknown} id */
function requireIdentifier(id) {
  if (!Number.isInteger(id) || /** @type {number} */ (id) < 1 || /** @type {number} */ (id) > MAX_GROUP_SIZE) {
    throw new InvalidShareError(`share identifier must be in [1, 255], got ${id}`);
  }
  return /** @type {number} */ (id);
}

/** @param {{ threshold: number, size: number }} g */
function requireGroup(g) {
  if (!g || !Number.isInteger(g.size) || g.size < 1 || g.size > MAX_GROUP_SIZE) throw new RangeError(`group size must be in [1, 255], got ${g?.size}`);
  if (!Number.isInteger(g.threshold) || g.threshold < 1 || g.threshold > g.size) {
    throw new RangeError(`group threshold must be in [1, size=${g.size}], got ${g.threshold}`);
  }
}

/**
 * `commitmentsHash` of the release parameters: keccak256 of every group's compressed Feldman
 * commitments, group after group, coefficient order (spec/release-protocol.md section 2).
 * @param {Array<Array<string|Uint8Array>>} groups each group's commitments (hex or bytes)
 * @returns {string} 0x + 64 hex
 */
export function commitmentsHash(groups) {
  if (!Array.isArray(groups) || groups.length === 0) throw new RangeError('at least one group of commitments required');
  const parts = [];
  for (const g of groups) {
    decodeCommitments(g); // each one a point on the curve, or the hash would commit to garbage
    for (const c of g) parts.push(typeof c === 'string' ? fromHex(c) : c);
  }
  return '0x' + toHex(keccak_256(concat(...parts)));
}

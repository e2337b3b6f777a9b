// The share envelope (spec/keys.md section 5): a keyholder's share sealed with ECIES to its release
// public key k*G, with its context inside the plaintext so a share cannot be replayed into another
// release, group or slot. Plaintext, 131 bytes: magic "unveil share v1\n" (16), chain id uint64
// (8), factory (20), release (20), S compressed (33), group (1), identifier (1), value (32).
import { utf8, toHex, fromHex, equalBytes } from '../bytes.js';
import { decodePoint, normaliseAddress, scalarFromBytes } from './secp.js';
import { eciesEncrypt, eciesDecrypt, ECIES_OVERHEAD } from './ecies.js';
import { KeyError } from './errors.js';

const MAGIC = utf8('unveil share v1\n');
/** Bytes of the share plaintext. */
export const SHARE_PLAINTEXT_BYTES = 16 + 8 + 20 + 20 + 33 + 1 + 1 + 32;
/** Bytes of every sealed envelope. */
export const SEALED_SHARE_BYTES = ECIES_OVERHEAD + SHARE_PLAINTEXT_BYTES;

/**
 * Where a share belongs (ShareContext): chain id, factory and release (0x-hex), S compressed,
 * group index (0-based) and share identifier (1..255).
 * @typedef {{ chainId: number|bigint, factory: string, release: string, secretPublicKey: Uint8Array|string, group: number, identifier: number }} ShareContext
 */

/**
 * A checked copy of a context: addresses lower-cased, S as 33 bytes on the curve, ranges checked.
 * @param {ShareContext} ctx
 * @returns {{ chainId: bigint, factory: string, release: string, secretPublicKey: Uint8Array, group: number, identifier: number }}
 */
export function shareContext(ctx) {
  if (!ctx) throw new TypeError('share context required');
  const chainId = BigInt(ctx.chainId);
  if (chainId <= 0n || chainId >= 1n << 63n) throw new RangeError(`chain id must be positive (a Java long), got ${ctx.chainId}`);
  const S = typeof ctx.secretPublicKey === 'string' ? fromHex(ctx.secretPublicKey) : Uint8Array.from(ctx.secretPublicKey);
  decodePoint(S, 'secret public key');
  if (S.length !== 33) throw new RangeError(`secret public key must be compressed (33 bytes), got ${S.length}`);
  if (!Number.isInteger(ctx.group) || ctx.group < 0 || ctx.group > 255) throw new RangeError(`group must be in [0, 255], got ${ctx.group}`);
  if (!Number.isInteger(ctx.identifier) || ctx.identifier < 1 || ctx.identifier > 255) {
    throw new RangeError(`share identifier must be in [1, 255], got ${ctx.identifier}`);
  }
  return {
    chainId, factory: normaliseAddress(ctx.factory, 'factory'), release: normaliseAddress(ctx.release, 'release'),
    secretPublicKey: S, group: ctx.group, identifier: ctx.identifier,
  };
}

/**
 * The 131-byte plaintext of a share in its context.
 * @param {import('./vss.js').SecretShare} share
 * @param {ShareContext} context
 * @returns {Uint8Array}
 */
export function encodeSharePlaintext(share, context) {
  const ctx = shareContext(context);
  if (share?.identifier !== ctx.identifier) {
    throw new RangeError(`share identifier ${share?.identifier} differs from the context identifier ${ctx.identifier}`);
  }
  scalarFromBytes(share.value, `share ${share.identifier} value`);
  const b = new Uint8Array(SHARE_PLAINTEXT_BYTES);
  b.set(MAGIC, 0);
  new DataView(b.buffer).setBigUint64(16, ctx.chainId);
  b.set(fromHex(ctx.factory), 24);
  b.set(fromHex(ctx.release), 44);
  b.set(ctx.secretPublicKey, 64);
  b[97] = ctx.group;
  b[98] = ctx.identifier;
  b.set(share.value, 99);
  return b;
}

/**
 * Seals a share for the keyholder whose release public key is given.
 * @param {import('./vss.js').SecretShare} share
 * @param {ShareContext} context
 * @param {Uint8Array} keyholderPublicKey 33 or 65 bytes
 * @param {import('./random.js').RandomSource} random
 * @returns {Uint8Array} 228 bytes
 */
export function sealShare(share, context, keyholderPublicKey, random) {
  const plain = encodeSharePlaintext(share, context);
  try {
    return eciesEncrypt(keyholderPublicKey, plain, random);
  } finally {
    plain.fill(0);
  }
}

/**
 * Opens an envelope with the keyholder's release key and checks it was made for `expected`,
 * naming the first field that differs. The caller then verifies the share against its group's
 * commitments (vss.js `verifyShare`).
 * @param {Uint8Array} sealed
 * @param {Uint8Array} releaseKey 32 bytes
 * @param {ShareContext} expected
 * @returns {import('./vss.js').SecretShare}
 * @throws {KeyError}
 */
export function openShare(sealed, releaseKey, expected) {
  const want = shareContext(expected);
  const plain = eciesDecrypt(releaseKey, sealed);
  try {
    return decodeSharePlaintext(plain, want);
  } finally {
    plain.fill(0);
  }
}

/**
 * @param {Uint8Array} plain
 * @param {ReturnType<typeof shareContext>} want
 */
function decodeSharePlaintext(plain, want) {
  if (plain.length !== SHARE_PLAINTEXT_BYTES) {
    throw new KeyError(`share plaintext is ${plain.length} bytes, expected ${SHARE_PLAINTEXT_BYTES}: not an unveil share v1 envelope`, 'share-envelope-invalid');
  }
  if (!equalBytes(plain.subarray(0, 16), MAGIC)) throw new KeyError('share plaintext does not start with "unveil share v1"', 'share-envelope-invalid');
  const chainId = new DataView(plain.buffer, plain.byteOffset).getBigUint64(16);
  const factory = '0x' + toHex(plain.subarray(24, 44));
  const release = '0x' + toHex(plain.subarray(44, 64));
  const S = plain.subarray(64, 97);
  const group = plain[97];
  const identifier = plain[98];
  mismatch('chainId', chainId === want.chainId, String(chainId), String(want.chainId));
  mismatch('factory', factory === want.factory, factory, want.factory);
  mismatch('release', release === want.release, release, want.release);
  mismatch('secretPublicKey', equalBytes(S, want.secretPublicKey), '0x' + toHex(S), '0x' + toHex(want.secretPublicKey));
  mismatch('group', group === want.group, String(group), String(want.group));
  mismatch('identifier', identifier === want.identifier, String(identifier), String(want.identifier));
  const value = plain.slice(99, 131);
  try {
    scalarFromBytes(value, `share ${identifier} value`);
  } catch (err) {
    throw new KeyError(`share plaintext holds an invalid share: ${err.message}`, 'share-envelope-invalid');
  }
  return { identifier, value };
}

/**
 * @param {string} field
 * @param {boolean} equal
 * @param {string} actual
 * @param {string} expected
 */
function mismatch(field, equal, actual, expected) {
  if (!equal) {
    throw new KeyError(`share envelope was made for another context: ${field} is ${actual}, expected ${expected}; refuse it and tell the artist`,
      'share-context-mismatch');
  }
}

// Rebuilds the release secret s from keyholder release keys, as published on chain after funding
// (the Java reference's SecretRecovery): each key opens the shares sealed to it, the first group
// with enough verified shares yields s, and s must be the manifest's S. A fan then unpacks with it.
import { toHex, fromHex, equalBytes } from '../bytes.js';
import { mulG, nonZeroScalar, compressed, decodePoint } from '../crypto/secp.js';
import { openShare } from '../crypto/share-envelope.js';
import { combineShares } from '../crypto/vss.js';
import { ArchiveKeyError } from './errors.js';

/**
 * s from release keys (32-byte secp256k1 scalars, or hex). Keys that open nothing are ignored;
 * a key whose envelope fails to open is kept as the error's `failures`.
 * @param {import('../format/manifest.js').Manifest} manifest
 * @param {Array<Uint8Array|string>} releaseKeys
 * @returns {Uint8Array} s, 32 bytes (the caller wipes it)
 * @throws {ArchiveKeyError} too few shares open, or the rebuilt secret is not the manifest's S
 */
export function recoverSecret(manifest, releaseKeys) {
  if (!Array.isArray(releaseKeys)) throw new TypeError('release keys must be an array of 32-byte keys');
  const keys = releaseKeys.map((k, i) => {
    const b = typeof k === 'string' ? fromHex(k) : k;
    try {
      return { key: b, publicKey: toHex(compressed(mulG(nonZeroScalar(b, `release key ${i}`)))) };
    } catch (e) {
      throw new ArchiveKeyError(`release key ${i} is not a secp256k1 secret key: ${/** @type {Error} */ (e).message}`, { cause: e });
    }
  });
  const S = fromHex(manifest.secret.publicKey);
  decodePoint(S, "the manifest's S");
  /** @type {unknown[]} */
  const failures = [];
  const tally = [];
  for (let g = 0; g < manifest.groups.length; g++) {
    const group = manifest.groups[g];
    const opened = [];
    try {
      for (const share of group.shares) {
        for (const k of keys) {
          if (k.publicKey !== share.keyholder) continue;
          const context = { chainId: manifest.terms.chainId, factory: manifest.terms.factory, release: manifest.terms.release, secretPublicKey: S, group: g, identifier: share.identifier };
          try {
            opened.push(openShare(fromHex(share.ciphertext), k.key, context));
          } catch (e) {
            failures.push(e);
          }
        }
      }
      if (opened.length >= group.threshold) {
        let s;
        try {
          s = combineShares(opened, group.commitments);
        } catch (e) {
          throw new ArchiveKeyError(`group ${g}'s shares do not rebuild a secret: ${/** @type {Error} */ (e).message}`, { cause: e });
        }
        if (!equalBytes(compressed(mulG(nonZeroScalar(s, 'rebuilt secret'))), S)) {
          s.fill(0);
          throw new ArchiveKeyError(`group ${g} rebuilt a secret whose public key is not the manifest's S`);
        }
        return s;
      }
      tally.push(`group ${g}: ${opened.length} of ${group.threshold}`);
    } finally {
      for (const share of opened) share.value.fill(0);
    }
  }
  throw new ArchiveKeyError(`the ${keys.length} key(s) given do not open enough shares to rebuild the secret (${tally.join(', ')} needed); give more keyholder release keys or the secret file`, { failures });
}

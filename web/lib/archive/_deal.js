// s and everything derived from it at pack time, drawing randomness in the order the Java
// reference does (ArchivePacker, ShareDealer, FragmentKeys), so a seeded pack is reproducible.
import { toHex } from '../bytes.js';
import { randomScalarBytes, mulG, nonZeroScalar, compressed, ethAddress } from '../crypto/secp.js';
import { splitSecret } from '../crypto/vss.js';
import { sealShare } from '../crypto/share-envelope.js';
import { fragmentKey, ageIdentity, ageRecipient, keyAddress } from '../crypto/fragment-keys.js';

/**
 * s, then every group's split and envelopes, in the reference's order of draws (ArchivePacker,
 * ShareDealer): s; per group a_1..a_{M-1}, then per share its ECIES ephemeral key and nonce.
 * @param {import('./_pack-plan.js').PackPlan} plan
 * @param {{ bytes(n: number): Uint8Array }} random
 */
export function dealSecret(plan, random) {
  const secret = randomScalarBytes(random);
  const S = mulG(nonZeroScalar(secret, 'release secret'));
  const publicKey = compressed(S);
  const groups = plan.groups.map((g, index) => {
    const split = splitSecret(secret, { threshold: g.threshold, size: g.keys.length }, random);
    try {
      const shares = split.shares.map((share) => {
        const keyholder = g.keys[share.identifier - 1];
        const context = { chainId: plan.terms.chainId, factory: plan.terms.factory, release: plan.terms.release, secretPublicKey: publicKey, group: index, identifier: share.identifier };
        const sealed = sealShare(share, context, keyholder, random);
        return { identifier: share.identifier, keyholder: toHex(keyholder), address: ethAddress(keyholder), ciphertext: toHex(sealed) };
      });
      return { threshold: g.threshold, commitments: split.commitments.map((c) => toHex(c)), shares };
    } finally {
      for (const s of split.shares) s.value.fill(0);
    }
  });
  return { secret, info: { publicKey: toHex(publicKey), address: ethAddress(S) }, groups };
}

/**
 * One key per encrypted fragment, e in archive order: its address (for the manifest) and its age
 * recipient (`age1...`). The fragment keys and identities are wiped at once.
 * @param {Uint8Array} secret
 * @param {number} F
 */
export function deriveRecipients(secret, F) {
  const addresses = new Array(F), recipients = new Array(F);
  for (let e = 0; e < F; e++) {
    const k = fragmentKey(secret, e);
    const identity = ageIdentity(k);
    addresses[e] = keyAddress(k);
    recipients[e] = ageRecipient(identity);
    k.fill(0); identity.fill(0);
  }
  return { addresses, recipients };
}

// A keyholder's steps (the Java reference's Keyholder; spec/release-protocol.md sections 4 and
// 6.1): open and verify its share before it accepts any liability, enrol, and publish the share
// once funded. Before enrolling it checks that the archive is the one the contract names, that
// every share address on chain is the one the commitments give (else M published shares could never
// recombine on chain), that the terms are within its policy, and that its own share opens and lies
// on the commitments; any failure is a RefusedError saying why. The release key is derived by
// crypto/release-key.js (deriveReleaseKey over the wallet's eth_signTypedData_v4); it signs the
// acceptance and never leaves the page.
import { erc20Abi, getAddress, zeroAddress } from '../../vendor/viem.js';
import { toHex, fromHex } from '../bytes.js';
import { ReleaseAbi } from '../chain/abi.js';
import { openShare as openEnvelope } from '../crypto/share-envelope.js';
import { deriveReleaseKey } from '../crypto/release-key.js';
import { verifyShare, addressOfShare } from '../crypto/vss.js';
import { archiveChecks } from './archive-match.js';
import { policyViolations, DEFAULT_POLICY } from './policy.js';
import { termsHash, acceptanceDigest, signDigest } from './signatures.js';
import { RefusedError } from './errors.js';
import { addr } from './_words.js';

/**
 * A call a page sends with chain/release.js `send(client, wallet, call)`.
 * @typedef {{ address: string, abi: readonly any[], functionName: string, args: any[], value?: bigint }} Call
 */

/**
 * What the steps read of a release (chain/release.js readRelease).
 * @typedef {Awaited<ReturnType<typeof import('../chain/release.js').readRelease>>} Release
 */

/**
 * The keyholder's release key for a release, derived from its wallet (spec/keys.md section 4):
 * the wallet signs the typed data twice with eth_signTypedData_v4, and a wallet that randomises
 * its signatures is refused (NonDeterministicWalletError: use a random key with a keystore then).
 * @param {{ request: (args: { method: string, params?: any }) => Promise<any> }} provider the keyholder's EIP-1193 wallet
 * @param {import('../crypto/release-key.js').ReleaseKeyRequest} request chain, factory, release, the wallet's account as keyholder, optional purpose and phrase
 * @returns {Promise<import('../crypto/release-key.js').ReleaseKey>}
 */
export function deriveKey(provider, request) {
  if (typeof provider?.request !== 'function') throw new TypeError('an EIP-1193 wallet provider is required');
  return deriveReleaseKey((typed) => provider.request({ method: 'eth_signTypedData_v4', params: [request.keyholder, JSON.stringify(typed)] }), request);
}

/**
 * Everything a keyholder checks before enrolling or publishing, and its share of `slot` opened
 * (the caller wipes `value`). `refusal` ends each reason ("refusing to enrol", "not publishing").
 * @param {object} o
 * @param {import('../archive/inspect.js').Inspection} o.inspection the release's archive, inspected
 * @param {Release} o.release
 * @param {number} o.slot
 * @param {import('../crypto/release-key.js').ReleaseKey} o.releaseKey
 * @param {number} [o.chainId] default the release's
 * @param {string} [o.refusal]
 * @returns {import('../crypto/vss.js').SecretShare}
 * @throws {RefusedError}
 */
export function openShare({ inspection, release, slot, releaseKey, chainId = release?.chainId, refusal = 'refusing to enrol' }) {
  if (!inspection?.manifest) throw new TypeError('the release\'s archive, inspected (inspectArchive), is required');
  if (!release?.params) throw new TypeError('a release read with readRelease is required');
  if (!releaseKey?.key) throw new TypeError('the release key (deriveReleaseKey) is required');
  const p = release.params;
  const s = slotOf(release, slot, refusal);
  if (addr(s.releaseKey) !== addr(releaseKey.address)) {
    throw new RefusedError(`slot ${slot} is for release key ${addr(s.releaseKey)}, but the given release key is that of ${releaseKey.address}: pick your own slot; ${refusal}`, 'wrong-slot');
  }
  for (const c of archiveChecks(inspection, p, chainId, release.address, release.artistFee)) {
    if (!c.passed) throw new RefusedError(`${c.reason}, ${refusal}`, 'archive-mismatch');
  }
  const m = inspection.manifest;
  const group = s.group, identifier = slot - firstSlotOfGroup(p, group) + 1;
  const share = m.groups[group]?.shares.find((x) => x.identifier === identifier);
  if (!share) throw new RefusedError(`the archive has no share ${identifier} in group ${group} for slot ${slot}, ${refusal}`, 'archive-mismatch');
  if (share.keyholder.toLowerCase() !== toHex(releaseKey.publicKey)) {
    throw new RefusedError(`share ${identifier} of group ${group} is sealed to another release key, ${refusal}`, 'wrong-key');
  }
  const context = { chainId, factory: m.terms.factory, release: release.address, secretPublicKey: m.secret.publicKey, group, identifier };
  let opened;
  try {
    opened = openEnvelope(fromHex(share.ciphertext), releaseKey.key, context);
  } catch (e) {
    throw new RefusedError(`share ${identifier} of group ${group} does not open with this release key: ${message(e)}, ${refusal}`, 'wrong-key', e);
  }
  try {
    verifyShare(opened, m.groups[group].commitments);
    const address = addressOfShare(opened);
    if (address !== addr(p.shareAddresses[slot])) {
      throw new RefusedError(`the share opened from the archive has address ${address} but slot ${slot} expects ${addr(p.shareAddresses[slot])}, ${refusal}`, 'share-invalid');
    }
  } catch (e) {
    opened.value.fill(0);
    if (e instanceof RefusedError) throw e;
    throw new RefusedError(`the share of slot ${slot} does not lie on its group's commitments: ${message(e)}, ${refusal}`, 'share-invalid', e);
  }
  return opened;
}

/**
 * Every check before taking `slot`, and the enrolment call they allow: the release must be
 * Enrolling, its terms within the policy, the archive and share must verify (openShare); the
 * EIP-712 acceptance is signed by the release key after checking that the terms hash and the
 * digest computed here equal the contract's. For a token release, send `paymentApproval` first.
 * @param {object} o
 * @param {any} o.client viem public client (reads termsHash, artist and acceptanceDigest)
 * @param {Release} o.release
 * @param {number} o.slot
 * @param {string} o.keyholder the registered keyholder account (the wallet's, or the one it operates for)
 * @param {import('../crypto/release-key.js').ReleaseKey} o.releaseKey
 * @param {import('../archive/inspect.js').Inspection} o.inspection
 * @param {import('./policy.js').KeyholderPolicy} [o.policy]
 * @returns {Promise<Call>}
 * @throws {RefusedError}
 */
export async function enrolCall({ client, release, slot, keyholder, releaseKey, inspection, policy = DEFAULT_POLICY }) {
  if (!client) throw new TypeError('a chain client is required');
  if (!release?.params) throw new TypeError('a release read with readRelease is required');
  const p = release.params;
  if (release.state !== 'Enrolling') throw new RefusedError(`release is in state ${release.state}, expected Enrolling: too late to enrol`, 'wrong-state');
  const why = policyViolations(p, release.block.timestamp, policy);
  if (why.length > 0) throw new RefusedError(`refusing to enrol: ${why.join('; ')}`, 'policy');
  const s = slotOf(release, slot, 'refusing to enrol');
  if (addr(s.releaseKey) !== addr(releaseKey.address)) {
    throw new RefusedError(`slot ${slot} is for release key ${addr(s.releaseKey)}, but the given release key is that of ${releaseKey.address}; pick your own slot`, 'wrong-slot');
  }
  openShare({ inspection, release, slot, releaseKey, refusal: 'refusing to enrol' }).value.fill(0);
  const read = (/** @type {string} */ functionName, /** @type {any[]} */ args = []) =>
    client.readContract({ address: release.address, abi: ReleaseAbi, functionName, args, blockNumber: release.block.number });
  // The acceptance signs the hash of every term checked above, computed here, so a contract that
  // reports one set of terms and holds another cannot get this key's signature.
  const [artist, onChainTerms, onChainDigest] = await Promise.all([read('artist'), read('termsHash'), read('acceptanceDigest', [BigInt(slot), getAddress(keyholder)])]);
  const terms = termsHash(artist, p);
  if (terms !== onChainTerms.toLowerCase()) {
    throw new RefusedError("the contract's terms hash differs from the hash of the terms it reports: refusing to sign", 'terms-hash');
  }
  const digest = acceptanceDigest(release.chainId, release.address, keyholder, slot, terms);
  if (digest !== onChainDigest.toLowerCase()) {
    throw new RefusedError("the contract's acceptance digest differs from the one computed from its parameters: refusing to sign", 'digest-mismatch');
  }
  const signature = signDigest(digest, releaseKey.key);
  /** @type {Call} */
  const call = { address: release.address, abi: ReleaseAbi, functionName: 'enrol', args: [BigInt(slot), getAddress(keyholder), signature] };
  if (addr(p.token) === zeroAddress) call.value = p.deposit;
  return call;
}

/**
 * The ERC-20 approval a token release needs before a deposit or a pledge of `amount` (the release
 * pulls it), or null for an ETH release.
 * @param {Release} release
 * @param {bigint} amount
 * @returns {Call|null}
 */
export function paymentApproval(release, amount) {
  if (addr(release.params.token) === zeroAddress) return null;
  return { address: getAddress(release.params.token), abi: erc20Abi, functionName: 'approve', args: [getAddress(release.address), amount] };
}

/**
 * The share of `slot`, opened and checked as for enrolment and against the slot's share address,
 * as the call that publishes it once the release is Funded (or already Released). The call data
 * holds the share, which is public once broadcast; the release key is never published.
 * @param {object} o
 * @param {Release} o.release
 * @param {number} o.slot
 * @param {import('../crypto/release-key.js').ReleaseKey} o.releaseKey
 * @param {import('../archive/inspect.js').Inspection} o.inspection
 * @returns {{ call: Call, shareAddress: string }}
 * @throws {RefusedError}
 */
export function publishShareCall({ release, slot, releaseKey, inspection }) {
  if (!release?.params) throw new TypeError('a release read with readRelease is required');
  if (release.state !== 'Funded' && release.state !== 'Released') {
    throw new RefusedError(`release is in state ${release.state}, expected Funded or Released: not publishing the share`, 'wrong-state');
  }
  const share = openShare({ inspection, release, slot, releaseKey, refusal: 'not publishing' });
  try {
    const x = BigInt('0x' + toHex(share.value));
    return { call: { address: release.address, abi: ReleaseAbi, functionName: 'publishShare', args: [BigInt(slot), x] }, shareAddress: addressOfShare(share) };
  } finally {
    share.value.fill(0);
  }
}

/**
 * @param {Release} release @param {number} slot @param {string} refusal
 */
function slotOf(release, slot, refusal) {
  if (!Number.isInteger(slot) || slot < 0 || slot >= release.slots.length) {
    throw new RefusedError(`slot ${slot} does not exist in a release of ${release.slots.length} slots; ${refusal}`, 'wrong-slot');
  }
  return release.slots[slot];
}

/**
 * The first slot of group `g` (slots are numbered group after group).
 * @param {import('./archive-match.js').ReleaseParams} p @param {number} g
 */
function firstSlotOfGroup(p, g) {
  let s = 0;
  for (let i = 0; i < g; i++) s += Number(p.groupSizes[i]);
  return s;
}

/** @param {unknown} e */
function message(e) {
  return e instanceof Error ? e.message : String(e);
}

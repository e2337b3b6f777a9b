// The steps any account may take (the Java reference's Anyone, and the CLI's accuse and
// claim-bounty): move a release on when a deadline passed (cancel, expire, settle), prove a leaked
// release key by commit and reveal, and pay out what is owed (every payment goes to its owner's
// address, whoever sends the claim). A payment its payee rejected is kept as a credit, which only
// the payee can withdraw.
import { getAddress, zeroAddress } from '../../vendor/viem.js';
import { ReleaseAbi, KeyholderRegistryAbi } from '../chain/abi.js';
import { releaseEvents } from '../chain/release.js';
import { toHex } from '../bytes.js';
import { addressOfSecret } from '../crypto/secp.js';
import { leakProofDigest, accusationCommitment, signDigest } from './signatures.js';
import { RefusedError } from './errors.js';
import { addr, instant } from './_words.js';

/** @typedef {import('./keyholder.js').Call} Call */
/** @typedef {import('./keyholder.js').Release} Release */

/**
 * What moves the release on once a deadline passed: settle a Funded or Released release, expire an
 * Open one, cancel an Enrolling or Sampling one (the contract refuses each before its deadline);
 * null for a release already final (only pay-outs remain).
 * @param {Release} release
 * @returns {Call|null}
 */
export function settleCall(release) {
  const fn = { Funded: 'settle', Released: 'settle', Open: 'expire', Enrolling: 'cancel', Sampling: 'cancel' }[release.state];
  return fn ? releaseCall(release, fn) : null;
}

/**
 * Every claim still unpaid: each Enrolled or Published slot's deposit (paid to its keyholder's
 * payout address) and, once Settled, the artist's fee.
 * @param {any} client @param {Release} release
 * @returns {Promise<Call[]>}
 */
export async function claimCalls(client, release) {
  const calls = [];
  for (const s of release.slots) {
    if ((s.status === 'Enrolled' || s.status === 'Published') && !s.claimed) calls.push(claimDepositCall(release, s.index));
  }
  if (release.state === 'Settled' && !(await releaseEvents(client, release.address)).some((e) => e.eventName === 'ArtistFeeClaimed')) {
    calls.push(claimArtistFeeCall(release));
  }
  return calls;
}

/**
 * Pays slot `slot`'s deposit to its keyholder's payout address (allowed from the end of the release plus the accusation window).
 * @param {Release} release @param {number} slot
 * @returns {Call}
 */
export function claimDepositCall(release, slot) {
  return releaseCall(release, 'claimDeposit', [BigInt(slot)]);
}

/**
 * The fan's refund after a failure, or its share of the fans' pool after settlement, paid to the sender.
 * @param {Release} release
 * @returns {Call}
 */
export function claimRefundCall(release) {
  return releaseCall(release, 'claimRefund');
}

/**
 * Pays the artist's fee of a Settled release to the artist.
 * @param {Release} release
 * @returns {Call}
 */
export function claimArtistFeeCall(release) {
  return releaseCall(release, 'claimArtistFee');
}

/**
 * Pays the bounty of a slot slashed by an accusation to the beneficiary its winning commitment
 * bound, once the window for earlier commitments has passed; refused before that, or when nothing is owed.
 * @param {any} client @param {Release} release @param {number} slot
 * @returns {Promise<Call>}
 * @throws {RefusedError}
 */
export async function claimBountyCall(client, release, slot) {
  const [, owed, from] = await client.readContract({ address: release.address, abi: ReleaseAbi, functionName: 'bountyOf', args: [BigInt(slot)] });
  if (owed === 0n) throw new RefusedError(`slot ${slot} owes no bounty (not slashed, or already paid)`, 'nothing-owed');
  const now = Number((await client.getBlock()).timestamp);
  if (now < Number(from)) {
    throw new RefusedError(`the bounty of slot ${slot} can be claimed from ${instant(from)} (chain time is ${instant(now)}): until then an earlier commitment may still take it over`, 'too-early');
  }
  return releaseCall(release, 'claimBounty', [BigInt(slot)]);
}

/**
 * Pays half a slashed keyholder's registry balance in `token` to the beneficiary of the accusation
 * that slashed it (the other half stays locked forever), once the keyholder's releases are closed
 * and its cool-down is over; anyone may send it. Refused before that, or when nothing is owed.
 * @param {any} client @param {string} registry @param {string} keyholder @param {string} [token] default ETH
 * @returns {Promise<Call>}
 * @throws {RefusedError}
 */
export async function claimSnitchRewardCall(client, registry, keyholder, token = zeroAddress) {
  const who = getAddress(keyholder), t = getAddress(token);
  const read = (/** @type {string} */ functionName, /** @type {any[]} */ args) => client.readContract({ address: getAddress(registry), abi: KeyholderRegistryAbi, functionName, args });
  const [p, balance] = await Promise.all([read('profile', [who]), read('balanceOf', [who, t])]);
  if (!p.slashed || balance === 0n) {
    throw new RefusedError(`keyholder ${addr(who)} owes no snitch reward in ${t === zeroAddress ? 'ETH' : addr(t)}: it was not slashed, has no balance there, or the reward was paid`, 'nothing-owed');
  }
  const now = Number((await client.getBlock()).timestamp);
  if (p.openReleases > 0 || now < Number(p.coolDownEnds)) {
    throw new RefusedError(`the snitch reward for keyholder ${addr(who)} is paid once its ${p.openReleases} open release(s) are closed (their deposits claimed) and its cool-down ends at ${instant(p.coolDownEnds)} (chain time is ${instant(now)})`, 'too-early');
  }
  return { address: getAddress(registry), abi: KeyholderRegistryAbi, functionName: 'claimSnitchReward', args: [who, t] };
}

/**
 * What `account` may withdraw for payments its address rejected: from the release, and from the
 * release's registry per token (ETH, and the release's token when it is paid in one).
 * @param {any} client @param {Release} release @param {string} account
 * @returns {Promise<{ account: string, release: bigint, registry: Record<string, bigint> }>}
 */
export async function credits(client, release, account) {
  const who = getAddress(account);
  const tokens = addr(release.params.token) === zeroAddress ? [zeroAddress] : [zeroAddress, getAddress(release.params.token)];
  const registry = /** @type {Record<string, bigint>} */ ({});
  for (const t of tokens) {
    registry[addr(t)] = await client.readContract({ address: release.registry, abi: KeyholderRegistryAbi, functionName: 'creditOf', args: [who, t] });
  }
  const own = await client.readContract({ address: release.address, abi: ReleaseAbi, functionName: 'creditOf', args: [who] });
  return { account: addr(who), release: own, registry };
}

/**
 * The withdrawals of every credit of `account` in `from`: the release's withdrawCredit() and the
 * registry's withdrawCredit(token) for each token with a credit; sent from `account`'s wallet.
 * @param {any} client @param {Release} release @param {string} account @param {'release'|'registry'|'both'} [from]
 * @returns {Promise<Call[]>}
 * @throws {RefusedError} before anything is sent when nothing is owed there
 */
export async function withdrawCreditCalls(client, release, account, from = 'both') {
  if (!['release', 'registry', 'both'].includes(from)) throw new RangeError(`credits are withdrawn from 'release', 'registry' or 'both', not ${from}`);
  const owed = await credits(client, release, account);
  const calls = [];
  if (from !== 'registry' && owed.release > 0n) calls.push(releaseCall(release, 'withdrawCredit'));
  if (from !== 'release') {
    for (const [token, v] of Object.entries(owed.registry)) {
      if (v > 0n) calls.push({ address: release.registry, abi: KeyholderRegistryAbi, functionName: 'withdrawCredit', args: [getAddress(token)] });
    }
  }
  if (calls.length === 0) {
    const where = { release: `release ${addr(release.address)}`, registry: `the registry ${addr(release.registry)} of release ${addr(release.address)}`,
      both: `release ${addr(release.address)} or its registry ${addr(release.registry)}` }[from];
    throw new RefusedError(`${owed.account} has no credit to withdraw from ${where}: a credit is a payment its payee rejected (a deposit to a payout address,`
      + ` a snitch reward to a beneficiary); connect the wallet of that payee${from === 'both' ? '' : ", or look in both the release and its registry"}`, 'nothing-owed');
  }
  return calls;
}

/**
 * What an accuser keeps between the commitment and the reveal (the CLI's accusation file): with it
 * the reveal can be finished after a crash. Save it before sending the commitment.
 * @typedef {{ release: string, slot: number, keyholder: string, beneficiary: string, leakProof: string, salt: string, committer: string, commitment: string }} Accusation
 */

/**
 * Proves that the release key of `slot` leaked, step one (spec/release-protocol.md section 6.3):
 * the leak proof signed by the leaked key and bound to `beneficiary`, and the registry commitment
 * that hides which release and slot it is about, checked against the registry's own computation.
 * The reveal (`accuseCall`) must come in a later block than the commitment.
 * @param {object} o
 * @param {any} o.client
 * @param {Release} o.release
 * @param {number} o.slot
 * @param {Uint8Array} o.leakedKey the leaked release key's 32 bytes
 * @param {string} o.committer the account that sends the commitment and the reveal
 * @param {string} [o.beneficiary] who receives the bounty; default the committer
 * @param {Uint8Array} [o.salt] 32 secret bytes; default random
 * @returns {Promise<{ accusation: Accusation, call: Call }>}
 * @throws {RefusedError}
 */
export async function commitAccusationCall({ client, release, slot, leakedKey, committer, beneficiary = committer, salt }) {
  if (!client) throw new TypeError('a chain client is required');
  const s = release.slots[slot];
  if (!s) throw new RefusedError(`slot ${slot} does not exist in a release of ${release.slots.length} slots`, 'wrong-slot');
  const leaked = addressOfSecret(leakedKey);
  if (leaked !== addr(s.releaseKey)) {
    throw new RefusedError(`the leaked key (address ${leaked}) is not the release key of slot ${slot} (${addr(s.releaseKey)})`, 'wrong-key');
  }
  if (!s.keyholder || s.keyholder === zeroAddress) throw new RefusedError(`slot ${slot} has no keyholder yet: nothing to accuse`, 'wrong-slot');
  if (['Funded', 'Released', 'Settled'].includes(release.state)) {
    throw new RefusedError(`release is in state ${release.state}: its keys are due, so a release key proves no leak and an accusation committed now would be refused`, 'wrong-state');
  }
  const bytes = salt ?? crypto.getRandomValues(new Uint8Array(32));
  if (bytes.length !== 32) throw new RangeError(`a salt is 32 bytes, got ${bytes.length}`);
  const keyholder = addr(s.keyholder), to = addr(getAddress(beneficiary)), from = addr(getAddress(committer));
  const leakProof = signDigest(leakProofDigest(release.chainId, release.address, keyholder, to), leakedKey);
  const saltHex = '0x' + toHex(bytes);
  const commitment = accusationCommitment(release.address, slot, to, leakProof, bytes, from);
  const theirs = await client.readContract({ address: release.registry, abi: KeyholderRegistryAbi, functionName: 'accusationCommitment',
    args: [release.address, BigInt(slot), getAddress(to), leakProof, saltHex, getAddress(from)] });
  if (theirs.toLowerCase() !== commitment) {
    throw new RefusedError(`the registry ${addr(release.registry)} computes accusation commitment ${theirs}, not ${commitment}: refusing to commit`, 'digest-mismatch');
  }
  return {
    accusation: { release: addr(release.address), slot, keyholder, beneficiary: to, leakProof, salt: saltHex, committer: from, commitment },
    call: { address: release.registry, abi: KeyholderRegistryAbi, functionName: 'commitAccusation', args: [commitment] },
  };
}

/**
 * Step two: reveals the accusation `accusation` committed, from its committer, in a later block.
 * @param {Accusation} accusation
 * @returns {Call}
 */
export function accuseCall(accusation) {
  const a = accusation;
  return { address: getAddress(a.release), abi: ReleaseAbi, functionName: 'accuse', args: [BigInt(a.slot), getAddress(a.beneficiary), a.leakProof, a.salt] };
}

/**
 * @param {Release} release @param {string} functionName @param {any[]} [args]
 * @returns {Call}
 */
function releaseCall(release, functionName, args = []) {
  return { address: release.address, abi: ReleaseAbi, functionName, args };
}

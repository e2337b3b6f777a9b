// A fan's transactions (the Java reference's Fan.pledge and Fan.refund): pledge only to a release
// whose verdict found nothing suspect, unless the fan explicitly overrides it, and take a refund
// (an Open release past its pledge deadline is expired first; anyone may).
import { getAddress } from '../../vendor/viem.js';
import { ReleaseAbi } from '../chain/abi.js';
import { paymentApproval } from './keyholder.js';
import { RefusedError } from './errors.js';
import { addr } from './_words.js';

/** @typedef {import('./keyholder.js').Call} Call */
/** @typedef {import('./keyholder.js').Release} Release */

/**
 * The calls that pledge up to `amount` to a release `verdict` found OK: for a token release the
 * approval of only what the goal still needs (a pledge front-run by another can only need less),
 * then the pledge; the contract takes what the goal still needs and returns the rest.
 * @param {object} o
 * @param {Release} o.release
 * @param {bigint} o.amount
 * @param {import('./verdict.js').Verdict|null} o.verdict the verdict of this release; null only with `unverified`
 * @param {boolean} [o.unverified] the explicit override, for a fan who checked the release some other way
 * @returns {Call[]}
 * @throws {RefusedError}
 */
export function pledgeCalls({ release, amount, verdict, unverified = false }) {
  if (typeof amount !== 'bigint' || amount <= 0n) throw new RangeError(`a pledge is a positive amount in base units, got ${amount}`);
  if (!unverified) {
    if (!verdict) throw new RefusedError('no verdict for this release: verify it before pledging, or pledge unverified explicitly', 'unverified');
    if (addr(verdict.release) !== addr(release.address)) {
      throw new RefusedError(`the verdict is about release ${addr(verdict.release)}, not ${addr(release.address)}: refusing to pledge`, 'wrong-release');
    }
    if (!verdict.ok) {
      throw new RefusedError(`refusing to pledge to a suspect release: ${verdict.findings.filter((f) => f.severity === 'suspect').map((f) => f.reason).join('; ')}`, 'suspect');
    }
  }
  const needed = BigInt(release.summary.goal) - BigInt(release.summary.totalPledged);
  const approve = paymentApproval(release, amount < needed ? amount : needed);
  /** @type {Call} */
  const pledge = { address: getAddress(release.address), abi: ReleaseAbi, functionName: 'pledge', args: [amount] };
  if (!approve) pledge.value = amount;
  return approve ? [approve, pledge] : [pledge];
}

/**
 * The calls that pay the fan what it is owed: an Open release past its pledge deadline is expired
 * first, then the refund (after a failure) or the share of the fans' pool (after settlement).
 * @param {Release} release
 * @returns {Call[]}
 */
export function refundCalls(release) {
  const calls = [];
  if (release.state === 'Open' && release.block.timestamp >= Number(release.params.pledgeDeadline)) {
    calls.push({ address: getAddress(release.address), abi: ReleaseAbi, functionName: 'expire', args: [] });
  }
  calls.push({ address: getAddress(release.address), abi: ReleaseAbi, functionName: 'claimRefund', args: [] });
  return calls;
}

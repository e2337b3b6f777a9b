// The terms a keyholder accepts before it posts a deposit (the Java reference's KeyholderPolicy):
// a reveal window long enough to publish in and not so long that its deposit is locked for months,
// a deposit it can afford to lose, a fee worth the work, and enough time left to enrol.
import { human, instant } from './_words.js';

/** The accusation window after a release ends, before deposits can be claimed (spec/release-protocol.md section 6.3). */
export const ACCUSATION_WINDOW = 86400;

/**
 * Seconds and base units; `maxDeposit` null for no limit.
 * @typedef {{ minRevealWindow: number, maxRevealWindow: number, maxDeposit: bigint|null, minKeyholderFee: bigint, minTimeToEnrol: number, maxLock: number }} KeyholderPolicy
 */

/** 1 hour to 90 days of reveal window, any deposit, any fee, a minute left to enrol, the deposit locked at most 365 days: what suits a person with a wallet. */
export const DEFAULT_POLICY = Object.freeze({
  minRevealWindow: 3600, maxRevealWindow: 90 * 86400, maxDeposit: null, minKeyholderFee: 0n, minTimeToEnrol: 60, maxLock: 365 * 86400,
});

/**
 * Every way the release's terms break `policy` at chain time `now`, one sentence each; empty when acceptable.
 * @param {import('./archive-match.js').ReleaseParams} terms the release's params()
 * @param {number} now chain time, Unix seconds
 * @param {KeyholderPolicy} [policy]
 * @returns {string[]}
 */
export function policyViolations(terms, now, policy = DEFAULT_POLICY) {
  const why = [];
  const window = Number(terms.revealWindow), enrolBy = Number(terms.enrolDeadline);
  if (window < policy.minRevealWindow) {
    why.push(`the reveal window ${human(window)} is shorter than the ${human(policy.minRevealWindow)} this keyholder needs to publish`);
  }
  if (window > policy.maxRevealWindow) {
    why.push(`the reveal window ${human(window)} is longer than the ${human(policy.maxRevealWindow)} this keyholder locks a deposit for`);
  }
  if (policy.maxDeposit != null && terms.deposit > policy.maxDeposit) {
    why.push(`the deposit ${terms.deposit} is more than the ${policy.maxDeposit} this keyholder posts`);
  }
  if (terms.keyholderFee < policy.minKeyholderFee) {
    why.push(`the keyholder fee ${terms.keyholderFee} is less than this keyholder's minimum ${policy.minKeyholderFee}`);
  }
  if (now + policy.minTimeToEnrol > enrolBy) {
    why.push(`the enrolment deadline ${instant(enrolBy)} is less than ${human(policy.minTimeToEnrol)} away (chain time ${instant(now)})`);
  }
  // The latest a release can end: funded at the last moment, at the reveal deadline; or cancelled in
  // Sampling, enrolled at the enrolment deadline, at the beacon's 256 blocks plus the 2-day sample
  // window (an hour covers the blocks on any chain of 12 s or faster). Deposits then wait the
  // accusation window (spec/release-protocol.md sections 4.1 and 8).
  const funded = Number(terms.pledgeDeadline) + window, sampled = enrolBy + 2 * 86400 + 3600;
  const lockedUntil = Math.max(funded, sampled) + ACCUSATION_WINDOW;
  if (lockedUntil - now > policy.maxLock) {
    why.push(`the deposit may stay locked until ${instant(lockedUntil)} (pledge deadline, reveal window and accusation window), longer than the `
      + `${human(policy.maxLock)} this keyholder locks a deposit for`);
  }
  return why;
}

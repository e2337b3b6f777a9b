// The steps' small parts that need no chain: values worded as the Java reference prints them, the
// CID text a fan is told to fetch, the commitments hash over the share-address vectors, the
// keyholder policy, EIP-712 signatures in the only form the contract accepts, and which call moves
// a release on in each state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { keccak_256, secp256k1 } from '../vendor/noble.js';
import { base58 } from '../vendor/scure.js';
import { fromHex, toHex, concat } from '../lib/bytes.js';
import { instant, isoDuration, human, ether, list } from '../lib/release/_words.js';
import { cidText } from '../lib/release/_cid.js';
import { commitmentsHash } from '../lib/crypto/vss.js';
import { policyViolations, DEFAULT_POLICY } from '../lib/release/policy.js';
import { signDigest, acceptanceDigest, accusationCommitment } from '../lib/release/signatures.js';
import { HALF_N } from '../lib/crypto/secp.js';
import { settleCall } from '../lib/release/anyone.js';
import { pledgeCalls, refundCalls } from '../lib/release/pledge.js';
import { parseAmount, formatAmount, paymentUnit, ETH } from '../lib/chain/token.js';

test('instants, durations and amounts read as Java prints them', () => {
  assert.equal(instant(0), '1970-01-01T00:00:00Z');
  assert.equal(instant(1796083200n), '2026-12-01T00:00:00Z');
  assert.deepEqual([0, 1, 60, 90, 3600, 3601, 86400, 90061].map(isoDuration), ['PT0S', 'PT1S', 'PT1M', 'PT1M30S', 'PT1H', 'PT1H1S', 'PT24H', 'PT25H1M1S']);
  assert.deepEqual([0, 45, 3600, 5400, 86400, 90 * 86400, 90061].map(human), ['0 s', '45 s', '1 h', '1 h 30 min', '1 day', '90 days', '1 d 1 h 1 min 1 s']);
  assert.deepEqual([0n, 1n, 10n ** 18n, 1_003_750_000_000_000_000n].map(ether),
    ['0 ETH (0 wei)', '0.000000000000000001 ETH (1 wei)', '1 ETH (1000000000000000000 wei)', '1.00375 ETH (1003750000000000000 wei)']);
  assert.equal(list([2, 1]), '[2, 1]');
});

test('the CID a release records reads as its text; bytes that are no CID read as null', () => {
  const v0 = 'QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG';
  assert.equal(cidText(base58.decode(v0)), v0);
  // A raw-leaf CIDv1 over SHA-256 of the empty string, as kubo prints it.
  assert.equal(cidText('0x01551220e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'), 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku');
  for (const bad of ['0x', '0x0102', '0x015512201234', '0x02551220' + '00'.repeat(32), 'not hex']) assert.equal(cidText(bad), null, bad);
});

test('commitmentsHash is keccak256 over every group\'s compressed commitments, in order', () => {
  const vectors = JSON.parse(readFileSync(new URL('../../spec/vectors/share-addresses.json', import.meta.url), 'utf8'));
  const release = vectors.cases.find((/** @type {any} */ r) => r.groups.length > 1);
  const groups = release.groups.map((/** @type {any} */ g) => g.commitments);
  assert.equal(commitmentsHash(groups), '0x' + toHex(keccak_256(concat(...groups.flat().map((/** @type {string} */ c) => fromHex(c))))));
  assert.notEqual(commitmentsHash([...groups].reverse()), commitmentsHash(groups), 'group order counts');
  assert.throws(() => commitmentsHash([]), RangeError);
  assert.throws(() => commitmentsHash([['02' + '00'.repeat(32)]]), /commitment 0/);
});

test('the keyholder policy names every term it refuses', () => {
  const now = 1_800_000_000;
  const terms = { revealWindow: 3600, enrolDeadline: now + 86400, pledgeDeadline: now + 2 * 86400, deposit: 10n, keyholderFee: 1n };
  assert.deepEqual(policyViolations(/** @type {any} */ (terms), now), []);
  const why = policyViolations(/** @type {any} */ ({ ...terms, revealWindow: 60, enrolDeadline: now + 30, pledgeDeadline: now + 400 * 86400 }), now,
    { ...DEFAULT_POLICY, maxDeposit: 5n, minKeyholderFee: 2n });
  assert.deepEqual(why, [
    'the reveal window 1 min is shorter than the 1 h this keyholder needs to publish',
    'the deposit 10 is more than the 5 this keyholder posts',
    "the keyholder fee 1 is less than this keyholder's minimum 2",
    `the enrolment deadline ${instant(now + 30)} is less than 1 min away (chain time ${instant(now)})`,
    `the deposit may stay locked until ${instant(now + 400 * 86400 + 60 + 86400)} (pledge deadline, reveal window and accusation window), longer than the 365 days this keyholder locks a deposit for`,
  ]);
});

test('a release key signs r || s || v with low s and v in {27, 28}, recovering to its address', () => {
  const key = fromHex('11'.repeat(32));
  for (let i = 0; i < 8; i++) {
    const digest = acceptanceDigest(31337, '0x' + '22'.repeat(20), '0x' + '33'.repeat(20), i, '0x' + '44'.repeat(32));
    const sig = fromHex(signDigest(digest, key));
    assert.equal(sig.length, 65);
    assert.ok([27, 28].includes(sig[64]));
    const s = BigInt('0x' + toHex(sig.subarray(32, 64)));
    assert.ok(s <= HALF_N, 'low s');
    const recovered = secp256k1.Signature.fromBytes(sig.subarray(0, 64), 'compact').addRecoveryBit(sig[64] - 27).recoverPublicKey(fromHex(digest));
    assert.equal(toHex(recovered.toBytes(true)), toHex(secp256k1.getPublicKey(key, true)));
  }
  assert.throws(() => signDigest('0x1234', key), RangeError);
  assert.throws(() => accusationCommitment('0x' + '22'.repeat(20), 0, '0x' + '33'.repeat(20), '0x00', '0x01', '0x' + '33'.repeat(20)), /salt is 32 bytes/);
});

test('anyone moves a release on by its state; a fan past the pledge deadline expires it before the refund', () => {
  const release = /** @type {any} */ ({ address: '0x' + '22'.repeat(20), params: { pledgeDeadline: 1000 }, block: { timestamp: 999 } });
  const by = (/** @type {string} */ state) => settleCall({ ...release, state })?.functionName ?? null;
  assert.deepEqual(['Enrolling', 'Sampling', 'Open', 'Funded', 'Released', 'Settled', 'Cancelled', 'Failed'].map(by),
    ['cancel', 'cancel', 'expire', 'settle', 'settle', null, null, null]);
  assert.deepEqual(refundCalls({ ...release, state: 'Open' }).map((c) => c.functionName), ['claimRefund']);
  assert.deepEqual(refundCalls({ ...release, state: 'Open', block: { timestamp: 1000 } }).map((c) => c.functionName), ['expire', 'claimRefund']);
  assert.deepEqual(refundCalls({ ...release, state: 'Failed', block: { timestamp: 5000 } }).map((c) => c.functionName), ['claimRefund']);
  assert.throws(() => pledgeCalls({ release: { ...release, summary: { goal: 10n, totalPledged: 0n } }, amount: 0n, verdict: null, unverified: true }), RangeError);
});

test('amounts a person types are parsed exactly in the unit, or refused naming what is wrong', () => {
  const usdc = { token: '0x' + '11'.repeat(20), symbol: 'USDC', decimals: 6 };
  assert.equal(parseAmount('0.25', ETH), 25n * 10n ** 16n);
  assert.equal(parseAmount(' 3 ', ETH), 3n * 10n ** 18n);
  assert.equal(parseAmount('.5', usdc), 500_000n);
  assert.equal(parseAmount('12.000001', usdc), 12_000_001n);
  assert.equal(parseAmount('7.', usdc), 7_000_000n);
  assert.throws(() => parseAmount('12.0000001', usdc), /^RangeError: "12.0000001" has 7 decimals; USDC has 6$/);
  for (const bad of ['', 'abc', '1,5', '-1', '1e18', '0x10', '1.2.3']) {
    assert.throws(() => parseAmount(bad, ETH), (/** @type {any} */ e) => e instanceof RangeError && e.message.startsWith(`"${bad}" is not an amount of ETH`), bad);
  }
  assert.equal(formatAmount(1_500_000n, usdc), '1.5 USDC');
  assert.equal(formatAmount(10n ** 18n, ETH), '1 ETH');
  assert.equal(formatAmount(0n, { ...usdc, decimals: 0, symbol: 'base units of token 0x11' }), '0 base units of token 0x11');
});

test("a token's name is its symbol only when that cannot pass it off as ether or garble the page", async () => {
  const token = '0x' + '22'.repeat(20);
  /** A token's two optional answers, as readContract gives them (the chain side is steps-chain's). @param {any} symbol @param {any} decimals */
  const answering = (symbol, decimals) => ({ readContract: async (/** @type {any} */ c) => {
    const v = c.functionName === 'symbol' ? symbol : decimals;
    if (v instanceof Error) throw v;
    return v;
  } });
  const named = async (/** @type {any} */ symbol, /** @type {any} */ decimals = 6) => (await paymentUnit(answering(symbol, decimals), token)).symbol;
  const checksummed = '0x2222222222222222222222222222222222222222';
  assert.equal(await named('USDC'), 'USDC');
  for (const spoof of ['ETH', 'eth', 'Eth']) assert.equal(await named(spoof), `token ${checksummed}`, spoof);
  for (const odd of ['a b', '<b>x</b>', 'X'.repeat(17), '', 42, new Error('no symbol()')]) assert.equal(await named(odd), `token ${checksummed}`, String(odd));
  assert.deepEqual(await paymentUnit(answering('USDC', new Error('no decimals()')), token), { token: checksummed, symbol: `base units of token ${checksummed}`, decimals: 0 });
  assert.equal((await paymentUnit(answering('BIG', 77), token)).decimals, 0, 'absurd decimals are not believed');
});

// The EIP-712 messages a release key signs (spec/release-protocol.md section 7; the Java
// reference's ReleaseSignatures and ReleaseParams.termsHash), computed here so a keyholder knows
// what it signs without trusting the contract's digest views, and signed as 65-byte r || s || v
// with low s and v in {27, 28}, the only form the contract accepts.
import { keccak_256, secp256k1 } from '../../vendor/noble.js';
import { encodeAbiParameters, getAddress } from '../../vendor/viem.js';
import { concat, fromHex, toHex, utf8 } from '../bytes.js';
import { ReleaseAbi } from '../chain/abi.js';

const DOMAIN_TYPE = keccak_256(utf8('EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)'));
const ACCEPTANCE_TYPE = keccak_256(utf8('Acceptance(address keyholder,uint256 slot,bytes32 termsHash)'));
const LEAK_PROOF_TYPE = keccak_256(utf8('LeakProof(uint256 chainId,address release,address keyholder,address beneficiary)'));
const NAME = keccak_256(utf8('Unveil Release'));
const VERSION = keccak_256(utf8('1'));
// initialize(address artist_, Params p): the ABI types of abi.encode(artist, params).
const TERMS_TYPES = /** @type {any} */ (ReleaseAbi).find((/** @type {any} */ f) => f.type === 'function' && f.name === 'initialize').inputs;

/**
 * The hash an enrolment acceptance signs: keccak256(abi.encode(artist, params)), so a keyholder
 * accepts exactly the terms it checked.
 * @param {string} artist
 * @param {import('./archive-match.js').ReleaseParams} params
 * @returns {string} 0x + 64 hex
 */
export function termsHash(artist, params) {
  const encoded = encodeAbiParameters(TERMS_TYPES, [getAddress(artist), params]);
  return '0x' + toHex(keccak_256(fromHex(encoded)));
}

/**
 * The domain separator of the release clone at `release` on `chainId`.
 * @param {number} chainId @param {string} release
 * @returns {Uint8Array}
 */
export function domainSeparator(chainId, release) {
  return keccak_256(concat(DOMAIN_TYPE, NAME, VERSION, word(BigInt(chainId)), addressWord(release)));
}

/**
 * What the release key of `slot` signs to enrol `keyholder` on the terms of `terms` (termsHash).
 * @param {number} chainId @param {string} release @param {string} keyholder @param {number} slot @param {string|Uint8Array} terms
 * @returns {string} 0x + 64 hex
 */
export function acceptanceDigest(chainId, release, keyholder, slot, terms) {
  const t = typeof terms === 'string' ? fromHex(terms) : terms;
  if (t.length !== 32) throw new RangeError(`a terms hash is 32 bytes, got ${t.length}`);
  return digest(chainId, release, keccak_256(concat(ACCEPTANCE_TYPE, addressWord(keyholder), word(BigInt(slot)), t)));
}

/**
 * What a leaked release key of `keyholder` signs to prove the leak for `beneficiary`.
 * @param {number} chainId @param {string} release @param {string} keyholder @param {string} beneficiary
 * @returns {string} 0x + 64 hex
 */
export function leakProofDigest(chainId, release, keyholder, beneficiary) {
  return digest(chainId, release, keccak_256(concat(LEAK_PROOF_TYPE, word(BigInt(chainId)), addressWord(release), addressWord(keyholder), addressWord(beneficiary))));
}

/**
 * The commitment `committer` makes in the registry before revealing an accusation (section 6.3):
 * keccak256(abi.encode(release, slot, beneficiary, keccak256(leakProof), salt, committer)). It
 * hides which release and slot it is about.
 * @param {string} release @param {number} slot @param {string} beneficiary @param {string|Uint8Array} leakProof @param {string|Uint8Array} salt @param {string} committer
 * @returns {string} 0x + 64 hex
 */
export function accusationCommitment(release, slot, beneficiary, leakProof, salt, committer) {
  const proof = typeof leakProof === 'string' ? fromHex(leakProof) : leakProof;
  const s = typeof salt === 'string' ? fromHex(salt) : salt;
  if (s.length !== 32) throw new RangeError(`a salt is 32 bytes, got ${s.length}`);
  return '0x' + toHex(keccak_256(concat(addressWord(release), word(BigInt(slot)), addressWord(beneficiary), keccak_256(proof), s, addressWord(committer))));
}

/**
 * Signs a 32-byte digest with a release key: r || s || v, s low, v 27 or 28.
 * @param {string|Uint8Array} digest32
 * @param {Uint8Array} key32 the release key's secret (not copied, not kept)
 * @returns {string} 0x + 130 hex
 */
export function signDigest(digest32, key32) {
  const d = typeof digest32 === 'string' ? fromHex(digest32) : digest32;
  if (d.length !== 32) throw new RangeError(`a digest is 32 bytes, got ${d.length}`);
  const rec = secp256k1.sign(d, key32, { prehash: false, lowS: true, format: 'recovered' });
  return '0x' + toHex(concat(rec.subarray(1), new Uint8Array([27 + rec[0]])));
}

/** @param {number} chainId @param {string} release @param {Uint8Array} struct */
function digest(chainId, release, struct) {
  return '0x' + toHex(keccak_256(concat(new Uint8Array([0x19, 0x01]), domainSeparator(chainId, release), struct)));
}

/** @param {bigint} x */
function word(x) {
  return fromHex(x.toString(16).padStart(64, '0'));
}

/** @param {string} a */
function addressWord(a) {
  const w = new Uint8Array(32);
  w.set(fromHex(getAddress(a)), 12);
  return w;
}

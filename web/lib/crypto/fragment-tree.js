// The fragment tree (spec/archive-format.md section 6): a Merkle tree over (e, keyAddress_e) whose
// root the release contract records as `fragmentRoot`. Leaves are double-hashed as OpenZeppelin's
// StandardMerkleTree (a 64-byte inner node can never pass as a leaf); nodes use the commutative
// keccak256(min || max) and an odd last node is carried up, so a proof needs no index bits.
import { keccak_256 } from '../../vendor/noble.js';
import { toHex, fromHex, equalBytes } from '../bytes.js';

/**
 * keccak256(keccak256(abi.encode(uint256 e, address keyAddress))).
 * @param {number} e
 * @param {string} address 0x + 40 hex digits
 * @returns {Uint8Array} 32 bytes
 */
export function fragmentLeaf(e, address) {
  if (!Number.isInteger(e) || e < 0 || e > 0xffffffff) throw new RangeError(`fragment index ${e} must be an integer in 0..2^32-1`);
  if (typeof address !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(address)) {
    throw new TypeError(`key address ${JSON.stringify(address)} must be 0x followed by 40 hex digits`);
  }
  const encoded = new Uint8Array(64);
  new DataView(encoded.buffer).setUint32(28, e);
  encoded.set(fromHex(address), 44);
  return keccak_256(keccak_256(encoded));
}

/**
 * OpenZeppelin's commutative node hash, keccak256(min(a, b) || max(a, b)) with unsigned comparison.
 * @param {Uint8Array} a
 * @param {Uint8Array} b
 * @returns {Uint8Array}
 */
export function hashPair(a, b) {
  const both = new Uint8Array(64);
  const aFirst = compareBytes(a, b) <= 0;
  both.set(aFirst ? a : b, 0);
  both.set(aFirst ? b : a, 32);
  return keccak_256(both);
}

/**
 * Every level of the tree, leaves first, root level last.
 * @param {string[]} keyAddresses keyAddresses[e] is fragment e's
 * @returns {Uint8Array[][]}
 */
export function fragmentLevels(keyAddresses) {
  if (!Array.isArray(keyAddresses) || keyAddresses.length === 0) throw new RangeError('a fragment tree needs at least one encrypted fragment');
  let level = keyAddresses.map((a, e) => fragmentLeaf(e, a));
  const levels = [level];
  while (level.length > 1) {
    const next = [];
    for (let i = 0; 2 * i < level.length; i++) next.push(2 * i + 1 < level.length ? hashPair(level[2 * i], level[2 * i + 1]) : level[2 * i]);
    levels.push(next);
    level = next;
  }
  return levels;
}

/**
 * The root the release contract records as `fragmentRoot`, 0x + 64 lowercase hex.
 * @param {string[]} keyAddresses
 * @returns {string}
 */
export function fragmentRoot(keyAddresses) {
  const levels = fragmentLevels(keyAddresses);
  return '0x' + toHex(levels[levels.length - 1][0]);
}

/**
 * The siblings of leaf e from the bottom up (levels where e's node is carried up add nothing),
 * each 0x + 64 hex: what `MerkleProof.verify` takes on chain.
 * @param {string[]} keyAddresses
 * @param {number} e
 * @returns {string[]}
 */
export function fragmentProof(keyAddresses, e) {
  const levels = fragmentLevels(keyAddresses);
  if (!Number.isInteger(e) || e < 0 || e >= keyAddresses.length) {
    throw new RangeError(`fragment ${e} is not in a tree of ${keyAddresses.length} encrypted fragments (0..${keyAddresses.length - 1})`);
  }
  const proof = [];
  let i = e;
  for (let l = 0; l < levels.length - 1; l++) {
    const sibling = i ^ 1;
    if (sibling < levels[l].length) proof.push('0x' + toHex(levels[l][sibling]));
    i >>= 1;
  }
  return proof;
}

/**
 * OpenZeppelin `MerkleProof.verify(proof, root, leaf)`.
 * @param {string[]} proof 0x-hex siblings
 * @param {string} root 0x-hex
 * @param {Uint8Array} leaf
 * @returns {boolean}
 */
export function verifyFragmentProof(proof, root, leaf) {
  let node = leaf;
  for (const s of proof) {
    const sibling = fromHex(s);
    if (sibling.length !== 32) return false;
    node = hashPair(node, sibling);
  }
  return equalBytes(node, fromHex(root));
}

/**
 * @param {Uint8Array} a
 * @param {Uint8Array} b
 */
function compareBytes(a, b) {
  for (let i = 0; i < 32; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

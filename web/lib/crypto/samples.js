// The sample rule (spec/release-protocol.md section 4.1, spec/archive-format.md section 6): which
// encrypted fragments a release samples, computed exactly as the contract does, so any client can
// tell which keys the artist must reveal. Distinct draws make every sample count.
import { keccak_256 } from '../../vendor/noble.js';
import { bytesToBigInt } from './secp.js';

/** The bounds of `terms.sampleCount`. */
export const MIN_SAMPLES = 1;
export const MAX_SAMPLES = 16;

/**
 * The sampled fragment indices in draw order: with r = min(sampleCount, F), draw
 * i = uint256(keccak256(abi.encode(seed, uint256 c))) mod F for c = 0, 1, ... keeping each new i.
 * @param {Uint8Array} seed32 the 32-byte beacon seed
 * @param {number} sampleCount the release's sample count, 1..16
 * @param {number} F the number of encrypted fragments, >= 1
 * @returns {number[]}
 */
export function sampleIndices(seed32, sampleCount, F) {
  if (!(seed32 instanceof Uint8Array) || seed32.length !== 32) throw new TypeError('the sample seed is 32 bytes');
  if (!Number.isInteger(F) || F < 1 || F > 0xffffffff) throw new RangeError(`fragment count ${F} must be an integer of at least 1`);
  if (!Number.isInteger(sampleCount) || sampleCount < MIN_SAMPLES || sampleCount > MAX_SAMPLES) {
    throw new RangeError(`sample count ${sampleCount} must be in ${MIN_SAMPLES}..${MAX_SAMPLES}`);
  }
  const r = Math.min(sampleCount, F);
  const f = BigInt(F);
  const encoded = new Uint8Array(64);
  encoded.set(seed32);
  const view = new DataView(encoded.buffer);
  const taken = [];
  for (let c = 0; taken.length < r; c++) {
    view.setUint32(60, c >>> 0);
    view.setUint32(56, Math.floor(c / 2 ** 32));
    const i = Number(bytesToBigInt(keccak_256(encoded)) % f);
    if (!taken.includes(i)) taken.push(i);
  }
  return taken;
}

// The text of the binary CID a release records (`params().archiveCid`), or null when the bytes are
// no CID: what a fan is told to fetch. Only the reading the steps need (CIDv1 in base32, CIDv0 in
// base58btc); the IPFS layer has the full codec.
import { base58 } from '../../vendor/scure.js';
import { fromHex } from '../bytes.js';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * @param {string|Uint8Array} cid the binary CID (0x hex or bytes)
 * @returns {string|null}
 */
export function cidText(cid) {
  let b;
  try {
    b = typeof cid === 'string' ? fromHex(cid) : cid;
  } catch {
    return null;
  }
  if (b.length === 34 && b[0] === 0x12 && b[1] === 0x20) return base58.encode(b);
  let o = 0;
  const varint = () => {
    let v = 0;
    for (let shift = 0; shift < 63; shift += 7) {
      if (o >= b.length) return -1;
      const x = b[o++];
      v += (x & 0x7f) * 2 ** shift;
      if ((x & 0x80) === 0) return v;
    }
    return -1;
  };
  if (varint() !== 1) return null;
  if (varint() < 0 || varint() < 0) return null; // codec, multihash code
  const length = varint();
  if (length < 0 || o + length !== b.length) return null;
  let out = 'b', bits = 0, value = 0;
  for (const x of b) {
    value = (value << 8) | x;
    bits += 8;
    while (bits >= 5) { out += BASE32[(value >>> (bits - 5)) & 31]; bits -= 5; }
    value &= (1 << bits) - 1;
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

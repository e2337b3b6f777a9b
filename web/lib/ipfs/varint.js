// Unsigned LEB128 varints as the multiformats unsigned-varint spec restricts them: at most 9 bytes
// and minimally encoded, so every value has exactly one encoding and CIDs compare byte for byte.
// Values are JavaScript numbers: anything above 2^53 - 1 is refused rather than rounded.
import { InvalidBlockError } from './errors.js';

/** Longest varint accepted (63 bits). */
export const MAX_VARINT_BYTES = 9;

/**
 * The varint encoding of a non-negative safe integer.
 * @param {number} value
 * @returns {Uint8Array}
 */
export function encodeVarint(value) {
  checkValue(value);
  const out = new Uint8Array(varintLength(value));
  writeVarint(value, out, 0);
  return out;
}

/**
 * Writes the varint of `value` into `out` at `offset`; returns the offset after it.
 * @param {number} value
 * @param {Uint8Array} out
 * @param {number} offset
 * @returns {number}
 */
export function writeVarint(value, out, offset) {
  checkValue(value);
  // Division, not >>>, keeps values above 2^32 exact.
  while (value >= 0x80) {
    out[offset++] = (value % 0x80) | 0x80;
    value = Math.floor(value / 0x80);
  }
  out[offset++] = value;
  return offset;
}

/**
 * Bytes the varint of `value` takes.
 * @param {number} value
 * @returns {number}
 */
export function varintLength(value) {
  checkValue(value);
  let n = 1;
  while (value >= 0x80) { value = Math.floor(value / 0x80); n++; }
  return n;
}

/**
 * Decodes one varint at `offset`.
 * @param {Uint8Array} bytes
 * @param {number} offset
 * @returns {[value: number, next: number]} the value and the offset after it
 * @throws {InvalidBlockError} truncated, longer than 9 bytes, not minimal, or above 2^53 - 1
 */
export function readVarint(bytes, offset) {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < MAX_VARINT_BYTES; i++) {
    if (offset + i >= bytes.length) throw new InvalidBlockError(`varint at offset ${offset} is truncated`);
    const b = bytes[offset + i];
    if (b === 0 && i > 0) throw new InvalidBlockError(`varint at offset ${offset} is not minimally encoded`);
    value += (b & 0x7f) * scale;
    scale *= 0x80;
    if ((b & 0x80) === 0) {
      if (!Number.isSafeInteger(value)) throw new InvalidBlockError(`varint at offset ${offset} exceeds 2^53 - 1`);
      return [value, offset + i + 1];
    }
  }
  throw new InvalidBlockError(`varint at offset ${offset} is longer than ${MAX_VARINT_BYTES} bytes`);
}

/** @param {number} value */
function checkValue(value) {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`varint value ${value} is not a non-negative safe integer`);
}

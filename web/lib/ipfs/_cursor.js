// A bounds-checked read position in a byte array, so malformed input fails with a typed error.
import { InvalidBlockError } from './errors.js';
import { readVarint } from './varint.js';

/** Reads varints and length-delimited fields of protobuf and CID bytes; throws InvalidBlockError past the end. */
export class Cursor {
  /**
   * @param {Uint8Array} bytes
   * @param {number} [from]
   * @param {number} [to]
   */
  constructor(bytes, from = 0, to = bytes.length) {
    this.bytes = bytes;
    this.pos = from;
    this.end = to;
  }

  hasMore() { return this.pos < this.end; }

  remaining() { return this.end - this.pos; }

  /** @returns {number} */
  byte() {
    if (this.pos >= this.end) throw new InvalidBlockError(`unexpected end of data at offset ${this.pos}`);
    return this.bytes[this.pos++];
  }

  /** @returns {number} */
  varint() {
    const [value, next] = readVarint(this.bytes.subarray(0, this.end), this.pos);
    this.pos = next;
    return value;
  }

  /**
   * The next n bytes, as a view (no copy).
   * @param {number} n
   * @returns {Uint8Array}
   */
  take(n) {
    if (n > this.end - this.pos) {
      throw new InvalidBlockError(`length ${n} at offset ${this.pos} runs past the end (${this.end - this.pos} bytes left)`);
    }
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /**
   * A cursor over the next n bytes; this one skips past them.
   * @param {number} n
   * @returns {Cursor}
   */
  slice(n) {
    const part = this.take(n);
    return new Cursor(part);
  }
}

// The archive layer's reader of exact byte counts from a source (lib/bytes.js chunksOf), without
// copying large bodies.
import { chunksOf } from '../bytes.js';

/** Exact reads from a chunk sequence; `position` counts the bytes taken so far. */
export class ByteReader {
  /** @param {import('../bytes.js').ByteSource} source */
  constructor(source) {
    this.iterator = chunksOf(source)[Symbol.asyncIterator]();
    /** @type {Uint8Array} */
    this.buf = new Uint8Array(0);
    this.pos = 0;
    /** Bytes consumed from the start of the source. */
    this.position = 0;
    this.ended = false;
  }

  /** @returns {Promise<boolean>} false at the end of the source */
  async fill() {
    while (this.pos >= this.buf.length) {
      if (this.ended) return false;
      const { done, value } = await this.iterator.next();
      if (done) { this.ended = true; return false; }
      this.buf = value;
      this.pos = 0;
    }
    return true;
  }

  /**
   * Up to `n` bytes (fewer only at the end of the source), copied into a new array.
   * @param {number} n
   * @returns {Promise<Uint8Array>}
   */
  async read(n) {
    const out = new Uint8Array(n);
    let o = 0;
    while (o < n && await this.fill()) {
      const take = Math.min(n - o, this.buf.length - this.pos);
      out.set(this.buf.subarray(this.pos, this.pos + take), o);
      this.pos += take; o += take; this.position += take;
    }
    return o === n ? out : out.subarray(0, o);
  }

  /**
   * The next chunk of at most `max` bytes, a view into the source's own chunk (valid until the next call), or null at the end.
   * @param {number} max
   * @returns {Promise<Uint8Array|null>}
   */
  async next(max) {
    if (!(await this.fill())) return null;
    const take = Math.min(max, this.buf.length - this.pos);
    const v = this.buf.subarray(this.pos, this.pos + take);
    this.pos += take; this.position += take;
    return v;
  }

  /** Stops reading the source (its stream is cancelled). */
  async close() {
    this.ended = true;
    if (typeof this.iterator.return === 'function') await this.iterator.return(undefined);
  }
}

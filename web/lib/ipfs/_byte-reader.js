// Exact-length reads over a stream of byte chunks of any size, counting the offset. A read that
// fits in the current chunk is a view (no copy); others are assembled in a buffer of the reader's,
// reused. So what a read returns is valid only until the next read, and the source may reuse a
// chunk's buffer once the next chunk is asked for: a download of any size allocates nothing per block.

/** Pulls chunks from an async iterator on demand; the CAR reader's only view of the stream. */
export class ByteReader {
  /** @param {AsyncIterator<Uint8Array>} chunks */
  constructor(chunks) {
    this.chunks = chunks;
    /** @type {Uint8Array} */
    this.buf = new Uint8Array(0);
    this.pos = 0;
    /** Bytes consumed so far. */
    this.offset = 0;
    this.ended = false;
    /** Where reads that span chunks are assembled. */
    this.scratch = new Uint8Array(0);
  }

  /** Fills the buffer if empty; false at end of stream. @returns {Promise<boolean>} */
  async fill() {
    while (this.pos >= this.buf.length) {
      if (this.ended) return false;
      const { value, done } = await this.chunks.next();
      if (done) { this.ended = true; return false; }
      if (!(value instanceof Uint8Array)) throw new TypeError('the CAR source yielded something other than a Uint8Array');
      this.buf = value;
      this.pos = 0;
    }
    return true;
  }

  /** The next byte, or -1 at end of stream. @returns {Promise<number>} */
  async byte() {
    if (this.pos >= this.buf.length && !(await this.fill())) return -1;
    this.offset++;
    return this.buf[this.pos++];
  }

  /**
   * Up to n bytes; fewer only at end of stream. Valid until the next read.
   * @param {number} n
   * @returns {Promise<Uint8Array>}
   */
  async read(n) {
    if (this.pos + n <= this.buf.length) {
      const view = this.buf.subarray(this.pos, this.pos + n);
      this.pos += n;
      this.offset += n;
      return view;
    }
    if (this.scratch.length < n) this.scratch = new Uint8Array(n);
    const out = this.scratch.subarray(0, n);
    let filled = 0;
    while (filled < n && (await this.fill())) {
      const k = Math.min(n - filled, this.buf.length - this.pos);
      out.set(this.buf.subarray(this.pos, this.pos + k), filled);
      this.pos += k;
      filled += k;
    }
    this.offset += filled;
    return filled === n ? out : out.subarray(0, filled);
  }

  /** Stops the underlying stream (a cancelled or failed read). */
  async cancel() {
    this.ended = true;
    await this.chunks.return?.();
  }
}

// Byte sources for the archive layer: whatever the page or a test hands over (a ReadableStream, a
// Blob, an async or sync iterable of Uint8Array, one Uint8Array) read as one async sequence of
// chunks, and a reader that takes exact byte counts from it without copying large bodies.
import { blobChunks } from '../bytes.js';

/**
 * Anything the archive layer reads bytes from.
 * @typedef {ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Iterable<Uint8Array> | Uint8Array | Blob} ByteSource
 */

/**
 * The source as an async iterable of non-empty Uint8Array chunks.
 * @param {ByteSource} source
 * @returns {AsyncIterable<Uint8Array>}
 */
export function chunksOf(source) {
  if (source instanceof Uint8Array) return (async function* () { if (source.length > 0) yield source; })();
  if (typeof Blob !== 'undefined' && source instanceof Blob) return blobChunks(source);
  if (source && typeof (/** @type {any} */ (source)).getReader === 'function') return readableChunks(/** @type {ReadableStream<Uint8Array>} */ (source));
  if (source && (typeof source[Symbol.asyncIterator] === 'function' || typeof source[Symbol.iterator] === 'function')) {
    return checkedChunks(/** @type {AsyncIterable<Uint8Array>} */ (source));
  }
  throw new TypeError('a byte source must be a ReadableStream, a Blob, an (async) iterable of Uint8Array or a Uint8Array');
}

/** @param {ReadableStream<Uint8Array>} stream */
async function* readableChunks(stream) {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (!(value instanceof Uint8Array)) throw new TypeError('the stream gave a chunk that is not a Uint8Array');
      if (value.length > 0) yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** @param {AsyncIterable<Uint8Array>|Iterable<Uint8Array>} it */
async function* checkedChunks(it) {
  for await (const value of it) {
    if (!(value instanceof Uint8Array)) throw new TypeError('the source gave a chunk that is not a Uint8Array');
    if (value.length > 0) yield value;
  }
}

/** Exact reads from a chunk sequence; `position` counts the bytes taken so far. */
export class ByteReader {
  /** @param {ByteSource} source */
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

// Byte helpers shared by every module of the twin (no DOM, no Node built-ins: runs in both).

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Lowercase hex of the bytes, without a 0x prefix.
 * @param {Uint8Array} bytes
 * @returns {string}
 */
export function toHex(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
  return s;
}

/**
 * Bytes of a hex string (optional 0x prefix, either case, even length).
 * @param {string} hex
 * @returns {Uint8Array}
 */
export function fromHex(hex) {
  const h = hex.startsWith('0x') || hex.startsWith('0X') ? hex.slice(2) : hex;
  if (h.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(h)) throw new TypeError(`not hex: ${JSON.stringify(hex.slice(0, 80))}`);
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.substr(i * 2, 2), 16);
  return out;
}

/**
 * The arrays one after another in a new array.
 * @param {...Uint8Array} parts
 * @returns {Uint8Array}
 */
export function concat(...parts) {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/**
 * Whether two arrays hold the same bytes, in time that depends only on their length (for MACs,
 * hashes and keys compared against attacker-chosen input).
 * @param {Uint8Array} a
 * @param {Uint8Array} b
 * @returns {boolean}
 */
export function equalBytes(a, b) {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i] ^ b[i];
  return d === 0;
}

const encoder = new TextEncoder();
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * UTF-8 bytes of a string.
 * @param {string} s
 * @returns {Uint8Array}
 */
export function utf8(s) {
  return encoder.encode(s);
}

/**
 * The string the UTF-8 bytes hold; throws a TypeError on malformed UTF-8 (never replaces).
 * @param {Uint8Array} bytes
 * @returns {string}
 */
export function fromUtf8(bytes) {
  return strictDecoder.decode(bytes);
}

/**
 * Big buffers handed back and forth between a page and its workers, reused rather than
 * reallocated: every fresh buffer costs page faults and zeroing, and each thread holds its
 * garbage until its own GC runs, which for a stream of 4 MiB buffers through five threads is
 * hundreds of MiB of a tab's memory. A taken buffer's old bytes are not cleared: take only what
 * the caller overwrites whole.
 */
export class BufferPool {
  /** @param {number} maxBytes buffers kept for reuse, in bytes: as much as circulates at once */
  constructor(maxBytes) {
    /** @type {ArrayBuffer[]} */
    this.free = [];
    this.maxBytes = maxBytes;
    this.bytes = 0;
  }

  /**
   * `size` bytes, in a buffer given back earlier if one is big enough.
   * @param {number} size
   * @returns {Uint8Array<ArrayBuffer>}
   */
  take(size) {
    const i = this.free.findIndex((b) => b.byteLength >= size && b.byteLength <= 2 * size + 65536);
    if (i < 0) return new Uint8Array(size);
    const b = /** @type {ArrayBuffer} */ (this.free.splice(i, 1)[0]);
    this.bytes -= b.byteLength;
    return new Uint8Array(b, 0, size);
  }

  /** @param {ArrayBufferLike} buffer no longer used by its giver (nor detached) */
  give(buffer) {
    if (!(buffer instanceof ArrayBuffer) || buffer.byteLength === 0 || this.bytes + buffer.byteLength > this.maxBytes) return;
    this.free.push(buffer);
    this.bytes += buffer.byteLength;
  }
}

/**
 * A Blob's (a File's, an OPFS file's) bytes as chunks, read a slice at a time: each chunk is a
 * buffer of its own, but like every byte source here it is only promised until the next chunk is
 * asked for. Neither `blob.stream()` with the default reader (Chromium's chunks are buffers its GC
 * reclaims so late that a 4 GiB read held over a GiB of a tab) nor with a BYOB reader into one
 * reused buffer: the stream queues what the file system delivers ahead of a slower reader (a
 * 1 GiB decryption grew to 500 MiB where slices stay under 200), and in Chromium 156 a BYOB read
 * after a short final chunk never settles.
 * @param {Blob} blob
 * @param {number} [size] bytes per chunk
 * @returns {AsyncGenerator<Uint8Array>}
 */
export async function* blobChunks(blob, size = 4 << 20) {
  for (let o = 0; o < blob.size; o += size) yield new Uint8Array(await blob.slice(o, o + size).arrayBuffer());
}

/**
 * Anything lib/ reads bytes from: a ReadableStream (a fetch body, `File.stream()`), a Blob, an
 * async or sync iterable of Uint8Array (a Node stream, a generator), or one Uint8Array.
 * @typedef {ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Iterable<Uint8Array> | Uint8Array | Blob} ByteSource
 */

/**
 * The one way lib/ reads a ByteSource: as an async sequence of non-empty Uint8Array chunks. A
 * chunk is only promised until the next is asked for (a source may reuse its buffer): copy what
 * you keep. Stopping early (`return()`, `break`) cancels a stream, which closes a network body.
 * @param {ByteSource} source
 * @param {string} [who] the reader, for the error message
 * @returns {AsyncGenerator<Uint8Array>}
 */
export function chunksOf(source, who = 'a byte reader') {
  if (source instanceof Uint8Array) return (async function* () { if (source.length > 0) yield source; })();
  if (typeof Blob !== 'undefined' && source instanceof Blob) return blobChunks(source);
  if (source && typeof (/** @type {any} */ (source)).getReader === 'function') return streamChunks(/** @type {ReadableStream<Uint8Array>} */ (source), who);
  if (source && (typeof (/** @type {any} */ (source))[Symbol.asyncIterator] === 'function' || typeof (/** @type {any} */ (source))[Symbol.iterator] === 'function')) {
    return checkedChunks(/** @type {AsyncIterable<Uint8Array>} */ (source), who);
  }
  throw new TypeError(`${who} needs a ReadableStream, a Blob, an (async) iterable of Uint8Array or a Uint8Array`);
}

/** @param {ReadableStream<Uint8Array>} stream @param {string} who */
async function* streamChunks(stream, who) {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (!(value instanceof Uint8Array)) throw new TypeError(`${who}: the stream gave a chunk that is not a Uint8Array`);
      if (value.length > 0) yield value;
    }
  } finally {
    await reader.cancel().catch(() => {}); // a no-op once the stream ended
    reader.releaseLock();
  }
}

/** @param {AsyncIterable<Uint8Array>|Iterable<Uint8Array>} it @param {string} who */
async function* checkedChunks(it, who) {
  for await (const value of it) {
    if (!(value instanceof Uint8Array)) throw new TypeError(`${who}: the source gave a chunk that is not a Uint8Array`);
    if (value.length > 0) yield value;
  }
}

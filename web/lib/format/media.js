// What every media cutter shares (spec/archive-format.md section 7), as the Java package
// org.unveil.archive.internal.media: the typed error, the format check against a file's first
// bytes (MediaCutters, each cutter's recognizes), exact time conversion (MediaClock) and a
// front-to-back reader with bounded look-ahead over a stream (MediaInput).

import { chunksOf } from '../bytes.js';

/** How much of a file's start the format check looks at. */
export const HEAD_BYTES = 4096;
/** Look-ahead a cutter may ask for, as MediaInput.MAX_PEEK. */
export const MAX_PEEK = 64 * 1024;
/** Segment lengths Cut.media accepts, and the --cut default. */
export const MIN_SECONDS = 1;
/** @see MIN_SECONDS */
export const MAX_SECONDS = 86_400;
/** @see MIN_SECONDS */
export const DEFAULT_SECONDS = 30;

/**
 * A file is not of the format its cut names, or is truncated or corrupt. `code`: wrong-format,
 * unknown-format, not-media, corrupt, bad-cut.
 */
export class MediaError extends Error {
  /**
   * @param {string} message names the file, what was found where, and what to do
   * @param {string} code
   */
  constructor(message, code) {
    super(message);
    this.name = 'MediaError';
    this.code = code;
  }
}

/**
 * @typedef {object} MediaSegment
 * @property {number} offset first byte in the file
 * @property {number} size bytes
 * @property {number} start media time at which it starts, whole microseconds
 * @property {number} duration media time it holds, whole microseconds (0 for a header segment)
 *
 * @typedef {object} MediaPlan
 * @property {string} format the cut name: mp3, flac, ogg, ts, fmp4
 * @property {boolean} header segment 0 is a header segment (always a preview)
 * @property {MediaSegment[]} segments tiling the file in order
 * @property {number} size the file's size
 */

/** @type {ReadonlyArray<{format: string, label: string, mediaType: string, recognizes: (head: Uint8Array) => boolean}>} */
export const MEDIA_CUTTERS = Object.freeze([
  {
    format: 'mp3', label: 'MP3', mediaType: 'audio/mpeg',
    recognizes: (h) => (h.length >= 3 && h[0] === 0x49 && h[1] === 0x44 && h[2] === 0x33) || (h.length >= 2 && h[0] === 0xff && (h[1] & 0xe6) === 0xe2),
  },
  { format: 'flac', label: 'FLAC', mediaType: 'audio/flac', recognizes: (h) => h.length >= 4 && h[0] === 0x66 && h[1] === 0x4c && h[2] === 0x61 && h[3] === 0x43 },
  { format: 'ogg', label: 'Ogg', mediaType: 'audio/ogg', recognizes: (h) => h.length >= 5 && h[0] === 0x4f && h[1] === 0x67 && h[2] === 0x67 && h[3] === 0x53 && h[4] === 0 },
  { format: 'ts', label: 'MPEG-TS', mediaType: 'video/mp2t', recognizes: (h) => tsStride(h, h.length, 3) > 0 },
  {
    format: 'fmp4', label: 'fragmented MP4', mediaType: 'video/mp4',
    recognizes: (h) => {
      if (h.length < 8) return false;
      const size = ((h[0] << 24) >>> 0) + (h[1] << 16) + (h[2] << 8) + h[3];
      const type = String.fromCharCode(h[4], h[5], h[6], h[7]);
      return (type === 'ftyp' || type === 'styp') && size >= 8 && size <= 4096;
    },
  },
]);

/**
 * 188 (TS) or 192 (M2TS) when `packets` sync bytes line up (fewer if the file is shorter), else 0.
 * @param {Uint8Array} head
 * @param {number} fileSize
 * @param {number} packets
 * @returns {number}
 */
export function tsStride(head, fileSize, packets) {
  for (const stride of [188, 192]) {
    const first = stride - 188;
    let seen = 0;
    for (let at = first; seen < packets && at < Math.min(head.length, fileSize); at += stride, seen++) {
      if (head[at] !== 0x47) break;
    }
    const enough = seen === packets || (seen > 0 && first + seen * stride >= fileSize);
    if (enough && seen > 0) return stride;
  }
  return 0;
}

/**
 * The cutter for a cut name.
 * @param {string} format
 */
export function mediaCutter(format) {
  const c = MEDIA_CUTTERS.find((x) => x.format === format);
  // Listed in Java's MediaFormat order, as MediaCutters.named lists them.
  if (!c) throw new MediaError(`media format '${format}' is not one of [mp3, ts, fmp4, flac, ogg]`, 'unknown-format');
  return c;
}

/**
 * Checks that a file's first bytes (up to 4 KiB) are of the format its cut names; refuses it
 * naming both formats and the --cut to use, with Java's words.
 * @param {Uint8Array} head the file's first bytes (at most HEAD_BYTES are looked at)
 * @param {string} format the cut name
 * @param {string} name the file's archive path, for messages
 * @throws {MediaError}
 */
export function requireMediaFormat(head, format, name) {
  const cutter = mediaCutter(format);
  const h = head.subarray(0, HEAD_BYTES);
  if (cutter.recognizes(h)) return;
  const other = MEDIA_CUTTERS.find((c) => c !== cutter && c.recognizes(h));
  if (other) {
    throw new MediaError(`${name} looks like ${other.label}, not ${cutter.label}: use --cut ${name}:${other.format}`, 'wrong-format');
  }
  throw new MediaError(`${name} does not look like ${cutter.label} (nor any format unveil cuts: [${MEDIA_CUTTERS.map((c) => c.format).join(', ')}]): check the file, or cut it by bytes (--cut ${name}:64MiB)`, 'not-media');
}

/**
 * Checks a segment length as Cut.media does.
 * @param {string} format
 * @param {number} seconds
 */
export function requireSeconds(format, seconds) {
  if (!Number.isInteger(seconds) || seconds < MIN_SECONDS || seconds > MAX_SECONDS) {
    throw new MediaError(`${format} segment length ${seconds} s must be ${MIN_SECONDS}..${MAX_SECONDS}`, 'bad-cut');
  }
}

/**
 * samples / rate seconds in whole microseconds, floored; exact for any safe sample count (no
 * overflow from multiplying first), as MediaClock.micros.
 * @param {number} samples
 * @param {number} rate
 * @returns {number}
 */
export function micros(samples, rate) {
  if (samples < 0 || rate <= 0) throw new RangeError(`samples ${samples} at rate ${rate}`);
  return Math.floor(samples / rate) * 1_000_000 + Math.floor(((samples % rate) * 1_000_000) / rate);
}

/**
 * A stream read once, front to back, with look-ahead of up to MAX_PEEK bytes: what a cutter
 * needs to find boundaries without holding the file. Holds one source chunk (plus a stitched copy
 * when a look-ahead spans two chunks).
 */
export class MediaReader {
  /** @param {import('../bytes.js').ByteSource} source */
  constructor(source) {
    const chunks = chunksOf(source, 'a media cutter');
    this.pull = () => chunks.next();
    /** Stops the source (cancels a stream read only in part). */
    this.release = async () => { await chunks.return(undefined); };
    /** Unread bytes: buf[at..] come from the file's offset `position`. */
    this.buf = new Uint8Array(0);
    this.at = 0;
    this.position = 0;
    this.eof = false;
  }

  /** Bytes buffered after the position. */
  get available() {
    return this.buf.length - this.at;
  }

  /**
   * Makes n bytes after the position available in `bytes()`, unless the stream ends first.
   * @param {number} n at most MAX_PEEK
   * @returns {Promise<boolean>} whether n bytes are available
   */
  async ensure(n) {
    if (n > MAX_PEEK) throw new RangeError(`look-ahead ${n} exceeds ${MAX_PEEK}`);
    while (this.available < n && !this.eof) {
      // The rest is copied before the next pull: a source may reuse its chunk's buffer for the next one.
      const rest = this.available === 0 ? null : this.buf.slice(this.at);
      const { value, done } = await this.pull();
      this.buf = rest ?? new Uint8Array(0);
      this.at = 0;
      if (done) { this.eof = true; break; }
      if (value.length === 0) continue;
      if (rest === null) {
        this.buf = value;
      } else {
        const joined = new Uint8Array(rest.length + value.length);
        joined.set(rest);
        joined.set(value, rest.length);
        this.buf = joined;
      }
    }
    return this.available >= n;
  }

  /**
   * The buffered bytes after the position (a view; valid until the next call that moves or fills).
   * @returns {Uint8Array}
   */
  bytes() {
    return this.buf.subarray(this.at);
  }

  /**
   * Moves the position n bytes on, pulling and dropping chunks as needed.
   * @param {number} n
   * @returns {Promise<boolean>} false (and at the end) if the stream ends first
   */
  async skip(n) {
    while (n > 0) {
      if (this.available === 0 && !(await this.ensure(1))) return false;
      const step = Math.min(n, this.available);
      this.at += step;
      this.position += step;
      n -= step;
    }
    return true;
  }

  /**
   * Reads exactly n bytes into a new array (any n, unlike ensure), moving the position on.
   * @param {number} n
   * @returns {Promise<Uint8Array | null>} null (and at the end) if the stream ends first
   */
  async read(n) {
    const out = new Uint8Array(n);
    let got = 0;
    while (got < n) {
      if (this.available === 0 && !(await this.ensure(1))) return null;
      const step = Math.min(n - got, this.available);
      out.set(this.buf.subarray(this.at, this.at + step), got);
      this.at += step;
      this.position += step;
      got += step;
    }
    return out;
  }

  /** Skips to the end of the stream; the position is then the stream's size. */
  async drain() {
    this.position += this.available;
    this.buf = new Uint8Array(0);
    this.at = 0;
    while (!this.eof) {
      const { value, done } = await this.pull();
      if (done) this.eof = true;
      else this.position += value.length;
    }
  }

  async close() {
    const release = this.release;
    this.release = async () => {};
    await release();
  }
}

// FLAC cutting (spec/archive-format.md section 7.2), twin of media.FlacCutter, FlacMetadata and
// FlacFrameHeader. Segment 0, the header segment, is "fLaC" and every metadata block; a frame
// ends where the next one starts, found by scanning for a header that is valid, agrees with
// STREAMINFO, carries the next frame number and closes a frame whose CRC-16 matches, so sync-like
// bytes inside audio never become a cut.

import { MediaError, MediaReader, requireSeconds, requireMediaFormat, DEFAULT_SECONDS, HEAD_BYTES } from './media.js';
import { SegmentCollector } from './segments.js';

const RATES = [0, 88_200, 176_400, 192_000, 8_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000, 96_000];
const BITS = [0, 8, 12, -1, 16, 20, 24, 32];
/** The longest frame header: sync and codes (4), a 7-byte coded number, 2 + 2 bytes of block size and rate, CRC-8. */
const MAX_HEADER = 16;

const CRC8 = new Uint8Array(256);
// CRC-16 (polynomial 0x8005, MSB first) sliced by 8: CRC16[k][x] is the CRC of byte x followed
// by k zero bytes, so eight bytes cost eight look-ups and no shifts through the register.
const CRC16 = Array.from({ length: 8 }, () => new Uint16Array(256));
for (let i = 0; i < 256; i++) {
  let c8 = i, c16 = i << 8;
  for (let k = 0; k < 8; k++) {
    c8 = c8 & 0x80 ? (c8 << 1) ^ 0x07 : c8 << 1;
    c16 = c16 & 0x8000 ? (c16 << 1) ^ 0x8005 : c16 << 1;
  }
  CRC8[i] = c8 & 0xff;
  CRC16[0][i] = c16 & 0xffff;
}
for (let k = 1; k < 8; k++) {
  for (let i = 0; i < 256; i++) {
    const c = CRC16[k - 1][i];
    CRC16[k][i] = ((c << 8) ^ CRC16[0][c >>> 8]) & 0xffff;
  }
}
const [T0, T1, T2, T3, T4, T5, T6, T7] = CRC16;

/**
 * The FLAC frame CRC-16 continued over b[from..to).
 * @param {number} crc
 * @param {Uint8Array} b
 * @param {number} from
 * @param {number} to
 * @returns {number}
 */
export function crc16(crc, b, from, to) {
  let i = from;
  for (; i + 8 <= to; i += 8) {
    crc = T7[(crc >>> 8) ^ b[i]] ^ T6[(crc & 0xff) ^ b[i + 1]] ^ T5[b[i + 2]] ^ T4[b[i + 3]] ^ T3[b[i + 4]] ^ T2[b[i + 5]] ^ T1[b[i + 6]] ^ T0[b[i + 7]];
  }
  for (; i < to; i++) crc = ((crc << 8) ^ T0[(crc >>> 8) ^ b[i]]) & 0xffff;
  return crc;
}

/**
 * @typedef {object} FlacStreamInfo
 * @property {number} minBlock
 * @property {number} maxBlock
 * @property {number} minFrame 0 if unknown
 * @property {number} maxFrame 0 if unknown
 * @property {number} sampleRate
 * @property {number} channels
 * @property {number} bitsPerSample
 * @property {number} totalSamples per channel, 0 if unknown
 * @property {number} end offset of the first frame: where the header segment ends
 *
 * @typedef {object} FlacFrame
 * @property {boolean} variable variable block size (number is a sample number)
 * @property {number} number frame number, or first sample's number
 * @property {number} blockSize samples per channel
 * @property {number} length header bytes, CRC-8 included
 */

/**
 * @typedef {import('./media.js').MediaPlan} MediaPlan
 */

/**
 * Cuts a FLAC stream read once: a header segment, then segments of at least `seconds` each,
 * starting on frames.
 * @param {AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>} source the whole file
 * @param {{seconds?: number, name?: string}} [options] segment length (default 30 s); the file's archive path, for messages
 * @returns {Promise<MediaPlan & {samples: number, streamInfo: FlacStreamInfo}>}
 * @throws {MediaError} for a file of another format, truncated or corrupt (Java's words)
 */
export async function cutFlac(source, options = {}) {
  const seconds = options.seconds ?? DEFAULT_SECONDS;
  const name = options.name ?? 'file';
  // MediaInput names the file by its last path segment.
  const fileName = name.slice(name.lastIndexOf('/') + 1);
  requireSeconds('flac', seconds);
  const r = new MediaReader(source);
  try {
    await r.ensure(HEAD_BYTES);
    requireMediaFormat(r.bytes().subarray(0, HEAD_BYTES), 'flac', name);
    const meta = await readMetadata(r, fileName);
    let frame = await frameAt(r, meta);
    if (frame === null) {
      throw new MediaError(`${fileName} has no FLAC frame where its metadata ends (offset ${meta.end}): the file holds no audio or is corrupt`, 'corrupt');
    }
    const segments = new SegmentCollector('flac', meta.sampleRate, seconds, meta.end);
    let samples = 0;
    while (frame !== null) {
      const start = r.position;
      segments.boundary(start, samples);
      const next = await walkFrame(r, meta, frame, start, fileName);
      samples += frame.blockSize;
      frame = next;
    }
    if (meta.totalSamples !== 0 && meta.totalSamples !== samples) {
      throw new MediaError(`${fileName}: its FLAC frames hold ${samples} samples per channel but STREAMINFO says ${meta.totalSamples}`
        + ': the file is truncated or corrupt; re-encode it (ffmpeg -i IN -c:a flac OUT.flac) or cut it by bytes', 'corrupt');
    }
    return { ...segments.finish(samples, r.position), samples, streamInfo: meta };
  } finally {
    await r.close();
  }
}

/**
 * Reads the marker and STREAMINFO and skips the other blocks by their lengths (a cover picture is
 * never held), stopping where the first frame starts.
 * @param {MediaReader} r
 * @param {string} name
 * @returns {Promise<FlacStreamInfo>}
 */
async function readMetadata(r, name) {
  if (!(await r.ensure(4)) || !startsWith(r.bytes(), [0x66, 0x4c, 0x61, 0x43])) {
    throw new MediaError(`${name} is not FLAC: it does not start with the stream marker "fLaC"`, 'not-media');
  }
  await r.skip(4);
  /** @type {FlacStreamInfo | null} */
  let meta = null;
  let last = false;
  while (!last) {
    const at = r.position;
    if (!(await r.ensure(4))) {
      await r.skip(r.available);
      throw new MediaError(`${name} ends inside its FLAC metadata at offset ${at}: the file is truncated`, 'corrupt');
    }
    const head = r.bytes();
    last = (head[0] & 0x80) !== 0;
    const type = head[0] & 0x7f;
    const length = (head[1] << 16) | (head[2] << 8) | head[3];
    await r.skip(4);
    if (type === 127) throw new MediaError(`${name} has an invalid FLAC metadata block type 127 at offset ${at}`, 'corrupt');
    if (meta === null) {
      if (type !== 0 || length !== 34) {
        throw new MediaError(`${name}: the first FLAC metadata block (offset ${at}) must be a 34-byte STREAMINFO, found type ${type} of ${length} bytes`, 'corrupt');
      }
      if (!(await r.ensure(34))) throw new MediaError(`${name} ends inside its FLAC STREAMINFO: the file is truncated`, 'corrupt');
      meta = streamInfo(r.bytes(), name);
      await r.skip(34);
    } else {
      if (type === 0) throw new MediaError(`${name} has a second FLAC STREAMINFO block at offset ${at}`, 'corrupt');
      if (!(await r.skip(length))) throw new MediaError(`${name} ends inside FLAC metadata block type ${type} at offset ${at}: the file is truncated`, 'corrupt');
    }
  }
  return { .../** @type {FlacStreamInfo} */ (meta), end: r.position };
}

/**
 * @param {Uint8Array} b the 34 bytes of STREAMINFO
 * @param {string} name
 * @returns {FlacStreamInfo}
 */
function streamInfo(b, name) {
  const minBlock = (b[0] << 8) | b[1], maxBlock = (b[2] << 8) | b[3];
  const minFrame = (b[4] << 16) | (b[5] << 8) | b[6], maxFrame = (b[7] << 16) | (b[8] << 8) | b[9];
  const sampleRate = (b[10] << 12) | (b[11] << 4) | (b[12] >>> 4);
  const channels = ((b[12] >>> 1) & 7) + 1;
  const bitsPerSample = (((b[12] & 1) << 4) | (b[13] >>> 4)) + 1;
  const totalSamples = (b[13] & 0xf) * 2 ** 32 + ((b[14] << 24) >>> 0) + ((b[15] << 16) | (b[16] << 8) | b[17]);
  if (sampleRate === 0) throw new MediaError(`${name}: FLAC STREAMINFO gives a sample rate of 0`, 'corrupt');
  if (minBlock < 16 || maxBlock < minBlock) {
    throw new MediaError(`${name}: FLAC STREAMINFO block sizes ${minBlock}..${maxBlock} are invalid (at least 16, min <= max)`, 'corrupt');
  }
  if (maxFrame !== 0 && minFrame > maxFrame) throw new MediaError(`${name}: FLAC STREAMINFO frame sizes ${minFrame}..${maxFrame} are invalid`, 'corrupt');
  return { minBlock, maxBlock, minFrame, maxFrame, sampleRate, channels, bitsPerSample, totalSamples, end: 0 };
}

/**
 * The frame header at the reader's position, or null if the bytes there are not one for this stream.
 * @param {MediaReader} r
 * @param {FlacStreamInfo} meta
 * @returns {Promise<FlacFrame | null>}
 */
async function frameAt(r, meta) {
  await r.ensure(MAX_HEADER);
  return parseFrameHeader(r.bytes(), meta);
}

/**
 * A FLAC frame header (RFC 9639 section 9.1) at b[0..]: every field valid, agreeing with
 * STREAMINFO, CRC-8 matching; null otherwise (also when b ends first).
 * @param {Uint8Array} b
 * @param {FlacStreamInfo} meta
 * @returns {FlacFrame | null}
 */
export function parseFrameHeader(b, meta) {
  const n = b.length;
  const peek = (/** @type {number} */ k) => (k < n ? b[k] : -1);
  if (peek(0) !== 0xff) return null;
  const b1 = peek(1), b2 = peek(2), b3 = peek(3);
  if ((b1 !== 0xf8 && b1 !== 0xf9) || b3 < 0) return null;
  const blockCode = b2 >>> 4, rateCode = b2 & 15, channelCode = b3 >>> 4, bitsCode = (b3 >>> 1) & 7;
  if (blockCode === 0 || rateCode === 15 || channelCode > 10 || BITS[bitsCode] < 0 || (b3 & 1) !== 0) return null;
  if ((channelCode < 8 ? channelCode + 1 : 2) !== meta.channels) return null;
  if (bitsCode !== 0 && BITS[bitsCode] !== meta.bitsPerSample) return null;
  let i = 4;
  const first = peek(i++);
  if (first < 0) return null;
  const extra = first < 0x80 ? 0 : first < 0xc0 ? -1 : first < 0xe0 ? 1 : first < 0xf0 ? 2 : first < 0xf8 ? 3 : first < 0xfc ? 4 : first < 0xfe ? 5 : first === 0xfe ? 6 : -1;
  if (extra < 0) return null;
  let number = extra === 0 ? first : first & (0x3f >>> extra);
  for (let k = 0; k < extra; k++) {
    const c = peek(i++);
    if (c < 0 || (c & 0xc0) !== 0x80) return null;
    number = number * 64 + (c & 0x3f); // up to 36 bits: no 32-bit shifts
  }
  let blockSize;
  if (blockCode === 1) blockSize = 192;
  else if (blockCode <= 5) blockSize = 576 << (blockCode - 2);
  else if (blockCode === 6) blockSize = peek(i++) + 1;
  else if (blockCode === 7) blockSize = ((peek(i++) << 8) | peek(i++)) + 1;
  else blockSize = 256 << (blockCode - 8);
  let rate;
  if (rateCode === 0) rate = meta.sampleRate;
  else if (rateCode === 12) rate = peek(i++) * 1000;
  else if (rateCode === 13) rate = (peek(i++) << 8) | peek(i++);
  else if (rateCode === 14) rate = ((peek(i++) << 8) | peek(i++)) * 10;
  else rate = RATES[rateCode];
  const crc = peek(i);
  if (crc < 0 || blockSize < 1 || blockSize > meta.maxBlock || rate !== meta.sampleRate) return null;
  let sum = 0;
  for (let k = 0; k < i; k++) sum = CRC8[(sum ^ b[k]) & 0xff];
  return sum === crc ? { variable: b1 === 0xf9, number, blockSize, length: i + 1 } : null;
}

/**
 * Moves past the frame starting at `start`, feeding its bytes to the CRC-16; returns the next
 * frame's header, or null when this was the last frame. A candidate is looked at only where the
 * CRC of the bytes so far is 0 (the frame would end there) and an 0xFF starts.
 * @param {MediaReader} r
 * @param {FlacStreamInfo} meta
 * @param {FlacFrame} frame
 * @param {number} start
 * @param {string} name
 * @returns {Promise<FlacFrame | null>}
 */
async function walkFrame(r, meta, frame, start, name) {
  const minEnd = start + Math.max(meta.minFrame, frame.length + 2);
  let crc = 0;
  for (;;) {
    if (!(await r.ensure(1))) break;
    const window = r.bytes();
    const at = r.position;
    const n = window.length;
    // Bytes before minEnd cannot end the frame; after it, only an 0xFF where the CRC is 0 can.
    const plain = Math.min(n, Math.max(0, minEnd - at));
    crc = crc16(crc, window, 0, plain);
    let i = plain;
    while (i < n) {
      const ff = window.indexOf(0xff, i);
      const stop = ff < 0 ? n : ff;
      crc = crc16(crc, window, i, stop);
      i = stop;
      if (ff < 0 || crc === 0) break;
      crc = ((crc << 8) ^ T0[(crc >>> 8) ^ 0xff]) & 0xffff;
      i++;
    }
    await r.skip(i);
    if (meta.maxFrame > 0 && r.position - start > meta.maxFrame) {
      throw new MediaError(`${name}: no FLAC frame ends within STREAMINFO's maximum frame size of ${meta.maxFrame}`
        + ` bytes after the frame at offset ${start}: the file is corrupt; re-encode it or cut it by bytes`, 'corrupt');
    }
    if (i === n) continue;
    const next = await frameAt(r, meta);
    if (next !== null && follows(frame, next)) return next;
    crc = ((crc << 8) ^ T0[(crc >>> 8) ^ 0xff]) & 0xffff;
    await r.skip(1);
  }
  if (crc !== 0) {
    throw new MediaError(`${name}: the last FLAC frame (offset ${start}) fails its CRC-16: the file is truncated or corrupt; re-encode it or cut it by bytes`, 'corrupt');
  }
  return null;
}

/**
 * Whether next is the frame right after frame: same blocking strategy, the next frame or sample number.
 * @param {FlacFrame} frame
 * @param {FlacFrame} next
 */
function follows(frame, next) {
  if (next.variable !== frame.variable) return false;
  return next.number === (frame.variable ? frame.number + frame.blockSize : frame.number + 1);
}

/**
 * @param {Uint8Array} b
 * @param {number[]} prefix
 */
function startsWith(b, prefix) {
  return prefix.every((x, i) => b[i] === x);
}

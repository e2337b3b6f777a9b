// Ogg cutting (spec/archive-format.md section 7.3), twin of media.OggCutter, OggPages and
// OggCodec: one Opus or Vorbis stream cut on page boundaries. Segment 0, the header segment, is
// the pages holding the codec headers; later segments start on a page where a new packet starts,
// and granule positions give each segment's time. Chained or multiplexed files are refused,
// because their headers change midway.

import { MediaError, MediaReader, requireSeconds, requireMediaFormat, DEFAULT_SECONDS, HEAD_BYTES } from './media.js';
import { SegmentCollector } from './segments.js';

const CONTINUED = 0x01, FIRST = 0x02, LAST = 0x04;
const HEADER = 27;

// CRC-32 of Ogg (polynomial 0x04c11db7, MSB first, initial 0, no final xor), sliced by 8.
const CRC32 = Array.from({ length: 8 }, () => new Int32Array(256));
for (let i = 0; i < 256; i++) {
  let c = i << 24;
  for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
  CRC32[0][i] = c;
}
for (let k = 1; k < 8; k++) {
  for (let i = 0; i < 256; i++) {
    const c = CRC32[k - 1][i];
    CRC32[k][i] = (c << 8) ^ CRC32[0][c >>> 24];
  }
}
const [C0, C1, C2, C3, C4, C5, C6, C7] = CRC32;

/**
 * The Ogg page CRC-32 continued over b[from..to) (a signed 32-bit value, as Java's int).
 * @param {number} crc
 * @param {Uint8Array} b
 * @param {number} from
 * @param {number} to
 * @returns {number}
 */
export function crc32Ogg(crc, b, from, to) {
  let i = from;
  for (; i + 8 <= to; i += 8) {
    const hi = (crc >>> 24) ^ b[i], h2 = ((crc >>> 16) & 0xff) ^ b[i + 1], h3 = ((crc >>> 8) & 0xff) ^ b[i + 2], h4 = (crc & 0xff) ^ b[i + 3];
    crc = C7[hi] ^ C6[h2] ^ C5[h3] ^ C4[h4] ^ C3[b[i + 4]] ^ C2[b[i + 5]] ^ C1[b[i + 6]] ^ C0[b[i + 7]];
  }
  for (; i < to; i++) crc = (crc << 8) ^ C0[((crc >>> 24) ^ b[i]) & 0xff];
  return crc;
}

/**
 * @typedef {object} OggPage
 * @property {number} offset
 * @property {number} flags
 * @property {number} granule signed; -1 when no packet ends on the page
 * @property {number} serial unsigned
 * @property {number} sequence
 * @property {number} segments
 * @property {number} packetsEnding packets that end on this page
 * @property {number} lastLacing the last lacing value (255: a packet goes on), -1 without segments
 * @property {number} end offset after the page
 * @property {number[]} head the body's first 30 bytes, -1 past the body
 *
 * @typedef {object} OggCodec
 * @property {string} name Opus or Vorbis
 * @property {number} headerPackets
 * @property {number} rate granule positions per second
 * @property {number} preSkip
 */

/**
 * Cuts an Ogg Opus or Vorbis file read once: a header segment, then segments of at least
 * `seconds`, each starting on a page that starts a packet.
 * @param {AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>} source the whole file
 * @param {{seconds?: number, name?: string}} [options] segment length (default 30 s); the file's archive path, for messages
 * @returns {Promise<import('./media.js').MediaPlan & {codec: string}>}
 * @throws {MediaError} for a file of another format or codec, chained, multiplexed, truncated or corrupt (Java's words)
 */
export async function cutOgg(source, options = {}) {
  const seconds = options.seconds ?? DEFAULT_SECONDS;
  const name = options.name ?? 'file';
  const fileName = name.slice(name.lastIndexOf('/') + 1);
  requireSeconds('ogg', seconds);
  const r = new MediaReader(source);
  try {
    await r.ensure(HEAD_BYTES);
    requireMediaFormat(r.bytes().subarray(0, HEAD_BYTES), 'ogg', name);
    let p = await nextPage(r, fileName);
    if (p === null || (p.flags & FIRST) === 0) throw new MediaError(`${fileName} is not Ogg: it does not start with a first (BOS) Ogg page`, 'not-media');
    const codec = identify(p.head, fileName);
    const stream = new StreamCheck(fileName, p);
    let headers = p.packetsEnding;
    while (headers < codec.headerPackets) {
      p = stream.next(await nextPage(r, fileName), `its ${codec.name} headers`);
      headers += p.packetsEnding;
    }
    if (headers !== codec.headerPackets || p.segments === 0 || p.lastLacing === 255) {
      throw new MediaError(`${fileName}: audio starts on the page holding the last ${codec.name} header (offset ${p.offset}), so the headers cannot travel alone;`
        + ` remux it: ffmpeg -i IN -c copy OUT.${codec.name === 'Opus' ? 'opus' : 'ogg'}`, 'corrupt');
    }
    const segments = new SegmentCollector('ogg', codec.rate, seconds, p.end);
    const samples = (/** @type {number} */ g) => Math.max(0, g - codec.preSkip);
    let granule = 0;
    while ((p.flags & LAST) === 0) {
      const next = await nextPage(r, fileName);
      if (next === null) break; // no end-of-stream page: a stream cut short at a page boundary still plays
      p = stream.next(next, 'its audio');
      if ((p.flags & CONTINUED) === 0) segments.boundary(p.offset, samples(granule));
      if (p.granule !== -1) {
        if (p.granule < granule) {
          throw new MediaError(`${fileName}: the Ogg page at offset ${p.offset} has granule position ${p.granule}, before the previous page's ${granule}: the file is corrupt`, 'corrupt');
        }
        granule = p.granule;
      }
    }
    if (await r.ensure(1)) {
      throw new MediaError(`${fileName} has data after the end of its Ogg stream (offset ${r.position}): a chained Ogg file (several`
        + ' streams one after the other) is not cut; split it into one file per stream, or cut it by bytes', 'corrupt');
    }
    return { ...segments.finish(samples(granule), r.position), codec: codec.name };
  } finally {
    await r.close();
  }
}

/** Checks that pages come from one logical stream, in sequence. */
class StreamCheck {
  /**
   * @param {string} name
   * @param {OggPage} first
   */
  constructor(name, first) {
    this.name = name;
    this.serial = first.serial;
    this.sequence = first.sequence;
  }

  /**
   * @param {OggPage | null} p
   * @param {string} what
   * @returns {OggPage}
   */
  next(p, what) {
    if (p === null) throw new MediaError(`${this.name} ends inside ${what}: the file is truncated`, 'corrupt');
    if (p.serial !== this.serial || (p.flags & FIRST) !== 0) {
      throw new MediaError(`${this.name} holds more than one Ogg logical stream (page at offset ${p.offset} has serial ${p.serial}):`
        + ' multiplexed Ogg files are not cut; keep one audio stream (ffmpeg -i IN -map 0:a:0 -c copy OUT) or cut it by bytes', 'corrupt');
    }
    if (p.sequence !== this.sequence + 1) {
      throw new MediaError(`${this.name}: the Ogg page at offset ${p.offset} has sequence number ${p.sequence}, expected ${this.sequence + 1}: a page is missing, the file is corrupt`, 'corrupt');
    }
    this.sequence = p.sequence;
    return p;
  }
}

/**
 * The codec of a stream whose first page body starts with `first` (-1 past the body).
 * @param {number[]} first
 * @param {string} file
 * @returns {OggCodec}
 */
function identify(first, file) {
  if (starts(first, 'OpusHead')) {
    if (first[18] < 0) throw new MediaError(`${file}: its OpusHead packet is shorter than 19 bytes`, 'corrupt');
    return { name: 'Opus', headerPackets: 2, rate: 48_000, preSkip: first[10] | (first[11] << 8) };
  }
  if (first[0] === 1 && starts(first, '\u0001vorbis')) {
    if (first[29] < 0) throw new MediaError(`${file}: its Vorbis identification header is shorter than 30 bytes`, 'corrupt');
    const rate = first[12] + first[13] * 0x100 + first[14] * 0x10000 + first[15] * 0x1000000;
    if (rate === 0) throw new MediaError(`${file}: its Vorbis identification header gives a sample rate of 0`, 'corrupt');
    return { name: 'Vorbis', headerPackets: 3, rate, preSkip: 0 };
  }
  throw new MediaError(`${file} is an Ogg stream of a codec unveil does not cut (only Opus and Vorbis): cut it by bytes or re-encode it`
    + ' (ffmpeg -i IN -c:a libopus OUT.opus)', 'not-media');
}

/**
 * @param {number[]} b
 * @param {string} magic
 */
function starts(b, magic) {
  for (let i = 0; i < magic.length; i++) if (b[i] !== magic.charCodeAt(i)) return false;
  return true;
}

const ZEROS4 = new Uint8Array(4);

/**
 * The next page, checked (capture pattern, version, CRC-32), or null at the end of the file.
 * @param {MediaReader} r
 * @param {string} name
 * @returns {Promise<OggPage | null>}
 */
async function nextPage(r, name) {
  const at = r.position;
  if (!(await r.ensure(1))) return null;
  const truncated = () => new MediaError(`${name} ends inside the Ogg page at offset ${at}: the file is truncated`, 'corrupt');
  if (!(await r.ensure(HEADER))) throw truncated();
  let b = r.bytes();
  if (b[0] !== 0x4f || b[1] !== 0x67 || b[2] !== 0x67 || b[3] !== 0x53) {
    throw new MediaError(`${name} has no Ogg page at offset ${at} (no "OggS" capture pattern): the file is corrupt or has trailing data`, 'corrupt');
  }
  if (b[4] !== 0) throw new MediaError(`${name}: the Ogg page at offset ${at} has version ${b[4]}, not 0`, 'corrupt');
  const segments = b[26];
  if (!(await r.ensure(HEADER + segments))) throw truncated();
  b = r.bytes();
  let body = 0;
  let packetsEnding = 0;
  for (let i = 0; i < segments; i++) {
    body += b[HEADER + i];
    if (b[HEADER + i] < 255) packetsEnding++;
  }
  const length = HEADER + segments + body;
  if (!(await r.ensure(length))) throw truncated();
  b = r.bytes();
  const stored = (b[22] | (b[23] << 8) | (b[24] << 16) | (b[25] << 24));
  let crc = crc32Ogg(0, b, 0, 22);
  crc = crc32Ogg(crc, ZEROS4, 0, 4);
  crc = crc32Ogg(crc, b, 26, length);
  if (crc !== stored) {
    throw new MediaError(`${name}: the Ogg page at offset ${at} fails its CRC-32: the file is corrupt; re-encode or remux it (ffmpeg -i IN -c copy OUT) or cut it by bytes`, 'corrupt');
  }
  const head = [];
  for (let i = 0; i < 30; i++) head.push(i < body ? b[HEADER + segments + i] : -1);
  const page = {
    offset: at,
    flags: b[5],
    granule: granulePosition(b),
    serial: (b[14] | (b[15] << 8) | (b[16] << 16) | (b[17] << 24)) >>> 0,
    sequence: (b[18] | (b[19] << 8) | (b[20] << 16) | (b[21] << 24)) >>> 0,
    segments,
    packetsEnding,
    lastLacing: segments > 0 ? b[HEADER + segments - 1] : -1,
    end: at + length,
    head,
  };
  await r.skip(length);
  return page;
}

/**
 * The granule position, a signed 64-bit little-endian integer (-1: no packet ends on the page).
 * @param {Uint8Array} b
 * @returns {number}
 */
function granulePosition(b) {
  let v = 0n;
  for (let i = 13; i >= 6; i--) v = (v << 8n) | BigInt(b[i]);
  return Number(BigInt.asIntN(64, v));
}

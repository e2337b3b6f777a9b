// MP3 cutting (spec/archive-format.md section 7.1), twin of Mp3Frames, Mp3Segmenter and
// media.Mp3Cutter: cuts on frame boundaries so every segment is itself an MP3 stream, counting
// time in ticks of 14,112,000 Hz (the least common multiple of every MPEG audio sample rate, so no
// frame rounds and a rate change midway still adds up).

import { MediaError, MediaReader, micros, requireSeconds, requireMediaFormat, DEFAULT_SECONDS, HEAD_BYTES } from './media.js';

export const TICKS_PER_SECOND = 14_112_000;

const BITRATE_KBPS = [
  [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, -1], // MPEG 1
  [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160, -1], // MPEG 2 and 2.5
];
const SAMPLE_RATE = [[44100, 48000, 32000], [22050, 24000, 16000], [11025, 12000, 8000]];
/** Bytes of a frame's start the walk looks at: header, the longest side information, a tag. */
const FRAME_START = 4 + 36 + 4;

/**
 * @typedef {object} Mp3FrameHeader
 * @property {number} length frame length in bytes
 * @property {number} samples samples per frame
 * @property {number} sampleRate Hz
 * @property {number} sideInfoEnd offset after the side information, where Xing/Info would be
 */

/**
 * The layer III frame header at b[off..off+4), or null if those bytes are not one (free format,
 * reserved version, bitrate 15 and sample-rate index 3 included).
 * @param {Uint8Array} b
 * @param {number} [off]
 * @returns {Mp3FrameHeader | null}
 */
export function parseMp3Header(b, off = 0) {
  const h = ((b[off] << 24) | (b[off + 1] << 16) | (b[off + 2] << 8) | b[off + 3]) >>> 0;
  if (h >>> 21 !== 0x7ff) return null;
  const version = (h >>> 19) & 3; // 0 = 2.5, 1 = reserved, 2 = MPEG 2, 3 = MPEG 1
  const layer = (h >>> 17) & 3; // 1 = layer III
  const bitrateIndex = (h >>> 12) & 15;
  const rateIndex = (h >>> 10) & 3;
  const padding = (h >>> 9) & 1;
  const mode = (h >>> 6) & 3; // 3 = mono
  if (version === 1 || layer !== 1 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return null;
  const mpeg1 = version === 3;
  const kbps = BITRATE_KBPS[mpeg1 ? 0 : 1][bitrateIndex];
  const rate = SAMPLE_RATE[mpeg1 ? 0 : version === 2 ? 1 : 2][rateIndex];
  const samples = mpeg1 ? 1152 : 576;
  // Java's int arithmetic: (samples / 8) * kbps * 1000 / rate, truncated.
  const length = Math.floor(((samples / 8) * kbps * 1000) / rate) + padding;
  const sideInfo = mpeg1 ? (mode === 3 ? 17 : 32) : (mode === 3 ? 9 : 17);
  return { length, samples, sampleRate: rate, sideInfoEnd: 4 + sideInfo };
}

/**
 * @typedef {object} Mp3Cut
 * @property {string} format "mp3"
 * @property {boolean} header false: every MP3 segment plays alone
 * @property {import('./media.js').MediaSegment[]} segments
 * @property {number} size the file's size
 * @property {number} frames audio frames seen (a Xing/Info/VBRI frame not counted)
 * @property {boolean} hasXingFrame the first frame is a metadata frame
 * @property {number} totalMicros the audio's length, floored
 */

/**
 * Cuts an MP3 read once from the stream: a new segment starts at the first frame boundary after
 * the current one holds at least `seconds` of audio; segment 0 starts at byte 0 (keeping an
 * ID3v2 tag and a Xing/Info frame), bytes after the last frame stay in the last segment.
 * @param {AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>} source the whole file
 * @param {{seconds?: number, name?: string}} [options] segment length (default 30 s); the file's name for messages
 * @returns {Promise<Mp3Cut>}
 * @throws {MediaError} for a file whose first bytes are another format or no MP3 (Java's words),
 *   that has no audio frame, or ends inside its ID3v2 tag
 */
export async function cutMp3(source, options = {}) {
  const seconds = options.seconds ?? DEFAULT_SECONDS;
  const name = options.name ?? 'file';
  requireSeconds('mp3', seconds);
  const r = new MediaReader(source);
  try {
    // As MediaCutters.plan: a file named mp3 whose content is another format is refused first.
    await r.ensure(HEAD_BYTES);
    requireMediaFormat(r.bytes().subarray(0, HEAD_BYTES), 'mp3', name);
    let frameOffset = 0;
    if (await r.ensure(10)) {
      const head = r.bytes();
      if (head[0] === 0x49 && head[1] === 0x44 && head[2] === 0x33) {
        frameOffset = 10 + syncsafe(head, 6, name) + ((head[5] & 0x10) !== 0 ? 10 : 0);
        if (!(await r.skip(frameOffset))) throw new MediaError(`${name} ends inside an ID3v2 tag or MP3 frame`, 'corrupt');
      }
    }
    const starts = [0];
    const startMicros = [0];
    let ticks = 0;
    let segmentTicks = 0;
    let frames = 0;
    let xing = false;
    const minTicks = seconds * TICKS_PER_SECOND;
    for (;;) {
      await r.ensure(FRAME_START);
      const want = Math.min(FRAME_START, r.available);
      if (want < 4) break;
      const f = r.bytes();
      const h = parseMp3Header(f, 0);
      // A frame the file ends inside is trailing junk, like a tag: it stays in the last segment.
      if (h === null || !(await r.ensure(h.length))) {
        if (frames === 0) throw new MediaError(`${name} is not an MP3: no MPEG layer III frame at offset ${frameOffset}`, 'not-media');
        break;
      }
      if (frames === 0 && !xing && isMetadataFrame(r.bytes(), h, want)) {
        xing = true;
      } else {
        if (segmentTicks >= minTicks) {
          starts.push(frameOffset);
          startMicros.push(micros(ticks, TICKS_PER_SECOND));
          segmentTicks = 0;
        }
        const frameTicks = h.samples * (TICKS_PER_SECOND / h.sampleRate);
        segmentTicks += frameTicks;
        ticks += frameTicks;
        frames++;
      }
      await r.skip(h.length);
      frameOffset += h.length;
    }
    if (frames === 0) throw new MediaError(`${name} is not an MP3: it holds no audio frames`, 'not-media');
    await r.drain();
    const size = r.position;
    const totalMicros = micros(ticks, TICKS_PER_SECOND);
    const segments = starts.map((offset, i) => {
      const end = i + 1 < starts.length ? starts[i + 1] : size;
      const endMicros = i + 1 < starts.length ? startMicros[i + 1] : totalMicros;
      return { offset, size: end - offset, start: startMicros[i], duration: endMicros - startMicros[i] };
    });
    return { format: 'mp3', header: false, segments, size, frames, hasXingFrame: xing, totalMicros };
  } finally {
    await r.close();
  }
}

/**
 * Xing or Info right after the side information, or VBRI at offset 36: a frame of metadata, no audio.
 * @param {Uint8Array} f the frame's first bytes
 * @param {Mp3FrameHeader} h
 * @param {number} available how many of f's bytes belong to the file
 */
function isMetadataFrame(f, h, available) {
  const at = h.sideInfoEnd;
  if (at + 4 <= available && (tagAt(f, at, 'Xing') || tagAt(f, at, 'Info'))) return true;
  return 36 + 4 <= available && tagAt(f, 36, 'VBRI');
}

/**
 * @param {Uint8Array} f
 * @param {number} at
 * @param {string} tag four ASCII characters
 */
function tagAt(f, at, tag) {
  for (let i = 0; i < 4; i++) if (f[at + i] !== tag.charCodeAt(i)) return false;
  return true;
}

/**
 * @param {Uint8Array} b
 * @param {number} off
 * @param {string} name
 */
function syncsafe(b, off, name) {
  let v = 0;
  for (let i = 0; i < 4; i++) {
    if ((b[off + i] & 0x80) !== 0) throw new MediaError(`${name} has a malformed ID3v2 tag size`, 'corrupt');
    v = v * 128 + (b[off + i] & 0x7f);
  }
  return v;
}

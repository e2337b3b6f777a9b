// Fragmented MP4 cutting (spec/archive-format.md section 7.5), twin of media.Fmp4Cutter, Mp4Box,
// Mp4Movie and Mp4Fragment: an init segment (everything before the first fragment) and media
// segments, each starting at a moof (with the styp/sidx/ssix/prft/emsg boxes right before it)
// whose first sample of the cut track is a sync sample. Only moov and moof are read into memory,
// within caps; media data is skipped.

import { MediaError, MediaReader, requireSeconds, requireMediaFormat, DEFAULT_SECONDS, HEAD_BYTES } from './media.js';
import { SegmentCollector } from './segments.js';
import { shellQuote } from './ts.js';

/** Largest moov box read into memory (Fmp4Cutter.MOOV_CAP). */
export const MOOV_CAP = 64 << 20;
/** Largest moof box read into memory (Fmp4Cutter.MOOF_CAP). */
export const MOOF_CAP = 16 << 20;
const LONG_MAX = 2n ** 63n - 1n;

const fourcc = (/** @type {string} */ s) => ((s.charCodeAt(0) << 24) | (s.charCodeAt(1) << 16) | (s.charCodeAt(2) << 8) | s.charCodeAt(3)) >>> 0;
const FTYP = fourcc('ftyp'), STYP = fourcc('styp'), MOOV = fourcc('moov'), MOOF = fourcc('moof'), MDAT = fourcc('mdat'), SIDX = fourcc('sidx'),
  SSIX = fourcc('ssix'), PRFT = fourcc('prft'), EMSG = fourcc('emsg'), TRAK = fourcc('trak'), TKHD = fourcc('tkhd'), MDIA = fourcc('mdia'),
  MDHD = fourcc('mdhd'), HDLR = fourcc('hdlr'), MVEX = fourcc('mvex'), TREX = fourcc('trex'), TRAF = fourcc('traf'), TFHD = fourcc('tfhd'),
  TFDT = fourcc('tfdt'), TRUN = fourcc('trun'), VIDE = fourcc('vide'), SOUN = fourcc('soun');

/**
 * @typedef {object} Box
 * @property {number} type fourcc, unsigned
 * @property {number} offset in the array or file it was read from
 * @property {number} size
 * @property {number} headerSize 8 or 16
 *
 * @typedef {object} Movie
 * @property {boolean} fragmented has mvex
 * @property {number} trackId the cut track (signed 32-bit, as Java's int)
 * @property {number} timescale
 * @property {boolean} video
 * @property {number} defaultDuration trex
 * @property {number} defaultFlags trex
 */

const end = (/** @type {Box} */ b) => b.offset + b.size;
const body = (/** @type {Box} */ b) => b.offset + b.headerSize;

/**
 * The command that turns any MP4 this cutter refuses as unfragmented into one it cuts.
 * @param {string} name
 */
function remux(name) {
  const dot = name.lastIndexOf('.');
  const out = (dot > name.lastIndexOf('/') ? name.slice(0, dot) : name) + '-fragmented.mp4';
  return `Remux it without re-encoding (it takes seconds), then cut the result: ffmpeg -i ${shellQuote(name)} -c copy -movflags +frag_keyframe+empty_moov+default_base_moof ${shellQuote(out)}`;
}

/**
 * @param {string} name
 * @param {string} why
 */
function plain(name, why) {
  return new MediaError(`${name} is a plain (unfragmented) MP4: ${why}. Its samples are indexed in one table for the whole file, so no piece of it plays alone and it cannot be cut into previews. ${remux(name)}`, 'not-media');
}

/**
 * @param {string} name
 * @param {number} offset
 * @param {string} what
 */
function corrupt(name, offset, what) {
  return new MediaError(`${name} has ${what} at offset ${offset}; the file is corrupt or truncated`, 'corrupt');
}

/**
 * @param {Uint8Array} b
 * @param {number} at
 */
function u32(b, at) {
  return ((b[at] << 24) >>> 0) + ((b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]);
}

/**
 * @param {Uint8Array} b
 * @param {number} at
 */
function u64(b, at) {
  return (BigInt(u32(b, at)) << 32n) | BigInt(u32(b, at + 4));
}

/** @param {number} type */
function printable(type) {
  for (let shift = 24; shift >= 0; shift -= 8) {
    const c = (type >>> shift) & 0xff;
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

/** @param {number} type */
function typeName(type) {
  if (printable(type)) return String.fromCharCode(type >>> 24, (type >>> 16) & 0xff, (type >>> 8) & 0xff, type & 0xff);
  return '0x' + (type >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

/**
 * The box whose header starts at b[off], with room bytes left in its container from there.
 * @param {Uint8Array} b
 * @param {number} off
 * @param {number} room
 * @param {number} base file offset of b[0], for messages
 * @param {boolean} topLevel
 * @param {string} name
 * @returns {Box}
 */
function parseBox(b, off, room, base, topLevel, name) {
  if (room < 8) throw corrupt(name, base + off, `${room} bytes where a box header needs 8`);
  let size = u32(b, off);
  const type = u32(b, off + 4);
  if (topLevel && !printable(type)) {
    throw new MediaError(`${name} has no MP4 box at offset ${base + off} (its type bytes are ${typeName(type)}): it is corrupt or not an MP4`, 'corrupt');
  }
  let header = 8;
  if (size === 1) {
    if (room < 16) throw corrupt(name, base + off, 'a box with a 64-bit size cut off in its header');
    const big = u64(b, off + 8);
    header = 16;
    if (big > LONG_MAX) throw corrupt(name, base + off, `a box '${typeName(type)}' of implausible size`);
    size = Number(big);
  } else if (size === 0) {
    size = room;
  }
  if (size < header) throw corrupt(name, base + off, `a box '${typeName(type)}' of size ${size}, smaller than its own header`);
  if (size > room) throw corrupt(name, base + off, `a box '${typeName(type)}' of ${size} bytes where its ${topLevel ? 'file' : 'container'} has ${room} left`);
  return { type, offset: off, size, headerSize: header };
}

/**
 * The boxes that fill b[from, to), inside a box already read into memory.
 * @param {Uint8Array} b
 * @param {number} from
 * @param {number} to
 * @param {number} base
 * @param {string} name
 * @returns {Box[]}
 */
function children(b, from, to, base, name) {
  const out = [];
  for (let at = from; at < to;) {
    const box = parseBox(b, at, to - at, base, false, name);
    out.push(box);
    at += box.size;
  }
  return out;
}

/**
 * Checks that box c has `bytes` of body and returns its version byte.
 * @param {Uint8Array} b
 * @param {Box} c
 * @param {number} bytes
 * @param {number} base
 * @param {string} name
 */
function need(b, c, bytes, base, name) {
  if (c.size - c.headerSize < bytes) throw corrupt(name, base + c.offset, `a box '${typeName(c.type)}' too short for its fields`);
  return b[body(c)];
}

/**
 * What the cutter needs from moov (Mp4Movie): the cut track (first video, else first audio, else
 * first track), its timescale and trex defaults, and whether the movie is fragmented.
 * @param {Uint8Array} moov the whole box
 * @param {number} base its file offset
 * @param {string} name
 * @returns {Movie}
 */
function parseMovie(moov, base, name) {
  /** @type {{id: number, timescale: number, handler: number} | null} */
  let chosen = null;
  let mvex = false;
  const rank = (/** @type {{handler: number}} */ t) => (t.handler === VIDE ? 0 : t.handler === SOUN ? 1 : 2);
  const top = children(moov, body(parseBox(moov, 0, moov.length, base, true, name)), moov.length, base, name);
  for (const child of top) {
    if (child.type === TRAK) {
      const t = track(moov, child, base, name);
      if (chosen === null || rank(t) < rank(chosen)) chosen = t;
    } else if (child.type === MVEX) {
      mvex = true;
    }
  }
  if (chosen === null) throw new MediaError(`${name}: its moov box holds no track; there is nothing to play`, 'corrupt');
  if (!mvex) return { fragmented: false, trackId: chosen.id, timescale: chosen.timescale, video: chosen.handler === VIDE, defaultDuration: 0, defaultFlags: 0 };
  for (const child of top) {
    if (child.type !== MVEX) continue;
    for (const t of children(moov, body(child), end(child), base, name)) {
      if (t.type !== TREX) continue;
      need(moov, t, 24, base, name);
      const at = body(t);
      if ((u32(moov, at + 4) | 0) === chosen.id) {
        return { fragmented: true, trackId: chosen.id, timescale: chosen.timescale, video: chosen.handler === VIDE, defaultDuration: u32(moov, at + 12), defaultFlags: u32(moov, at + 20) };
      }
    }
  }
  throw new MediaError(`${name}: its mvex box has no trex for track ${chosen.id}, so the track's fragments have no default sample flags; the file is corrupt. ${remux(name)}`, 'corrupt');
}

/**
 * @param {Uint8Array} b
 * @param {Box} trak
 * @param {number} base
 * @param {string} name
 */
function track(b, trak, base, name) {
  let id = -1, handler = 0, timescale = -1;
  for (const c of children(b, body(trak), end(trak), base, name)) {
    if (c.type === TKHD) {
      const v1 = need(b, c, 4, base, name) === 1;
      need(b, c, v1 ? 24 : 16, base, name);
      id = u32(b, body(c) + (v1 ? 20 : 12)) | 0;
    } else if (c.type === MDIA) {
      for (const m of children(b, body(c), end(c), base, name)) {
        if (m.type === MDHD) {
          const v1 = need(b, m, 4, base, name) === 1;
          need(b, m, v1 ? 24 : 16, base, name);
          timescale = u32(b, body(m) + (v1 ? 20 : 12));
        } else if (m.type === HDLR) {
          need(b, m, 12, base, name);
          handler = u32(b, body(m) + 8);
        }
      }
    }
  }
  if (id < 0) throw corrupt(name, base + trak.offset, 'a track without a track header (tkhd)');
  if (timescale <= 0) throw corrupt(name, base + trak.offset, 'a track without a media timescale (mdhd)');
  return { id, timescale, handler };
}

/**
 * What a moof says about the cut track (Mp4Fragment).
 * @param {Uint8Array} moof
 * @param {number} base
 * @param {Movie} movie
 * @param {string} name
 * @returns {{hasSamples: boolean, baseTime: bigint, duration: bigint, startsWithSync: boolean}}
 */
function parseFragment(moof, base, movie, name) {
  const overflow = () => corrupt(name, base, 'a fragment whose sample durations add up past 2^63');
  let baseTime = -1n, duration = 0n, firstFlags = -1, samples = 0;
  for (const traf of children(moof, body(parseBox(moof, 0, moof.length, base, true, name)), moof.length, base, name)) {
    if (traf.type !== TRAF) continue;
    const t = trackFragment(moof, traf, base, movie, name, overflow);
    if (t === null) continue;
    if (baseTime < 0n) baseTime = t.baseTime;
    if (firstFlags < 0) firstFlags = t.firstFlags;
    duration += t.duration;
    if (duration > LONG_MAX) throw overflow();
    samples += t.samples;
  }
  const sync = !movie.video || (firstFlags >= 0 && (firstFlags & 0x10000) === 0 && ((firstFlags >>> 24) & 3) !== 1);
  return { hasSamples: samples > 0, baseTime, duration, startsWithSync: samples > 0 && sync };
}

/**
 * Null when the traf is for another track.
 * @param {Uint8Array} b
 * @param {Box} traf
 * @param {number} base
 * @param {Movie} movie
 * @param {string} name
 * @param {() => MediaError} overflow
 */
function trackFragment(b, traf, base, movie, name, overflow) {
  const t = { baseTime: -1n, duration: 0n, firstFlags: -1, samples: 0 };
  let defaultDuration = movie.defaultDuration, defaultFlags = movie.defaultFlags;
  let ours = false;
  for (const c of children(b, body(traf), end(traf), base, name)) {
    const at = body(c);
    if (c.type === TFHD) {
      need(b, c, 8, base, name);
      if ((u32(b, at + 4) | 0) !== movie.trackId) return null;
      ours = true;
      const flags = u32(b, at) & 0xffffff;
      let field = at + 8 + (flags & 0x1 ? 8 : 0) + (flags & 0x2 ? 4 : 0);
      need(b, c, field - at + 4 * bitCount(flags & 0x38), base, name);
      if (flags & 0x08) defaultDuration = u32(b, field);
      if (flags & 0x08) field += 4;
      if (flags & 0x10) field += 4;
      if (flags & 0x20) defaultFlags = u32(b, field);
    } else if (c.type === TFDT) {
      const v1 = need(b, c, 8, base, name) === 1;
      need(b, c, v1 ? 12 : 8, base, name);
      t.baseTime = v1 ? u64(b, at + 4) : BigInt(u32(b, at + 4));
      if (t.baseTime > LONG_MAX) throw corrupt(name, base + c.offset, 'a fragment decode time (tfdt) past 2^63');
    } else if (c.type === TRUN) {
      if (!ours) throw corrupt(name, base + c.offset, 'a trun before its track fragment header (tfhd)');
      trackRun(b, c, base, t, defaultDuration, defaultFlags, name, overflow);
    }
  }
  return ours ? t : null;
}

/**
 * @param {Uint8Array} b
 * @param {Box} c
 * @param {number} base
 * @param {{duration: bigint, firstFlags: number, samples: number}} t
 * @param {number} defaultDuration
 * @param {number} defaultFlags
 * @param {string} name
 * @param {() => MediaError} overflow
 */
function trackRun(b, c, base, t, defaultDuration, defaultFlags, name, overflow) {
  need(b, c, 8, base, name);
  const at = body(c);
  const flags = u32(b, at) & 0xffffff;
  const count = u32(b, at + 4);
  let field = at + 8 + (flags & 0x1 ? 4 : 0);
  let first = -1;
  if (flags & 0x4) {
    need(b, c, field - at + 4, base, name);
    first = u32(b, field);
    field += 4;
  }
  const perSample = 4 * bitCount(flags & 0xf00);
  if (count * perSample > end(c) - field) {
    throw corrupt(name, base + c.offset, `a trun that claims ${count} samples but has room for ${Math.floor((end(c) - field) / Math.max(1, perSample))}`);
  }
  if (count === 0) return;
  if (first < 0) first = flags & 0x400 ? u32(b, field + 4 * bitCount(flags & 0x300)) : defaultFlags;
  if (t.samples === 0) t.firstFlags = first;
  if ((flags & 0x100) === 0) {
    t.duration += BigInt(count) * BigInt(defaultDuration);
  } else {
    let sum = 0;
    for (let i = 0; i < count; i++, field += perSample) sum += u32(b, field);
    // Each duration is below 2^32 and count below 2^22 here (a moof is at most 16 MiB), so sum stays exact.
    t.duration += BigInt(sum);
  }
  if (t.duration > LONG_MAX) throw overflow();
  t.samples += count;
}

/** @param {number} x */
function bitCount(x) {
  let n = 0;
  for (; x; x &= x - 1) n++;
  return n;
}

/** Boxes that belong to the fragment after them: segment type, segment index, producer time, event messages. */
const leadsIntoFragment = (/** @type {number} */ type) => type === STYP || type === SIDX || type === SSIX || type === PRFT || type === EMSG;

/**
 * Cuts a fragmented MP4 read once: the init segment, then media segments of at least `seconds`,
 * each starting at a fragment whose first sample of the cut track is a sync sample.
 * @param {AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>} source the whole file
 * @param {{seconds?: number, name?: string, size?: number}} options segment length (default 30 s);
 *   the file's name for messages; its size in bytes (required: a box of size 0 runs to the end of the file)
 * @returns {Promise<import('./media.js').MediaPlan>}
 * @throws {MediaError} (Java's words, with the ffmpeg remux that fixes a plain MP4)
 */
export async function cutFmp4(source, options) {
  const seconds = options.seconds ?? DEFAULT_SECONDS;
  const name = options.name ?? 'file';
  const size = options.size;
  if (!Number.isSafeInteger(size) || size < 0) throw new TypeError('cutFmp4 needs options.size, the file\'s size in bytes');
  requireSeconds('fmp4', seconds);
  const r = new MediaReader(source);
  try {
    await r.ensure(HEAD_BYTES);
    requireMediaFormat(r.bytes().subarray(0, HEAD_BYTES), 'fmp4', name);
    return await walk(r, name, size, seconds);
  } finally {
    await r.close();
  }
}

/**
 * @param {MediaReader} r
 * @param {string} name
 * @param {number} size
 * @param {number} seconds
 * @returns {Promise<import('./media.js').MediaPlan>}
 */
async function walk(r, name, size, seconds) {
  const shrank = () => new MediaError(`${name} ended before its ${size} bytes while being read`, 'corrupt');
  /** The top-level box at the reader's position (not consumed). */
  const box = async () => {
    const pos = r.position;
    const want = Math.min(16, size - pos);
    if (!(await r.ensure(want))) throw shrank();
    const b = parseBox(r.bytes(), 0, size - pos, pos, true, name);
    return { ...b, offset: pos };
  };
  /** The whole box (consumed), refused past cap bytes so that a corrupt size cannot exhaust memory. */
  const read = async (/** @type {Box} */ b, /** @type {number} */ cap) => {
    if (b.size > cap) {
      throw new MediaError(`${name} has a ${typeName(b.type)} box of ${b.size} bytes at offset ${b.offset}; this cutter reads at most ${cap >> 20} MiB of one (a fragmented MP4 keeps them to kilobytes). `
        + `The file is corrupt, or fragments are far too long: ${remux(name)}`, 'corrupt');
    }
    const bytes = await r.read(b.size);
    if (!bytes) throw shrank();
    return bytes;
  };
  const skip = async (/** @type {Box} */ b) => {
    if (!(await r.skip(b.size))) throw shrank();
  };

  /** @type {Movie | null} */
  let movie = null;
  let prefix = -1;
  let first;
  // The init segment: everything up to the first fragment (and the boxes that lead into it).
  for (;;) {
    const pos = r.position;
    if (pos >= size) {
      if (movie === null) throw new MediaError(`${name} holds no moov box: it is not a complete MP4 (truncated, or only media segments?)`, 'corrupt');
      throw new MediaError(`${name} is a fragmented MP4 with no fragment (moof) after its moov: there is no media to cut`, 'corrupt');
    }
    const b = await box();
    if (pos === 0 && b.type !== FTYP && b.type !== STYP) {
      throw new MediaError(`${name} does not start with an ftyp or styp box (it starts with '${typeName(b.type)}'): it is not an MP4 this cutter reads`, 'not-media');
    }
    if (b.type === MOOF) {
      first = b;
      break;
    }
    if (b.type === MOOV) {
      if (movie !== null) throw corrupt(name, pos, 'a second moov box');
      movie = parseMovie(await read(b, MOOV_CAP), pos, name);
      if (!movie.fragmented) throw plain(name, 'its moov box has no mvex (movie extends) box, so there are no fragments');
    } else if (b.type === MDAT && movie === null) {
      throw plain(name, 'its media data (mdat) comes before its moov');
    } else if (b.type === MDAT) {
      throw new MediaError(`${name} is fragmented, but its first samples are indexed by the moov itself (written without empty_moov), `
        + `so there is no init segment free of media to send with each preview. ${remux(name)}`, 'not-media');
    } else {
      await skip(b);
    }
    prefix = leadsIntoFragment(b.type) ? (prefix < 0 ? pos : prefix) : -1;
  }
  if (movie === null) {
    throw new MediaError(`${name} starts with a media fragment but holds no init segment (ftyp and moov) before it, so nothing in it plays. `
      + `Put the init segment in front: cat init.mp4 ${shellQuote(name)} > whole.mp4`, 'corrupt');
  }
  return media(movie, first, prefix >= 0 ? prefix : first.offset);

  /**
   * From the first fragment to the end.
   * @param {Movie} mov
   * @param {Box} firstMoof
   * @param {number} mediaStart where the first media segment begins
   */
  async function media(mov, firstMoof, mediaStart) {
    const cuts = new SegmentCollector('fmp4', mov.timescale, seconds, mediaStart);
    const timescale = BigInt(mov.timescale);
    const minTicks = BigInt(seconds) * timescale;
    let lead = -1;
    let next = 0n, last = 0n, origin = -1n, previous = -1n, segmentStart = 0n;
    /** ticks into the work, refused when a corrupt decoding time puts it past what microseconds in a long can say. */
    const workTime = (/** @type {bigint} */ ticks, /** @type {number} */ pos) => {
      if (ticks / timescale >= LONG_MAX / 1_000_000n) throw corrupt(name, pos, `a fragment ${ticks / timescale} s into the work`);
      return ticks;
    };
    while (r.position < size) {
      const pos = r.position;
      const b = pos === firstMoof.offset ? firstMoof : await box();
      if (b.type === MOOF) {
        const f = parseFragment(await read(b, MOOF_CAP), pos, mov, name);
        if (f.hasSamples) {
          const start = f.baseTime >= 0n ? f.baseTime : next;
          if (start < previous) {
            throw new MediaError(`${name}: the fragment at offset ${pos} starts at decoding time ${start}, before the previous one (${previous}), so its timeline is broken. ${remux(name)}`, 'corrupt');
          }
          if (origin < 0n) origin = start; // times count from the first fragment
          const at = workTime(start - origin, pos);
          if (f.startsWithSync && at - segmentStart >= minTicks) {
            cuts.boundary(lead >= 0 ? lead : pos, Number(at));
            segmentStart = at;
          }
          previous = start;
          if (f.duration > LONG_MAX - start) throw corrupt(name, pos, 'a fragment that ends past 2^63 ticks');
          next = start + f.duration;
          const until = workTime(next - origin, pos);
          if (until > last) last = until;
        }
        lead = -1;
      } else {
        await skip(b);
        lead = leadsIntoFragment(b.type) ? (lead < 0 ? pos : lead) : -1;
      }
    }
    if (origin < 0n) throw new MediaError(`${name}: no fragment holds a sample of track ${mov.trackId}; there is no media to cut`, 'corrupt');
    return cuts.finish(Number(last), size);
  }
}

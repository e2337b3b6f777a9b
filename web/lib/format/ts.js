// MPEG-TS cutting (spec/archive-format.md section 7.4), twin of media.MpegTsCutter, TsCutFinder,
// TsProgram, TsSections, TsPes, TsClock and TsKeyframes: cuts on packet boundaries so every
// segment starts with PAT, PMT and a keyframe and decodes alone. Reads M2TS too (a 4-byte arrival
// time stamp before each packet), cutting before the time stamp.

import { MediaError, MediaReader, requireSeconds, requireMediaFormat, tsStride, DEFAULT_SECONDS, HEAD_BYTES } from './media.js';
import { SegmentCollector } from './segments.js';

const PACKET = 188;
const HZ = 90_000;

/**
 * Quotes a path for the shell commands error messages tell the user to run (Shell.quote).
 * @param {string} s
 * @returns {string}
 */
export function shellQuote(s) {
  if (/^[A-Za-z0-9_./:=+,-]+$/.test(s)) return s;
  return "'" + s.replaceAll("'", "'\\''") + "'";
}

/**
 * Cuts a transport stream read once: segments of at least `seconds`, each starting at a PAT that
 * is followed by a PMT and a keyframe (any PES packet, for audio only).
 * @param {AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>} source the whole file
 * @param {{seconds?: number, name?: string, size?: number}} [options] segment length (default 30 s);
 *   the file's name for messages; its size, when known, so a truncated file is refused before it is read
 * @returns {Promise<import('./media.js').MediaPlan>}
 * @throws {MediaError} (Java's words, with the ffmpeg command that fixes the file where there is one)
 */
export async function cutTs(source, options = {}) {
  const seconds = options.seconds ?? DEFAULT_SECONDS;
  const name = options.name ?? 'file';
  requireSeconds('ts', seconds);
  const r = new MediaReader(source);
  try {
    await r.ensure(HEAD_BYTES);
    requireMediaFormat(r.bytes().subarray(0, HEAD_BYTES), 'ts', name);
    // The stride check looks at 4 packets; it needs the file's size only when the file is shorter than that.
    const known = (await r.ensure(4 * (PACKET + 4) + 8)) ? Infinity : r.available;
    const size = options.size ?? known;
    const head = r.bytes().subarray(0, Math.min(size, 4 * (PACKET + 4)));
    const stride = tsStride(head, size, 4);
    if (stride === 0) throw new MediaError(`${name} is not an MPEG-TS: no 0x47 sync byte every 188 bytes (or every 192, for M2TS) from its start`, 'not-media');
    if (Number.isFinite(size) && size % stride !== 0) throw truncated(name, size % stride, stride);
    const finder = new TsCutFinder(name, seconds);
    const syncAt = stride - PACKET;
    for (;;) {
      if (!(await r.ensure(stride))) break;
      const b = r.bytes();
      const whole = b.length - (b.length % stride);
      for (let at = 0; at < whole; at += stride) finder.packet(b, at + syncAt, r.position + at);
      await r.skip(whole);
    }
    if (r.available > 0) throw truncated(name, r.available, stride);
    return finder.finish(r.position);
  } finally {
    await r.close();
  }
}

/**
 * @param {string} name
 * @param {number} into
 * @param {number} stride
 */
function truncated(name, into, stride) {
  return new MediaError(`${name} ends ${into} bytes into a ${stride}-byte packet: it is truncated (an interrupted download or copy?). Fetch it again, or keep the whole packets: `
    + `ffmpeg -i ${shellQuote(name)} -map 0 -c copy -f mpegts OUT.ts`, 'corrupt');
}

/**
 * Media time of one stream in 90 kHz ticks since its first packet, from the 33-bit decoding times
 * of its PES packets; a fall or a rise over 10 s is a discontinuity, across which the previous
 * rise is added instead (TsClock).
 */
class TsClock {
  constructor() {
    this.last = -1;
    this.now = 0;
    this.step = 0;
  }

  /**
   * @param {number} time decoding time, -1 for none
   * @returns {number} the clock at that packet
   */
  advance(time) {
    if (this.last < 0) {
      if (time >= 0) this.last = time;
      return this.now;
    }
    let rise = time < 0 ? this.step : (((time - this.last) % 2 ** 33) + 2 ** 33) % 2 ** 33;
    if (rise > 10 * HZ) rise = this.step;
    else if (rise > 0) this.step = rise;
    if (time >= 0) this.last = time;
    this.now += rise;
    return this.now;
  }

  /** Where the stream ends: the last packet's time plus one step. */
  end() {
    return this.now + this.step;
  }
}

/**
 * The header of a PES packet at the start of a TS payload: its length (0 when unbounded), the
 * 33-bit DTS (or PTS; -1 for neither) and where the elementary stream data begins.
 * @param {Uint8Array} b
 * @param {number} off
 * @param {number} len
 * @returns {{length: number, time: number, dataStart: number} | null} null without a PES start code
 */
function parsePes(b, off, len) {
  if (len < 6 || b[off] !== 0 || b[off + 1] !== 0 || b[off + 2] !== 1) return null;
  const streamId = b[off + 3];
  const packetLength = (b[off + 4] << 8) | b[off + 5];
  const length = packetLength === 0 ? 0 : 6 + packetLength;
  // Program stream map, padding, private 2, ECM, EMM, DSM-CC, H.222.1 type E, directory: no optional header.
  if ([0xbc, 0xbe, 0xbf, 0xf0, 0xf1, 0xf2, 0xf8, 0xff].includes(streamId)) return { length, time: -1, dataStart: 6 };
  if (len < 9) return { length, time: -1, dataStart: 9 };
  const flags = (b[off + 7] & 0xc0) >> 6;
  const dataStart = 9 + b[off + 8];
  let time = -1;
  if (flags === 3 && len >= 19) time = timestamp(b, off + 14);
  else if (flags >= 2 && len >= 14) time = timestamp(b, off + 9);
  return { length, time, dataStart };
}

/**
 * @param {Uint8Array} b
 * @param {number} at
 */
function timestamp(b, at) {
  return (b[at] & 0x0e) * 2 ** 29 + ((b[at + 1] << 22) | ((b[at + 2] & 0xfe) << 14) | (b[at + 3] << 7) | (b[at + 4] >> 1));
}

const UNDECIDED = 0, KEY = 1, NOT_KEY = 2;

/**
 * Decides from the first bytes of a video access unit whether it starts a keyframe, for muxers
 * that do not set random_access_indicator (TsKeyframes). Start codes may straddle packets.
 */
class TsKeyframes {
  /** @param {number} streamType */
  constructor(streamType) {
    this.streamType = streamType;
    this.zeros = 0;
    this.afterStartCode = false;
  }

  reset() {
    this.zeros = 0;
    this.afterStartCode = false;
  }

  /**
   * @param {Uint8Array} b
   * @param {number} off
   * @param {number} len
   * @returns {number} UNDECIDED, KEY or NOT_KEY
   */
  feed(b, off, len) {
    for (let i = off, end = off + len; i < end; i++) {
      const v = b[i];
      if (this.afterStartCode) {
        this.afterStartCode = false;
        const verdict = this.startCode(v);
        if (verdict !== UNDECIDED) return verdict;
      }
      if (v === 0) {
        this.zeros++;
      } else {
        this.afterStartCode = v === 1 && this.zeros >= 2;
        this.zeros = 0;
      }
    }
    return UNDECIDED;
  }

  /** @param {number} v the byte after a 00 00 01 start code */
  startCode(v) {
    if (this.streamType === 0x1b) {
      const type = v & 0x1f;
      if (type === 5) return KEY;
      return type >= 1 && type <= 4 ? NOT_KEY : UNDECIDED;
    }
    if (this.streamType === 0x24) {
      const type = (v >> 1) & 0x3f;
      if (type >= 16 && type <= 23) return KEY;
      return type < 16 ? NOT_KEY : UNDECIDED;
    }
    if (v === 0xb3) return KEY; // MPEG-1/2 video: a sequence header before the first picture
    return v === 0x00 ? NOT_KEY : UNDECIDED;
  }
}

// CRC-32/MPEG-2 over PSI sections (initial all ones): 0 over a whole valid section.
const PSI_CRC = new Int32Array(256);
for (let i = 0; i < 256; i++) {
  let c = i << 24;
  for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
  PSI_CRC[i] = c;
}

/**
 * @param {Uint8Array} b
 * @param {number} len
 */
function psiCrc(b, len) {
  let c = -1;
  for (let i = 0; i < len; i++) c = (c << 8) ^ PSI_CRC[((c >>> 24) ^ b[i]) & 0xff];
  return c;
}

/** Reassembles the PSI sections (PAT, PMT) of one PID, following the pointer field, checking each CRC-32. */
class TsSections {
  /** @param {string} name */
  constructor(name) {
    this.name = name;
    this.buf = new Uint8Array(1024);
    this.have = 0;
    this.inSection = false;
  }

  /**
   * @param {Uint8Array} p
   * @param {number} off
   * @param {number} len
   * @param {boolean} unitStart
   * @param {number} offset
   * @param {(section: Uint8Array, length: number) => void} h
   */
  feed(p, off, len, unitStart, offset, h) {
    const end = off + len;
    if (!unitStart) {
      if (this.inSection) this.append(p, off, end, offset, h);
      return;
    }
    if (len === 0) throw this.corrupt(offset, 'a PSI packet without a pointer field');
    const pointer = p[off++];
    if (off + pointer > end) throw this.corrupt(offset, 'a PSI pointer field past the end of its packet');
    if (this.inSection) this.append(p, off, off + pointer, offset, h);
    this.inSection = false;
    off += pointer;
    // Several sections may start in one packet; 0xFF where a table id would be is stuffing.
    while (off < end && p[off] !== 0xff) {
      this.inSection = true;
      this.have = 0;
      off = this.append(p, off, end, offset, h);
      if (this.inSection) return;
    }
  }

  /**
   * @param {Uint8Array} p
   * @param {number} off
   * @param {number} end
   * @param {number} offset
   * @param {(section: Uint8Array, length: number) => void} h
   * @returns {number} where the section's bytes stopped
   */
  append(p, off, end, offset, h) {
    if (this.have < 3) {
      const take = Math.min(3 - this.have, end - off);
      this.buf.set(p.subarray(off, off + take), this.have);
      this.have += take;
      off += take;
      if (this.have < 3) return off;
      if (this.length() > 1024) throw this.corrupt(offset, `a PSI section of ${this.length()} bytes (at most 1024)`);
    }
    const take = Math.min(this.length() - this.have, end - off);
    this.buf.set(p.subarray(off, off + take), this.have);
    this.have += take;
    off += take;
    if (this.have === this.length()) {
      this.inSection = false;
      if (psiCrc(this.buf, this.have) !== 0) throw this.corrupt(offset, 'a PAT or PMT whose CRC-32 does not match');
      h(this.buf, this.have);
    }
    return off;
  }

  length() {
    return 3 + (((this.buf[1] & 0x0f) << 8) | this.buf[2]);
  }

  /**
   * @param {number} offset
   * @param {string} what
   */
  corrupt(offset, what) {
    return new MediaError(`${this.name} has ${what} in the TS packet at offset ${offset}; the file is corrupt`, 'corrupt');
  }
}

const NONE = 0, PAT = 1, PMT = 2, TIMING = 3, OTHER = 4;
const VIDEO_TYPES = new Set([0x01, 0x02, 0x10, 0x1b, 0x1e, 0x1f, 0x20, 0x24, 0x33, 0x42, 0xd1, 0xea]);
const CUT_VIDEO_TYPES = new Set([0x01, 0x02, 0x1b, 0x24]);

/** What the latest PAT and PMT say about the first program (TsProgram). */
class TsProgram {
  /** @param {string} name */
  constructor(name) {
    this.name = name;
    this.roles = new Uint8Array(8192);
    this.roles[0] = PAT;
    this.pmtPid = -1;
    this.timingPid = -1;
    this.timingType = -1;
    this.timingIsVideo = false;
    /** @type {number[]} */
    this.others = [];
  }

  hasPmt() {
    return this.timingPid >= 0;
  }

  /**
   * @param {Uint8Array} s
   * @param {number} len
   * @param {number} offset
   */
  pat(s, len, offset) {
    if (s[0] !== 0x00 || len < 12) throw this.corrupt(offset, 'a PAT that is not one');
    if ((s[5] & 1) === 0) return; // "next" table, not yet in force
    for (let i = 8; i + 4 <= len - 4; i += 4) {
      const program = (s[i] << 8) | s[i + 1];
      const pid = ((s[i + 2] & 0x1f) << 8) | s[i + 3];
      if (program === 0) continue; // the network information table, not a program
      if (pid !== this.pmtPid) {
        if (pid === 0) throw this.corrupt(offset, 'a PAT that puts a PMT on PID 0');
        this.clearStreams();
        if (this.pmtPid >= 0) this.roles[this.pmtPid] = NONE;
        this.pmtPid = pid;
        this.roles[pid] = PMT;
      }
      return;
    }
    throw new MediaError(`${this.name}: the PAT at offset ${offset} lists no program; there is nothing to play`, 'corrupt');
  }

  /**
   * @param {Uint8Array} s
   * @param {number} len
   * @param {number} offset
   */
  pmt(s, len, offset) {
    if (s[0] !== 0x02) return; // another table on the PMT PID
    if (len < 16) throw this.corrupt(offset, 'a PMT too short to hold a stream');
    if ((s[5] & 1) === 0) return;
    this.clearStreams();
    const pids = [];
    const types = [];
    let at = 12 + (((s[10] & 0x0f) << 8) | s[11]);
    while (at + 5 <= len - 4) {
      const pid = ((s[at + 1] & 0x1f) << 8) | s[at + 2];
      if (pid < 0x10 || pid === 0x1fff || pid === this.pmtPid) throw this.corrupt(offset, `a PMT that puts a stream on reserved PID ${pid}`);
      pids.push(pid);
      types.push(s[at]);
      at += 5 + (((s[at + 3] & 0x0f) << 8) | s[at + 4]);
      if (at > len - 4) throw this.corrupt(offset, 'a PMT whose stream entry runs past its end');
    }
    if (pids.length === 0) throw new MediaError(`${this.name}: the PMT at offset ${offset} lists no stream; there is nothing to play`, 'corrupt');
    let timing = 0;
    for (let i = pids.length - 1; i >= 0; i--) if (VIDEO_TYPES.has(types[i])) timing = i;
    this.timingIsVideo = VIDEO_TYPES.has(types[timing]);
    if (this.timingIsVideo && !CUT_VIDEO_TYPES.has(types[timing])) {
      const hex = types[timing].toString(16).toUpperCase().padStart(2, '0');
      throw new MediaError(`${this.name} carries video of stream type 0x${hex}, in which this cutter cannot find keyframes (it cuts H.264, HEVC and MPEG-1/2 video). `
        + `Re-encode the video, keeping the audio: ffmpeg -i ${shellQuote(this.name)} -c:v libx264 -c:a copy -f mpegts OUT.ts`, 'not-media');
    }
    this.timingPid = pids[timing];
    this.timingType = types[timing];
    this.others = pids.filter((_, i) => i !== timing);
    for (const pid of this.others) this.roles[pid] = OTHER;
    this.roles[this.timingPid] = TIMING;
  }

  clearStreams() {
    if (this.timingPid >= 0) this.roles[this.timingPid] = NONE;
    for (const pid of this.others) this.roles[pid] = NONE;
    this.timingPid = -1;
    this.timingType = -1;
    this.timingIsVideo = false;
    this.others = [];
  }

  /**
   * @param {number} offset
   * @param {string} what
   */
  corrupt(offset, what) {
    return new MediaError(`${this.name} has ${what} at offset ${offset}; the file is corrupt`, 'corrupt');
  }
}

/**
 * Chooses cut points, fed the packets in order (TsCutFinder): a PAT followed by a PMT and then the
 * first packet of a random-access PES of the timing stream, with no timing packet between them
 * and no PES of another stream unfinished at the PAT.
 */
class TsCutFinder {
  /**
   * @param {string} name
   * @param {number} seconds
   */
  constructor(name, seconds) {
    this.name = name;
    this.cuts = new SegmentCollector('ts', HZ, seconds, -1);
    this.minTicks = seconds * HZ;
    this.program = new TsProgram(name);
    this.pat = new TsSections(name);
    this.pmt = new TsSections(name);
    this.clock = new TsClock();
    this.pesLeft = new Int32Array(8192);
    /** The PAT packet that would start a segment, -1 when something since it rules it out. */
    this.patAt = -1;
    this.segmentStart = 0;
    this.pmtSincePat = false;
    this.sawTimingPes = false;
    /** @type {TsKeyframes | null} */
    this.keyframes = null;
    this.pending = false;
    this.pendingCut = -1;
    this.pendingTicks = 0;
    this.pendingOffset = 0;
  }

  /**
   * One packet: b[at] is its sync byte, offset where it starts in the file.
   * @param {Uint8Array} b
   * @param {number} at
   * @param {number} offset
   */
  packet(b, at, offset) {
    if (b[at] !== 0x47) {
      throw new MediaError(`${this.name} lost TS sync at offset ${offset} (no 0x47 where a packet starts); the file is corrupt or not an MPEG-TS`, 'corrupt');
    }
    const pid = ((b[at + 1] & 0x1f) << 8) | b[at + 2];
    const role = this.program.roles[pid];
    if (role === NONE) return; // null packets, SDT, other programs: cut through freely
    const start = (b[at + 1] & 0x40) !== 0;
    const control = (b[at + 3] >> 4) & 3;
    let payload = at + 4;
    let randomAccess = false;
    if ((control & 2) !== 0) {
      const adaptation = b[at + 4];
      if (adaptation > 183) throw this.corrupt(offset, 'an adaptation field longer than its packet');
      if (adaptation > 0) randomAccess = (b[at + 5] & 0x40) !== 0;
      payload = at + 5 + adaptation;
    }
    const length = (control & 1) !== 0 ? at + 188 - payload : 0;
    if (role === PAT) {
      if (start) {
        this.patAt = this.anyPesOpen() ? -1 : offset;
        this.pmtSincePat = false;
      }
      this.pat.feed(b, payload, length, start, offset, (s, n) => this.program.pat(s, n, offset));
    } else if (role === PMT) {
      if (start && this.patAt >= 0) this.pmtSincePat = true;
      this.pmt.feed(b, payload, length, start, offset, (s, n) => this.program.pmt(s, n, offset));
    } else if (role === TIMING) {
      this.timing(b, payload, length, start, randomAccess, pid, offset);
    } else {
      this.other(b, payload, length, start, pid);
    }
  }

  /**
   * @param {Uint8Array} b
   * @param {number} payload
   * @param {number} length
   * @param {boolean} start
   * @param {boolean} randomAccess
   * @param {number} pid
   * @param {number} offset
   */
  timing(b, payload, length, start, randomAccess, pid, offset) {
    if (!start) {
      this.patAt = -1; // this packet continues a PES that began before the PAT
      this.pesLeft[pid] = Math.max(0, this.pesLeft[pid] - length);
      if (this.pending && this.keyframes) {
        const verdict = this.keyframes.feed(b, payload, length);
        if (verdict !== UNDECIDED) {
          this.pending = false;
          if (verdict === KEY) this.randomAccessPoint(this.pendingCut, this.pendingTicks, this.pendingOffset);
        }
      }
      return;
    }
    this.pending = false; // an access unit in which no slice was found: not a keyframe
    const pes = parsePes(b, payload, length);
    if (pes === null) throw this.corrupt(offset, `a packet of the ${this.program.timingIsVideo ? 'video' : 'first'} stream that starts no PES packet`);
    this.pesLeft[pid] = pes.length > 0 ? Math.max(0, pes.length - length) : 0;
    const ticks = this.clock.advance(pes.time);
    this.sawTimingPes = true;
    const candidate = this.patAt >= 0 && this.pmtSincePat ? this.patAt : -1;
    this.patAt = -1;
    if (randomAccess || !this.program.timingIsVideo) {
      this.randomAccessPoint(candidate, ticks, offset);
      return;
    }
    if (this.keyframes === null || this.keyframes.streamType !== this.program.timingType) this.keyframes = new TsKeyframes(this.program.timingType);
    this.keyframes.reset();
    if (pes.dataStart >= length) return; // the PES header continues in the next packet: rare, and then only the flag counts
    const verdict = this.keyframes.feed(b, payload + pes.dataStart, length - pes.dataStart);
    if (verdict === KEY) {
      this.randomAccessPoint(candidate, ticks, offset);
    } else if (verdict === UNDECIDED) {
      this.pending = true;
      this.pendingCut = candidate;
      this.pendingTicks = ticks;
      this.pendingOffset = offset;
    }
  }

  /**
   * @param {Uint8Array} b
   * @param {number} payload
   * @param {number} length
   * @param {boolean} start
   * @param {number} pid
   */
  other(b, payload, length, start, pid) {
    if (start) {
      const pes = parsePes(b, payload, length);
      this.pesLeft[pid] = pes === null || pes.length === 0 ? 0 : Math.max(0, pes.length - length);
    } else {
      this.pesLeft[pid] = Math.max(0, this.pesLeft[pid] - length);
    }
  }

  anyPesOpen() {
    if (this.program.timingPid >= 0 && this.pesLeft[this.program.timingPid] > 0) return true;
    for (const pid of this.program.others) if (this.pesLeft[pid] > 0) return true;
    return false;
  }

  /**
   * A keyframe (or audio packet) at offset; cut is the PAT before it, or -1.
   * @param {number} cut
   * @param {number} ticks
   * @param {number} offset
   */
  randomAccessPoint(cut, ticks, offset) {
    const since = ticks - this.segmentStart;
    if (since < this.minTicks) return;
    if (cut >= 0) {
      this.cuts.boundary(cut, ticks);
      this.segmentStart = ticks;
    } else if (since >= 2 * this.minTicks) {
      throw this.notRepeated(offset, ticks);
    }
  }

  /**
   * @param {number} offset
   * @param {number} ticks
   */
  notRepeated(offset, ticks) {
    const video = this.program.timingIsVideo;
    const what = video ? 'keyframe' : 'audio packet';
    const fix = video ? '-mpegts_flags +pat_pmt_at_frames ' : '';
    const dot = this.name.lastIndexOf('.');
    const remuxed = (dot > this.name.lastIndexOf('/') ? this.name.slice(0, dot) : this.name) + '-cuttable.ts';
    return new MediaError(`${this.name}: no ${what} from ${((this.segmentStart + this.minTicks) / HZ).toFixed(1)} s to ${(ticks / HZ).toFixed(1)} s (the last at offset ${offset})`
      + ' comes right after a PAT and a PMT, so no segment of this stream could start there and decode alone: '
      + `its muxer does not repeat PAT and PMT before ${what}s. Remux it without re-encoding so that it does, then cut the result: `
      + `ffmpeg -i ${shellQuote(this.name)} -map 0 -c copy ${fix}-f mpegts ${shellQuote(remuxed)}`, 'corrupt');
  }

  /**
   * @param {number} offset
   * @param {string} what
   */
  corrupt(offset, what) {
    return new MediaError(`${this.name} has ${what} in the TS packet at offset ${offset}; the file is corrupt`, 'corrupt');
  }

  /**
   * @param {number} size the file's size
   * @returns {import('./media.js').MediaPlan}
   */
  finish(size) {
    if (!this.program.hasPmt()) throw new MediaError(`${this.name} holds no PAT and PMT, so no player can find its streams; it is not a playable MPEG-TS`, 'corrupt');
    if (!this.sawTimingPes) {
      throw new MediaError(`${this.name} holds no PES packet of its ${this.program.timingIsVideo ? 'video' : 'first'} stream; there is nothing to play`, 'corrupt');
    }
    return this.cuts.finish(this.clock.end(), size);
  }
}

// The tar subset of spec/archive-format.md section 2: a reproducible writer (every header byte is
// fixed by the entry's name and size, as org.unveil.archive.internal.TarWriter) and a strict
// streaming reader that accepts only what the writer produces (TarReader, TarHeader).

import { utf8, fromUtf8 } from '../bytes.js';
import { unsafePathReason } from './paths.js';
import { chunksOf } from '../bytes.js';

/** Tar block size. */
export const BLOCK = 512;
/** Largest size the 11-digit octal field holds; from 8 GiB on the writer adds a PAX size record. */
export const MAX_OCTAL_SIZE = 0o77777777777;
/** Largest PAX extended header a reader accepts. */
export const MAX_PAX_SIZE = 64 * 1024;
/** The end-of-archive marker: two zero blocks (no record padding follows). Shared: do not write into it. */
export const TAR_END = new Uint8Array(2 * BLOCK);

const TYPE_REGULAR = 0x30; // '0'
const TYPE_PAX = 0x78; // 'x'
const NAME = 0, MODE = 100, UID = 108, GID = 116, SIZE = 124, MTIME = 136, CHKSUM = 148, TYPE = 156, LINKNAME = 157, MAGIC = 257, VERSION = 263, PREFIX = 345;
const USTAR_MAGIC = [0x75, 0x73, 0x74, 0x61, 0x72, 0]; // "ustar\0"

/**
 * A tar stream outside the subset, or cut short. `code`: truncated, checksum, magic, link, name,
 * field, type, pax, padding, end; `offset` is the archive offset of the offending header or byte.
 */
export class TarError extends Error {
  /**
   * @param {string} message
   * @param {string} code
   * @param {number} offset
   */
  constructor(message, code, offset) {
    super(message);
    this.name = 'TarError';
    this.code = code;
    this.offset = offset;
  }
}

// ---- writing ----

/**
 * Every byte that precedes an entry's content: a PAX header (with its records and padding) when
 * the name is over 100 UTF-8 bytes or the size is 8 GiB or more, then the ustar header. Mode 0644,
 * uid/gid 0, mtime 0, no owner names.
 * @param {string} name
 * @param {number} size
 * @returns {Uint8Array}
 */
export function tarHeader(name, size) {
  if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`tar entry size ${size} must be a non-negative safe integer`);
  const nameBytes = utf8(name);
  const longName = nameBytes.length > 100;
  const bigSize = size > MAX_OCTAL_SIZE;
  const ustar = encodeHeader(longName ? truncatedName(nameBytes) : nameBytes, size, TYPE_REGULAR);
  if (!longName && !bigSize) return ustar;
  let records = '';
  if (longName) records += paxRecord('path', name);
  if (bigSize) records += paxRecord('size', String(size));
  const body = utf8(records);
  const base = name.slice(name.lastIndexOf('/') + 1);
  let paxName = utf8('PaxHeaders/' + base);
  if (paxName.length > 100) paxName = truncatedName(paxName);
  const pad = paddingLength(body.length);
  const out = new Uint8Array(BLOCK + body.length + pad + BLOCK);
  out.set(encodeHeader(paxName, body.length, TYPE_PAX), 0);
  out.set(body, BLOCK);
  out.set(ustar, BLOCK + body.length + pad);
  return out;
}

/**
 * The NUL bytes that pad an entry of this size to a whole block.
 * @param {number} size
 * @returns {Uint8Array}
 */
export function tarPadding(size) {
  return new Uint8Array(paddingLength(size));
}

/**
 * @param {number} size
 * @returns {number}
 */
function paddingLength(size) {
  return (BLOCK - (size % BLOCK)) % BLOCK;
}

/**
 * @param {Uint8Array} name 1..100 bytes
 * @param {number} size
 * @param {number} type
 * @returns {Uint8Array}
 */
function encodeHeader(name, size, type) {
  if (name.length === 0 || name.length > 100) throw new RangeError(`tar name must be 1..100 bytes, got ${name.length}`);
  const h = new Uint8Array(BLOCK);
  h.set(name, NAME);
  octal(h, MODE, 8, 0o644);
  octal(h, UID, 8, 0);
  octal(h, GID, 8, 0);
  octal(h, SIZE, 12, size > MAX_OCTAL_SIZE ? 0 : size);
  octal(h, MTIME, 12, 0);
  h[TYPE] = type;
  h.set(USTAR_MAGIC, MAGIC);
  h[VERSION] = 0x30;
  h[VERSION + 1] = 0x30;
  h.fill(0x20, CHKSUM, CHKSUM + 8);
  octal(h, CHKSUM, 7, checksum(h)); // 6 digits + NUL, then the space already there
  return h;
}

/**
 * Zero-padded octal digits then a NUL, filling len bytes.
 * @param {Uint8Array} h
 * @param {number} off
 * @param {number} len
 * @param {number} value
 */
function octal(h, off, len, value) {
  const s = value.toString(8);
  const digits = len - 1;
  if (s.length > digits) throw new RangeError(`value ${value} does not fit ${digits} octal digits`);
  for (let i = 0; i < digits; i++) h[off + i] = i < digits - s.length ? 0x30 : s.charCodeAt(i - (digits - s.length));
  h[off + digits] = 0;
}

/**
 * Sum of the header's bytes with the checksum field counted as spaces.
 * @param {Uint8Array} h
 * @returns {number}
 */
function checksum(h) {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= CHKSUM && i < CHKSUM + 8 ? 0x20 : h[i];
  return sum;
}

/**
 * "LEN key=value\n" where LEN counts the whole record, its own digits included.
 * @param {string} key
 * @param {string} value
 * @returns {string}
 */
function paxRecord(key, value) {
  const payload = utf8(key).length + utf8(value).length + 3;
  let len = payload + String(payload).length;
  if (String(len).length !== String(payload).length) len++;
  return `${len} ${key}=${value}\n`;
}

/**
 * The first 100 bytes of a name, cut at a UTF-8 character boundary.
 * @param {Uint8Array} b
 * @returns {Uint8Array}
 */
function truncatedName(b) {
  let n = Math.min(100, b.length);
  while (n > 0 && n < b.length && (b[n] & 0xc0) === 0x80) n--;
  return b.slice(0, n);
}

// ---- reading ----

/**
 * @typedef {object} TarEntry
 * @property {string} name the entry's path (safe: section 3 path rules)
 * @property {number} size content bytes
 * @property {number} headerOffset archive offset of its ustar header block (after any PAX header, as Java's)
 * @property {AsyncIterable<Uint8Array>} body its content; read it (or not) before asking for the
 *   next entry, which skips whatever is left. Chunks are views into the source's chunks.
 */

/**
 * Reads a tar stream strictly (section 2): regular files only, optionally behind one PAX header
 * with `path` and/or `size`; checksums, ustar magic, octal fields, zero padding, the end marker and
 * only zeros after it are all checked. Memory stays at one source chunk plus a 64 KiB PAX header.
 * @param {import('../bytes.js').ByteSource} source
 * @returns {AsyncGenerator<TarEntry, void, void>}
 * @throws {TarError}
 */
export async function* readTar(source) {
  const r = new ByteReader(source);
  try {
    /** @type {{remaining: number, padding: number, live: boolean} | null} */
    let current = null;
    for (;;) {
      if (current) {
        current.live = false;
        await r.skip(current.remaining);
        if (current.padding > 0) {
          const at = r.position;
          const pad = await r.read(current.padding);
          if (!isZero(pad)) throw new TarError(`non-zero padding after an entry, before offset ${at + pad.length}`, 'padding', at);
        }
        current = null;
      }
      /** @type {Map<string, string> | null} */
      let pax = null;
      let paxOffset = -1;
      for (;;) {
        const offset = r.position;
        const block = await r.read(BLOCK);
        if (isZero(block)) {
          const second = await r.read(BLOCK);
          if (!isZero(second)) throw new TarError(`tar end marker at offset ${offset} is a single zero block followed by data`, 'end', offset);
          if (pax) throw new TarError('PAX header at the end of the archive belongs to no entry', 'pax', paxOffset);
          await r.requireOnlyZeros();
          return;
        }
        const h = decodeHeader(block, offset);
        if (h.type === TYPE_PAX) {
          if (pax) throw new TarError(`two PAX headers in a row at offset ${offset}`, 'pax', offset);
          pax = await readPax(r, h.size, offset);
          paxOffset = offset;
          continue;
        }
        if (h.type !== TYPE_REGULAR && h.type !== 0) {
          throw new TarError(`tar entry '${h.name}' at offset ${offset} has type '${printable(h.type)}'; only regular files are allowed (no links, directories or devices)`, 'type', offset);
        }
        let name = h.name;
        let size = h.size;
        if (pax) {
          if (pax.has('path')) name = /** @type {string} */ (pax.get('path'));
          if (pax.has('size')) size = paxSize(/** @type {string} */ (pax.get('size')), offset);
        }
        const unsafe = unsafePathReason(name);
        if (unsafe) throw new TarError(`tar entry at offset ${offset}: ${unsafe}`, 'name', offset);
        const state = { remaining: size, padding: paddingLength(size), live: true };
        current = state;
        yield { name, size, headerOffset: offset, body: body(r, state) };
        break;
      }
    }
  } finally {
    await r.close();
  }
}

/**
 * @param {ByteReader} r
 * @param {{remaining: number, live: boolean}} state
 * @returns {AsyncIterable<Uint8Array>}
 */
function body(r, state) {
  return {
    async *[Symbol.asyncIterator]() {
      while (state.remaining > 0) {
        // The reader has skipped the rest of this entry: what comes now belongs to another.
        if (!state.live) throw new TarError('tar entry body read after the reader moved to the next entry; read each body before the next entry', 'stale', r.position);
        const chunk = await r.chunk(state.remaining);
        state.remaining -= chunk.length;
        yield chunk;
      }
    },
  };
}

/**
 * @param {Uint8Array} h
 * @param {number} offset
 * @returns {{name: string, size: number, type: number}}
 */
function decodeHeader(h, offset) {
  const stored = parseOctal(h, CHKSUM, 8, 'checksum', offset);
  const sum = checksum(h);
  if (stored !== sum) throw new TarError(`tar header at offset ${offset} has checksum ${stored} but its bytes sum to ${sum}; the archive is corrupt`, 'checksum', offset);
  for (let i = 0; i < 6; i++) {
    if (h[MAGIC + i] !== USTAR_MAGIC[i]) return notUstar(offset);
  }
  if (h[VERSION] !== 0x30 || h[VERSION + 1] !== 0x30) return notUstar(offset);
  if (h[LINKNAME] !== 0) throw new TarError(`tar header at offset ${offset} has a link target; links are not allowed`, 'link', offset);
  const prefix = cString(h, PREFIX, 155, offset);
  const base = cString(h, NAME, 100, offset);
  const name = prefix ? `${prefix}/${base}` : base;
  parseOctal(h, MODE, 8, 'mode', offset);
  parseOctal(h, UID, 8, 'uid', offset);
  parseOctal(h, GID, 8, 'gid', offset);
  parseOctal(h, MTIME, 12, 'mtime', offset);
  const size = parseOctal(h, SIZE, 12, 'size', offset);
  return { name, size, type: h[TYPE] };
}

/** @param {number} offset @returns {never} */
function notUstar(offset) {
  throw new TarError(`tar header at offset ${offset} is not POSIX ustar (magic/version); only ustar archives are accepted`, 'magic', offset);
}

/**
 * @param {Uint8Array} h
 * @param {number} off
 * @param {number} len
 * @param {number} offset
 * @returns {string}
 */
function cString(h, off, len, offset) {
  let end = off;
  while (end < off + len && h[end] !== 0) end++;
  for (let i = end; i < off + len; i++) {
    if (h[i] !== 0) throw new TarError(`tar header at offset ${offset} has bytes after the NUL of a name field`, 'name', offset);
  }
  try {
    return fromUtf8(h.subarray(off, end));
  } catch {
    throw new TarError(`tar entry name at offset ${offset} is not valid UTF-8`, 'name', offset);
  }
}

/**
 * Octal digits, optionally space-padded in front, ended by NUL or space; base-256 and signs refused.
 * @param {Uint8Array} h
 * @param {number} off
 * @param {number} len
 * @param {string} field
 * @param {number} offset
 * @returns {number}
 */
function parseOctal(h, off, len, field, offset) {
  let i = off;
  const end = off + len;
  while (i < end && h[i] === 0x20) i++;
  let v = 0;
  let digits = 0;
  for (; i < end && h[i] >= 0x30 && h[i] <= 0x37; i++, digits++) v = v * 8 + (h[i] - 0x30);
  for (; i < end; i++) {
    if (h[i] !== 0 && h[i] !== 0x20) {
      throw new TarError(`tar header at offset ${offset}: field ${field} is not octal (byte 0x${h[i].toString(16)})`, 'field', offset);
    }
  }
  if (digits === 0 || digits > 11) throw new TarError(`tar header at offset ${offset}: field ${field} has ${digits} octal digits`, 'field', offset);
  return v;
}

/**
 * @param {ByteReader} r
 * @param {number} size
 * @param {number} offset
 * @returns {Promise<Map<string, string>>}
 */
async function readPax(r, size, offset) {
  if (size > MAX_PAX_SIZE) throw new TarError(`PAX header at offset ${offset} is ${size} bytes; the limit is ${MAX_PAX_SIZE}`, 'pax', offset);
  const body = (await r.read(size)).slice();
  const pad = await r.read(paddingLength(size));
  if (!isZero(pad)) throw new TarError(`non-zero padding after the PAX header at offset ${offset}`, 'padding', offset);
  /** @type {Map<string, string>} */
  const records = new Map();
  let i = 0;
  while (i < body.length) {
    let sp = i;
    while (sp < body.length && body[sp] >= 0x30 && body[sp] <= 0x39 && sp - i < 6) sp++;
    if (sp === i || sp >= body.length || body[sp] !== 0x20) throw new TarError(`malformed PAX record length at offset ${offset}`, 'pax', offset);
    const len = Number(String.fromCharCode(...body.subarray(i, sp)));
    if (len <= sp - i + 1 || i + len > body.length || body[i + len - 1] !== 0x0a) {
      throw new TarError(`PAX record of length ${len} does not fit its header at offset ${offset}`, 'pax', offset);
    }
    let record;
    try {
      record = fromUtf8(body.subarray(sp + 1, i + len - 1));
    } catch {
      throw new TarError(`PAX record at offset ${offset} is not valid UTF-8`, 'pax', offset);
    }
    const eq = record.indexOf('=');
    if (eq <= 0) throw new TarError(`PAX record without key=value at offset ${offset}`, 'pax', offset);
    const key = record.slice(0, eq);
    if (key !== 'path' && key !== 'size') throw new TarError(`PAX key '${key}' at offset ${offset} is not allowed (only path and size)`, 'pax', offset);
    if (records.has(key)) throw new TarError(`duplicate PAX key '${key}' at offset ${offset}`, 'pax', offset);
    records.set(key, record.slice(eq + 1));
    i += len;
  }
  return records;
}

/**
 * @param {string} s
 * @param {number} offset
 * @returns {number}
 */
function paxSize(s, offset) {
  if (!/^(0|[1-9][0-9]{0,18})$/.test(s)) throw new TarError(`PAX size '${s}' at offset ${offset} is not a decimal size`, 'pax', offset);
  const n = Number(s);
  // Java reads up to 2^63-1; no browser file comes near 2^53, so the twin stops there.
  if (!Number.isSafeInteger(n)) throw new TarError(`PAX size '${s}' at offset ${offset} is too large`, 'pax', offset);
  return n;
}

/** @param {number} b */
function printable(b) {
  return b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `0x${b.toString(16).padStart(2, '0')}`;
}

/** @param {Uint8Array} b */
function isZero(b) {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

/**
 * Pulls chunks from an async iterable or a ReadableStream and hands out exact byte counts,
 * copying only when a read spans chunks.
 */
class ByteReader {
  /** @param {import('../bytes.js').ByteSource} source */
  constructor(source) {
    const chunks = chunksOf(source, 'readTar');
    this.pull = () => chunks.next();
    /** Stops the source (cancels a stream read only in part). */
    this.release = async () => { await chunks.return(undefined); };
    /** @type {Uint8Array} */
    this.buf = new Uint8Array(0); // unread rest of the current chunk
    this.done = false;
    this.position = 0;
  }

  /** @returns {Promise<boolean>} false at the end of the source */
  async fill() {
    while (this.buf.length === 0) {
      if (this.done) return false;
      const { value, done } = await this.pull();
      if (done) { this.done = true; return false; }
      this.buf = value;
    }
    return true;
  }

  /**
   * Up to max bytes (at least one), as a view into the current chunk.
   * @param {number} max
   * @returns {Promise<Uint8Array>}
   */
  async chunk(max) {
    if (!(await this.fill())) throw this.truncated();
    const n = Math.min(max, this.buf.length);
    const out = this.buf.subarray(0, n);
    this.buf = this.buf.subarray(n);
    this.position += n;
    return out;
  }

  /**
   * Exactly n bytes (a view when one chunk holds them, else a copy).
   * @param {number} n
   * @returns {Promise<Uint8Array>}
   */
  async read(n) {
    if (n === 0) return new Uint8Array(0);
    const first = await this.chunk(n);
    if (first.length === n) return first;
    const out = new Uint8Array(n);
    out.set(first);
    let got = first.length;
    while (got < n) {
      const c = await this.chunk(n - got);
      out.set(c, got);
      got += c.length;
    }
    return out;
  }

  /** @param {number} n */
  async skip(n) {
    while (n > 0) n -= (await this.chunk(n)).length;
  }

  async requireOnlyZeros() {
    while (await this.fill()) {
      const b = this.buf;
      for (let i = 0; i < b.length; i++) {
        if (b[i] !== 0) throw new TarError(`data after the tar end marker at offset ${this.position + i}`, 'end', this.position + i);
      }
      this.position += b.length;
      this.buf = new Uint8Array(0);
    }
  }

  truncated() {
    return new TarError(`archive is truncated at offset ${this.position}; download it again`, 'truncated', this.position);
  }

  async close() {
    this.done = true;
    const release = this.release;
    this.release = async () => {};
    await release();
  }
}

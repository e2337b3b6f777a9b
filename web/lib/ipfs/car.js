// CARv1 (https://ipld.io/specs/transport/car/carv1/) as spec/ipfs.md section 4 restricts it: a
// streaming reader that verifies every block before handing it out, so no unverified byte leaves
// it (memory: one section), and a writer of header plus sections. Java twin: CarReader, CarWriter,
// CarHeader.
import { utf8, fromUtf8, concat, chunksOf } from '../bytes.js';
import { Cid, readCid, verifyBlock } from './cid.js';
import { CarFormatError, InvalidBlockError } from './errors.js';
import { ByteReader } from './_byte-reader.js';
import { Cursor } from './_cursor.js';
import { MAX_VARINT_BYTES, encodeVarint, varintLength } from './varint.js';

/** A legitimate header with a few roots is well under 1 KiB. */
export const MAX_HEADER_SIZE = 64 * 1024;
/** Largest block accepted anywhere (bitswap's limit). */
export const MAX_BLOCK_SIZE = 2 * 1024 * 1024;
/** One block plus room for the longest CID accepted. */
export const MAX_SECTION_SIZE = MAX_BLOCK_SIZE + 256;
/** The media type of what `writeCar` produces. */
export const CAR_CONTENT_TYPE = 'application/vnd.ipld.car; version=1; order=dfs; dups=n';
const TAG_CID = 42;

/**
 * @typedef {object} Block
 * @property {Cid} cid
 * @property {Uint8Array} bytes verified to hash to `cid`
 */

/**
 * Reads a CARv1 stream one verified block at a time. Create with `CarReader.open`. A block's bytes
 * are valid only until the next block is asked for (copy what you keep): the reader assembles
 * sections in a buffer it reuses, and its source may reuse its chunks' buffers.
 */
export class CarReader {
  /** @param {ByteReader} reader @param {Cid[]} roots */
  constructor(reader, roots) {
    this.reader = reader;
    /** The header's roots (the trustless gateway spec says clients should not rely on them). @type {Cid[]} */
    this.roots = roots;
  }

  /**
   * Reads and checks the header.
   * @param {import('../bytes.js').ByteSource} source
   * @returns {Promise<CarReader>}
   * @throws {CarFormatError} not a CARv1 stream
   */
  static async open(source) {
    const reader = new ByteReader(chunksOf(source, 'the CAR reader'));
    const length = await readVarint(reader, false);
    if (length === 0 || length > MAX_HEADER_SIZE) {
      throw new CarFormatError(`CAR header length ${length} at offset 0 is outside 1..${MAX_HEADER_SIZE}; this is not a CARv1 stream`, { offset: 0 });
    }
    const start = reader.offset;
    const header = await readFully(reader, length, 'header');
    return new CarReader(reader, decodeHeader(header, start));
  }

  /** Bytes of the stream consumed so far. */
  get offset() { return this.reader.offset; }

  /**
   * The next block, verified against its CID; null at the clean end of the stream. Its bytes are
   * valid until the next call.
   * @returns {Promise<Block | null>}
   * @throws {CarFormatError} truncation, a bad section length or CID, a block that does not hash to its CID
   */
  async next() {
    const start = this.reader.offset;
    const length = await readVarint(this.reader, true);
    if (length < 0) return null;
    if (length === 0 || length > MAX_SECTION_SIZE) {
      throw new CarFormatError(`CAR section at offset ${start} has length ${length}, outside 1..${MAX_SECTION_SIZE}`, { offset: start });
    }
    const section = await readFully(this.reader, length, 'section');
    let cid, end;
    try {
      [cid, end] = readCid(section, 0);
    } catch (e) {
      if (!(e instanceof InvalidBlockError)) throw e;
      throw new CarFormatError(`CAR section at offset ${start} has a malformed CID: ${e.message}`, { offset: start, cause: e });
    }
    const bytes = section.subarray(end);
    if (bytes.length > MAX_BLOCK_SIZE) {
      throw new CarFormatError(`CAR section at offset ${start}: block ${cid} is ${bytes.length} bytes, over the ${MAX_BLOCK_SIZE}-byte limit`, { offset: start, cid: cid.text });
    }
    try {
      await verifyBlock(cid, bytes);
    } catch (e) {
      if (!(e instanceof InvalidBlockError)) throw e;
      throw new CarFormatError(`CAR section at offset ${start}: ${e.message}`, { offset: start, cid: cid.text, cause: e });
    }
    return { cid, bytes };
  }

  /** Stops reading (cancels the underlying stream). @returns {Promise<void>} */
  cancel() { return this.reader.cancel(); }

  /** @returns {AsyncGenerator<Block>} */
  async *[Symbol.asyncIterator]() {
    for (let b = await this.next(); b !== null; b = await this.next()) yield b;
  }
}

/**
 * The CARv1 header bytes (length varint included) for `roots`, keys in dag-cbor canonical order.
 * @param {Cid[]} roots
 * @returns {Uint8Array}
 */
export function carHeader(roots) {
  if (!Array.isArray(roots) || roots.some((r) => !(r instanceof Cid))) throw new TypeError('roots must be an array of Cid');
  /** @type {Uint8Array[]} */
  const parts = [cborHead(5, 2), cborText('roots'), cborHead(4, roots.length)];
  for (const root of roots) {
    parts.push(cborHead(6, TAG_CID), cborHead(2, root.bytes.length + 1), new Uint8Array([0]), root.bytes);
  }
  parts.push(cborText('version'), cborHead(0, 1));
  const body = concat(...parts);
  return concat(encodeVarint(body.length), body);
}

/**
 * The section prefix (length varint and CID) of a block; the block's bytes follow it.
 * @param {Cid} cid
 * @param {Uint8Array | number} block the block, or only its length (when its bytes are written from elsewhere)
 * @returns {Uint8Array}
 */
export function carSectionPrefix(cid, block) {
  if (!(cid instanceof Cid)) throw new TypeError('a Cid required');
  const length = typeof block === 'number' ? block : block.length;
  if (!Number.isSafeInteger(length) || length < 0) throw new TypeError(`block length ${length} is not a length`);
  if (length > MAX_BLOCK_SIZE) throw new RangeError(`block ${cid} is ${length} bytes, over the ${MAX_BLOCK_SIZE}-byte limit readers enforce`);
  return concat(encodeVarint(cid.bytes.length + length), cid.bytes);
}

/**
 * Bytes of the section `carSectionPrefix` starts, block included.
 * @param {Cid} cid
 * @param {number} blockLength
 * @returns {number}
 */
export function carSectionLength(cid, blockLength) {
  const body = cid.bytes.length + blockLength;
  return varintLength(body) + body;
}

/**
 * A CARv1 stream: the header, then one section per block in the order given (use `walkDag` for the
 * order trustless gateways promise). Blocks are written as given: pass blocks you verified.
 * @param {Cid[]} roots
 * @param {AsyncIterable<Block> | Iterable<Block>} blocks
 * @returns {AsyncGenerator<Uint8Array>} header, then prefix and block bytes of each section
 */
export async function* writeCar(roots, blocks) {
  yield carHeader(roots);
  for await (const { cid, bytes } of blocks) {
    yield carSectionPrefix(cid, bytes);
    yield bytes;
  }
}

/** @param {CarReader['reader']} reader @param {boolean} eofAllowed @returns {Promise<number>} -1 at a clean end */
async function readVarint(reader, eofAllowed) {
  const start = reader.offset;
  let value = 0;
  let scale = 1;
  for (let i = 0; i < MAX_VARINT_BYTES; i++) {
    const b = await reader.byte();
    if (b < 0) {
      if (i === 0 && eofAllowed) return -1;
      throw new CarFormatError(`CAR truncated inside a varint at offset ${start}`, { offset: start });
    }
    if (b === 0 && i > 0) throw new CarFormatError(`varint at offset ${start} is not minimally encoded`, { offset: start });
    value += (b & 0x7f) * scale;
    scale *= 0x80;
    if ((b & 0x80) === 0) {
      if (!Number.isSafeInteger(value)) throw new CarFormatError(`varint at offset ${start} exceeds 2^53 - 1`, { offset: start });
      return value;
    }
  }
  throw new CarFormatError(`varint at offset ${start} is longer than ${MAX_VARINT_BYTES} bytes`, { offset: start });
}

/** @param {ByteReader} reader @param {number} n @param {string} what */
async function readFully(reader, n, what) {
  const start = reader.offset;
  const bytes = await reader.read(n);
  if (bytes.length < n) {
    throw new CarFormatError(`CAR truncated: ${what} at offset ${start} needs ${n} bytes, stream ended after ${bytes.length}`, { offset: start });
  }
  return bytes;
}

/**
 * Exactly {roots, version: 1}: the CBOR subset a header needs and nothing more.
 * @param {Uint8Array} bytes
 * @param {number} base offset of the header in the stream, for messages
 * @returns {Cid[]}
 */
function decodeHeader(bytes, base) {
  const c = new Cursor(bytes);
  /** @param {string} message */
  const fail = (message) => new CarFormatError(`CAR header: ${message}`, { offset: base + c.pos });
  /** @param {number} major @param {string} what */
  const expect = (major, what) => {
    if (!c.hasMore()) throw fail(`ends where ${what} was expected`);
    const initial = c.byte();
    if (initial >>> 5 !== major) throw fail(`expected ${what} at offset ${base + c.pos - 1}, found CBOR major type ${initial >>> 5}`);
    const info = initial & 31;
    if (info < 24) return info;
    if (info > 27) throw fail(`indefinite or reserved CBOR length at offset ${base + c.pos - 1}`);
    let value = 0;
    for (let i = 0; i < 1 << (info - 24); i++) {
      if (!c.hasMore()) throw fail('truncated CBOR argument');
      value = value * 256 + c.byte();
    }
    if (!Number.isSafeInteger(value)) throw fail('CBOR value out of range');
    return value;
  };
  /** @param {number} n */
  const take = (n) => {
    if (n > c.remaining()) throw fail(`length ${n} runs past the end of the header`);
    return c.take(n);
  };
  const entries = expect(5, 'a map');
  /** @type {Cid[] | undefined} */
  let roots;
  let version;
  for (let i = 0; i < entries; i++) {
    let key;
    try {
      key = fromUtf8(take(expect(3, 'a text key')));
    } catch (e) {
      if (e instanceof CarFormatError) throw e;
      throw fail('a key is not UTF-8');
    }
    if (key === 'version' && version === undefined) {
      version = expect(0, 'an unsigned version');
    } else if (key === 'roots' && roots === undefined) {
      roots = [];
      const count = expect(4, 'an array of roots');
      for (let r = 0; r < count; r++) {
        const tag = expect(6, 'a CID tag');
        if (tag !== TAG_CID) throw fail(`root has CBOR tag ${tag}, not 42 (CID)`);
        const cidBytes = take(expect(2, 'CID bytes'));
        if (cidBytes[0] !== 0) throw fail('root CID lacks the 0x00 multibase prefix');
        try {
          const [cid, end] = readCid(cidBytes, 1);
          if (end !== cidBytes.length) throw fail('root CID has trailing bytes');
          roots.push(cid);
        } catch (e) {
          if (e instanceof CarFormatError) throw e;
          throw fail(`root CID is malformed: ${e.message}`);
        }
      }
    } else {
      throw fail(`unexpected or repeated key '${key}'`);
    }
  }
  if (c.hasMore()) throw fail(`${c.remaining()} trailing bytes`);
  if (version !== 1) {
    throw new CarFormatError(`CAR version ${version} is not supported; Unveil reads CARv1${version === 2 ? ' (this is CARv2: re-export it as CARv1)' : ''}`, { offset: base });
  }
  if (roots === undefined) throw new CarFormatError('CARv1 header has no roots', { offset: base });
  return roots;
}

/** @param {number} major @param {number} value */
function cborHead(major, value) {
  if (value < 24) return new Uint8Array([major << 5 | value]);
  if (value < 0x100) return new Uint8Array([major << 5 | 24, value]);
  if (value < 0x10000) return new Uint8Array([major << 5 | 25, value >>> 8, value & 0xff]);
  return new Uint8Array([major << 5 | 26, value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff]);
}

/** @param {string} s */
function cborText(s) {
  const b = utf8(s);
  return concat(cborHead(3, b.length), b);
}

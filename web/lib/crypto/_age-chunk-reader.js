// Random access into an age v1 file: one 64 KiB chunk decrypted and authenticated without reading
// the chunks before it, for seeking in media (spec/archive-format.md section 6, "Random access";
// the Java reference's AgeChunkReader). Internal: import it from age.js.
import { AgeFormatError, AgeIntegrityError } from './errors.js';
import { AGE_CHUNK, TAG, NONCE, CHUNK_CT, MAX_HEADER, parseAgeHeader, openHeader, payloadKey, openChunk } from './_age-format.js';

const EMPTY = new Uint8Array(0);

/**
 * Where an age file's bytes come from for random access: a Uint8Array, a Blob (File), or anything
 * with `read(offset, length)` resolving to exactly those bytes (fewer only at the end).
 * @typedef {Uint8Array|Blob|{ read(offset: number, length: number): Promise<Uint8Array> }} RandomAccessSource
 */

/**
 * @param {RandomAccessSource} source
 * @returns {(offset: number, length: number) => Promise<Uint8Array>}
 */
function reader(source) {
  if (source instanceof Uint8Array) return async (o, n) => source.subarray(o, o + n);
  if (typeof Blob !== 'undefined' && source instanceof Blob) return async (o, n) => new Uint8Array(await source.slice(o, o + n).arrayBuffer());
  if (source && typeof (/** @type {any} */ (source).read) === 'function') return (o, n) => /** @type {any} */ (source).read(o, n);
  throw new TypeError('a random-access source is a Uint8Array, a Blob or { read(offset, length) }');
}

/**
 * Random access into an age file (a whole .age file, or a fragment inside an archive at `offset`):
 * decrypts chunk i without reading chunks 0..i-1, for seeking in media. Opening parses the header,
 * unwraps the file key and checks the header MAC; each read authenticates its chunk, whose final
 * flag must match its position (truncation and reordering fail). A full chunk that opens only under
 * the other flag is refused, not released.
 * @param {Uint8Array} identity the 32-byte X25519 secret
 * @param {RandomAccessSource} source
 * @param {{ offset?: number, length?: number }} [where] the age file's place in the source (default: all of it)
 * @returns {Promise<{ chunkCount: number, plaintextSize: number, readChunk(index: number): Promise<Uint8Array>, read(from: number, length: number): Promise<Uint8Array>, close(): void }>}
 */
export async function ageChunkReader(identity, source, where = {}) {
  const read = reader(source);
  const offset = where.offset ?? 0;
  const length = where.length ?? (source instanceof Uint8Array ? source.length - offset : typeof Blob !== 'undefined' && source instanceof Blob ? source.size - offset : NaN);
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
    throw new RangeError('ageChunkReader needs the age file\'s offset and length in the source');
  }
  const prefix = await read(offset, Math.min(MAX_HEADER, length));
  const header = parseAgeHeader(prefix);
  const fileKey = openHeader(header, identity);
  if (length - header.length < NONCE) {
    fileKey.fill(0);
    throw new AgeFormatError('age file ends inside its payload nonce; it is truncated');
  }
  const nonce = header.length + NONCE <= prefix.length
    ? prefix.subarray(header.length, header.length + NONCE)
    : await read(offset + header.length, NONCE);
  if (nonce.length !== NONCE) {
    fileKey.fill(0);
    throw new AgeIntegrityError(`age file is truncated at offset ${offset + header.length}`);
  }
  let key = payloadKey(fileKey, nonce);
  const payloadStart = offset + header.length + NONCE;
  const payloadLength = length - header.length - NONCE;
  const chunkCount = Math.max(1, Math.ceil(payloadLength / CHUNK_CT));
  const plaintextSize = Math.max(0, payloadLength - TAG * chunkCount);

  /** @param {number} index */
  async function readChunk(index) {
    if (key.length === 0) throw new Error('age chunk reader was closed');
    if (!Number.isSafeInteger(index) || index < 0 || index >= chunkCount) throw new RangeError(`chunk ${index} is outside 0..${chunkCount - 1}`);
    const at = payloadStart + index * CHUNK_CT;
    const len = Math.min(CHUNK_CT, payloadStart + payloadLength - at);
    const last = index === chunkCount - 1;
    if (last && payloadLength === 0) throw new AgeIntegrityError('age payload has no chunk; the file is truncated');
    if (last && len < TAG) throw new AgeIntegrityError(`age payload ends inside the tag of chunk ${index}; the file is truncated`);
    if (last && len === TAG && index > 0) throw new AgeIntegrityError('age payload ends in an empty chunk after full ones; the file is malformed');
    const ct = await read(at, len);
    if (ct.length !== len) throw new AgeIntegrityError(`age file is truncated at offset ${at + ct.length}`);
    const out = new Uint8Array(len - TAG);
    if (openChunk(key, index, last, ct, out)) return out;
    if (len === CHUNK_CT && openChunk(key, index, !last, ct, out)) {
      out.fill(0);
      throw new AgeIntegrityError(last
        ? `age payload ends after chunk ${index} without a final chunk; the file is truncated`
        : `age payload continues after its final chunk ${index}; the file is malformed`);
    }
    throw new AgeIntegrityError(`age chunk ${index} failed to authenticate; the file is corrupted or tampered with`);
  }

  return {
    chunkCount,
    plaintextSize,
    readChunk,
    async read(from, len) {
      if (!Number.isSafeInteger(from) || !Number.isSafeInteger(len) || from < 0 || len < 0 || from + len > plaintextSize) {
        throw new RangeError(`range ${from}+${len} is outside the plaintext of ${plaintextSize} bytes`);
      }
      const out = new Uint8Array(len);
      let copied = 0;
      while (copied < len) {
        const pos = from + copied;
        const chunk = await readChunk(Math.floor(pos / AGE_CHUNK));
        const inChunk = pos % AGE_CHUNK;
        const n = Math.min(len - copied, chunk.length - inChunk);
        out.set(chunk.subarray(inChunk, inChunk + n), copied);
        copied += n;
      }
      return out;
    },
    close() {
      key.fill(0);
      key = EMPTY;
    },
  };
}

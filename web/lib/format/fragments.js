// Where a file is cut into fragments, as org.unveil.archive.internal.FragmentPlanner and
// ArchiveLayoutWriter.plannedEntry: the fragment objects of the manifest before hashing and
// sealing (no sha256, storedSize or keyAddress yet; storedSize() gives the size the tar entry will have).

import { MAX_FRAGMENTS_PER_FILE } from './manifest.js';

export { storedSize, ageStoredSize } from './sizes.js';

/**
 * @typedef {object} PlannedFragment
 * @property {number} offset
 * @property {number} size
 * @property {boolean} preview
 * @property {number} [start] media-cut files only, microseconds
 * @property {number} [duration] media-cut files only, microseconds
 */

/** A cut that cannot be made: too many fragments, or a preview index that does not exist. */
export class PlanError extends Error {
  /**
   * @param {string} message
   * @param {string} code too-many-fragments, no-such-preview, bad-cut
   */
  constructor(message, code) {
    super(message);
    this.name = 'PlanError';
    this.code = code;
  }
}

/**
 * Fragment start offsets of a byte cut (Cut.everyBytes): every cutBytes bytes, at least one
 * fragment (an empty file has one empty fragment).
 * @param {number} size file size
 * @param {number} cutBytes fragment length, at least 1
 * @param {string} [name] the file's archive path, for messages
 * @returns {number[]}
 */
export function byteCutStarts(size, cutBytes, name = 'file') {
  if (!Number.isSafeInteger(cutBytes) || cutBytes < 1) throw new PlanError(`cut size ${cutBytes} must be at least 1 byte`, 'bad-cut');
  const count = Math.max(1, Math.ceil(size / cutBytes));
  if (count > MAX_FRAGMENTS_PER_FILE) {
    throw new PlanError(`${name}: cutting ${size} bytes every ${cutBytes} gives ${count} fragments; at most ${MAX_FRAGMENTS_PER_FILE} allowed, cut bigger`, 'too-many-fragments');
  }
  return Array.from({ length: count }, (_, i) => i * cutBytes);
}

/**
 * The fragments for given start offsets: each runs to the next start, the last to the end of the
 * file; fragment i is a preview when previews has i (and fragment 0 always, when it is a media
 * header segment). spans, when given, adds each fragment's media start and duration.
 * @param {number} size file size
 * @param {number[]} starts fragment start offsets, the first 0
 * @param {Iterable<number>} [previews] indices of plaintext fragments
 * @param {{name?: string, header?: boolean, spans?: {start: number, duration: number}[]}} [options]
 * @returns {PlannedFragment[]}
 */
export function planFragments(size, starts, previews = [], options = {}) {
  const name = options.name ?? 'file';
  if (starts.length > MAX_FRAGMENTS_PER_FILE) {
    throw new PlanError(`${name}: cutting gives ${starts.length} segments; at most ${MAX_FRAGMENTS_PER_FILE} allowed, cut longer segments`, 'too-many-fragments');
  }
  const set = new Set(previews);
  for (const p of set) {
    if (!Number.isInteger(p) || p < 0) throw new PlanError(`preview fragment index ${p} is negative`, 'no-such-preview');
    if (p >= starts.length) {
      throw new PlanError(`${name} has ${starts.length} fragment(s) (0..${starts.length - 1}); preview index ${p} does not exist`, 'no-such-preview');
    }
  }
  return starts.map((from, i) => {
    const to = i + 1 < starts.length ? starts[i + 1] : size;
    /** @type {PlannedFragment} */
    const f = { offset: from, size: to - from, preview: set.has(i) || (options.header === true && i === 0) };
    if (options.spans) Object.assign(f, { start: options.spans[i].start, duration: options.spans[i].duration });
    return f;
  });
}

/**
 * A byte cut's fragments (what Cut.everyBytes(cutBytes) packs).
 * @param {number} size file size
 * @param {number} cutBytes fragment length, at least 1
 * @param {Iterable<number>} [previewSet] indices of plaintext fragments
 * @param {string} [name] the file's archive path, for messages
 * @returns {PlannedFragment[]}
 */
export function planByteCut(size, cutBytes, previewSet = [], name = 'file') {
  return planFragments(size, byteCutStarts(size, cutBytes, name), previewSet, { name });
}

/**
 * The whole file as one fragment (what Cut.whole() packs).
 * @param {number} size file size
 * @param {boolean} [preview] store it as plaintext
 * @returns {PlannedFragment[]}
 */
export function planWhole(size, preview = false) {
  return [{ offset: 0, size, preview }];
}

/**
 * Parses a --cut byte size as the CLI does: digits with an optional K, M or G suffix (powers of 1024).
 * @param {string} text
 * @returns {number}
 */
export function parseByteSize(text) {
  const m = /^([0-9]+)([KMG]?)$/i.exec(text.trim());
  if (!m) throw new PlanError(`cut size '${text}' is not a number of bytes (suffixes K, M, G)`, 'bad-cut');
  const n = Number(m[1]) * { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2].toUpperCase()];
  if (!Number.isSafeInteger(n) || n < 1) throw new PlanError(`cut size '${text}' must be at least 1 byte`, 'bad-cut');
  return n;
}

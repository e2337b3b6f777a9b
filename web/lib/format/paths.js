// File path rules (spec/archive-format.md section 3), as org.unveil.archive.internal.EntryNames:
// unpack turns these paths into real files, so a path that could escape the output directory or
// land on another file of a case-insensitive file system is refused by every reader.

import { utf8 } from '../bytes.js';

export const MAX_PATH_BYTES = 1024;
export const MAX_SEGMENT_BYTES = 255;

/**
 * Why a path is unsafe, or null when it is safe. The messages are Java's, so both twins refuse
 * the same path with the same words.
 * @param {string} path
 * @returns {string | null}
 */
export function unsafePathReason(path) {
  if (path.length === 0) return 'empty path';
  const shown = path.length > 120 ? path.slice(0, 120) + '...' : path;
  if (utf8ByteLength(path) > MAX_PATH_BYTES) return `path '${shown}' is longer than ${MAX_PATH_BYTES} bytes`;
  if (path.startsWith('/')) return `absolute path '${shown}' is not allowed`;
  if (path.length >= 2 && path[1] === ':') return `path '${shown}' starts with a drive letter`;
  if (/[\u0000-\u001f\u007f\\]/.test(path)) {
    return `path '${shown.replace(/[\u0000-\u001f\u007f]/g, '?')}' contains a control character or backslash`;
  }
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(path)) return `path '${shown}' contains an unpaired surrogate`;
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.' || seg === '..') {
      return `path '${shown}' has an empty, '.' or '..' segment; paths must stay inside the output directory`;
    }
    if (utf8ByteLength(seg) > MAX_SEGMENT_BYTES) return `path '${shown}' has a segment longer than ${MAX_SEGMENT_BYTES} bytes`;
  }
  if (path.normalize('NFC') !== path) return `path '${shown}' is not in Unicode NFC; normalise it before packing`;
  return null;
}

/**
 * The key two paths collide under: NFC, upper case, lower case, NFC (which folds e.g. "ß" and
 * "SS" together). macOS and Windows file systems would map colliding paths to one file.
 * @param {string} path
 * @returns {string}
 */
export function collisionKey(path) {
  return path.normalize('NFC').toUpperCase().toLowerCase().normalize('NFC');
}

/**
 * @param {string} s a well-formed string (lone surrogates count 3 bytes, as U+FFFD)
 * @returns {number}
 */
function utf8ByteLength(s) {
  let n = s.length;
  // ASCII is one byte per code unit; only longer text needs encoding.
  return /^[\u0000-\u007f]*$/.test(s) ? n : utf8(s).length;
}

// The media-type table of org.unveil.archive.internal.MediaTypes: labels files by their name and
// names preview entries by their type, so both twins give a file the same entry name.

export const MP3 = 'audio/mpeg';
export const OCTET_STREAM = 'application/octet-stream';

/** @type {Readonly<Record<string, string>>} */
const BY_EXTENSION = Object.freeze({
  mp3: MP3, flac: 'audio/flac', ogg: 'audio/ogg', opus: 'audio/ogg', oga: 'audio/ogg', ts: 'video/mp2t', wav: 'audio/wav', m4a: 'audio/mp4',
  mp4: 'video/mp4', webm: 'video/webm', mkv: 'video/x-matroska', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg',
  pdf: 'application/pdf', txt: 'text/plain', md: 'text/markdown',
});

/** @type {Readonly<Record<string, string>>} */
const EXTENSION = Object.freeze({
  [MP3]: 'mp3', 'audio/flac': 'flac', 'audio/ogg': 'ogg', 'audio/wav': 'wav', 'video/mp2t': 'ts', 'audio/mp4': 'm4a', 'video/mp4': 'mp4',
  'video/webm': 'webm', 'video/x-matroska': 'mkv', 'image/png': 'png', 'image/jpeg': 'jpg', 'application/pdf': 'pdf', 'text/plain': 'txt',
  'text/markdown': 'md',
});

const has = (/** @type {object} */ o, /** @type {string} */ k) => Object.prototype.hasOwnProperty.call(o, k);

/**
 * The media type a file's name gives (its last extension, any case), application/octet-stream
 * when the table has none.
 * @param {string} path
 * @returns {string}
 */
export function mediaTypeForPath(path) {
  const dot = path.lastIndexOf('.');
  if (dot < 0 || dot < path.lastIndexOf('/')) return OCTET_STREAM;
  const ext = path.slice(dot + 1).toLowerCase();
  return has(BY_EXTENSION, ext) ? BY_EXTENSION[ext] : OCTET_STREAM;
}

/**
 * The file extension of a preview entry of this media type; "bin" for a type not in the table.
 * @param {string} mediaType
 * @returns {string}
 */
export function extensionFor(mediaType) {
  return has(EXTENSION, mediaType) ? EXTENSION[mediaType] : 'bin';
}

/**
 * Whether a media type has the RFC 6838 shape the manifest allows: lowercase type/subtype of
 * restricted characters, at most 127 characters.
 * @param {string} mediaType
 * @returns {boolean}
 */
export function isWellFormedMediaType(mediaType) {
  return mediaType.length <= 127 && /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/.test(mediaType);
}

// What a pack will hold before anything is read or drawn: the options checked and every file's
// fragments fixed (ranges, previews, stored sizes), as the Java reference's ArchivePacker and
// ArchiveLayoutWriter.plannedEntry plan them. Hashes are zero placeholders and key addresses absent.
import { fromHex } from '../bytes.js';
import { mediaTypeForPath, OCTET_STREAM } from '../format/mediatypes.js';
import { storedSize } from '../format/sizes.js';
import { byteCutStarts } from '../format/fragments.js';
import { decodePoint } from '../crypto/secp.js';
import { PackError } from './errors.js';

export const ZERO_HASH = '0'.repeat(64);
const DEFAULT_SAMPLE_COUNT = 3;
/** The media type of each cutter's format, for a media-cut file whose name gives none. */
const FORMAT_MEDIA_TYPES = { mp3: 'audio/mpeg', flac: 'audio/flac', ogg: 'audio/ogg', ts: 'video/mp2t', fmp4: 'video/mp4' };

/**
 * The checked plan: files with their planned entries, groups with decoded keys, terms, F and the input size.
 * @typedef {ReturnType<typeof planPack>} PackPlan
 */

/**
 * Checks the options and fixes every file's fragments (sizes, previews, stored sizes): everything
 * the manifest holds except hashes and keys. Throws PackError before any randomness is drawn.
 * @param {import('./pack.js').PackOptions} o
 */
export function planPack(o) {
  if (!o || typeof o !== 'object') throw new TypeError('packArchive needs options { files, groups, terms, license, random }');
  if (!Array.isArray(o.files) || o.files.length === 0) throw new PackError('no input files; add at least one');
  if (!Array.isArray(o.groups) || o.groups.length === 0) throw new PackError('no keyholder group; add at least one');
  if (!o.random || typeof o.random.bytes !== 'function') throw new TypeError('a random source { bytes(n) } is required (systemRandom() for real packs)');
  if (typeof o.license !== 'string') throw new PackError('license text required');
  if (!o.terms || typeof o.terms !== 'object') throw new PackError('release terms required (chainId, factory, release, token, goal, artistFee, deadlines, revealWindow)');
  const files = o.files.map((f, i) => planFile(f, i));
  const F = files.reduce((n, f) => n + f.fragments.filter((x) => !x.preview).length, 0);
  if (F === 0) {
    throw new PackError('every fragment is a preview, so nothing would be encrypted: a release needs at least one encrypted fragment for the chain to sample and the keyholders to release; preview fewer fragments', 'nothing-encrypted');
  }
  const groups = o.groups.map((g, i) => {
    if (!g || !Array.isArray(g.keyholders) || g.keyholders.length === 0) throw new PackError(`group ${i} has no keyholders`);
    const keys = g.keyholders.map((k, j) => {
      const b = typeof k === 'string' ? fromHex(k) : k;
      try {
        decodePoint(b, `group ${i} keyholder ${j}`);
      } catch (e) {
        throw new PackError(`group ${i} keyholder ${j} is not a secp256k1 release public key: ${/** @type {Error} */ (e).message}`, 'pack-input', { cause: e });
      }
      return b;
    });
    if (!Number.isInteger(g.threshold) || g.threshold < 1 || g.threshold > keys.length) {
      throw new PackError(`group ${i} threshold ${g.threshold} must be 1..${keys.length} (its keyholder count)`);
    }
    return { threshold: g.threshold, keys };
  });
  const terms = { ...o.terms, goal: String(o.terms?.goal), artistFee: String(o.terms?.artistFee), sampleCount: o.sampleCount ?? o.terms?.sampleCount ?? DEFAULT_SAMPLE_COUNT };
  return { files, groups, terms, F, total: files.reduce((n, f) => n + f.size, 0) };
}

/**
 * @param {import('./pack.js').PackFile} f
 * @param {number} i
 */
function planFile(f, i) {
  if (!f || typeof f.path !== 'string') throw new PackError(`file ${i} has no path`);
  if (!Number.isSafeInteger(f.size) || f.size < 0) throw new PackError(`${f.path}: size ${f.size} must be a whole number of bytes`);
  if (typeof f.source !== 'function') throw new TypeError(`${f.path}: source must be a function returning the file's bytes (it is read twice)`);
  const cut = f.cut ?? 'whole';
  /** @type {Array<{ offset: number, size: number, start?: number, duration?: number }>} */
  let ranges;
  let media = null;
  if (cut === 'whole') {
    ranges = [{ offset: 0, size: f.size }];
  } else if (typeof cut === 'object' && 'bytes' in cut) {
    let starts;
    try {
      starts = byteCutStarts(f.size, cut.bytes, f.path);
    } catch (e) {
      throw new PackError(/** @type {Error} */ (e).message, 'pack-input', { cause: e });
    }
    ranges = starts.map((offset, j) => ({ offset, size: (j + 1 < starts.length ? starts[j + 1] : f.size) - offset }));
  } else if (typeof cut === 'object' && 'segments' in cut && Array.isArray(cut.segments)) {
    if (cut.size !== undefined && cut.size !== f.size) throw new PackError(`${f.path}: the media plan is for ${cut.size} bytes but the file has ${f.size}; cut the file again`);
    ranges = cut.segments.map(({ offset, size, start, duration }) => ({ offset, size, start, duration }));
    media = { format: cut.format, header: !!cut.header };
  } else if (typeof cut === 'object' && 'fragments' in cut && Array.isArray(cut.fragments)) {
    ranges = cut.fragments.map((x) => ({ ...x }));
    media = cut.media ? { format: cut.media.format, header: !!cut.media.header } : null;
  } else {
    throw new PackError(`${f.path}: cut must be 'whole', { bytes: N }, a media cutter's plan { format, header, segments } or { fragments, media }`);
  }
  const previews = new Set(f.previews ?? []);
  for (const p of previews) {
    if (!Number.isInteger(p) || p < 0 || p >= ranges.length) {
      throw new PackError(`${f.path} has ${ranges.length} fragment(s) (0..${ranges.length - 1}); preview index ${p} does not exist`, 'preview-index');
    }
  }
  let mediaType = f.mediaType ?? mediaTypeForPath(f.path);
  if (!f.mediaType && media && mediaType === OCTET_STREAM && FORMAT_MEDIA_TYPES[media.format]) mediaType = FORMAT_MEDIA_TYPES[media.format];
  const fragments = ranges.map((r, j) => {
    // A header segment holds no media and every other fragment plays only after it: always a preview.
    const preview = previews.has(j) || (media?.header === true && j === 0);
    /** @type {import('../format/manifest.js').Fragment} */
    const x = { offset: r.offset, size: r.size, preview, storedSize: storedSize({ size: r.size, preview }), sha256: ZERO_HASH };
    if (media) { x.start = r.start; x.duration = r.duration; }
    return x;
  });
  /** @type {import('../format/manifest.js').FileEntry} */
  const entry = { path: f.path, mediaType, size: f.size, sha256: ZERO_HASH, fragments };
  if (media) entry.media = media;
  return entry;
}

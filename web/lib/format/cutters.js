// One entry point for every media cut (as media.MediaCutters.plan), and the step from a cut to
// the manifest's fragments (as FragmentPlanner.media and ArchiveLayoutWriter.plannedEntry).

import { cutMp3 } from './mp3.js';
import { cutFlac } from './flac.js';
import { cutOgg } from './ogg.js';
import { cutTs } from './ts.js';
import { cutFmp4 } from './fmp4.js';
import { mediaCutter, MediaError } from './media.js';
import { planFragments } from './fragments.js';
import { OCTET_STREAM, mediaTypeForPath } from './mediatypes.js';

/** @type {Record<string, (source: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>, options?: {seconds?: number, name?: string, size?: number}) => Promise<import('./media.js').MediaPlan>>} */
const CUTTERS = { mp3: cutMp3, flac: cutFlac, ogg: cutOgg, ts: cutTs, fmp4: (source, options) => cutFmp4(source, options ?? {}) };

/** The cut names this twin cuts: all five of Java's. */
export const SUPPORTED_MEDIA_FORMATS = Object.freeze(Object.keys(CUTTERS));

/**
 * Cuts a media file read once from the stream, after checking its first bytes are of the format
 * named (a mislabelled file would be cut where it does not play).
 * @param {AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>} source the whole file
 * @param {string} format the cut name: mp3, flac, ogg, ts, fmp4
 * @param {{seconds?: number, name?: string, size?: number}} [options] segment length (default 30 s); the file's archive path,
 *   for messages; its size (required for fmp4; TS refuses a truncated file before reading it when given)
 * @returns {Promise<import('./media.js').MediaPlan>}
 * @throws {MediaError}
 */
export async function cutMedia(source, format, options = {}) {
  mediaCutter(format);
  const cut = CUTTERS[format];
  if (!cut) throw new MediaError(`cutting ${format} is not in the web tool yet; cut ${options.name ?? 'the file'} by bytes, or pack it with the unveil CLI`, 'unknown-format');
  return cut(source, options);
}

/**
 * The manifest's view of a media cut: the file's `media` object and its planned fragments (the
 * header segment always a preview), ready for hashing and sealing.
 * @param {import('./media.js').MediaPlan} plan
 * @param {Iterable<number>} [previews] indices of plaintext fragments
 * @param {string} [name] the file's archive path, for messages
 * @returns {{media: {format: string, header: boolean}, fragments: import('./fragments.js').PlannedFragment[]}}
 */
export function mediaFragments(plan, previews = [], name = 'file') {
  const fragments = planFragments(plan.size, plan.segments.map((s) => s.offset), previews, { name, header: plan.header, spans: plan.segments });
  return { media: { format: plan.format, header: plan.header }, fragments };
}

/**
 * The media type a packed file gets: its name's, or for a media-cut file whose name gives none,
 * the format's (so a preview gets the right extension), as ArchivePacker.mediaType.
 * @param {string} path
 * @param {string | null} [mediaFormat] the cut name when the file is media-cut
 * @returns {string}
 */
export function packedMediaType(path, mediaFormat = null) {
  const byName = mediaTypeForPath(path);
  if (!mediaFormat || byName !== OCTET_STREAM) return byName;
  return mediaCutter(mediaFormat).mediaType;
}

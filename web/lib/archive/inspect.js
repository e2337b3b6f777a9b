// Keyless checks of an archive, what `unveil inspect` shows (the Java reference's
// ArchiveReader.inspect, Inspection and the CLI's InspectCommand): tar structure, manifest rules,
// every entry's name, size and SHA-256, while streaming; plus the warnings a fan should see before
// pledging, and the plaintext previews, each written after its file's header segment so it plays
// (section 5 rule 9).
import { encryptedFragments, entryName } from '../format/manifest.js';
import { extensionFor } from '../format/mediatypes.js';
import { suspects, previewBytes, totalBytes } from '../format/inspection.js';
import { fragmentRoot } from '../crypto/fragment-tree.js';
import { openArchive } from './_scan.js';
import { ArchiveFormatError } from './errors.js';

/** Header segments larger than this are refused when previews are extracted (they are held in memory to go in front of each preview). */
const MAX_HEADER_BYTES = 64 * 1024 * 1024;

/**
 * Where a preview goes: `write` sees its bytes (header segment first), `close` is called only once
 * its SHA-256 matched the manifest, `abort` if the archive failed meanwhile.
 * @typedef {{ write(chunk: Uint8Array): unknown, close?(): unknown, abort?(reason: unknown): unknown }} Sink
 */

/**
 * A preview fragment as extractPreviews (Java) names it.
 * @typedef {object} PreviewInfo
 * @property {string} path the file's path
 * @property {number} fragmentIndex
 * @property {string} mediaType
 * @property {string} name the whole file's path if it is one preview fragment, else `dir/stem.preview-J.ext`
 * @property {number} size bytes written: the header segment (if the file has one) plus the fragment
 */

/**
 * @typedef {object} FragmentSummary
 * @property {number} index
 * @property {number} offset
 * @property {number} size
 * @property {boolean} preview
 * @property {boolean} header whether it is the file's header segment (no media, a preview that is not counted)
 * @property {number|null} encrypted e, its index among encrypted fragments, null for a preview
 * @property {string|null} keyAddress
 * @property {string} entry its tar entry name
 * @property {number} storedSize
 * @property {string} sha256 of the stored bytes, verified
 * @property {number} [start] media time, microseconds
 * @property {number} [duration]
 */

/**
 * @typedef {object} Inspection
 * @property {import('../format/manifest.js').Manifest} manifest
 * @property {Uint8Array} manifestBytes
 * @property {string} manifestHash compare it with the release contract
 * @property {string} fragmentRoot 0x + 64 hex; the release contract must record it
 * @property {number} fragmentCount F
 * @property {number} sampleCount r = min(terms.sampleCount, F), the fragments the chain samples
 * @property {number} totalBytes
 * @property {number} previewBytes plaintext preview bytes, header segments not counted
 * @property {Array<{ path: string, mediaType: string, size: number, sha256: string, media: object|null, previewBytes: number, fragments: FragmentSummary[] }>} files previewBytes: the file's plaintext preview bytes, its header segment not counted
 * @property {Array<{ file: string|null, reason: string }>} suspects why a fan should distrust it (file null: the whole archive); empty if none
 * @property {boolean} suspect
 * @property {Array<PreviewInfo & { bytes: Uint8Array }>} previews collected previews (with `collectPreviews`)
 */

/**
 * Verifies an archive without any key and says what it holds. Throws ArchiveFormatError
 * (structure, manifest) or ArchiveIntegrityError (a stored hash) on the first problem.
 * @param {import('../bytes.js').ByteSource} source the whole archive
 * @param {{ onPreview?: (info: PreviewInfo) => Sink|null|undefined|Promise<Sink|null|undefined>, collectPreviews?: number, manifestOnly?: boolean }} [options]
 *   onPreview: a sink per preview (null skips it); collectPreviews: keep previews in memory up to
 *   this many bytes in total (more is refused); manifestOnly: read only the manifest (for an archive
 *   verified whole before), like Java's inspectManifest
 * @returns {Promise<Inspection>}
 */
export async function inspectArchive(source, options = {}) {
  const { manifest, manifestBytes, manifestHash, fragments } = await openArchive(source);
  /** @type {Array<PreviewInfo & { bytes: Uint8Array }>} */
  const collected = [];
  if (!options.manifestOnly) await verifyAll(fragments(), options, collected);
  return summary(manifest, manifestBytes, manifestHash, collected);
}

/**
 * @param {AsyncGenerator<import('./_scan.js').ScannedFragment>} scanned
 * @param {{ onPreview?: Function, collectPreviews?: number }} options
 * @param {Array<PreviewInfo & { bytes: Uint8Array }>} collected
 */
async function verifyAll(scanned, options, collected) {
  const limit = options.collectPreviews ?? 0;
  let kept = 0;
  /** @type {Uint8Array|null} */
  let header = null;
  /** @type {Promise<void>} */
  let headerVerified = Promise.resolve();
  /** @type {Sink[]} */
  const open = [];
  try {
    for await (const s of scanned) {
      const { file, fragment, fragmentIndex: j } = s;
      const hasHeader = file.media?.header === true;
      if (j === 0) header = null;
      if (hasHeader && j === 0) {
        if (fragment.size > MAX_HEADER_BYTES) throw new ArchiveFormatError(`${file.path}'s header segment is ${fragment.size} bytes; previews are extracted only with headers up to ${MAX_HEADER_BYTES}`);
        if (!options.onPreview && limit === 0) continue;
        header = await readAll(s.body, fragment.size);
        headerVerified = s.body.verified;
        continue;
      }
      if (!fragment.preview || (!options.onPreview && limit === 0)) continue;
      const info = { path: file.path, fragmentIndex: j, mediaType: file.mediaType, name: previewName(file, j), size: (header?.length ?? 0) + fragment.size };
      /** @type {Sink[]} */
      const sinks = [];
      const user = options.onPreview ? await options.onPreview(info) : null;
      if (user) sinks.push(user);
      /** @type {Uint8Array|null} */
      let bytes = null;
      if (limit > 0) {
        if (kept + info.size > limit) throw new RangeError(`previews exceed the ${limit} bytes asked to be kept in memory; raise collectPreviews or stream them with onPreview`);
        kept += info.size;
        bytes = new Uint8Array(info.size);
      }
      open.push(...sinks);
      let o = 0;
      const put = async (/** @type {Uint8Array} */ c) => {
        if (bytes) bytes.set(c, o);
        o += c.length;
        for (const k of sinks) await k.write(c);
      };
      if (header) await put(header);
      for await (const c of s.body) await put(c);
      await headerVerified;
      await s.body.verified; // a preview is closed only once its bytes (and its header's) are the manifest's
      for (const k of sinks) { open.splice(open.indexOf(k), 1); await k.close?.(); }
      if (bytes) collected.push({ ...info, bytes });
    }
  } catch (e) {
    for (const k of open) { try { await k.abort?.(e); } catch { /* the first error is the one to report */ } }
    throw e;
  }
}

/**
 * @param {AsyncIterable<Uint8Array>} body
 * @param {number} size
 */
async function readAll(body, size) {
  const out = new Uint8Array(size);
  let o = 0;
  for await (const c of body) { out.set(c, o); o += c.length; }
  return out;
}

/**
 * The name Java's extractPreviews gives a preview: the file's own path if the file is that one fragment, else `dir/stem.preview-J.ext`.
 * @param {import('../format/manifest.js').FileEntry} f
 * @param {number} j
 * @returns {string}
 */
export function previewName(f, j) {
  if (f.fragments.length === 1) return f.path;
  const slash = f.path.lastIndexOf('/'), dot = f.path.lastIndexOf('.');
  const stem = dot > slash + 1 ? f.path.substring(0, dot) : f.path;
  return `${stem}.preview-${j}.${extensionFor(f.mediaType)}`;
}

/**
 * @param {import('../format/manifest.js').Manifest} manifest
 * @param {Uint8Array} manifestBytes
 * @param {string} manifestHash
 * @param {Array<PreviewInfo & { bytes: Uint8Array }>} collected
 * @returns {Inspection}
 */
function summary(manifest, manifestBytes, manifestHash, collected) {
  const encrypted = encryptedFragments(manifest);
  let e = 0;
  const files = manifest.files.map((f, fi) => ({
    path: f.path, mediaType: f.mediaType, size: f.size, sha256: f.sha256, media: f.media ?? null,
    previewBytes: f.fragments.reduce((n, x, j) => n + (x.preview && !(f.media?.header && j === 0) ? x.size : 0), 0),
    fragments: f.fragments.map((x, j) => {
      /** @type {FragmentSummary} */
      const s = {
        index: j, offset: x.offset, size: x.size, preview: x.preview, header: f.media?.header === true && j === 0,
        encrypted: x.preview ? null : e++, keyAddress: x.keyAddress ?? null, entry: entryName(fi, j, x, f.mediaType), storedSize: x.storedSize, sha256: x.sha256,
      };
      if (x.start !== undefined) { s.start = x.start; s.duration = x.duration; }
      return s;
    }),
  }));
  // Inspection's warnings are about the whole archive, so no file is named.
  const sus = suspects(manifest).map((reason) => ({ file: null, reason }));
  return {
    manifest, manifestBytes, manifestHash,
    fragmentRoot: fragmentRoot(encrypted.map((x) => /** @type {string} */ (x.fragment.keyAddress))),
    fragmentCount: encrypted.length,
    sampleCount: Math.min(manifest.terms.sampleCount, encrypted.length),
    totalBytes: totalBytes(manifest), previewBytes: previewBytes(manifest),
    files, suspects: sus, suspect: sus.length > 0, previews: collected,
  };
}

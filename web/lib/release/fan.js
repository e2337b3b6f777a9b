// The fan page's steps over the twin, in the order the page runs them: the archive's CID from the
// release, the archive fetched with every block verified, inspected (previews kept as Blobs), the
// chain's samples decrypted with their revealed keys, the verdict, and the work decrypted. No DOM:
// sources are Blobs or async iterables, outputs are sinks the page provides.
import { decodeCid, formatCid } from '../ipfs/cid.js';
import { verifiedFetch } from '../ipfs/fetch.js';
import { inspectArchive } from '../archive/inspect.js';
import { decryptFragmentFromArchive, unpackArchive } from '../archive/unpack.js';
import { encryptedFragments } from '../format/manifest.js';
import { verdict, revealedSamples } from './verdict.js';
import { fromHex, blobChunks } from '../bytes.js';

/**
 * The archive CID a release records (its `params.archiveCid` bytes), as text; null if it is no CID.
 * @param {string} archiveCidHex 0x-prefixed bytes
 * @returns {string|null}
 */
export function archiveCidOf(archiveCidHex) {
  try {
    return formatCid(decodeCid(fromHex(archiveCidHex)));
  } catch {
    return null;
  }
}

/**
 * The archive's bytes from the gateways, every block verified against `cid` before a byte of it
 * is handed out (failing over from gateway to gateway). Each chunk is valid until the next is asked
 * for (the download reuses its buffers): write or copy it first.
 * @param {string} cid @param {string[]} gateways
 * @param {(done: number, total: number, gateway: string) => void} [onProgress]
 * @returns {AsyncGenerator<Uint8Array>}
 */
export async function* fetchArchive(cid, gateways, onProgress) {
  if (gateways.length === 0) throw new Error('no gateway to fetch the archive from: add &gateway=URL to the link, or wait for keyholders to enrol');
  yield* verifiedFetch(cid, { gateways, onProgress: (p) => onProgress?.(p.verified, p.total ?? 0, p.gateway) });
}

/**
 * Verifies a stored archive without keys (every entry's name, size and SHA-256) and keeps each
 * preview (header segment first, so it plays) as a Blob of its media type.
 * @param {Blob} archive
 * @param {(done: number, total: number) => void} [onProgress]
 */
export async function inspectStored(archive, onProgress) {
  /** @type {{ path: string, fragmentIndex: number, mediaType: string, name: string, blob: Blob }[]} */
  const previews = [];
  let done = 0;
  async function* counted() {
    for await (const value of blobChunks(archive)) {
      done += value.length;
      onProgress?.(done, archive.size);
      yield value;
    }
  }
  const inspection = await inspectArchive(counted(), {
    onPreview: (info) => {
      /** @type {Uint8Array[]} */
      const parts = [];
      return {
        write: (c) => { parts.push(c.slice()); },
        // close comes only once the preview's SHA-256 matched the manifest.
        close: () => { previews.push({ ...info, blob: new Blob(/** @type {BlobPart[]} */ (parts), { type: info.mediaType }) }); },
      };
    },
  });
  return { ...inspection, previewBlobs: previews };
}

/**
 * The previews kept by inspectStored, each with the row of its file.
 * @param {Blob} _archive @param {any} inspection
 */
export function previewsOf(_archive, inspection) {
  const paths = inspection.manifest.files.map((/** @type {any} */ f) => f.path);
  return inspection.previewBlobs.map((/** @type {any} */ p) => ({ ...p, fileIndex: paths.indexOf(p.path) }));
}

/**
 * The chain's samples: each sampled fragment decrypted from the stored archive with the key the
 * artist revealed on chain, checked against the manifest (key address first, then every hash).
 * @param {Blob} archive @param {any} inspection @param {any} release from readRelease @param {any} client
 * @returns {Promise<{ e: number, path: string, mediaType: string, name: string, blob: Blob|null, check: import('./verdict.js').SampleCheck }[]>}
 */
export async function samplesOf(archive, inspection, release, client) {
  const revealed = await revealedSamples(client, release.address);
  if (!revealed) return [];
  const fragments = encryptedFragments(inspection.manifest);
  const out = [];
  for (let i = 0; i < revealed.fragments.length; i++) {
    const e = revealed.fragments[i];
    const f = fragments[e];
    if (!f) {
      out.push({ e, path: '', mediaType: '', name: '', blob: null, check: { e, passed: false, where: 'not in this archive', reason: `the archive has ${fragments.length} encrypted fragments` } });
      continue;
    }
    const file = inspection.manifest.files[f.fileIndex];
    const where = `${file.path}, bytes ${f.fragment.offset}..${f.fragment.offset + f.fragment.size}`;
    const k = revealed.keys[i].toString(16).padStart(64, '0');
    try {
      const r = await decryptFragmentFromArchive(archive, e, k);
      const name = `${file.path}.sample-${e}`;
      out.push({ e, path: file.path, mediaType: file.mediaType, name, blob: new Blob([/** @type {BlobPart} */ (r.bytes)], { type: file.mediaType }), check: { e, passed: true, where } });
    } catch (err) {
      out.push({ e, path: file.path, mediaType: file.mediaType, name: '', blob: null, check: { e, passed: false, where, reason: err instanceof Error ? err.message : String(err) } });
    }
  }
  return out;
}

/**
 * The fan's verdict on the release (the CLI's `release verify`), from the inspection, the samples
 * checked and the chain.
 * @param {any} client @param {any} release @param {any} inspection @param {{check: any}[]} samples
 * @param {string} [factory] @param {string} [gateway]
 */
export function verdictOf(client, release, inspection, samples, factory, gateway) {
  return verdict({ client, release, inspection, sampleChecks: samples.map((s) => s.check), factory, gateway });
}

/**
 * Decrypts the whole work from the stored archive with the secret from the chain: each file goes to
 * `output.open(path)` and is committed (renamed from its `.part`) only once every check of the
 * archive passed, so nothing unverified is ever shown as complete.
 * @param {Blob} archive @param {bigint} secret
 * @param {{ open(path: string): Promise<{ write(c: Uint8Array): Promise<void>, commit(): Promise<string|undefined>, abort(): Promise<void> }> }} output
 * @param {{ onProgress?: (done: number, total: number) => void, onFileDone?: (f: {path: string, size: number, link?: string}) => void }} [hooks]
 */
export async function unlockStored(archive, secret, output, hooks = {}) {
  const s = secret.toString(16).padStart(64, '0');
  return unpackArchive(archive, s, {
    onProgress: hooks.onProgress,
    onFile: async (path, _mediaType, size) => {
      const sink = await output.open(path);
      return {
        write: (c) => sink.write(c),
        close: async () => { const link = await sink.commit(); hooks.onFileDone?.({ path, size, link }); },
        abort: () => sink.abort(),
      };
    },
  });
}

// What a fan should be warned of before pledging, and what an artist should be warned of before
// packing: twin of org.unveil.archive.Inspection, so both tools flag the same archives.

/** Previews smaller than this (in total) are too little to judge the work, unless the release is small. */
export const MIN_PREVIEW_BYTES = 64 * 1024;
/** Previews above this share of the work give most of it away before anyone pays. */
export const MAX_PREVIEW_SHARE = 0.5;

/**
 * @typedef {import('./manifest.js').Manifest} Manifest
 *
 * @typedef {object} Inspection
 * @property {Manifest} manifest
 * @property {string} manifestSha256 the manifest hash, to compare with the release contract
 * @property {number} previewBytes plaintext preview bytes, header segments not counted
 * @property {number} totalBytes bytes of the original files
 * @property {string[]} suspects warnings for a fan, empty if none
 */

/**
 * The preview size below which an archive is suspect: 64 KiB, or 5% of the total for releases under 1.25 MiB.
 * @param {number} totalBytes
 * @returns {number}
 */
export function minimumPreviewBytes(totalBytes) {
  return Math.min(MIN_PREVIEW_BYTES, Math.floor(totalBytes / 20));
}

/**
 * Plaintext bytes a fan can judge the work by: previews, but not header segments (a cover picture,
 * codec setup), which hold no media.
 * @param {Manifest} m
 * @returns {number}
 */
export function previewBytes(m) {
  let preview = 0;
  for (const f of m.files) {
    for (let j = f.media?.header ? 1 : 0; j < f.fragments.length; j++) {
      if (f.fragments[j].preview) preview += f.fragments[j].size;
    }
  }
  return preview;
}

/**
 * @param {Manifest} m
 * @returns {number}
 */
export function totalBytes(m) {
  return m.files.reduce((n, f) => n + f.size, 0);
}

/**
 * Why a fan should distrust the archive: nothing, or too little of it, can be checked before release.
 * @param {Manifest} m
 * @returns {string[]}
 */
export function suspects(m) {
  const preview = previewBytes(m), total = totalBytes(m);
  const out = [];
  if (preview === 0) {
    out.push('no preview: nothing in this archive can be checked before release');
  } else if (preview < minimumPreviewBytes(total)) {
    out.push(`preview too small: ${preview} of ${total} bytes (less than ${minimumPreviewBytes(total)})`);
  }
  return out;
}

/**
 * Risky choices for the artist packing it: what fans will distrust, previews that give most of
 * the work away, and a sample count that would publish every encrypted fragment.
 * @param {Manifest} m
 * @returns {string[]}
 */
export function artistWarnings(m) {
  const warnings = suspects(m);
  const preview = previewBytes(m), total = totalBytes(m);
  if (total > 0 && preview > MAX_PREVIEW_SHARE * total) {
    warnings.push(`previews cover ${((100 * preview) / total).toFixed(0)}% of the work (${preview} of ${total} bytes): fans get most of it without pledging`);
  }
  let fragmentCount = 0;
  for (const f of m.files) for (const x of f.fragments) if (!x.preview) fragmentCount++;
  if (m.terms.sampleCount >= fragmentCount) {
    warnings.push(`the chain would sample all ${fragmentCount} encrypted fragment(s) with a sample count of ${m.terms.sampleCount}`
      + ', publishing the whole work before anyone pays: the release contract refuses it; cut the work finer (--cut) or lower --samples');
  }
  return warnings;
}

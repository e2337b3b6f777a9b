// Stored sizes (spec/archive-format.md section 5 rule 2), as org.unveil.archive.internal.AgeSizes:
// the packer lays out the tar before encrypting, and readers refuse manifests whose sizes lie.

export const AGE_CHUNK = 64 * 1024;
export const AGE_TAG = 16;
export const AGE_NONCE = 16;
/** An age v1 header with one X25519 stanza: intro (22) + stanza (54 + 44) + MAC line (48). */
export const AGE_X25519_HEADER = 168;

/**
 * STREAM chunks of an age payload: at least one (an empty payload is one empty final chunk).
 * @param {number} plaintextSize
 * @returns {number}
 */
export function ageChunks(plaintextSize) {
  return Math.max(1, Math.ceil(plaintextSize / AGE_CHUNK));
}

/**
 * Size of the age v1 file (one X25519 recipient) that encrypts this many bytes.
 * @param {number} plaintextSize
 * @returns {number}
 */
export function ageStoredSize(plaintextSize) {
  if (!(plaintextSize >= 0)) throw new RangeError(`negative size ${plaintextSize}`);
  return AGE_X25519_HEADER + AGE_NONCE + plaintextSize + AGE_TAG * ageChunks(plaintextSize);
}

/**
 * The tar entry size of a fragment: its size for a preview, the age file's for an encrypted one.
 * @param {{size: number, preview: boolean}} fragment
 * @returns {number}
 */
export function storedSize(fragment) {
  return fragment.preview ? fragment.size : ageStoredSize(fragment.size);
}

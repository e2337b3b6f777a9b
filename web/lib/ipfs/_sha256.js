// sha2-256 for block hashing: WebCrypto where the page has it (native, about 8x noble's speed,
// which the >= 100 MB/s verify target needs), noble where it does not (insecure contexts).
import { sha256 as nobleSha256 } from '../../vendor/noble.js';

const subtle = globalThis.crypto?.subtle;

/**
 * The sha2-256 digest of the bytes.
 * @param {Uint8Array} bytes
 * @returns {Promise<Uint8Array>}
 */
export async function sha256(bytes) {
  if (subtle !== undefined) return new Uint8Array(await subtle.digest('SHA-256', /** @type {Uint8Array<ArrayBuffer>} */ (bytes)));
  return nobleSha256(bytes);
}

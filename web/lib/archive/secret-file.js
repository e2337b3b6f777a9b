// The artist's copy of the release secret s as a small text file (spec/archive-format.md section
// 8; the Java reference's SecretFile), so a secret saved by the web tool opens in `unveil unpack
// --secret-file` and one saved by the CLI opens here. The page saves it before it offers the archive.
import { toHex, fromHex } from '../bytes.js';
import { nonZeroScalar } from '../crypto/secp.js';
import { ArchiveKeyError } from './errors.js';

const MAGIC = 'unveil-release-secret-v1';
const MAX_BYTES = 4096;

/**
 * The secret file's text, byte for byte what Java writes (ASCII).
 * @param {Uint8Array} secret s, 32 bytes
 * @param {string} manifestHash 64 lowercase hex digits
 * @returns {string}
 */
export function encodeSecretFile(secret, manifestHash) {
  if (!(secret instanceof Uint8Array) || secret.length !== 32) throw new TypeError('the release secret is 32 bytes');
  if (!/^[0-9a-f]{64}$/.test(manifestHash)) throw new TypeError(`manifest hash must be 64 lowercase hex digits, got ${JSON.stringify(manifestHash)}`);
  return '# Unveil release secret s. Whoever holds this file can decrypt the release: keep it private.\n'
    + `${MAGIC}\nmanifest-sha256 ${manifestHash}\nsecret ${toHex(secret)}\n`;
}

/**
 * Reads a secret file: s, and the manifest hash it was saved for (null if the line is missing).
 * @param {string|Uint8Array} content the file's text or bytes
 * @returns {{ secret: Uint8Array, manifestHash: string|null }}
 * @throws {ArchiveKeyError} not a secret file, or its secret is not a valid scalar
 */
export function parseSecretFile(content) {
  const text = typeof content === 'string' ? content : new TextDecoder('latin1').decode(content);
  if (text.length > MAX_BYTES) throw new ArchiveKeyError('the file is too large to be an Unveil secret file; choose the .secret file pack saved');
  let magic = false;
  /** @type {string|null} */
  let manifestHash = null;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    if (line === MAGIC) {
      magic = true;
    } else if (magic && /^manifest-sha256 [0-9a-f]{64}$/.test(line)) {
      manifestHash = line.substring(16);
    } else if (magic && /^secret [0-9a-f]{64}$/.test(line)) {
      const secret = fromHex(line.substring(7));
      try {
        nonZeroScalar(secret, 'release secret');
      } catch (e) {
        throw new ArchiveKeyError(`the secret file's secret is not a secp256k1 scalar: ${/** @type {Error} */ (e).message}`, { cause: e });
      }
      return { secret, manifestHash };
    }
  }
  throw new ArchiveKeyError(`this is not an Unveil secret file (it needs a '${MAGIC}' line and a 'secret <64 hex>' line)`);
}

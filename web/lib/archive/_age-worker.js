// A module worker that seals or opens one whole age file at a time for _age-pool.js, and hashes
// its stored bytes with WebCrypto (native, here off the page's thread). Fragments are
// independent (each has its own key), so two of these keep both cores busy while the page only
// moves bytes. Posts 'ready' once its modules loaded (libsodium loads asynchronously); then
// answers each job by its id. Secrets sent here (identities, random draws) are wiped after use.
import { ageOpenWhole, ageEncryptor } from '../crypto/age.js';
import { toHex } from '../bytes.js';

/** @param {Uint8Array} bytes */
async function sha256Hex(bytes) {
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', /** @type {Uint8Array<ArrayBuffer>} */ (bytes))));
}

/**
 * Opens an age file into `spare` (a buffer the page gave back, if big enough) at the plaintext
 * size the manifest states; `over` if the file holds more. The stored bytes' buffer goes back too.
 * @param {{ identity: Uint8Array, stored: Uint8Array, size: number, spare: ArrayBuffer|null }} job
 */
async function open({ identity, stored, size, spare }) {
  const hashed = sha256Hex(stored);
  const plain = spare && spare.byteLength >= size ? new Uint8Array(spare, 0, size) : new Uint8Array(size);
  let n = 0;
  let over = false;
  /** @type {{ name: string, message: string }|null} */
  let error = null;
  try {
    n = ageOpenWhole(identity, stored, plain);
  } catch (e) {
    if (e instanceof RangeError) over = true;
    else error = { name: /** @type {Error} */ (e).name, message: /** @type {Error} */ (e).message };
  } finally {
    identity.fill(0);
  }
  return { storedSha256: await hashed, plain: plain.subarray(0, n), back: stored.buffer, over, error };
}

/**
 * Seals the plaintext to the recipient, replaying the draws the page made for this fragment.
 * @param {{ recipient: string, draws: Uint8Array[], plain: Uint8Array }} job
 */
async function seal({ recipient, draws, plain }) {
  let i = 0;
  const random = { bytes: (/** @type {number} */ n) => { const b = draws[i++]; if (!b || b.length !== n) throw new Error('the age worker got other draws than the encryptor takes; this is a bug'); return b.slice(); } };
  const age = ageEncryptor({ recipient, random });
  try {
    const chunks = Math.max(1, Math.ceil(plain.length / 65536));
    const sealed = new Uint8Array(age.header.length + plain.length + 16 * chunks);
    sealed.set(age.header);
    age.encryptInto(plain, sealed.subarray(age.header.length), true);
    return { sealed, storedSha256: await sha256Hex(sealed) };
  } finally {
    age.destroy();
    for (const d of draws) d.fill(0);
  }
}

self.onmessage = async (/** @type {MessageEvent} */ e) => {
  const { id, op } = e.data;
  try {
    const r = op === 'open' ? await open(e.data) : await seal(e.data);
    const buffers = 'plain' in r ? [r.plain.buffer, r.back] : [r.sealed.buffer];
    self.postMessage({ id, ...r }, /** @type {any} */ (buffers));
  } catch (err) {
    self.postMessage({ id, failed: String(/** @type {Error} */ (err)?.message ?? err) });
  }
};
self.postMessage('ready');

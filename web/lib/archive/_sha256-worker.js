// A module worker that hashes the bytes posted to it with SHA-256, for runs too long for
// WebCrypto's one-shot digest (see _digest.js): the page's thread goes on decrypting or encrypting
// while this one hashes. Messages: a Uint8Array to add, or 'digest' to answer the 32-byte hash.
import { sha256 } from '../../vendor/noble.js';

const hash = sha256.create();
self.onmessage = (/** @type {MessageEvent} */ e) => {
  if (e.data === 'digest') {
    const d = hash.digest();
    self.postMessage(d, /** @type {any} */ ([d.buffer]));
    self.close();
  } else {
    hash.update(e.data);
  }
};

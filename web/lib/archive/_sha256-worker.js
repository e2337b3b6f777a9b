// A module worker that hashes the bytes posted to it with SHA-256 (hash-wasm), for runs too long
// for WebCrypto's one-shot digest (see _digest.js): the page's thread goes on decrypting or
// encrypting while this one hashes. Messages: a Uint8Array to add, or 'digest' to answer the
// 32-byte hash (or { error } if hashing failed). The hasher loads asynchronously, so messages are
// handled in a chain, in order.
import { createSHA256 } from '../../vendor/hash-wasm.js';

/** @type {Promise<import('hash-wasm').IHasher>} */
let chain = createSHA256();
self.onmessage = (/** @type {MessageEvent} */ e) => {
  chain = chain.then((hash) => {
    if (e.data !== 'digest') return hash.update(e.data);
    const d = hash.digest('binary');
    self.postMessage(d, /** @type {any} */ ([d.buffer]));
    self.close();
    return hash;
  });
  chain.catch((err) => { self.postMessage({ error: String(err?.message ?? err) }); self.close(); });
};

// A module worker that hashes the bytes posted to it with SHA-256 (hash-wasm), for runs too long
// for WebCrypto's one-shot digest (see _digest.js): the page's thread goes on decrypting or
// encrypting while this one hashes. Messages: a Uint8Array to add (its buffer is posted back once
// hashed, for the page to reuse), or 'digest' to answer { digest } (or { error } if hashing
// failed). The hasher loads asynchronously, so messages are handled in a chain, in order.
import { createSHA256 } from '../../vendor/hash-wasm.js';

/** @type {Promise<import('hash-wasm').IHasher>} */
let chain = createSHA256();
self.onmessage = (/** @type {MessageEvent} */ e) => {
  chain = chain.then((hash) => {
    if (e.data !== 'digest') {
      hash.update(e.data);
      self.postMessage({ back: e.data.buffer }, /** @type {any} */ ([e.data.buffer]));
      return hash;
    }
    const d = hash.digest('binary');
    self.postMessage({ digest: d }, /** @type {any} */ ([d.buffer]));
    self.close();
    return hash;
  });
  chain.catch((err) => { self.postMessage({ error: String(err?.message ?? err) }); self.close(); });
};

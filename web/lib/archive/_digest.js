// SHA-256 for the archive's hot paths: pack and unpack hash every byte twice (the stored bytes of
// each fragment, the plaintext of each file). WebCrypto's digest is native and runs off the
// JavaScript thread (Chromium's and Node's crypto thread pools), but only one-shot: so a byte run
// of known length up to CAP is copied into one buffer and digested there, while the thread goes on
// decrypting. Longer runs are hashed incrementally by hash-wasm (WebAssembly, about 4x noble's
// speed in Chromium), in a module worker of their own where there are workers (a page:
// _sha256-worker.js, so a big file's hash costs this thread only a copy per chunk), here
// otherwise. The checks then settle later: a bounded queue awaits them in order, so memory stays
// at a few CAP-sized buffers, and callers settle every check before they report anything complete.
import { createSHA256 } from '../../vendor/hash-wasm.js';
import { toHex, BufferPool } from '../bytes.js';

/** The longest run digested one-shot (memory: this much per pending check). */
export const CAP = 16 * 1024 * 1024;
const subtle = globalThis.crypto?.subtle;

/** The SHA-256 of a byte run whose length is known up front: make one with `Sha256Stream.create`. */
export class Sha256Stream {
  /**
   * @param {number} size the run's length: more bytes are refused
   * @returns {Promise<Sha256Stream>}
   */
  static async create(size) {
    if (subtle && size <= CAP) return new Sha256Stream(size, new Uint8Array(size), null, null);
    const worker = startWorker();
    return new Sha256Stream(size, null, worker, worker ? null : await createSHA256());
  }

  /**
   * @param {number} size
   * @param {Uint8Array|null} buf the one-shot buffer
   * @param {Worker|null} worker
   * @param {import('hash-wasm').IHasher|null} inc
   */
  constructor(size, buf, worker, inc) {
    this.size = size;
    this.buf = buf;
    this.worker = worker;
    this.inc = inc;
    this.fill = 0;
    /** Copies for the worker, in buffers it posts back. */
    this.copies = new BufferPool(32 << 20);
    /** @type {(digest: Uint8Array) => void} */
    this.onDigest = () => {};
    /** @type {(message: string) => void} */
    this.onError = () => {};
    if (worker) {
      worker.onmessage = (e) => {
        if (e.data.back) this.copies.give(e.data.back);
        else if (e.data.digest) this.onDigest(e.data.digest);
        else this.onError(String(e.data.error));
      };
      worker.onerror = (e) => { e.preventDefault?.(); this.onError(e.message); };
    }
  }

  /** @param {Uint8Array} chunk copied if kept: the caller may reuse it */
  update(chunk) {
    this.fill += chunk.length;
    // callers bound what they hash by the manifest's sizes; more is a bug, not bad input
    if (this.fill > this.size) throw new RangeError(`hashed ${this.fill} bytes of a run announced as ${this.size}; this is a bug`);
    if (this.buf) {
      this.buf.set(chunk, this.fill - chunk.length);
    } else if (this.worker) {
      const copy = this.copies.take(chunk.length);
      copy.set(chunk);
      this.worker.postMessage(copy, [copy.buffer]);
    } else {
      /** @type {import('hash-wasm').IHasher} */ (this.inc).update(chunk);
    }
  }

  /** @returns {Promise<string>} 64 lowercase hex digits */
  async hex() {
    if (this.worker) {
      const w = this.worker;
      this.worker = null;
      return new Promise((resolve, reject) => {
        this.onDigest = (d) => resolve(toHex(d));
        this.onError = (message) => reject(new Error(`the SHA-256 worker failed: ${message}`));
        w.postMessage('digest');
      });
    }
    if (this.inc) return this.inc.digest('hex');
    const b = /** @type {Uint8Array} */ (this.buf);
    this.buf = null;
    return toHex(new Uint8Array(await subtle.digest('SHA-256', /** @type {Uint8Array<ArrayBuffer>} */ (b.subarray(0, this.fill)))));
  }
}

/**
 * A hashing worker, or null where there are none (Node, or a page that cannot start one: the
 * hash then runs on this thread, only slower).
 * @returns {Worker|null}
 */
function startWorker() {
  if (typeof Worker === 'undefined' || typeof window === 'undefined') return null;
  try {
    return new Worker(new URL('./_sha256-worker.js', import.meta.url), { type: 'module' });
  } catch {
    return null;
  }
}

/** Pending checks, awaited oldest first once more than `limit` are open; the first failure is thrown. */
export class CheckQueue {
  /** @param {number} [limit] */
  constructor(limit = 2) {
    this.limit = limit;
    /** @type {Promise<unknown>[]} */
    this.pending = [];
  }

  /** @param {Promise<unknown>} check */
  async add(check) {
    check.catch(() => {}); // awaited below, in order; not an unhandled rejection meanwhile
    this.pending.push(check);
    while (this.pending.length > this.limit) await this.pending.shift();
  }

  /** Settles every pending check. */
  async drain() {
    while (this.pending.length > 0) await this.pending.shift();
  }
}

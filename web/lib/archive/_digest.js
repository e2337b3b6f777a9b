// SHA-256 for the archive's hot paths. JavaScript's SHA-256 (noble) is about as slow as its
// ChaCha20-Poly1305, and pack and unpack hash every byte twice, so hashing is two thirds of the
// work. WebCrypto's digest is native and runs off the JavaScript thread (Chromium's and Node's
// crypto thread pools), but only one-shot: so a byte run of known length up to CAP is copied into
// one buffer and digested there, while the thread goes on decrypting; longer runs are hashed
// incrementally here. The checks then settle later: a bounded queue awaits them in order, so
// memory stays at a few CAP-sized buffers, and callers settle every check before they report
// anything complete. Where there are module workers (a page), longer runs are hashed in a worker
// of their own (_sha256-worker.js), so a big file's hash costs this thread only a copy per chunk.
import { sha256 } from '../../vendor/noble.js';
import { toHex } from '../bytes.js';

/** The longest run digested one-shot (memory: this much per pending check). */
export const CAP = 16 * 1024 * 1024;
const subtle = globalThis.crypto?.subtle;

/** The SHA-256 of a byte run whose length is known up front. */
export class Sha256Stream {
  /** @param {number} size the run's length (more or fewer bytes are still hashed right) */
  constructor(size) {
    /** @type {Uint8Array|null} */
    this.buf = subtle && size <= CAP ? new Uint8Array(size) : null;
    this.fill = 0;
    /** @type {ReturnType<typeof sha256.create>|null} */
    /** @type {Worker|null} */
    this.worker = !this.buf && size > CAP ? startWorker() : null;
    this.inc = this.buf || this.worker ? null : sha256.create();
  }

  /** @param {Uint8Array} chunk copied if kept: the caller may reuse it */
  update(chunk) {
    if (this.worker) {
      const copy = chunk.slice();
      this.worker.postMessage(copy, [copy.buffer]);
      return;
    }
    if (this.buf && this.fill + chunk.length <= this.buf.length) {
      this.buf.set(chunk, this.fill);
      this.fill += chunk.length;
      return;
    }
    if (this.buf) { // longer than announced: fall back to hashing here
      this.inc = sha256.create();
      this.inc.update(this.buf.subarray(0, this.fill));
      this.buf = null;
    }
    this.inc.update(chunk);
  }

  /** @returns {Promise<string>} 64 lowercase hex digits */
  async hex() {
    if (this.worker) {
      const w = this.worker;
      this.worker = null;
      return new Promise((resolve, reject) => {
        w.onmessage = (e) => resolve(toHex(new Uint8Array(e.data)));
        w.onerror = (e) => { e.preventDefault?.(); reject(new Error(`the SHA-256 worker failed: ${e.message}`)); };
        w.postMessage('digest');
      });
    }
    if (this.inc) return toHex(this.inc.digest());
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

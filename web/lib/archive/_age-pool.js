// Two age workers (_age-worker.js) for pack and unpack in a page: the page's own thread then only
// reads, writes and orders fragments, while the ciphers and the stored hashes run on both cores.
// Pack and unpack hand a fragment here only when the whole of it is small (up to CAP) and keep at
// most `depth` jobs in flight, so memory stays at a few fragments; bigger fragments, and Node (no
// module workers), take the streaming path on the calling thread, which gives the same bytes.
import { CAP } from './_digest.js';

/** The largest stored fragment handed to a worker whole. */
export const POOLED_MAX = CAP;

export class AgePool {
  /**
   * A pool where the page can run module workers with WebCrypto, else null.
   * @param {number} [size]
   * @returns {AgePool|null}
   */
  static start(size = 2) {
    if (typeof Worker === 'undefined' || typeof window === 'undefined' || !globalThis.crypto?.subtle) return null;
    try {
      return new AgePool(Array.from({ length: size }, () => new Worker(new URL('./_age-worker.js', import.meta.url), { type: 'module' })));
    } catch {
      return null;
    }
  }

  /** @param {Worker[]} workers */
  constructor(workers) {
    this.workers = workers.map((w) => ({ w, busy: 0, ready: readiness(w) }));
    /** Jobs a caller keeps in flight: two per worker. */
    this.depth = 2 * workers.length;
    this.next = 0;
    /** @type {Map<number, { resolve: (v: any) => void, reject: (e: Error) => void }>} */
    this.jobs = new Map();
    for (const x of this.workers) {
      x.w.addEventListener('message', (e) => {
        if (e.data === 'ready') return;
        const job = this.jobs.get(e.data.id);
        if (!job) return;
        this.jobs.delete(e.data.id);
        x.busy--;
        if (e.data.failed) job.reject(new Error(`an age worker failed: ${e.data.failed}`));
        else job.resolve(e.data);
      });
      x.w.addEventListener('error', (e) => {
        e.preventDefault();
        for (const [, job] of this.jobs) job.reject(new Error(`an age worker failed: ${e.message}`));
        this.jobs.clear();
      });
    }
  }

  /**
   * Opens a whole age file (transferred: `stored` is unusable afterwards).
   * @param {Uint8Array} identity copied, not taken
   * @param {Uint8Array} stored
   * @param {number} size the plaintext size the manifest states
   * @param {ArrayBuffer|null} [spare] a buffer to decrypt into (transferred), if big enough
   * @returns {Promise<{ storedSha256: string, plain: Uint8Array<ArrayBuffer>, back: ArrayBuffer, over: boolean, error: { name: string, message: string }|null }>} `back`: the stored bytes' buffer, to reuse
   */
  open(identity, stored, size, spare = null) {
    const key = identity.slice(); // the job may wait for its worker: the caller's copy may be wiped meanwhile
    return this.run({ op: 'open', identity: key, stored, size, spare }, [stored.buffer, key.buffer, ...(spare ? [spare] : [])]);
  }

  /**
   * Seals a fragment's plaintext (transferred) to its recipient with the draws made for it.
   * @param {string} recipient
   * @param {Uint8Array[]} draws the encryptor's randomness, in the order it takes it (copied, not taken)
   * @param {Uint8Array} plain
   * @returns {Promise<{ storedSha256: string, sealed: Uint8Array }>}
   */
  seal(recipient, draws, plain) {
    const copies = draws.map((d) => d.slice()); // the job may wait for its worker: the caller may wipe its draws meanwhile
    return this.run({ op: 'seal', recipient, draws: copies, plain }, [plain.buffer, ...copies.map((d) => d.buffer)]);
  }

  /** @param {object} message @param {ArrayBufferLike[]} transfer */
  async run(message, transfer) {
    const x = this.workers.reduce((a, b) => (b.busy < a.busy ? b : a));
    x.busy++;
    await x.ready;
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { resolve, reject });
      x.w.postMessage({ id, ...message }, /** @type {Transferable[]} */ (transfer));
    });
  }

  /** Stops the workers (jobs still running are dropped). */
  close() {
    for (const x of this.workers) x.w.terminate();
    for (const [, job] of this.jobs) job.reject(new Error('the age workers were stopped'));
    this.jobs.clear();
  }
}

/** @param {Worker} w @returns {Promise<void>} */
function readiness(w) {
  return new Promise((resolve, reject) => {
    const ok = (/** @type {MessageEvent} */ e) => { if (e.data === 'ready') { w.removeEventListener('message', ok); resolve(); } };
    w.addEventListener('message', ok);
    w.addEventListener('error', (e) => reject(new Error(`an age worker did not start: ${e.message}`)), { once: true });
  });
}

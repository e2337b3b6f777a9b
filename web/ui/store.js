// Where the pages keep big files: the origin private file system (OPFS), on disk, never whole in
// memory. A file is written under `NAME.part` and moved to NAME only once complete and verified,
// so a reload finds either a complete, checked file or a part to throw away: nothing incomplete
// ever looks complete.
import { BufferPool } from '../lib/bytes.js';

/** @returns {Promise<FileSystemDirectoryHandle>} */
async function root(dir) {
  if (!navigator.storage?.getDirectory) {
    throw new Error('this browser has no origin private file system (OPFS): use a current Chromium, Firefox or Safari');
  }
  let d = await navigator.storage.getDirectory();
  for (const part of dir.split('/').filter(Boolean)) d = await d.getDirectoryHandle(part, { create: true });
  return d;
}

/**
 * The complete file `name` in folder `dir`, or null if there is none (a `.part` does not count).
 * @param {string} dir @param {string} name
 * @returns {Promise<File|null>}
 */
export async function readStored(dir, name) {
  try {
    const h = await (await root(dir)).getFileHandle(name);
    return await h.getFile();
  } catch (e) {
    if (e instanceof DOMException && e.name === 'NotFoundError') return null;
    throw e;
  }
}

/**
 * Writes the chunks to `dir/name.part`; only if every chunk arrived (the source checks them as it
 * goes, and throws on the first bad one) is it moved to `dir/name`. On any failure the part is deleted.
 * `patch`, called once every chunk is written, may return bytes to write over the file at a
 * position before it is closed (a one-pass packer's manifest, known only at the end).
 * @param {string} dir @param {string} name
 * @param {AsyncIterable<Uint8Array>|Iterable<Uint8Array>} chunks
 * @param {() => Promise<{ position: number, data: Uint8Array } | null>} [patch]
 * @returns {Promise<File>}
 */
export async function storeComplete(dir, name, chunks, patch) {
  const d = await root(dir);
  const partName = `${name}.part`;
  const part = await d.getFileHandle(partName, { create: true });
  const out = await openWriter(part);
  try {
    for await (const c of chunks) await out.write(c);
    const over = patch ? await patch() : null;
    if (over) await out.write({ type: 'write', position: over.position, data: over.data });
    await out.close();
  } catch (e) {
    await out.abort();
    await d.removeEntry(partName).catch(() => {});
    throw e;
  }
  await /** @type {any} */ (part).move(name);
  return (await d.getFileHandle(name)).getFile();
}

/** Bytes queued to a file ahead of the disk: the producer runs on while the browser writes. */
const AHEAD = 16 << 20;
/** The same bound, for the tests. */
export const WRITE_AHEAD_BYTES = AHEAD;

/** Writes in flight, in order: `add` returns once at most AHEAD bytes are still unwritten. */
class WriteQueue {
  constructor() {
    /** @type {Array<{ done: Promise<unknown>, bytes: number }>} */
    this.queue = [];
    this.queued = 0;
  }

  /** @param {Promise<unknown>} done @param {number} bytes */
  async add(done, bytes) {
    done.catch(() => {}); // awaited in order below
    this.queue.push({ done, bytes });
    this.queued += bytes;
    await this.settle(AHEAD);
  }

  /** Waits for every write; the first failure is thrown. */
  drain() {
    return this.settle(-1);
  }

  /** Forgets the writes in flight (the file is being dropped). */
  clear() {
    this.queue.length = 0;
    this.queued = 0;
  }

  /** @param {number} limit */
  async settle(limit) {
    while (this.queue.length > 0 && this.queued > limit) {
      const x = /** @type {{ done: Promise<unknown>, bytes: number }} */ (this.queue.shift());
      this.queued -= x.bytes;
      await x.done;
    }
  }
}

/**
 * A writer of the file from its start (its old contents dropped), in order, up to AHEAD bytes
 * ahead of the disk: in OPFS through a synchronous access handle in a worker of its own
 * (_file-writer-worker.js, a quarter of the CPU a writable stream costs), elsewhere (a folder the
 * person picked) or where that is not possible through a writable stream. Chunks are copied when
 * written (into buffers the worker hands back): the caller may reuse them. `unwritten` is what
 * the file has not yet taken of what was written: at most AHEAD plus one chunk once write() returns.
 * @param {FileSystemFileHandle} file
 * @returns {Promise<{ write(chunk: Uint8Array | { type: 'write', position: number, data: Uint8Array }): Promise<void>, close(): Promise<void>, abort(): Promise<void>, readonly unwritten: number }>}
 */
export async function openWriter(file) {
  return (await syncWriter(file)) ?? writeAhead(await file.createWritable({ keepExistingData: false }));
}

/**
 * @param {FileSystemFileHandle} file
 * @returns {Promise<Awaited<ReturnType<typeof openWriter>>|null>} null where a sync handle cannot be had
 */
async function syncWriter(file) {
  /** @type {Worker} */
  let worker;
  try {
    worker = new Worker(new URL('./_file-writer-worker.js', import.meta.url), { type: 'module' });
  } catch {
    return null;
  }
  /** @type {Array<{ resolve: (v: any) => void, reject: (e: Error) => void }>} */
  const waiting = [];
  /** @type {Error|null} */
  let failed = null;
  const copies = new BufferPool(AHEAD + (8 << 20)); // every buffer in flight comes back to it
  /** Bytes posted to the worker that it has not reported written: what the queue bounds, counted apart from it. */
  let unwritten = 0;
  worker.onmessage = (e) => {
    if (e.data?.back) copies.give(e.data.back);
    if (typeof e.data?.wrote === 'number') unwritten -= e.data.wrote;
    const w = /** @type {(typeof waiting)[number]} */ (waiting.shift());
    if (e.data?.error) w.reject(new Error(`writing ${file.name} failed: ${e.data.error}`));
    else w.resolve(e.data);
  };
  worker.onerror = (e) => {
    e.preventDefault();
    failed = new Error(`writing ${file.name} failed: ${e.message}`);
    for (const w of waiting.splice(0)) w.reject(failed);
  };
  const ask = (/** @type {any} */ message, /** @type {Transferable[]} */ transfer = []) => new Promise((resolve, reject) => {
    if (failed) { reject(failed); return; }
    waiting.push({ resolve, reject });
    worker.postMessage(message, transfer);
  });
  try {
    await ask({ file });
  } catch {
    worker.terminate();
    return null; // not OPFS, or no sync handles here: the writable stream then
  }
  const queue = new WriteQueue();
  return {
    async write(chunk) {
      const positioned = !(chunk instanceof Uint8Array);
      const from = positioned ? chunk.data : chunk;
      const bytes = from.length; // counted before the transfer below empties `data`
      const data = copies.take(bytes);
      data.set(from);
      unwritten += bytes;
      await queue.add(ask(positioned ? { data, at: chunk.position } : { data }, [data.buffer]), bytes);
    },
    get unwritten() { return unwritten; },
    async close() {
      try {
        await queue.drain();
        await ask('close');
      } finally {
        worker.terminate();
      }
    },
    async abort() {
      queue.clear();
      await ask('abort').catch(() => {});
      worker.terminate();
    },
  };
}

/**
 * A writable stream's writer that does not wait for each write: each write is a round trip to the
 * browser process, so awaiting every one would add the disk's time to the producer's. Writes are
 * queued in order, up to AHEAD bytes in flight; a failed write fails a later call. Chunks are
 * copied (the queue keeps them while the caller may reuse its buffers).
 * @param {FileSystemWritableFileStream} writable
 */
function writeAhead(writable) {
  const writer = writable.getWriter();
  const queue = new WriteQueue();
  let unwritten = 0;
  return {
    /** @param {Uint8Array | { type: 'write', position: number, data: Uint8Array }} chunk */
    async write(chunk) {
      const bytes = chunk instanceof Uint8Array ? chunk.length : chunk.data.length;
      unwritten += bytes;
      const done = writer.write(/** @type {any} */ (chunk instanceof Uint8Array ? chunk.slice() : chunk));
      done.then(() => { unwritten -= bytes; }, () => {});
      await queue.add(done, bytes);
    },
    get unwritten() { return unwritten; },
    /** Waits for every queued write, then closes the file. */
    async close() {
      await queue.drain();
      await writer.close();
    },
    /** Drops the queue and the file's new contents. */
    async abort() {
      queue.clear();
      await writer.abort().catch(() => {});
    },
  };
}

/**
 * Deletes `dir/name` and its part, if there.
 * @param {string} dir @param {string} name
 */
export async function forget(dir, name) {
  const d = await root(dir);
  for (const n of [name, `${name}.part`]) await d.removeEntry(n).catch(() => {});
}

// The one way the format twin pulls bytes: from an async iterable of Uint8Array (a Node stream,
// an async generator) or a WHATWG ReadableStream (fetch bodies, File.stream()), which older
// browsers cannot iterate with for-await.

/**
 * @typedef {object} Pull
 * @property {() => Promise<IteratorResult<Uint8Array>>} next the next chunk
 * @property {() => Promise<void>} release stops the source (cancels a stream read only in part) and frees it
 */

/**
 * @param {AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>} source
 * @param {string} who the reader, for the error message
 * @returns {Pull}
 */
export function pullFrom(source, who) {
  if (source && typeof (/** @type {any} */ (source)).getReader === 'function') {
    const reader = /** @type {ReadableStream<Uint8Array>} */ (source).getReader();
    return {
      next: () => /** @type {Promise<IteratorResult<Uint8Array>>} */ (reader.read()),
      release: async () => {
        try { await reader.cancel(); } catch { /* closed or errored already */ }
        reader.releaseLock();
      },
    };
  }
  if (source && typeof (/** @type {any} */ (source))[Symbol.asyncIterator] === 'function') {
    const it = /** @type {AsyncIterable<Uint8Array>} */ (source)[Symbol.asyncIterator]();
    return {
      next: () => it.next(),
      release: async () => { if (typeof it.return === 'function') await it.return(); },
    };
  }
  throw new TypeError(`${who} needs an AsyncIterable<Uint8Array> or a ReadableStream`);
}

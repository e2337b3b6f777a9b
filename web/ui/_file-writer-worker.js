// A dedicated worker that writes one OPFS file through a synchronous access handle for
// ui/store.js: a FileSystemWritableFileStream costs the browser about 12 ms of CPU per MB here
// (every write is a copy through the browser process), a sync handle about 3, and the pages write
// every byte they fetch, pack or decrypt. Messages, answered in order: { file } (a
// FileSystemFileHandle) -> 'open' or { error }; { data, at? } -> { wrote, back } (data's buffer,
// posted back for the page to reuse); 'close' -> 'closed'; 'abort' -> 'aborted'. The file is truncated on open (the caller writes a `.part` afresh).
/** @type {any} */
let handle = null;
let at = 0;

self.onmessage = async (/** @type {MessageEvent} */ e) => {
  const m = e.data;
  try {
    if (m && m.file) {
      handle = await m.file.createSyncAccessHandle();
      handle.truncate(0);
      self.postMessage('open');
    } else if (m === 'close') {
      handle.flush();
      handle.close();
      self.postMessage('closed');
    } else if (m === 'abort') {
      handle?.close();
      self.postMessage('aborted');
    } else {
      const where = m.at ?? at;
      let n = 0;
      while (n < m.data.length) n += handle.write(m.data.subarray(n), { at: where + n });
      if (m.at === undefined) at += n;
      self.postMessage({ wrote: n, back: m.data.buffer }, /** @type {any} */ ([m.data.buffer]));
    }
  } catch (err) {
    self.postMessage({ error: `${/** @type {Error} */ (err).name}: ${/** @type {Error} */ (err).message}` });
  }
};

// Where the pages keep big files: the origin private file system (OPFS), on disk, never whole in
// memory. A file is written under `NAME.part` and moved to NAME only once complete and verified,
// so a reload finds either a complete, checked file or a part to throw away: nothing incomplete
// ever looks complete.

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
  const out = await part.createWritable({ keepExistingData: false });
  try {
    for await (const c of chunks) await out.write(/** @type {any} */ (c));
    const over = patch ? await patch() : null;
    if (over) await out.write(/** @type {any} */ ({ type: 'write', position: over.position, data: over.data }));
    await out.close();
  } catch (e) {
    await out.abort().catch(() => {});
    await d.removeEntry(partName).catch(() => {});
    throw e;
  }
  await /** @type {any} */ (part).move(name);
  return (await d.getFileHandle(name)).getFile();
}

/**
 * Deletes `dir/name` and its part, if there.
 * @param {string} dir @param {string} name
 */
export async function forget(dir, name) {
  const d = await root(dir);
  for (const n of [name, `${name}.part`]) await d.removeEntry(n).catch(() => {});
}

/**
 * A file's bytes as chunks, read from disk a slice at a time.
 * @param {Blob} file @param {number} [chunk]
 * @returns {AsyncGenerator<Uint8Array>}
 */
export async function* chunksOf(file, chunk = 4 << 20) {
  for (let o = 0; o < file.size; o += chunk) yield new Uint8Array(await file.slice(o, o + chunk).arrayBuffer());
}

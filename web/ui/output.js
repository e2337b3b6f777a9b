// Where decrypted files go: a folder the person picks (File System Access API, where the browser
// has it) or the browser's own storage (OPFS) with a save link per file. Either way a file is
// written as NAME.part and renamed only once its SHA-256 checked out, so nothing unverified is
// ever left under a file's real name.
import { openWriter } from './store.js';

/**
 * @typedef {{ write(chunk: Uint8Array): Promise<void>, commit(): Promise<string|undefined>, abort(): Promise<void> }} FileSink
 * @typedef {{ where: string, open(path: string): Promise<FileSink> }} Output
 */

/** Whether the browser lets a page write into a folder the person picks. */
export function canPickFolder() {
  return typeof (/** @type {any} */ (window).showDirectoryPicker) === 'function';
}

/**
 * The output the person chose: `mode` 'folder' asks for a folder, 'browser' uses OPFS under `name`.
 * @param {string} name folder name inside the browser's storage
 * @param {'folder'|'browser'} [mode]
 * @returns {Promise<Output>}
 */
export async function pickOutput(name, mode = canPickFolder() ? 'folder' : 'browser') {
  if (mode === 'folder') {
    const dir = await /** @type {any} */ (window).showDirectoryPicker({ mode: 'readwrite', id: 'unveil-unlock' });
    return { where: `in the folder "${dir.name}"`, open: (path) => openIn(dir, path, false) };
  }
  if (!navigator.storage?.getDirectory) throw new Error('this browser can neither write to a folder nor keep files itself (OPFS): use a current Chromium');
  let dir = await navigator.storage.getDirectory();
  for (const p of ['unlocked', name]) dir = await dir.getDirectoryHandle(p, { create: true });
  return { where: 'in this browser\'s storage (use each file\'s save link)', open: (path) => openIn(dir, path, true) };
}

/**
 * @param {FileSystemDirectoryHandle} root @param {string} path @param {boolean} link
 * @returns {Promise<FileSink>}
 */
async function openIn(root, path, link) {
  const parts = path.split('/');
  const base = /** @type {string} */ (parts.pop());
  let dir = root;
  for (const p of parts) dir = await dir.getDirectoryHandle(p, { create: true });
  // A complete file from an earlier run is replaced only once the new one is complete.
  const part = await dir.getFileHandle(`${base}.part`, { create: true });
  const w = await openWriter(part);
  return {
    write: (chunk) => w.write(chunk),
    async commit() {
      await w.close();
      await dir.removeEntry(base).catch(() => {});
      await /** @type {any} */ (part).move(base);
      if (!link) return undefined;
      return URL.createObjectURL(await (await dir.getFileHandle(base)).getFile());
    },
    async abort() {
      await w.abort();
      await dir.removeEntry(`${base}.part`).catch(() => {});
    },
  };
}

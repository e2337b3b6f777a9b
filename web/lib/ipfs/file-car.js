// A file's CID and its CAR, built without holding the file: the CAR a keyholder or pinning service
// is sent (spec/ipfs.md section 4: single root, DagWalker order, each block once). A balanced
// file's depth-first walk meets its leaves in file order, so the CAR is the header and the interior
// nodes (kept in memory: about 45 KiB per GiB) between slices of the file itself.
import { Cid, DAG_PB, RAW } from './cid.js';
import { CAR_CONTENT_TYPE, carHeader, carSectionPrefix } from './car.js';
import { importFile } from './importer.js';
import { decodeFileNode } from './unixfs.js';

/**
 * Imports `file` and returns its CID with its CARv1 as a Blob whose leaf sections are slices of
 * `file` (the browser reads them again only when the Blob is read or uploaded, e.g. as a fetch body).
 * `file` must not change in between: a changed slice no longer hashes to its CID, so any reader of
 * the CAR refuses it.
 * @param {Blob} file
 * @param {{ profile?: string }} [options] 'unixfs-v1-2025' (default) or 'kubo-legacy'
 * @returns {Promise<{ cid: Cid, size: number, car: Blob }>}
 */
export async function fileCar(file, options = {}) {
  if (typeof Blob === 'undefined' || !(file instanceof Blob)) throw new TypeError('fileCar needs a Blob (or File)');
  /** @type {Map<string, Uint8Array>} */
  const nodes = new Map();
  const { cid, size } = await importFile(file, { profile: options.profile, onBlock: (c, bytes) => { if (c.codec === DAG_PB) nodes.set(c.text, bytes); } });
  /** @type {(Uint8Array | Blob)[]} */
  const parts = [carHeader([cid])];
  // The walk of dag-scope=all with dups=n: pre-order, links in order, a block seen before skipped with its subtree.
  const visited = new Set();
  /** @param {Cid} c @param {number} offset file offset of the subtree @param {number} length its file bytes */
  const visit = (c, offset, length) => {
    if (visited.has(c.text)) return;
    visited.add(c.text);
    if (c.codec === RAW) {
      parts.push(carSectionPrefix(c, length), file.slice(offset, offset + length));
      return;
    }
    const bytes = /** @type {Uint8Array} */ (nodes.get(c.text));
    parts.push(carSectionPrefix(c, bytes), bytes);
    const node = decodeFileNode(c, bytes);
    let pos = offset + node.data.length;
    node.links.forEach((link, i) => { visit(link, pos, node.blockSizes[i]); pos += node.blockSizes[i]; });
  };
  visit(cid, 0, size);
  return { cid, size, car: new Blob(/** @type {BlobPart[]} */ (parts), { type: CAR_CONTENT_TYPE }) };
}

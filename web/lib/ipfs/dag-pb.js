// The dag-pb codec (https://ipld.io/specs/codecs/dag-pb/spec/) by hand: CIDs agree with kubo and
// Helia only if the bytes are the canonical form exactly (Links before Data; in a link Hash, Name,
// Tsize), and the decoder accepts only that form, as the spec's strict decoders and Java's DagPb do.
import { fromUtf8, utf8 } from '../bytes.js';
import { Cid, readCid } from './cid.js';
import { InvalidBlockError } from './errors.js';
import { Cursor } from './_cursor.js';
import { varintLength, writeVarint } from './varint.js';

/**
 * @typedef {object} PbLink
 * @property {Cid} cid the linked block (dag-pb field Hash)
 * @property {string} [name] absent and "" differ: both change the hash
 * @property {number} [tsize] cumulative size of the DAG under the link
 */

/**
 * @typedef {object} PbNode
 * @property {PbLink[]} links
 * @property {Uint8Array} [data] absent when the node has no Data field
 */

/**
 * The canonical dag-pb bytes of a node.
 * @param {PbNode} node
 * @returns {Uint8Array}
 */
export function encodeDagPb(node) {
  if (node === null || typeof node !== 'object' || !Array.isArray(node.links)) throw new TypeError('dag-pb node {links: [], data?} required');
  const linkParts = node.links.map((link) => {
    if (!(link.cid instanceof Cid)) throw new TypeError('every dag-pb link needs a Cid');
    const name = link.name === undefined ? undefined : utf8(link.name);
    let n = 1 + varintLength(link.cid.bytes.length) + link.cid.bytes.length;
    if (name !== undefined) n += 1 + varintLength(name.length) + name.length;
    if (link.tsize !== undefined) n += 1 + varintLength(link.tsize);
    return { link, name, n };
  });
  let total = 0;
  for (const p of linkParts) total += 1 + varintLength(p.n) + p.n;
  if (node.data !== undefined) total += 1 + varintLength(node.data.length) + node.data.length;
  const out = new Uint8Array(total);
  let o = 0;
  for (const { link, name, n } of linkParts) {
    out[o++] = 0x12; // field 2 (Links), length-delimited
    o = writeVarint(n, out, o);
    out[o++] = 0x0a;
    o = writeVarint(link.cid.bytes.length, out, o);
    out.set(link.cid.bytes, o); o += link.cid.bytes.length;
    if (name !== undefined) {
      out[o++] = 0x12;
      o = writeVarint(name.length, out, o);
      out.set(name, o); o += name.length;
    }
    if (link.tsize !== undefined) { out[o++] = 0x18; o = writeVarint(link.tsize, out, o); }
  }
  if (node.data !== undefined) {
    out[o++] = 0x0a; // field 1 (Data)
    o = writeVarint(node.data.length, out, o);
    out.set(node.data, o);
  }
  return out;
}

/**
 * Decodes a dag-pb block, accepting only the canonical form.
 * @param {Uint8Array} block
 * @returns {PbNode} `data` is a view into `block`
 * @throws {InvalidBlockError} unknown, repeated or reordered fields, truncation, a malformed CID
 */
export function decodeDagPb(block) {
  const c = new Cursor(block);
  /** @type {PbLink[]} */
  const links = [];
  let data;
  while (c.hasMore()) {
    const at = c.pos;
    const key = c.varint();
    if (key === 0x12 && data === undefined) links.push(decodeLink(c.slice(c.varint())));
    else if (key === 0x0a && data === undefined) data = c.take(c.varint());
    else throw new InvalidBlockError(`dag-pb field key ${key} at offset ${at} is unknown, repeated or out of canonical order (Links then Data)`);
  }
  return data === undefined ? { links } : { links, data };
}

/** @param {Cursor} c @returns {PbLink} */
function decodeLink(c) {
  let cid, name, tsize;
  let lastField = 0;
  while (c.hasMore()) {
    const key = c.varint();
    const field = Math.floor(key / 8);
    if (field <= lastField) throw new InvalidBlockError(`dag-pb link field ${field} is repeated or out of order`);
    lastField = field;
    if (key === 0x0a) {
      const bytes = c.take(c.varint());
      const [parsed, end] = readCid(bytes, 0);
      if (end !== bytes.length) throw new InvalidBlockError('dag-pb link Hash has trailing bytes');
      cid = parsed;
    } else if (key === 0x12) {
      try {
        name = fromUtf8(c.take(c.varint()));
      } catch (e) {
        if (e instanceof InvalidBlockError) throw e;
        throw new InvalidBlockError('dag-pb link Name is not valid UTF-8', { cause: e });
      }
    } else if (key === 0x18) {
      tsize = c.varint();
    } else {
      throw new InvalidBlockError(`dag-pb link field key ${key} is unknown`);
    }
  }
  if (cid === undefined) throw new InvalidBlockError('dag-pb link without a Hash');
  /** @type {PbLink} */
  const link = { cid };
  if (name !== undefined) link.name = name;
  if (tsize !== undefined) link.tsize = tsize;
  return link;
}

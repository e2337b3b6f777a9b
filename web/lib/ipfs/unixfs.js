// The UnixFS Data message carried in a dag-pb node (https://specs.ipfs.tech/unixfs/), and the file
// node checks every reader applies (spec/ipfs.md section 3). Encoded by hand in field order, as kubo
// and Helia do, so nodes hash identically. Like Java's UnixFsData the decoder accepts what proto2
// readers must (packed blocksizes, the mode/mtime fields of other importers); the dag-pb layer
// around it is the strict one. Java twin: org.unveil.ipfs.UnixFsData, FileNode.
import { DAG_PB, RAW, Cid } from './cid.js';
import { decodeDagPb } from './dag-pb.js';
import { InvalidBlockError } from './errors.js';
import { Cursor } from './_cursor.js';
import { varintLength, writeVarint } from './varint.js';

/** UnixFS node types. */
export const UnixFsType = Object.freeze({ RAW: 0, DIRECTORY: 1, FILE: 2, METADATA: 3, SYMLINK: 4, HAMT_SHARD: 5 });

/**
 * @typedef {object} UnixFsData
 * @property {number} type one of UnixFsType
 * @property {Uint8Array} [data] inline file bytes
 * @property {number} [fileSize]
 * @property {number[]} blockSizes file bytes under each link, in link order
 * @property {number} [fanout] HAMT fanout
 */

/**
 * The Data of a File node: `data` inline bytes (leaves) or none (interior nodes), one blocksize per
 * link. filesize is their sum, as every importer writes it.
 * @param {Uint8Array | undefined} data
 * @param {number[]} blockSizes
 * @returns {Uint8Array}
 */
export function encodeUnixFsFile(data, blockSizes) {
  let fileSize = data === undefined ? 0 : data.length;
  let n = 2 + 1 + 0;
  for (const s of blockSizes) { fileSize += s; n += 1 + varintLength(s); }
  n += varintLength(fileSize);
  const inline = data !== undefined && data.length > 0;
  if (inline) n += 1 + varintLength(data.length) + data.length;
  const out = new Uint8Array(n);
  let o = 0;
  out[o++] = 0x08; out[o++] = UnixFsType.FILE;
  if (inline) { out[o++] = 0x12; o = writeVarint(data.length, out, o); out.set(data, o); o += data.length; }
  out[o++] = 0x18; o = writeVarint(fileSize, out, o);
  for (const s of blockSizes) { out[o++] = 0x20; o = writeVarint(s, out, o); }
  return out;
}

/**
 * The Data of a plain directory without mode or mtime: Type = Directory and nothing else.
 * @returns {Uint8Array}
 */
export function encodeUnixFsDirectory() {
  return new Uint8Array([0x08, UnixFsType.DIRECTORY]);
}

/**
 * Decodes a UnixFS Data message.
 * @param {Uint8Array} bytes
 * @param {Cid} [cid] named in errors
 * @returns {UnixFsData}
 * @throws {InvalidBlockError}
 */
export function decodeUnixFs(bytes, cid) {
  try {
    return decode(new Cursor(bytes));
  } catch (e) {
    if (!(e instanceof InvalidBlockError)) throw e;
    throw new InvalidBlockError(`UnixFS data${cid ? ' of ' + cid : ''} is malformed: ${e.message}`, { cid: cid?.text, cause: e });
  }
}

/** @param {Cursor} c @returns {UnixFsData} */
function decode(c) {
  let type, data, fileSize, fanout;
  const blockSizes = [];
  while (c.hasMore()) {
    const key = c.varint();
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (field === 1 && wire === 0) type = c.varint();
    else if (field === 2 && wire === 2) data = c.take(c.varint());
    else if (field === 3 && wire === 0) fileSize = c.varint();
    else if (field === 4 && wire === 0) blockSizes.push(c.varint());
    else if (field === 4 && wire === 2) {
      const packed = c.slice(c.varint());
      while (packed.hasMore()) blockSizes.push(packed.varint());
    } else if (field === 6 && wire === 0) fanout = c.varint();
    else if (wire === 0) c.varint();
    else if (wire === 1) c.take(8);
    else if (wire === 2) c.take(c.varint());
    else if (wire === 5) c.take(4);
    else throw new InvalidBlockError(`field ${field} has unsupported wire type ${wire}`);
  }
  if (type === undefined) throw new InvalidBlockError('the required Type field is missing');
  /** @type {UnixFsData} */
  const out = { type, blockSizes };
  if (data !== undefined) out.data = data;
  if (fileSize !== undefined) out.fileSize = fileSize;
  if (fanout !== undefined) out.fanout = fanout;
  return out;
}

/**
 * @typedef {object} FileNode
 * @property {Cid} cid
 * @property {Uint8Array} data the node's own file bytes (a raw leaf: all of it)
 * @property {Cid[]} links children, in order
 * @property {number[]} blockSizes file bytes under each child
 * @property {number} fileSize data plus all blockSizes
 */

/**
 * One node of a UnixFS file DAG, checked for internal consistency: a raw leaf, or a dag-pb File
 * (or Raw) node whose blocksizes count equals its link count and whose filesize, when present,
 * equals its data length plus its blocksizes.
 * @param {Cid} cid
 * @param {Uint8Array} block verified bytes of `cid`
 * @returns {FileNode}
 * @throws {InvalidBlockError} naming the CID
 */
export function decodeFileNode(cid, block) {
  if (cid.codec === RAW) return { cid, data: block, links: [], blockSizes: [], fileSize: block.length };
  if (cid.codec !== DAG_PB) {
    throw new InvalidBlockError(`CID ${cid} has codec 0x${cid.codec.toString(16)}; a UnixFS file holds only raw (0x55) and dag-pb (0x70) blocks`, { cid: cid.text });
  }
  let node;
  try {
    node = decodeDagPb(block);
  } catch (e) {
    if (!(e instanceof InvalidBlockError)) throw e;
    throw new InvalidBlockError(`dag-pb block ${cid} is malformed: ${e.message}`, { cid: cid.text, cause: e });
  }
  if (node.data === undefined) throw new InvalidBlockError(`dag-pb block ${cid} has no UnixFS data; it is not a UnixFS file`, { cid: cid.text });
  const unixfs = decodeUnixFs(node.data, cid);
  if (unixfs.type !== UnixFsType.FILE && unixfs.type !== UnixFsType.RAW) {
    throw new InvalidBlockError(`CID ${cid} is a UnixFS ${typeName(unixfs.type)}, not a file`, { cid: cid.text });
  }
  if (unixfs.blockSizes.length !== node.links.length) {
    throw new InvalidBlockError(`UnixFS file ${cid} has ${node.links.length} links but ${unixfs.blockSizes.length} blocksizes`, { cid: cid.text });
  }
  const data = unixfs.data ?? new Uint8Array(0);
  let total = data.length;
  for (const s of unixfs.blockSizes) total += s;
  if (!Number.isSafeInteger(total)) throw new InvalidBlockError(`UnixFS file ${cid} blocksizes overflow`, { cid: cid.text });
  if (unixfs.fileSize !== undefined && unixfs.fileSize !== total) {
    throw new InvalidBlockError(`UnixFS file ${cid} declares filesize ${unixfs.fileSize} but its data and blocksizes add up to ${total}`, { cid: cid.text });
  }
  return { cid, data, links: node.links.map((l) => l.cid), blockSizes: unixfs.blockSizes, fileSize: total };
}

/**
 * A readable name of a UnixFS type, for messages.
 * @param {number} type
 * @returns {string}
 */
export function typeName(type) {
  return ['raw node', 'directory', 'file', 'metadata node', 'symlink', 'sharded directory'][type] ?? `node of unknown type ${type}`;
}

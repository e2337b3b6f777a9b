// Turns bytes into a UnixFS file DAG, and files into a plain UnixFS directory tree, exactly as kubo
// and Helia do for the same profile (spec/ipfs.md section 2), so the CIDs agree. Streaming: memory
// is three chunks (read, hashed, handed out) plus at most maxLinks small entries per tree level,
// whatever the size.
// Java twin: org.unveil.ipfs.UnixFsImporter, BalancedTreeBuilder.
import { chunksOf, utf8 } from '../bytes.js';
import { Cid, DAG_PB, RAW, SHA2_256, cidOf } from './cid.js';
import { encodeDagPb } from './dag-pb.js';
import { ImportError } from './errors.js';
import { sha256 } from './_sha256.js';
import { encodeUnixFsDirectory, encodeUnixFsFile } from './unixfs.js';
import { varintLength } from './varint.js';

/**
 * @typedef {object} Layout
 * @property {number} chunkSize bytes per leaf
 * @property {number} maxLinks links per interior node
 * @property {boolean} rawLeaves raw leaves, else dag-pb File leaves
 * @property {0 | 1} cidVersion 0 only for reproducing legacy fixtures
 */

/** The two profiles of spec/ipfs.md section 2, by their CLI and manifest names. @type {Readonly<Record<string, Readonly<Layout>>>} */
export const PROFILES = Object.freeze({
  'unixfs-v1-2025': Object.freeze({ chunkSize: 1048576, maxLinks: 1024, rawLeaves: true, cidVersion: 1 }),
  'kubo-legacy': Object.freeze({ chunkSize: 262144, maxLinks: 174, rawLeaves: true, cidVersion: 1 }),
});

/** Helia (ipfs-unixfs-importer) turns a directory into a HAMT above this many bytes; plain directories only here. */
export const SHARD_SPLIT_THRESHOLD_BYTES = 262144;

/**
 * Bytes to import: a Uint8Array, a Blob, a WHATWG ReadableStream or any (async) iterable of Uint8Array.
 * @typedef {import('../bytes.js').ByteSource} ByteSource
 */

/**
 * Receives every block as soon as it is built (leaves first, each node after its children); awaited,
 * so a slow sink slows the import instead of piling blocks up.
 * @typedef {(cid: Cid, bytes: Uint8Array) => (void | Promise<void>)} BlockSink
 */

/**
 * @typedef {object} Imported
 * @property {Cid} cid the root
 * @property {number} size file bytes (for a directory: 0)
 * @property {number} tsize cumulative DAG size, what a parent link's Tsize holds
 */

/**
 * Imports one file as UnixFS with the balanced layout.
 * @param {ByteSource} source
 * @param {{ profile?: string, onBlock?: BlockSink, layout?: Layout }} [options] profile
 *   'unixfs-v1-2025' (default) or 'kubo-legacy'; `layout` overrides it (tests of legacy fixtures)
 * @returns {Promise<Imported>}
 */
export async function importFile(source, options = {}) {
  const layout = resolveLayout(options);
  const sink = options.onBlock ?? (() => {});
  if (typeof sink !== 'function') throw new TypeError('onBlock must be a function');
  const tree = new BalancedTree(layout, sink);
  for await (const { child, block } of leaves(source, layout)) {
    await sink(child.cid, block);
    await tree.addLeaf(child);
  }
  return tree.finish();
}

/**
 * The blocks of `importFile`, as an async iterable; the last block is the root.
 * @param {ByteSource} source
 * @param {{ profile?: string, layout?: Layout }} [options]
 * @returns {AsyncGenerator<{ cid: Cid, bytes: Uint8Array }>}
 */
export async function* importFileBlocks(source, options = {}) {
  const layout = resolveLayout(options);
  /** @type {{ cid: Cid, bytes: Uint8Array }[]} */
  const pending = [];
  const tree = new BalancedTree(layout, (cid, bytes) => { pending.push({ cid, bytes }); });
  for await (const { child, block } of leaves(source, layout)) {
    pending.push({ cid: child.cid, bytes: block });
    await tree.addLeaf(child);
    yield* pending.splice(0);
  }
  await tree.finish();
  yield* pending.splice(0);
}

/**
 * @typedef {object} DirectoryEntry
 * @property {string} path relative, '/'-separated (e.g. 'tracks/01.flac'); no '.', '..', empty parts or '\'
 * @property {ByteSource} [source] the file's bytes; absent for an (empty) directory
 */

/**
 * Imports files into one plain UnixFS directory tree whose root holds the entries' top-level names,
 * as Helia's `addAll(entries, { wrapWithDirectory: true })` and `ipfs add -r` do: links sorted by
 * name bytes, Tsize the child's cumulative size, directories without mode or mtime. Files are
 * imported one after another as the entries come; only their CIDs are kept.
 * @param {Iterable<DirectoryEntry> | AsyncIterable<DirectoryEntry>} entries
 * @param {{ profile?: string, onBlock?: BlockSink }} [options]
 * @returns {Promise<Imported>}
 * @throws {ImportError} a bad or repeated path, or a directory Helia would shard (HAMT)
 */
export async function importDirectory(entries, options = {}) {
  const layout = resolveLayout(options);
  const sink = options.onBlock ?? (() => {});
  const weigh = linkWeigher(options.profile ?? 'unixfs-v1-2025');
  const root = newDir('', weigh);
  for await (const entry of entries) {
    const parts = pathParts(entry?.path);
    let dir = root;
    for (let i = 0; i < parts.length - 1; i++) {
      const found = dir.children.get(parts[i]);
      if (found !== undefined && !('children' in found)) {
        throw new ImportError(`path '${entry.path}' goes through '${parts.slice(0, i + 1).join('/')}', which is a file`, 'duplicate-path');
      }
      let next = /** @type {Dir | undefined} */ (found);
      if (next === undefined || next.emptyEntry) {
        // Helia swaps an empty directory entry for a directory being filled, which has no CID yet and weighs nothing.
        next ??= newDir(parts.slice(0, i + 1).join('/'), weigh);
        next.emptyEntry = false;
        setChild(dir, parts[i], next, 0);
      }
      dir = next;
    }
    const name = parts[parts.length - 1];
    const existing = dir.children.get(name);
    if (entry.source === undefined) {
      if (existing !== undefined && !('children' in existing)) throw new ImportError(`directory '${entry.path}' is also a file`, 'duplicate-path');
      if (existing === undefined) {
        const empty = newDir(entry.path, weigh);
        empty.emptyEntry = true;
        setChild(dir, name, empty, weigh.link(name, EMPTY_DIRECTORY_CID_LENGTH, EMPTY_DIRECTORY_BLOCK_LENGTH));
      }
    } else {
      if (existing !== undefined) throw new ImportError(`path '${entry.path}' is given twice`, 'duplicate-path');
      const file = await importFile(entry.source, { layout, onBlock: sink });
      setChild(dir, name, file, weigh.link(name, file.cid.bytes.length, file.tsize));
    }
  }
  return flushDirectory(root, layout, sink);
}

/** An empty directory's block (Data `08 01` in its dag-pb field) and the length of its CIDv1. */
const EMPTY_DIRECTORY_BLOCK_LENGTH = 4;
const EMPTY_DIRECTORY_CID_LENGTH = 36;
/** Flat directory nodes above the block limit could not be fetched by anyone. */
const MAX_BLOCK_SIZE = 2 * 1024 * 1024;

/**
 * A directory being built. `estimate` is Helia's running size estimate, which decides when it
 * shards: only entries that have a CID when added count (files, empty directory entries);
 * directories being filled count 0.
 * @typedef {{ path: string, children: Map<string, Dir | Imported>, weights: Map<string, number>, estimate: number, emptyEntry: boolean }} Dir
 */

/**
 * Helia's estimate of what a link adds: 'block-bytes' (its exact encoded size, over 4 bytes of Data)
 * with unixfs-v1-2025, else 'links-bytes' (name plus CID bytes), its default.
 * @param {string} profile
 * @returns {{ base: number, link: (name: string, cidLength: number, tsize: number) => number }}
 */
function linkWeigher(profile) {
  if (profile === 'unixfs-v1-2025') {
    return {
      base: 4,
      link: (name, cidLength, tsize) => {
        const n = utf8(name).length;
        const inner = 1 + varintLength(cidLength) + cidLength + 1 + varintLength(n) + n + 1 + varintLength(tsize);
        return 1 + varintLength(inner) + inner;
      },
    };
  }
  return { base: 0, link: (name, cidLength) => utf8(name).length + cidLength };
}

/** @param {string} path @param {{ base: number }} weigh @returns {Dir} */
function newDir(path, weigh) {
  return { path, children: new Map(), weights: new Map(), estimate: weigh.base, emptyEntry: false };
}

/** @param {Dir} dir @param {string} name @param {Dir | Imported} child @param {number} weight */
function setChild(dir, name, child, weight) {
  dir.estimate += weight - (dir.weights.get(name) ?? 0);
  dir.weights.set(name, weight);
  dir.children.set(name, child);
  if (dir.estimate > SHARD_SPLIT_THRESHOLD_BYTES) {
    throw new ImportError(`directory '${dir.path || '/'}' has more entries than a plain UnixFS directory holds (Helia's estimate ${dir.estimate} > ${SHARD_SPLIT_THRESHOLD_BYTES} bytes at '${name}'); HAMT sharding is not supported: split it into subdirectories`, 'directory-too-large');
  }
}

/**
 * @param {Dir} dir
 * @param {Layout} layout
 * @param {BlockSink} sink
 * @returns {Promise<Imported>}
 */
async function flushDirectory(dir, layout, sink) {
  const links = [];
  for (const [name, child] of dir.children) {
    const done = 'children' in child ? await flushDirectory(child, layout, sink) : child;
    links.push({ name, nameBytes: utf8(name), cid: done.cid, tsize: done.tsize });
  }
  links.sort((a, b) => compareBytes(a.nameBytes, b.nameBytes));
  const block = encodeDagPb({ links: links.map(({ cid, name, tsize }) => ({ cid, name, tsize })), data: encodeUnixFsDirectory() });
  if (block.length > MAX_BLOCK_SIZE) {
    throw new ImportError(`directory '${dir.path || '/'}' would be a ${block.length}-byte block, over the ${MAX_BLOCK_SIZE}-byte limit: split it into subdirectories`, 'directory-too-large');
  }
  // Directories are CIDv1 whatever the file layout (Helia: cidVersion 1 in both profiles).
  const cid = await cidOf(DAG_PB, block);
  await sink(cid, block);
  return { cid, size: 0, tsize: links.reduce((n, l) => n + l.tsize, block.length) };
}

/**
 * Builds the balanced layout while the leaves stream in (boxo importer/balanced, ipfs-unixfs-importer
 * balanced.ts). levels[i] holds the pending children of a node whose leaves are i + 1 levels down; a
 * level is sealed into a node once it has maxLinks children. So every child but the last of a node is
 * a full subtree, all leaves are at the same depth, and a trailing group of one child gets its own node.
 */
class BalancedTree {
  /** @param {Layout} layout @param {BlockSink} sink */
  constructor(layout, sink) {
    this.layout = layout;
    this.sink = sink;
    /** @type {Imported[][]} */
    this.levels = [];
    this.leafCount = 0;
  }

  /** @param {Imported} leaf */
  async addLeaf(leaf) {
    this.leafCount++;
    await this.add(0, leaf);
  }

  /** @returns {Promise<Imported>} the root */
  async finish() {
    if (this.leafCount === 0) throw new Error('a file has at least one (possibly empty) leaf');
    for (let level = 0; ; level++) {
      const pending = this.levels[level];
      const top = level === this.levels.length - 1;
      // A one-leaf file is the leaf itself; a sealed full subtree at the top is already the root.
      if (top && pending.length === 1 && (level > 0 || this.leafCount === 1)) return pending[0];
      if (top) return this.seal(pending);
      if (pending.length > 0) await this.add(level + 1, await this.seal(pending));
    }
  }

  /** @param {number} level @param {Imported} child */
  async add(level, child) {
    if (level === this.levels.length) this.levels.push([]);
    const pending = this.levels[level];
    pending.push(child);
    if (pending.length === this.layout.maxLinks) await this.add(level + 1, await this.seal(pending));
  }

  /** Writes an interior File node over `children` and empties the list. @param {Imported[]} children */
  async seal(children) {
    let size = 0;
    let dagSize = 0;
    // Name "" (present, empty) is what kubo and Helia write for file links; it changes the hash.
    const links = children.map((c) => { size += c.size; dagSize += c.tsize; return { cid: c.cid, name: '', tsize: c.tsize }; });
    const block = encodeDagPb({ links, data: encodeUnixFsFile(undefined, children.map((c) => c.size)) });
    const cid = await nodeCid(block, this.layout);
    await this.sink(cid, block);
    children.length = 0;
    return { cid, size, tsize: dagSize + block.length };
  }
}

/**
 * The leaves in order, each hashed while the next chunk is read (WebCrypto digests off the main
 * thread; in Chromium reading a Blob and hashing each run near 120 and 370 MB/s, so overlapping them
 * is most of the import's speed). At most three chunks are held: the one handed out, the one being
 * hashed and the one being read.
 * @param {ByteSource} source
 * @param {Layout} layout
 * @returns {AsyncGenerator<{ child: Imported, block: Uint8Array }>}
 */
async function* leaves(source, layout) {
  let pending = null;
  for await (const chunk of chunks(source, layout.chunkSize)) {
    const next = leaf(chunk, layout);
    next.catch(() => {}); // awaited below; this only stops an early exit reporting it as unhandled
    if (pending !== null) yield await pending;
    pending = next;
  }
  if (pending !== null) yield await pending;
}

/** @param {Uint8Array} chunk @param {Layout} layout @returns {Promise<{ child: Imported, block: Uint8Array }>} */
async function leaf(chunk, layout) {
  if (layout.rawLeaves) {
    const cid = await cidOf(RAW, chunk);
    return { child: { cid, size: chunk.length, tsize: chunk.length }, block: chunk };
  }
  const block = encodeDagPb({ links: [], data: encodeUnixFsFile(chunk, []) });
  const cid = await nodeCid(block, layout);
  return { child: { cid, size: chunk.length, tsize: block.length }, block };
}

/** @param {Uint8Array} block @param {Layout} layout */
async function nodeCid(block, layout) {
  return layout.cidVersion === 0 ? new Cid(0, DAG_PB, SHA2_256, await sha256(block)) : cidOf(DAG_PB, block);
}

/**
 * The fixed-size chunker: full chunks of `size` bytes, then the remainder; one empty chunk for an
 * empty input and nothing after a full last chunk. Every chunk is a copy (callers may reuse their
 * buffers), and a chunk buffer is only allocated once a chunk spans two pieces, so a directory of
 * many small files does not allocate a whole chunk for each.
 * @param {ByteSource} source
 * @param {number} size
 * @returns {AsyncGenerator<Uint8Array>}
 */
async function* chunks(source, size) {
  /** @type {Uint8Array | null} */
  let buf = null;
  /** @type {Uint8Array | null} */
  let first = null;
  let filled = 0;
  let emitted = false;
  for await (const piece of chunksOf(source, 'the importer')) {
    let off = 0;
    while (off < piece.length) {
      const n = Math.min(size - filled, piece.length - off);
      const part = piece.subarray(off, off + n);
      off += n;
      if (filled === 0) {
        first = part.slice();
      } else {
        if (buf === null) { buf = new Uint8Array(size); buf.set(/** @type {Uint8Array} */ (first), 0); first = null; }
        buf.set(part, filled);
      }
      filled += n;
      if (filled === size) {
        yield buf ?? /** @type {Uint8Array} */ (first);
        emitted = true;
        buf = first = null;
        filled = 0;
      }
    }
  }
  if (filled > 0 || !emitted) yield buf !== null ? buf.slice(0, filled) : first ?? new Uint8Array(0);
}

/** @param {{ profile?: string, layout?: Layout }} options @returns {Layout} */
function resolveLayout(options) {
  if (options === null || typeof options !== 'object') throw new TypeError('options must be an object');
  if (options.layout !== undefined) return options.layout;
  const name = options.profile ?? 'unixfs-v1-2025';
  const layout = Object.hasOwn(PROFILES, name) ? PROFILES[name] : undefined;
  if (layout === undefined) throw new ImportError(`unknown UnixFS profile '${name}'; use unixfs-v1-2025 or kubo-legacy`, 'bad-profile');
  return layout;
}

/** As the Java importer: deeper trees are refused. */
const MAX_PATH_DEPTH = 32;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** @param {unknown} path @returns {string[]} */
function pathParts(path) {
  if (typeof path !== 'string' || path === '') throw new ImportError(`entry path must be a non-empty string, got ${JSON.stringify(path)}`, 'bad-path');
  const parts = path.split('/');
  if (parts.length > MAX_PATH_DEPTH) throw new ImportError(`entry path '${path.slice(0, 200)}' is nested deeper than ${MAX_PATH_DEPTH} levels`, 'bad-path');
  if (LONE_SURROGATE.test(path)) throw new ImportError(`entry path ${JSON.stringify(path)} is not valid Unicode (a lone surrogate has no UTF-8 form)`, 'bad-path');
  for (const p of parts) {
    if (p === '' || p === '.' || p === '..' || p.includes('\\')) {
      throw new ImportError(`entry path '${path}' must be relative with no empty, '.' or '..' parts and no '\\'`, 'bad-path');
    }
  }
  return parts;
}

/** Byte-wise order, shorter first on a common prefix (dag-pb's link order). @param {Uint8Array} a @param {Uint8Array} b */
function compareBytes(a, b) {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

// The block order of every CAR Unveil writes and expects (spec/ipfs.md section 3; trustless gateway
// order=dfs, dups=n): depth-first, pre-order, links in order, each block once, identity blocks never.
// Java twin: org.unveil.ipfs.DagWalker, ByteRange.
import { DAG_PB, RAW, Cid } from './cid.js';
import { decodeDagPb } from './dag-pb.js';
import { InvalidBlockError } from './errors.js';
import { UnixFsType, decodeFileNode, decodeUnixFs } from './unixfs.js';

/** Deepest DAG accepted (a balanced 1 TiB file is 3 levels deep). */
export const MAX_DEPTH = 64;

/**
 * A trustless gateway `entity-bytes=from:to` range: inclusive offsets, negative ones counted from
 * the end of the file (-1 is the last byte), `to` null for `*` (end of file).
 * @typedef {{ from: number, to: number | null }} EntityBytes
 */

/**
 * Resolves an entity-bytes range against a file of `size` bytes.
 * @param {EntityBytes} range
 * @param {number} size
 * @returns {[start: number, end: number] | null} [start, end) clamped to the file, or null if it selects no byte
 */
export function resolveEntityBytes(range, size) {
  const start = range.from >= 0 ? range.from : Math.max(0, size + range.from);
  const last = range.to === null ? size - 1 : range.to >= 0 ? Math.min(range.to, size - 1) : size + range.to;
  return start >= size || last < start ? null : [start, last + 1];
}

/**
 * Gets a block's bytes, already verified; identity CIDs are answered from the CID itself.
 * @typedef {(cid: Cid) => Promise<Uint8Array>} BlockLoader
 */

/**
 * The blocks of the DAG under `root` in walk order.
 * `scope` 'block': the root; 'entity': a UnixFS file's blocks (with `entityBytes`, only those on the
 * paths to the bytes of the range; a range selecting nothing gives the root alone), a directory's own
 * block plus HAMT shard nodes, else the root; 'all': every reachable block.
 * @param {Cid} root
 * @param {BlockLoader} load
 * @param {{ scope?: 'block' | 'entity' | 'all', entityBytes?: EntityBytes }} [options] scope defaults to 'all'; entityBytes implies 'entity'
 * @returns {AsyncGenerator<{ cid: Cid, bytes: Uint8Array }>}
 */
export async function* walkDag(root, load, options = {}) {
  if (!(root instanceof Cid)) throw new TypeError('root Cid required');
  if (typeof load !== 'function') throw new TypeError('block loader required');
  const scope = options.entityBytes ? 'entity' : options.scope ?? 'all';
  if (!['block', 'entity', 'all'].includes(scope)) throw new TypeError(`unknown dag-scope '${scope}'; use block, entity or all`);
  const visited = new Set();
  const ancestors = new Set();
  /** @param {Cid} cid @param {Uint8Array} bytes */
  const emit = function* (cid, bytes) {
    if (!cid.isIdentity && !visited.has(cid.text)) { visited.add(cid.text); yield { cid, bytes }; }
  };
  /** @param {Cid} cid @param {number} depth */
  const enter = (cid, depth) => {
    if (depth > MAX_DEPTH) throw new InvalidBlockError(`DAG below ${cid} is deeper than ${MAX_DEPTH} levels`, { cid: cid.text });
    if (ancestors.has(cid.text)) throw new InvalidBlockError(`DAG contains a cycle through ${cid}`, { cid: cid.text });
    ancestors.add(cid.text);
  };
  /** @param {Cid} cid @param {number} depth @returns {AsyncGenerator<{ cid: Cid, bytes: Uint8Array }>} */
  const all = async function* (cid, depth) {
    if (!ancestors.has(cid.text) && visited.has(cid.text)) return;
    enter(cid, depth);
    const bytes = await load(cid);
    yield* emit(cid, bytes);
    if (cid.codec === DAG_PB) for (const link of pbNode(cid, bytes).links) yield* all(link.cid, depth + 1);
    ancestors.delete(cid.text);
  };
  /** @param {import('./unixfs.js').FileNode} node @param {Uint8Array} bytes @param {number} from @param {number} to @param {number} depth @returns {AsyncGenerator<{ cid: Cid, bytes: Uint8Array }>} */
  const fileRange = async function* (node, bytes, from, to, depth) {
    yield* emit(node.cid, bytes);
    let pos = node.data.length;
    for (let i = 0; i < node.links.length && pos < to; i++) {
      const size = node.blockSizes[i];
      const childEnd = pos + size;
      if (childEnd > from && size > 0) {
        const childCid = node.links[i];
        enter(childCid, depth + 1);
        const childBytes = await load(childCid);
        const child = decodeFileNode(childCid, childBytes);
        checkChildSize(node, childCid, size, child.fileSize);
        yield* fileRange(child, childBytes, Math.max(from, pos) - pos, Math.min(to, childEnd) - pos, depth + 1);
        ancestors.delete(childCid.text);
      }
      pos = childEnd;
    }
  };
  /** @param {Cid} cid @param {Uint8Array} bytes @param {import('./unixfs.js').UnixFsData} unixfs @param {number} depth @returns {AsyncGenerator<{ cid: Cid, bytes: Uint8Array }>} */
  const shard = async function* (cid, bytes, unixfs, depth) {
    enter(cid, depth);
    yield* emit(cid, bytes);
    const prefixLength = Math.max((unixfs.fanout ?? 256) - 1, 1).toString(16).length;
    for (const link of pbNode(cid, bytes).links) {
      // Links named by the bucket prefix alone lead to sub-shards; longer names are entries.
      if (link.name !== undefined && link.name.length === prefixLength && link.cid.codec === DAG_PB) {
        const child = await load(link.cid);
        const data = pbNode(link.cid, child).data;
        const childData = data === undefined ? undefined : decodeUnixFs(data, link.cid);
        if (childData?.type === UnixFsType.HAMT_SHARD) yield* shard(link.cid, child, childData, depth + 1);
      }
    }
    ancestors.delete(cid.text);
  };

  if (scope === 'block') {
    yield* emit(root, await load(root));
  } else if (scope === 'all') {
    yield* all(root, 0);
  } else {
    const bytes = await load(root);
    const data = root.codec === DAG_PB ? pbNode(root, bytes).data : undefined;
    const unixfs = data === undefined ? undefined : decodeUnixFs(data, root);
    if (root.codec === RAW || unixfs?.type === UnixFsType.FILE || unixfs?.type === UnixFsType.RAW) {
      const node = decodeFileNode(root, bytes);
      const bounds = options.entityBytes ? resolveEntityBytes(options.entityBytes, node.fileSize) : [0, node.fileSize];
      if (bounds === null) {
        yield* emit(root, bytes);
      } else {
        enter(root, 0);
        yield* fileRange(node, bytes, bounds[0], bounds[1], 0);
      }
    } else if (unixfs?.type === UnixFsType.HAMT_SHARD) {
      yield* shard(root, bytes, unixfs, 0);
    } else {
      yield* emit(root, bytes);
    }
  }
}

/**
 * Refuses a child holding a different number of file bytes than its parent's blocksize says.
 * @param {import('./unixfs.js').FileNode} parent
 * @param {Cid} childCid
 * @param {number} expected
 * @param {number} actual
 */
export function checkChildSize(parent, childCid, expected, actual) {
  if (expected !== actual) {
    throw new InvalidBlockError(`UnixFS file ${parent.cid} says child ${childCid} holds ${expected} bytes but it holds ${actual}`, { cid: childCid.text });
  }
}

/** @param {Cid} cid @param {Uint8Array} bytes */
function pbNode(cid, bytes) {
  if (cid.codec !== DAG_PB) return { links: [] };
  try {
    return decodeDagPb(bytes);
  } catch (e) {
    if (!(e instanceof InvalidBlockError)) throw e;
    throw new InvalidBlockError(`dag-pb block ${cid} is malformed: ${e.message}`, { cid: cid.text, cause: e });
  }
}

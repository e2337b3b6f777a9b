// Verified download of a UnixFS file by CID from trustless gateways, trusting none of them
// (spec/ipfs-gateway.md section 2). Each gateway is asked for a CAR (order=dfs, dups=n) of the
// file's entity; every block is hashed before use, and blocks must arrive exactly as a depth-first
// walk of the DAG needs them, so a gateway can send neither extra, missing, reordered nor tampered
// blocks. File bytes are handed out as their leaves are verified; on an HTTP error, a bad block or a
// stall the next gateway continues from the byte reached (entity-bytes). Java twin:
// org.unveil.ipfs.gateway.GatewayFetcher, CarStreamSource.
import { Cid, parseCid, verifyBlock } from './cid.js';
import { CarReader, MAX_BLOCK_SIZE } from './car.js';
import { MAX_DEPTH, checkChildSize } from './dag-walker.js';
import { FetchFailedError, GatewayError, InvalidBlockError } from './errors.js';
import { decodeFileNode } from './unixfs.js';
import { BufferPool } from '../bytes.js';

/** What a gateway must answer: the only CAR form that can be verified block by block in a stream. */
export const CAR_ACCEPT = 'application/vnd.ipld.car; version=1; order=dfs; dups=n';
/** Default longest silence tolerated while waiting for the gateway (connect, headers or body). */
export const DEFAULT_TIMEOUT_MS = 30000;
const DEFAULT_CACHE_BYTES = 16 * 1024 * 1024;

/**
 * @typedef {object} FetchProgress
 * @property {number} verified file bytes verified and handed out so far
 * @property {number | null} total bytes the whole range holds (known once the root block arrived)
 * @property {string} gateway the gateway currently streaming
 */

/**
 * @typedef {object} VerifiedFetchOptions
 * @property {string[]} gateways base URLs (http(s)://host[:port][/prefix]), tried in order
 * @property {{ start: number, end?: number }} [range] file bytes [start, end), end clamped to the file
 * @property {AbortSignal} [signal] aborts the download (no failover then)
 * @property {(p: FetchProgress) => void} [onProgress]
 * @property {number} [timeoutMs] longest wait for a gateway's next bytes (default 30 s)
 * @property {typeof fetch} [fetch] the fetch function (default globalThis.fetch)
 * @property {number} [cacheBytes] verified blocks kept for repeated chunks (default 16 MiB); a repeat not
 *   kept is fetched again with ?format=raw
 */

/**
 * The bytes of the UnixFS file `cid` (or of `range` of it), every one verified, in order, as they
 * arrive. **Each chunk is valid only until the next is asked for** (copy what you keep): the
 * download reads into buffers it reuses, so a file of any size costs the same few MiB. Throws
 * FetchFailedError (listing each gateway and its reason) when no gateway completes it; bytes
 * already handed out were verified and stay valid. Stopping early (`return()`, `break`) closes
 * the connection.
 * @param {Cid | string} cid
 * @param {VerifiedFetchOptions} options
 * @returns {AsyncGenerator<Uint8Array, void, void>}
 */
export function verifiedFetch(cid, options) {
  return fileBytes(toCid(cid), checkOptions(options));
}

/**
 * One verified block by CID (?format=raw), from the first gateway that delivers it.
 * @param {Cid | string} cid
 * @param {string[]} gateways
 * @param {{ signal?: AbortSignal, timeoutMs?: number, fetch?: typeof fetch }} [options]
 * @returns {Promise<Uint8Array>}
 * @throws {FetchFailedError}
 */
export async function fetchBlock(cid, gateways, options = {}) {
  const c = toCid(cid);
  const opts = checkOptions({ ...options, gateways });
  if (c.isIdentity) return c.digest;
  /** @type {{ gateway: string, error: Error }[]} */
  const failures = [];
  for (const gateway of opts.gateways) {
    try {
      return await rawBlock(c, gateway, opts);
    } catch (e) {
      if (opts.signal?.aborted) throw opts.signal.reason;
      failures.push({ gateway, error: e });
    }
  }
  throw failed(c, failures);
}

/**
 * @typedef {Required<Pick<VerifiedFetchOptions, 'gateways' | 'timeoutMs' | 'fetch' | 'cacheBytes'>> & VerifiedFetchOptions} Options
 */

/** @param {Cid} root @param {Options} opts @returns {AsyncGenerator<Uint8Array>} */
async function* fileBytes(root, opts) {
  const start = opts.range?.start ?? 0;
  const end = opts.range?.end;
  const cache = new BlockCache(opts.cacheBytes);
  const state = { delivered: 0, total: /** @type {number | null} */ (null) };
  /** @type {{ gateway: string, error: Error }[]} */
  const failures = [];
  for (const gateway of opts.gateways) {
    if (opts.signal?.aborted) throw opts.signal.reason;
    const pieces = attempt(root, gateway, start + state.delivered, end, opts, cache, state);
    try {
      for (;;) {
        let next;
        // Only the gateway's part is tried here: an error of the consumer (onProgress) is not a gateway's fault.
        try {
          next = await pieces.next();
        } catch (e) {
          if (opts.signal?.aborted) throw opts.signal.reason;
          failures.push({ gateway, error: e });
          break;
        }
        if (next.done) return;
        state.delivered += next.value.length;
        opts.onProgress?.({ verified: state.delivered, total: state.total, gateway });
        yield next.value;
      }
    } finally {
      // Closes the response body when the consumer stops early (no-op once the attempt ended).
      await pieces.return(undefined);
    }
  }
  throw failed(root, failures);
}

/**
 * One gateway's CAR, walked: yields file bytes [from, end) as the leaves holding them are verified.
 * @param {Cid} root
 * @param {string} gateway
 * @param {number} from
 * @param {number | undefined} end
 * @param {Options} opts
 * @param {BlockCache} cache
 * @param {{ delivered: number, total: number | null }} state
 * @returns {AsyncGenerator<Uint8Array>}
 */
async function* attempt(root, gateway, from, end, opts, cache, state) {
  let query = 'format=car&dag-scope=entity&car-dups=n';
  // The whole file needs no range; a range the gateway is given is resolved exactly as our walk below.
  if (from > 0 || end !== undefined) query += `&entity-bytes=${from}:${end === undefined ? '*' : end - 1}`;
  const http = await request(`${gateway}/ipfs/${root}?${query}`, CAR_ACCEPT, opts);
  try {
    checkContentType(http.contentType);
    const car = await CarReader.open(http.body);
    /** CIDs this stream has delivered: dups=n means the gateway never sends them again. */
    const seen = new Set();
    const ancestors = new Set();
    let count = 0;
    /** @param {Cid} cid @returns {Promise<Uint8Array>} */
    const need = async (cid) => {
      if (cid.isIdentity) return cid.digest;
      if (seen.has(cid.text)) {
        const kept = cache.get(cid.text);
        if (kept !== undefined) return kept;
        const again = await fetchBlock(cid, [gateway, ...opts.gateways.filter((g) => g !== gateway)], opts);
        cache.put(cid.text, again);
        return again;
      }
      const block = await car.next();
      if (block === null) throw new InvalidBlockError(`CAR ended after ${count} blocks, before block ${cid} the DAG needs`, { cid: cid.text });
      if (!block.cid.equals(cid)) {
        throw new InvalidBlockError(`CAR block ${count + 1} is ${block.cid} but the DAG walk expects ${cid} here (order=dfs); the gateway sent an unrelated or reordered block`, { cid: block.cid.text });
      }
      count++;
      seen.add(cid.text);
      cache.put(cid.text, block.bytes);
      return block.bytes; // valid until the next block: the walk is done with a block when it asks for another
    };
    /**
     * File bytes [lo, hi) of the subtree `node`, relative to its start.
     * @param {import('./unixfs.js').FileNode} node @param {number} lo @param {number} hi @param {number} depth
     * @returns {AsyncGenerator<Uint8Array>}
     */
    const walk = async function* (node, lo, hi, depth) {
      if (depth > MAX_DEPTH) throw new InvalidBlockError(`DAG below ${root} is deeper than ${MAX_DEPTH} levels`, { cid: node.cid.text });
      if (ancestors.has(node.cid.text)) throw new InvalidBlockError(`DAG contains a cycle through ${node.cid}`, { cid: node.cid.text });
      ancestors.add(node.cid.text);
      const dataEnd = node.data.length;
      if (lo < dataEnd) yield node.data.subarray(lo, Math.min(hi, dataEnd));
      let pos = dataEnd;
      for (let i = 0; i < node.links.length && pos < hi; i++) {
        const size = node.blockSizes[i];
        const childEnd = pos + size;
        if (childEnd > lo && size > 0) {
          const childCid = node.links[i];
          const child = decodeFileNode(childCid, await need(childCid));
          checkChildSize(node, childCid, size, child.fileSize);
          yield* walk(child, Math.max(lo, pos) - pos, Math.min(hi, childEnd) - pos, depth + 1);
        }
        pos = childEnd;
      }
      ancestors.delete(node.cid.text);
    };
    const rootNode = decodeFileNode(root, await need(root));
    const size = rootNode.fileSize;
    const rangeStart = opts.range?.start ?? 0;
    state.total ??= Math.max(0, Math.min(end ?? size, size) - rangeStart);
    const hi = Math.min(end ?? size, size);
    if (from < hi) yield* walk(rootNode, from, hi, 0);
    // Blocks after the walk are left unread: every byte handed out was verified, and failing a
    // download the consumer already holds in full would help no one.
  } finally {
    await http.close();
  }
}

/**
 * @param {Cid} cid @param {string} gateway @param {Options} opts
 * @returns {Promise<Uint8Array>}
 */
async function rawBlock(cid, gateway, opts) {
  const http = await request(`${gateway}/ipfs/${cid}?format=raw`, 'application/vnd.ipld.raw', opts);
  try {
    const parts = [];
    let n = 0;
    for await (const chunk of http.body) {
      n += chunk.length;
      if (n > MAX_BLOCK_SIZE) throw new InvalidBlockError(`block ${cid} from ${gateway} exceeds ${MAX_BLOCK_SIZE} bytes`, { cid: cid.text });
      parts.push(chunk.slice()); // the body's buffer is reused for its next chunk
    }
    const bytes = new Uint8Array(n);
    let o = 0;
    for (const p of parts) { bytes.set(p, o); o += p.length; }
    await verifyBlock(cid, bytes);
    return bytes;
  } finally {
    await http.close();
  }
}

/**
 * A GET whose every wait (connect, headers, each body read) is bounded by opts.timeoutMs. Time the
 * consumer spends between reads does not count: only silence from the gateway does.
 * @param {string} url @param {string} accept @param {Options} opts
 * @returns {Promise<{ contentType: string, body: AsyncIterable<Uint8Array>, close: () => Promise<void> }>}
 */
async function request(url, accept, opts) {
  const controller = new AbortController();
  const onAbort = () => controller.abort(opts.signal?.reason);
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const release = () => opts.signal?.removeEventListener('abort', onAbort);
  /** @template T @param {Promise<T>} p @param {string} what @returns {Promise<T>} */
  const bounded = (p, what) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new GatewayError(`stalled: no ${what} for ${opts.timeoutMs} ms`, 'stalled'));
      controller.abort();
    }, opts.timeoutMs);
    p.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });
  let response;
  try {
    // No redirects, as the Java client: a gateway answers for itself.
    response = await bounded(opts.fetch(url, { headers: { Accept: accept }, signal: controller.signal, redirect: 'error' }), 'response');
  } catch (e) {
    release();
    if (e instanceof GatewayError || opts.signal?.aborted) throw e;
    throw new GatewayError(`request failed: ${e.message}`, 'network');
  }
  const reader = response.body ? bodyReader(response.body) : undefined;
  const close = async () => {
    release();
    await reader?.cancel().catch(() => {});
  };
  if (response.status !== 200) {
    const text = reader ? await bounded(reader.read(), 'error body').then((r) => r.value ?? new Uint8Array(0), () => new Uint8Array(0)) : new Uint8Array(0);
    await close();
    const snippet = new TextDecoder().decode(text.subarray(0, 300)).replace(/\s+/g, ' ').trim();
    throw new GatewayError(`HTTP ${response.status}${snippet ? ': ' + snippet : ''}`, 'http-status');
  }
  const body = {
    async *[Symbol.asyncIterator]() {
      if (!reader) return;
      for (;;) {
        let r;
        try {
          r = await bounded(reader.read(), 'data');
        } catch (e) {
          if (e instanceof GatewayError || opts.signal?.aborted) throw e;
          throw new GatewayError(`connection lost mid-body: ${e.message}`, 'network');
        }
        if (r.done) return;
        yield r.value;
      }
    },
  };
  return { contentType: response.headers.get('content-type') ?? '', body, close };
}

/**
 * Only a dfs, dups=n CARv1 can be verified block by block; anything else is refused up front.
 * @param {string} contentType
 */
function checkContentType(contentType) {
  const ct = contentType.toLowerCase().replace(/\s/g, '');
  if (!ct.startsWith('application/vnd.ipld.car')) throw new GatewayError(`answered Content-Type [${contentType}], not a CAR; is this a trustless gateway?`, 'bad-content-type');
  if (ct.includes('version=') && !ct.includes('version=1')) throw new GatewayError(`sent a CAR version other than 1 [${contentType}]`, 'bad-content-type');
  if (!ct.includes('order=dfs')) throw new GatewayError(`did not promise order=dfs [${contentType}]; cannot verify the DAG shape in a stream`, 'bad-content-type');
  if (ct.includes('dups=y')) throw new GatewayError(`sent dups=y although dups=n was requested [${contentType}]`, 'bad-content-type');
}

/**
 * Copies of verified blocks, least recently used dropped first once over the byte budget, their
 * buffers reused for the next copies (a block handed to `put` is the CAR reader's, valid only
 * until its next block).
 */
class BlockCache {
  /** @param {number} limit */
  constructor(limit) {
    this.limit = limit;
    this.bytes = 0;
    /** @type {Map<string, Uint8Array>} */
    this.map = new Map();
    this.spare = new BufferPool(2 * MAX_BLOCK_SIZE);
  }

  /** @param {string} key */
  get(key) {
    const v = this.map.get(key);
    if (v !== undefined) { this.map.delete(key); this.map.set(key, v); }
    return v;
  }

  /** @param {string} key @param {Uint8Array} value */
  put(key, value) {
    if (value.length > this.limit || this.map.has(key)) return;
    this.bytes += value.length;
    for (const [k, v] of this.map) {
      if (this.bytes <= this.limit) break;
      this.map.delete(k);
      this.bytes -= v.length;
      this.spare.give(v.buffer);
    }
    const copy = this.spare.take(value.length);
    copy.set(value);
    this.map.set(key, copy);
  }
}

/** @param {Cid} cid @param {{ gateway: string, error: Error }[]} failures */
function failed(cid, failures) {
  const lines = failures.map((f) => `\n  ${f.gateway}: ${f.error.message}`).join('');
  return new FetchFailedError(`no gateway delivered a verified copy of ${cid}:${lines}\nTry other gateways, or check that one of them holds the content.`, failures);
}

/** @param {Cid | string} cid */
function toCid(cid) {
  if (cid instanceof Cid) return cid;
  if (typeof cid === 'string') return parseCid(cid);
  throw new TypeError('CID (Cid or string) required');
}

/** @param {VerifiedFetchOptions} options @returns {Options} */
function checkOptions(options) {
  if (options === null || typeof options !== 'object') throw new TypeError('options {gateways: [...]} required');
  const { gateways } = options;
  if (!Array.isArray(gateways) || gateways.length === 0) throw new TypeError('at least one gateway URL required');
  const bases = gateways.map((g) => {
    let url;
    try { url = new URL(g); } catch { url = null; }
    if (url === null || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
      throw new TypeError(`gateway URL must be http(s)://host[:port][/path], got [${g}]`);
    }
    return url.href.replace(/\/+$/, '');
  });
  const range = options.range;
  if (range !== undefined) {
    if (!Number.isSafeInteger(range.start) || range.start < 0) throw new RangeError(`range.start ${range?.start} must be a non-negative integer`);
    if (range.end !== undefined && (!Number.isSafeInteger(range.end) || range.end <= range.start)) {
      throw new RangeError(`range.end ${range.end} must be an integer above range.start ${range.start}`);
    }
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs ${timeoutMs} must be positive`);
  const f = options.fetch ?? globalThis.fetch;
  if (typeof f !== 'function') throw new TypeError('no fetch function available');
  // Called unbound: a browser's fetch throws "Illegal invocation" when called as a method of another object.
  /** @type {typeof fetch} */
  const call = (input, init) => f(input, init);
  return { ...options, gateways: bases, timeoutMs, fetch: call, cacheBytes: options.cacheBytes ?? DEFAULT_CACHE_BYTES };
}

/** Bytes asked for per read of a response body. */
const READ_SIZE = 256 * 1024;

/**
 * A response body's reader that reads into one buffer, reused, where the body is a byte stream
 * (fetch bodies are, in Chromium and Node): each chunk is valid until the next read. The default
 * reader's chunks are buffers Chromium allocated itself, reclaimed so late by its GC that merely
 * reading a 4 GiB body held about a GiB of a tab; fresh buffers of our own per read still held
 * hundreds of MiB.
 * @param {ReadableStream<Uint8Array>} body
 * @returns {{ read(): Promise<ReadableStreamReadResult<Uint8Array>>, cancel(reason?: unknown): Promise<void> }}
 */
function bodyReader(body) {
  /** @type {ReadableStreamBYOBReader} */
  let byob;
  try {
    byob = body.getReader({ mode: 'byob' });
  } catch {
    return body.getReader(); // not a byte stream (a test's own fetch)
  }
  let buffer = new ArrayBuffer(READ_SIZE);
  return {
    read: async () => {
      const r = await byob.read(new Uint8Array(buffer));
      if (r.done || r.value === undefined) return { done: true, value: undefined };
      buffer = /** @type {ArrayBuffer} */ (r.value.buffer);
      return { done: false, value: r.value };
    },
    cancel: (reason) => byob.cancel(reason),
  };
}

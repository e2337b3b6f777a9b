// The artist's side of one keyholder bot's endpoints (spec/keyholder-protocol.md section 8): its
// signed terms, a solicitation answered by a signed offer, the archive uploaded as a CAR, the
// commit and the bot's view of a release. Every signed answer is verified before it is returned;
// a refusal is a HiringError with the bot's code and message. The twin of Java's BotClient.
import { HiringError, refusalFromJson, decodeWire, encodeWire, verifyInfo, verifyOffer, checkOfferAnswers, offerPublicKey, domainOf } from './messages.js';

/** The largest answer read from a bot: its JSON answers are a few hundred bytes. */
const MAX_ANSWER_BYTES = 64 * 1024;
const DEFAULT_TIMEOUT_MS = 30_000;
const CAR_TYPE = 'application/vnd.ipld.car';

/**
 * @typedef {object} ClientOptions
 * @property {typeof fetch} [fetch] the fetch to use (default: the global one)
 * @property {number} [timeoutMs] per request, default 30 s (an upload has none unless `signal` says)
 * @property {AbortSignal} [signal] cancels the request
 */

/**
 * `GET /v1/info`: the bot's terms, signed by its operator, verified for `expected` at `now`
 * (section 5, steps 1 to 4). Whether the operator acts for a registered keyholder is the
 * caller's check (it needs the registry).
 * @param {string} endpoint the bot's base URL (its registry profile's `endpoint`)
 * @param {{ chainId: number, factory: string }} expected
 * @param {ClientOptions & { now?: number }} [options] now: Unix seconds, default the local clock
 * @returns {Promise<{ message: any, signature: string }>}
 */
export async function botInfo(endpoint, expected, options = {}) {
  const base = baseUrl(endpoint);
  const body = await call(base, 'GET', '/v1/info', undefined, options);
  try {
    const info = decodeWire('Info', body);
    await verifyInfo(info, expected, options.now ?? nowSeconds());
    return info;
  } catch (e) {
    throw rethrow(e, `${base} sent a statement that does not verify`);
  }
}

/**
 * `POST /v1/solicit`: sends a signed solicitation and returns the offer that answers it, verified
 * (signed by the release key it names in the solicitation's domain, answering this solicitation,
 * from `keyholder`, still valid), with the release public key the archive seals the share to.
 * @param {string} endpoint
 * @param {{ message: any, signature: string }} solicitation signed
 * @param {ClientOptions & { keyholder: string, now?: number }} options keyholder: the one solicited (its Info's)
 * @returns {Promise<{ offer: { message: any, signature: string }, publicKey: string }>} publicKey: 33 bytes compressed, 0x-hex
 */
export async function solicit(endpoint, solicitation, options) {
  if (!options?.keyholder) throw new TypeError('solicit needs options.keyholder: the keyholder whose bot is solicited');
  const base = baseUrl(endpoint);
  const body = await call(base, 'POST', '/v1/solicit', { type: 'application/json', body: encodeWire('Solicitation', solicitation) }, options);
  try {
    const offer = decodeWire('Offer', body);
    const domain = domainOf(solicitation.message);
    await verifyOffer(offer, domain, options.now ?? nowSeconds());
    checkOfferAnswers(offer.message, solicitation.message, options.keyholder);
    return { offer, publicKey: await offerPublicKey(offer, domain) };
  } catch (e) {
    throw rethrow(e, `${base} answered an offer that does not verify`);
  }
}

/**
 * The bytes of a CAR to upload: a Blob or File (an OPFS file, the stored CAR: sent as is, never
 * copied into memory), or chunks (a ReadableStream or an (async) iterable of Uint8Array).
 * @typedef {Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Iterable<Uint8Array>} CarBody
 */

/**
 * `PUT /v1/archives/{cid}?release=`: the archive as a CARv1 with the single root `cid`.
 *
 * A Blob goes as it is. Chunks are streamed (`duplex: 'half'`) only with `options.stream`:
 * Chromium streams a request body only over HTTP/2 or QUIC and a bot serves HTTP/1.1, so in a
 * page chunks are gathered into a Blob, which Chromium keeps on disk when large. `onProgress`
 * sees the bytes handed to the request (a Blob's only once it is sent).
 * @param {string} endpoint
 * @param {string} cid the archive's CID (text form)
 * @param {string} release the release address
 * @param {CarBody} car
 * @param {(sent: number, total: number) => void} [onProgress] total 0 when unknown
 * @param {ClientOptions & { stream?: boolean }} [options]
 * @returns {Promise<{ cid: string, release: string, bytes: number, stored: boolean }>} stored: false when the bot had it already
 */
export async function uploadArchive(endpoint, cid, release, car, onProgress = () => {}, options = {}) {
  if (typeof cid !== 'string' || !/^[a-z0-9]+$/i.test(cid)) throw new TypeError(`cid must be a CID in text form, got ${cid}`);
  checkAddress(release, 'release');
  const base = baseUrl(endpoint);
  /** @type {any} */
  let body;
  let total = 0;
  if (typeof Blob !== 'undefined' && car instanceof Blob) {
    body = car;
    total = car.size;
  } else if (options.stream) {
    let sent = 0;
    const it = iterate(car);
    body = new ReadableStream({
      async pull(controller) {
        const { done, value } = await it.next();
        if (done) { controller.close(); return; }
        sent += value.length;
        onProgress(sent, 0);
        controller.enqueue(value);
      },
      async cancel() { await it.return?.(undefined); },
    });
  } else {
    const parts = [];
    const it = iterate(car);
    for (let r = await it.next(); !r.done; r = await it.next()) { parts.push(r.value); total += r.value.length; }
    body = new Blob(parts, { type: CAR_TYPE });
  }
  const path = `/v1/archives/${cid}?release=${release.toLowerCase()}`;
  const answer = await call(base, 'PUT', path, { type: CAR_TYPE, body, duplex: !(body instanceof Blob) }, { ...options, timeoutMs: options.timeoutMs ?? 0 }, true);
  if (total) onProgress(total, total);
  const j = parseJson(answer.text, base, path);
  return { cid: String(j.cid), release: String(j.release), bytes: Number(j.bytes), stored: answer.status === 201 };
}

/**
 * `POST /v1/commit`: the release is created; the bot checks it against its offer and the archive
 * and enrols. With `gateways` (at most 4 http(s) URLs) a bot that has no upload fetches the
 * archive the release records from them, verified. Idempotent at the bot.
 * @param {string} endpoint
 * @param {string} release
 * @param {string[]} [gateways]
 * @param {ClientOptions} [options] a commit may take a while (the bot verifies the whole archive): default 5 minutes
 * @returns {Promise<{ release: string, slot: number, action: string, status: string, txHash: string|null }>}
 */
export async function commit(endpoint, release, gateways = [], options = {}) {
  checkAddress(release, 'release');
  if (!Array.isArray(gateways) || gateways.length > 4 || !gateways.every((g) => typeof g === 'string' && /^https?:\/\//.test(g) && g.length <= 512)) {
    throw new TypeError('gateways must be at most 4 http(s) URLs of at most 512 characters');
  }
  const base = baseUrl(endpoint);
  const request = gateways.length ? { release: release.toLowerCase(), gateways } : { release: release.toLowerCase() };
  const body = await call(base, 'POST', '/v1/commit', { type: 'application/json', body: JSON.stringify(request) }, { ...options, timeoutMs: options.timeoutMs ?? 300_000 });
  const j = parseJson(body, base, '/v1/commit');
  return { release: String(j.release), slot: Number(j.slot), action: String(j.action), status: String(j.status), txHash: typeof j.txHash === 'string' ? j.txHash : null };
}

/**
 * `GET /v1/releases/{address}`: the release as the bot last saw it, its journaled actions and what
 * it will do next (section 8.5). `not-found` for a release it holds no offer or slot of.
 * @param {string} endpoint @param {string} release @param {ClientOptions} [options]
 * @returns {Promise<{ release: string, chainId: number, factory: string, slot: number, group: number, state: string,
 *   archiveCid: string|null, actions: Array<{kind: string, status: string, nonce: number|null, txHash: string|null}>, next: string }>}
 */
export async function releaseStatus(endpoint, release, options = {}) {
  checkAddress(release, 'release');
  const base = baseUrl(endpoint);
  const path = `/v1/releases/${release.toLowerCase()}`;
  return parseJson(await call(base, 'GET', path, undefined, options), base, path);
}

// ------------------------------------------------------------------ internals

/** @param {string} endpoint */
function baseUrl(endpoint) {
  if (typeof endpoint !== 'string' || !/^https?:\/\/[^\s/]+/.test(endpoint)) {
    throw new HiringError('malformed', `the bot's endpoint ${JSON.stringify(endpoint)} is not an http(s) URL; its registry profile names no usable bot`);
  }
  return endpoint.replace(/\/+$/, '');
}

/** @param {unknown} a @param {string} what */
function checkAddress(a, what) {
  if (typeof a !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(a)) throw new TypeError(`${what} must be an address, got ${a}`);
}

function nowSeconds() {
  return Math.floor(Date.now() / 1000);
}

/**
 * One request; a 2xx answer's body (at most 64 KiB) or the bot's typed refusal.
 * @template {boolean} [S=false]
 * @param {string} base @param {string} method @param {string} path
 * @param {{ type: string, body: any, duplex?: boolean } | undefined} payload
 * @param {ClientOptions} options
 * @param {S} [withStatus]
 * @returns {Promise<S extends true ? { text: string, status: number } : string>}
 */
async function call(base, method, path, payload, options, withStatus) {
  const doFetch = options.fetch ?? globalThis.fetch;
  const what = `${method} ${path.replace(/\?.*$/, '')}`;
  const timeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const signals = [options.signal, timeout > 0 ? AbortSignal.timeout(timeout) : undefined].filter(Boolean);
  /** @type {any} */
  const init = { method, headers: payload ? { 'Content-Type': payload.type } : {}, credentials: 'omit', redirect: 'error', signal: signals.length ? AbortSignal.any(signals) : undefined };
  if (payload) init.body = payload.body;
  if (payload?.duplex) init.duplex = 'half';
  let response;
  try {
    response = await doFetch(`${base}${path}`, init);
  } catch (e) {
    const name = /** @type {any} */ (e)?.name;
    const why = name === 'TimeoutError' ? `no answer within ${timeout / 1000} s` : name === 'AbortError' ? 'cancelled' : /** @type {Error} */ (e)?.message ?? String(e);
    throw new HiringError('internal', `${base} did not answer ${what}: ${why}; is the bot running and reachable from this page (CORS)?`, { cause: e });
  }
  const text = await readBounded(response, base, what);
  if (response.ok) return /** @type {any} */ (withStatus ? { text, status: response.status } : text);
  const refusal = refusalFromJson(text);
  if (refusal.code === 'malformed' && !/"error"/.test(text)) {
    throw new HiringError(response.status === 404 ? 'not-found' : 'internal', `${base} answered ${what} with HTTP ${response.status} and no typed refusal`);
  }
  const retry = Number(response.headers.get('Retry-After'));
  throw new HiringError(refusal.code, `${base} refused ${what} (${refusal.code}): ${refusal.message}`, { retryAfter: Number.isFinite(retry) && retry > 0 ? retry : undefined });
}

/** @param {Response} response @param {string} base @param {string} what */
async function readBounded(response, base, what) {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const parts = [];
  let n = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      n += value.length;
      if (n > MAX_ANSWER_BYTES) {
        await reader.cancel();
        throw new HiringError('internal', `${base} answered ${what} with more than ${MAX_ANSWER_BYTES} bytes; that is no bot answer`);
      }
      parts.push(value);
    }
  } catch (e) {
    if (e instanceof HiringError) throw e;
    throw new HiringError('internal', `${base} broke off its answer to ${what}: ${/** @type {Error} */ (e)?.message ?? e}`, { cause: e });
  }
  const all = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { all.set(p, o); o += p.length; }
  return new TextDecoder().decode(all);
}

/** @param {string} text @param {string} base @param {string} path @returns {any} */
function parseJson(text, base, path) {
  try {
    const j = JSON.parse(text);
    if (j && typeof j === 'object') return j;
  } catch { /* below */ }
  throw new HiringError('internal', `${base} answered ${path} with something that is not a JSON object`);
}

/** @param {unknown} e @param {string} context */
function rethrow(e, context) {
  if (e instanceof HiringError) return new HiringError(e.code, `${context}: ${e.message}`, { cause: e });
  return e;
}

/** @param {any} source @returns {AsyncIterator<Uint8Array>} */
function iterate(source) {
  if (source && typeof source.getReader === 'function') {
    const reader = source.getReader();
    return {
      async next() { const r = await reader.read(); return r.done ? { done: true, value: undefined } : { done: false, value: r.value }; },
      async return() { await reader.cancel(); return { done: true, value: undefined }; },
    };
  }
  if (source && typeof source[Symbol.asyncIterator] === 'function') return source[Symbol.asyncIterator]();
  if (source && typeof source[Symbol.iterator] === 'function') {
    const it = source[Symbol.iterator]();
    return { async next() { return it.next(); }, async return() { it.return?.(); return { done: true, value: undefined }; } };
  }
  throw new TypeError('the CAR must be a Blob, a ReadableStream or an iterable of Uint8Array');
}

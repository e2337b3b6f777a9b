// The artist's whole launch with keyholder bots as a resumable state machine, the twin of Java's
// Launch (`unveil release launch`): hire a bot per slot through the hiring protocol, pack the
// archive with the release keys they offered (the page's callback), upload it to each bot, create
// the release, tell each bot, wait for every enrolment, reveal the sampled keys so pledging opens.
//
// The state is plain JSON (amounts as decimal strings) holding nothing secret: signed public
// statements, the archive's CID and hashes, what was done. `step(state, deps)` does one step and
// returns the next state; the caller saves it (localStorage, OPFS) before the next step, so a
// reload resumes where it stopped. Every step is idempotent: a slot is hired once, an upload a
// bot already has is answered 200, a release found on chain is checked and taken, a commit is
// answered with the enrolment as it stands, samples already revealed are seen on chain.
import { getAddress, zeroAddress } from '../../vendor/viem.js';
import { ReleaseAbi, ReleaseFactoryAbi, KeyholderRegistryAbi } from '../chain/abi.js';
import { STATES } from '../chain/release.js';
import { registryOf, listKeyholders, keyholderListing } from '../chain/registry.js';
import { salt32, termBounds, predictRelease, derivedKeyholderFee, createParams, createRelease, checkPackedFor, revealSamples } from '../chain/create.js';
import { HiringError, decodeWire, encodeWire, signWithWallet, checkPolicy, hiringDomain } from './messages.js';
import { botInfo, solicit, uploadArchive, commit } from './bot-client.js';

/** The state's format; a state of another version is refused rather than misread. */
export const LAUNCH_VERSION = 1;
/** Solicitations hold 10 minutes, as Java's: long enough to be answered, short for the bot's nonce memory. */
const SOLICITATION_LIFETIME = 600;
/** Blocks after the beacon before the artist draws the samples itself (a keeper usually has). */
const DRAW_AFTER_BLOCKS = 3n;
const ZERO_SEED = /^0x0{64}$/;
/** Commits a bot may answer with a retryable refusal before the launch stops asking. */
const COMMIT_TRIES = 5;

/** A launch that cannot go on as it is, with what to do. */
export class LaunchError extends Error {
  /**
   * @param {string} message @param {string} code
   * @param {{ cause?: unknown, state?: LaunchState }} [options] state: the state to save instead of the one the step was given
   */
  constructor(message, code, options = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LaunchError';
    this.code = code;
    this.state = options.state;
  }
}

/**
 * One hired slot: the bot, the solicitation sent and the offer that answered it (wire forms), the
 * release public key recovered from the offer.
 * @typedef {{ slot: number, group: number, keyholder: string, endpoint: string, solicitation: string, offer: string, releaseKey: string, publicKey: string, validUntil: number }} Hired
 */

/**
 * What the page's pack callback returns: the archive was written (and kept, e.g. in OPFS) where
 * the page can find it again for `deps.manifest()`, `deps.car()` and `deps.secret()`.
 * @typedef {{ cid: string, cidBytes: string, manifestHash: string, fragmentRoot: string, fragmentCount: number, archiveBytes: number }} Packed
 *   cidBytes: the binary CID, 0x-hex (what the release records); manifestHash: hex SHA-256 of manifest.json
 */

/**
 * The launch's state. Phases in order: hire, pack, upload, create, commit, enrol, samples, done.
 * @typedef {object} LaunchState
 * @property {number} version
 * @property {'hire'|'pack'|'upload'|'create'|'commit'|'enrol'|'samples'|'done'} phase the next step
 * @property {number} chainId
 * @property {string} factory
 * @property {string} artist
 * @property {string} release the predicted address
 * @property {{ salt: string, salt32: string, token: string, goal: string, artistFee: string, deposit: string, keyholderFee: string,
 *   enrolDeadline: number, pledgeDeadline: number, revealWindow: number, samples: number, maxArchiveBytes: number|null }} terms
 *   fixed at the start (times absolute, chain time)
 * @property {Array<{ threshold: number, size: number }>} groups
 * @property {string[]|null} candidates the bots to try, in order (null: not listed yet)
 * @property {Record<string, { reason: string, retryable: boolean }>} unusable bots that could not be hired, and why
 * @property {Hired[]} hired in slot order
 * @property {Packed|null} packed
 * @property {string[]} archiveGateways where the bots fetch the archive instead of an upload (empty: upload)
 * @property {string[]} uploaded keyholders that have the archive
 * @property {string|null} createdTx the createRelease transaction (or 'found' when it was found on chain)
 * @property {Record<string, { status: string, txHash: string|null }>} committed by keyholder
 * @property {Record<string, number>} commitTries retryable commit refusals so far, by keyholder
 * @property {{ fragments: number[], transactions: string[] }|null} samples
 */

/**
 * What a step needs. Signing is the wallet's (an EIP-1193 provider); the archive is the page's.
 * @typedef {object} LaunchDeps
 * @property {any} client viem public client of the release's chain
 * @property {any} wallet viem wallet client whose account is the artist
 * @property {{ request: (a: {method: string, params?: any[]}) => Promise<any> }} provider the wallet's EIP-1193 provider (signs solicitations)
 * @property {(request: { chainId: number, factory: string, release: string, terms: any, groups: Array<{ threshold: number, keyholders: string[] }> }) => Promise<Packed>} pack
 *   packs the archive for these terms with these release public keys (33-byte hex), keeps it, returns its identifiers
 * @property {() => Promise<any>} manifest the packed archive's parsed manifest
 * @property {() => Promise<import('./bot-client.js').CarBody>} car the packed archive as a CARv1 rooted at its CID, once per
 *   upload: in a page the CAR written to an OPFS File (sent as it is, never copied into memory); chunks are gathered into a Blob
 * @property {() => Promise<Uint8Array>} secret the release secret s (32 bytes; wiped after use)
 * @property {typeof fetch} [fetch] for the bots' endpoints
 * @property {boolean} [streamUpload] stream uploads (Node); in a page chunks become a Blob
 * @property {() => number} [now] the local clock, Unix seconds (hiring messages hold by it)
 * @property {(what: string, done: number, total: number) => void} [onProgress]
 */

/**
 * What to launch.
 * @typedef {object} LaunchPlan
 * @property {string} salt any text, new for each release of this account
 * @property {Array<{ threshold: number, size: number }>} groups M-of-N keyholder groups, slots numbered group after group
 * @property {bigint} goal @property {bigint} artistFee @property {bigint} deposit per slot
 * @property {bigint} [keyholderFee] default: derived from the artist fee (A = G - P*F - G*bps/10000)
 * @property {number} enrolPeriod seconds from now (chain time) @property {number} pledgePeriod seconds after the enrolment deadline
 * @property {number} revealWindow seconds @property {number} [samples] fragments sampled, default 3
 * @property {string[]} [bots] endpoints to hire, in order; default every bot of the registry, highest stake first
 * @property {string[]} [archiveGateways] gateways serving the archive: the bots fetch it there instead of an upload
 * @property {number} [maxArchiveBytes] the largest the archive will be: solicited instead of each bot's own limit, and bots
 *   storing less are skipped (default: each bot's limit, as Java does)
 */

/**
 * The first state of a launch on `factory`: predicts the release for the wallet's account and the
 * salt, fixes the terms against the chain's clock, the factory's term bounds and reputation share.
 * Refuses a salt this account used already.
 * @param {LaunchPlan} plan
 * @param {{ client: any, wallet: any, factory: string }} deps
 * @returns {Promise<LaunchState>}
 */
export async function newLaunch(plan, { client, wallet, factory }) {
  if (!plan || typeof plan !== 'object') throw new TypeError('newLaunch needs a plan');
  if (!Array.isArray(plan.groups) || plan.groups.length < 1 || plan.groups.length > 8) throw new LaunchError('give 1 to 8 keyholder groups', 'plan');
  for (const g of plan.groups) {
    if (!Number.isInteger(g.threshold) || !Number.isInteger(g.size) || g.threshold < 1 || g.threshold > g.size) {
      throw new LaunchError(`group ${g.threshold}-of-${g.size} is not M-of-N with 1 <= M <= N`, 'plan');
    }
  }
  const slots = plan.groups.reduce((n, g) => n + g.size, 0);
  if (slots > 32) throw new LaunchError(`${slots} slots: a release has at most 32`, 'plan');
  for (const k of ['goal', 'artistFee', 'deposit']) {
    if (typeof plan[k] !== 'bigint' || plan[k] <= 0n) throw new LaunchError(`${k} must be a positive amount in wei (a bigint)`, 'plan');
  }
  const artist = wallet.account.address.toLowerCase();
  const salt = salt32(plan.salt);
  const [chainId, release, bounds, bps, block] = await Promise.all([
    client.getChainId(), predictRelease(client, factory, artist, salt), termBounds(client, factory),
    client.readContract({ address: getAddress(factory), abi: ReleaseFactoryAbi, functionName: 'reputationBps' }), client.getBlock()]);
  const code = await client.getCode({ address: getAddress(release) });
  if (code && code !== '0x') throw new LaunchError(`a release already exists at ${release}: this account used salt "${plan.salt}" before; choose another salt`, 'exists');
  const within = (name, v, min, max) => {
    if (!(v >= min && v <= max)) throw new LaunchError(`${name} ${v} s is outside the factory's bounds [${min}, ${max}] s`, 'plan');
  };
  within('the enrolment period', plan.enrolPeriod, 60, bounds.maxEnrolPeriod);
  within('the pledge period', plan.pledgePeriod, 1, bounds.maxPledgePeriod);
  within('the reveal window', plan.revealWindow, bounds.minRevealWindow, bounds.maxRevealWindow);
  const samples = plan.samples ?? 3;
  if (!Number.isInteger(samples) || samples < 1 || samples > 16) throw new LaunchError(`samples ${samples} is outside [1, 16]`, 'plan');
  const keyholderFee = plan.keyholderFee ?? derivedKeyholderFee(plan.goal, plan.artistFee, Number(bps), slots);
  // Deadlines are the chain's (the contract compares them with block time); hiring messages hold by the local clock.
  const now = Number(block.timestamp);
  if (plan.maxArchiveBytes !== undefined && !(Number.isSafeInteger(plan.maxArchiveBytes) && plan.maxArchiveBytes >= 1)) {
    throw new LaunchError('maxArchiveBytes must be a positive whole number of bytes', 'plan');
  }
  const gateways = plan.archiveGateways ?? [];
  if (gateways.length > 4 || !gateways.every((g) => /^https?:\/\//.test(g))) throw new LaunchError('give at most 4 http(s) archive gateways', 'plan');
  return {
    version: LAUNCH_VERSION, phase: 'hire', chainId, factory: factory.toLowerCase(), artist, release,
    terms: {
      salt: plan.salt, salt32: salt, token: zeroAddress, goal: plan.goal.toString(), artistFee: plan.artistFee.toString(), deposit: plan.deposit.toString(),
      keyholderFee: keyholderFee.toString(), enrolDeadline: now + plan.enrolPeriod, pledgeDeadline: now + plan.enrolPeriod + plan.pledgePeriod,
      revealWindow: plan.revealWindow, samples, maxArchiveBytes: plan.maxArchiveBytes ?? null,
    },
    groups: plan.groups.map((g) => ({ threshold: g.threshold, size: g.size })),
    candidates: plan.bots?.length ? plan.bots.map((b) => b.replace(/\/+$/, '')) : null,
    unusable: {}, hired: [], packed: null, archiveGateways: gateways, uploaded: [], createdTx: null, committed: {}, commitTries: {}, samples: null,
  };
}

/**
 * Does the next step of the launch and returns the state after it (a new object; `state` is not
 * changed). `waitMs` is set when nothing could be done yet (the bots are enrolling, the beacon is
 * not mined): call again after that long. Throws a LaunchError or a bot's HiringError when the
 * launch cannot go on; the state to save is then the error's `state` when it has one (hiring
 * records the bots it could not use), else the one given.
 * @param {LaunchState} state
 * @param {LaunchDeps} deps
 * @returns {Promise<{ state: LaunchState, line: string, waitMs?: number }>}
 */
export async function step(state, deps) {
  if (!state || state.version !== LAUNCH_VERSION) throw new LaunchError(`not a launch state of version ${LAUNCH_VERSION}; start the launch over`, 'state');
  const s = /** @type {LaunchState} */ (JSON.parse(JSON.stringify(state)));
  switch (s.phase) {
    case 'hire': return hireNext(s, deps);
    case 'pack': return pack(s, deps);
    case 'upload': return uploadNext(s, deps);
    case 'create': return create(s, deps);
    case 'commit': return commitNext(s, deps);
    case 'enrol': return awaitEnrolments(s, deps);
    case 'samples': return reveal(s, deps);
    case 'done': return { state: s, line: `the release ${s.release} is open for pledges` };
    default: throw new LaunchError(`unknown phase ${s.phase}`, 'state');
  }
}

/**
 * Runs steps until the launch is done, calling `save` after each and waiting when told to.
 * @param {LaunchState} state @param {LaunchDeps} deps
 * @param {{ save: (s: LaunchState) => unknown, onLine?: (line: string) => void, sleep?: (ms: number) => Promise<void>, signal?: AbortSignal }} o
 * @returns {Promise<LaunchState>}
 */
export async function runLaunch(state, deps, { save, onLine = () => {}, sleep = (ms) => new Promise((r) => setTimeout(r, ms)), signal }) {
  let s = state;
  while (s.phase !== 'done') {
    signal?.throwIfAborted();
    const r = await step(s, deps);
    s = r.state;
    await save(s);
    onLine(r.line);
    if (r.waitMs) await sleep(r.waitMs);
  }
  return s;
}

/** The slots of the plan. @param {LaunchState} s */
function slotCount(s) {
  return s.groups.reduce((n, g) => n + g.size, 0);
}

/** @param {LaunchState} s @param {number} slot */
function groupOf(s, slot) {
  let first = 0;
  for (let g = 0; g < s.groups.length; g++) {
    if (slot < first + s.groups[g].size) return g;
    first += s.groups[g].size;
  }
  throw new LaunchError(`slot ${slot} is in no group`, 'state');
}

/** @param {LaunchDeps} deps */
function nowOf(deps) {
  return deps.now ? deps.now() : Math.floor(Date.now() / 1000);
}

// ------------------------------------------------------------------ 1. hire, one slot a step

/** @param {LaunchState} s @param {LaunchDeps} deps */
async function hireNext(s, deps) {
  const { client } = deps;
  const registry = await registryOf(client, s.factory);
  if (!s.candidates) {
    s.candidates = (await listKeyholders(client, registry)).map((l) => l.endpoint.replace(/\/+$/, ''));
    return { state: s, line: `found ${s.candidates.length} keyholder bots in the registry` };
  }
  const slot = s.hired.length;
  const group = groupOf(s, slot);
  const expected = { chainId: s.chainId, factory: s.factory };
  const taken = new Set(s.hired.map((h) => h.keyholder));
  const hiredAt = new Set(s.hired.map((h) => h.endpoint));
  for (const endpoint of s.candidates) {
    if (hiredAt.has(endpoint) || s.unusable[endpoint]) continue;
    const now = nowOf(deps);
    try {
      const info = (await botInfo(endpoint, expected, { fetch: deps.fetch, now })).message;
      if (taken.has(info.keyholder)) {
        s.unusable[endpoint] = { reason: `keyholder ${info.keyholder} already holds a slot of this release`, retryable: false };
        continue;
      }
      const listing = await keyholderListing(client, registry, info.keyholder);
      const canAct = info.operator === info.keyholder || await client.readContract({
        address: registry, abi: KeyholderRegistryAbi, functionName: 'canActFor', args: [getAddress(info.operator), getAddress(info.keyholder)] });
      if (!listing.registered || listing.slashed || !canAct) {
        s.unusable[endpoint] = { reason: `keyholder ${info.keyholder} is not registered, is slashed, or ${info.operator} may not act for it`, retryable: false };
        continue;
      }
      if (info.freeSlots === 0) {
        s.unusable[endpoint] = { reason: 'it takes no more slots now', retryable: true };
        continue;
      }
      const t = s.terms;
      const message = {
        chainId: s.chainId, factory: s.factory, release: s.release, artist: s.artist, salt: t.salt32, group, slot, token: t.token,
        deposit: BigInt(t.deposit), keyholderFee: BigInt(t.keyholderFee), enrolDeadline: t.enrolDeadline, pledgeDeadline: t.pledgeDeadline,
        revealWindow: t.revealWindow, goal: BigInt(t.goal), maxArchiveBytes: t.maxArchiveBytes ?? info.policy.maxArchiveBytes, nonce: randomNonce(), expiresAt: now + SOLICITATION_LIFETIME,
      };
      checkPolicy(info.policy, message);
      const signed = await signWithWallet(deps.provider, s.artist, 'Solicitation', message, hiringDomain(s.chainId, s.factory));
      const { offer, publicKey } = await solicit(endpoint, signed, { fetch: deps.fetch, keyholder: info.keyholder, now });
      const releaseKey = offer.message.releaseKey;
      if (s.hired.some((h) => h.releaseKey === releaseKey)) {
        s.unusable[endpoint] = { reason: `it offered release key ${releaseKey}, which another slot of this release has`, retryable: false };
        continue;
      }
      s.hired.push({ slot, group, keyholder: info.keyholder, endpoint, solicitation: encodeWire('Solicitation', signed), offer: encodeWire('Offer', offer),
        releaseKey, publicKey, validUntil: offer.message.validUntil });
      if (s.hired.length === slotCount(s)) s.phase = 'pack';
      deps.onProgress?.('hired', s.hired.length, slotCount(s));
      return { state: s, line: `slot ${slot} (group ${group}): keyholder ${info.keyholder} at ${endpoint}, release key ${releaseKey}` };
    } catch (e) {
      if (!(e instanceof HiringError)) throw e;
      s.unusable[endpoint] = { reason: e.message, retryable: e.retryable };
    }
  }
  const why = Object.entries(s.unusable).map(([k, v]) => `\n  ${k}: ${v.reason}`).join('');
  // The retryable ones are tried again on the next call: the hired slots are kept.
  for (const [k, v] of Object.entries(s.unusable)) if (v.retryable) delete s.unusable[k];
  throw new LaunchError(`only ${s.hired.length} of ${slotCount(s)} slots could be hired; the other bots:${why}\n`
    + 'start more bots, ask for fewer shares, or try again later for the busy ones (the hired slots are kept)', 'not-enough-bots', { state: s });
}

function randomNonce() {
  const b = crypto.getRandomValues(new Uint8Array(32));
  return `0x${Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')}`;
}

// ------------------------------------------------------------------ 2. pack

/** @param {LaunchState} s @param {LaunchDeps} deps */
async function pack(s, deps) {
  const t = s.terms;
  const groups = [];
  let k = 0;
  for (const g of s.groups) {
    const keyholders = [];
    for (let i = 0; i < g.size; i++) keyholders.push(s.hired[k++].publicKey.replace(/^0x/, ''));
    groups.push({ threshold: g.threshold, keyholders });
  }
  const terms = {
    chainId: s.chainId, factory: s.factory, release: s.release, token: t.token, goal: t.goal, artistFee: t.artistFee,
    enrolDeadline: t.enrolDeadline, pledgeDeadline: t.pledgeDeadline, revealWindow: t.revealWindow, sampleCount: t.samples,
  };
  const p = await deps.pack({ chainId: s.chainId, factory: s.factory, release: s.release, terms, groups });
  if (!p || typeof p.cid !== 'string' || !/^0x[0-9a-f]+$/i.test(p.cidBytes ?? '') || !/^[0-9a-f]{64}$/.test(p.manifestHash ?? '')) {
    throw new LaunchError('the pack callback must return { cid, cidBytes (0x-hex), manifestHash (hex), fragmentRoot, fragmentCount, archiveBytes }', 'pack');
  }
  s.packed = { cid: p.cid, cidBytes: p.cidBytes.toLowerCase(), manifestHash: p.manifestHash, fragmentRoot: p.fragmentRoot, fragmentCount: p.fragmentCount, archiveBytes: p.archiveBytes };
  s.phase = s.archiveGateways.length ? 'create' : 'upload';
  return { state: s, line: `packed the archive ${p.cid} (${p.archiveBytes} bytes, ${p.fragmentCount} encrypted fragments) with the ${k} offered release keys` };
}

// ------------------------------------------------------------------ 3. upload, one bot a step

/** @param {LaunchState} s @param {LaunchDeps} deps */
async function uploadNext(s, deps) {
  const h = s.hired.find((x) => !s.uploaded.includes(x.keyholder));
  if (!h) {
    s.phase = 'create';
    return { state: s, line: 'every bot has the archive' };
  }
  const car = await deps.car();
  const r = await uploadArchive(h.endpoint, s.packed.cid, s.release, car, (done, total) => deps.onProgress?.(`uploading to ${h.keyholder}`, done, total),
    { fetch: deps.fetch, stream: deps.streamUpload });
  s.uploaded.push(h.keyholder);
  if (s.uploaded.length === s.hired.length) s.phase = 'create';
  return { state: s, line: `${h.endpoint} ${r.stored ? 'stored' : 'already had'} the archive (${r.bytes} bytes)` };
}

// ------------------------------------------------------------------ 4. create

/** @param {LaunchState} s @param {LaunchDeps} deps */
async function create(s, deps) {
  const { client, wallet } = deps;
  const address = getAddress(s.release);
  const code = await client.getCode({ address });
  if (code && code !== '0x') {
    // Created by an earlier run whose state was not saved, or by someone else with this salt (only this account can).
    const p = await client.readContract({ address, abi: ReleaseAbi, functionName: 'params' });
    if (p.manifestHash.toLowerCase() !== `0x${s.packed.manifestHash}`) {
      throw new LaunchError(`the release at ${s.release} names another archive than the one packed: it was created by another launch with this salt`, 'exists');
    }
    s.createdTx = s.createdTx ?? 'found';
    s.phase = 'commit';
    return { state: s, line: `the release ${s.release} exists already (an earlier run created it)` };
  }
  const now = nowOf(deps);
  const lapsed = s.hired.filter((h) => h.validUntil < now);
  if (lapsed.length) {
    throw new LaunchError(`the offers of ${lapsed.map((h) => h.keyholder).join(', ')} lapsed at ${lapsed.map((h) => h.validUntil).join(', ')}: those bots will not enrol; start a new launch (a new salt)`, 'offer-lapsed');
  }
  const manifest = await deps.manifest();
  checkPackedFor(manifest, s.chainId, s.factory, s.release);
  checkPackedTerms(manifest, s);
  const params = createParams(manifest, {
    manifestHash: s.packed.manifestHash, archiveCid: hexBytes(s.packed.cidBytes), deposit: BigInt(s.terms.deposit), keyholderFee: BigInt(s.terms.keyholderFee) });
  params.releaseKeys.forEach((k, i) => {
    if (k.toLowerCase() !== s.hired[i].releaseKey) throw new LaunchError(`the archive seals slot ${i} to ${k.toLowerCase()}, but its bot offered ${s.hired[i].releaseKey}: the archive was not packed for these offers`, 'inconsistent');
  });
  if (params.fragmentRoot !== s.packed.fragmentRoot) throw new LaunchError('the manifest read back is not the archive packed (its fragment root differs)', 'inconsistent');
  const { release, transactionHash } = await createRelease(client, wallet, s.factory, params, s.terms.salt32);
  s.createdTx = transactionHash;
  s.phase = 'commit';
  return { state: s, line: `created the release ${release} (transaction ${transactionHash})` };
}

/**
 * The archive carries the solicited terms, else every bot refuses its commit (the created release
 * would not carry what it was offered).
 * @param {any} manifest @param {LaunchState} s
 */
function checkPackedTerms(manifest, s) {
  const m = manifest.terms;
  const t = s.terms;
  const differs = [['token', m.token.toLowerCase(), t.token], ['goal', String(m.goal), t.goal], ['artistFee', String(m.artistFee), t.artistFee],
    ['enrolDeadline', m.enrolDeadline, t.enrolDeadline], ['pledgeDeadline', m.pledgeDeadline, t.pledgeDeadline], ['revealWindow', m.revealWindow, t.revealWindow],
    ['sampleCount', m.sampleCount, t.samples]].filter(([, a, b]) => a !== b);
  if (differs.length) {
    throw new LaunchError(`the archive was packed with other terms than the bots were offered (${differs.map(([k, a, b]) => `${k} ${a}, offered ${b}`).join('; ')}): pack with the terms the pack callback is given`, 'inconsistent');
  }
}

/** @param {string} hex */
function hexBytes(hex) {
  const h = hex.replace(/^0x/, '');
  const out = new Uint8Array(h.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(h.substr(i * 2, 2), 16);
  return out;
}

// ------------------------------------------------------------------ 5. commit, one bot a step

/** @param {LaunchState} s @param {LaunchDeps} deps */
async function commitNext(s, deps) {
  const h = s.hired.find((x) => !s.committed[x.keyholder]);
  if (!h) {
    s.phase = 'enrol';
    return { state: s, line: 'every bot was told' };
  }
  let c;
  try {
    c = await commit(h.endpoint, s.release, s.archiveGateways, { fetch: deps.fetch });
  } catch (e) {
    if (!(e instanceof HiringError) || !e.retryable) throw e;
    // Not ready (the bot has not seen the release yet), busy or down: the bot enrols by itself
    // when it sees the release, so after a few tries the launch waits for the enrolment instead.
    const tries = (s.commitTries[h.keyholder] ?? 0) + 1;
    s.commitTries[h.keyholder] = tries;
    if (tries < COMMIT_TRIES) return { state: s, line: `slot ${h.slot}: ${h.endpoint} cannot take the commit yet (${e.message}); trying again`, waitMs: 2000 * tries };
    s.committed[h.keyholder] = { status: `not told: ${e.message}`, txHash: null };
    if (s.hired.every((x) => s.committed[x.keyholder])) s.phase = 'enrol';
    return { state: s, line: `slot ${h.slot}: gave up telling ${h.endpoint} (${e.message}); waiting for it to enrol by itself` };
  }
  s.committed[h.keyholder] = { status: c.status, txHash: c.txHash };
  if (s.hired.every((x) => s.committed[x.keyholder])) s.phase = 'enrol';
  return { state: s, line: `slot ${h.slot}: ${h.keyholder} ${c.action} ${c.status.toLowerCase()}${c.txHash ? ` ${c.txHash}` : ''}` };
}

// ------------------------------------------------------------------ 6. wait for the enrolments

/** @param {LaunchState} s @param {LaunchDeps} deps */
async function awaitEnrolments(s, deps) {
  const { client } = deps;
  const summary = await client.readContract({ address: getAddress(s.release), abi: ReleaseAbi, functionName: 'summary' });
  const state = STATES[summary.state];
  deps.onProgress?.('enrolled', Number(summary.enrolledCount), Number(summary.slotCount));
  if (state === 'Cancelled') throw new LaunchError(`the release was cancelled with ${summary.enrolledCount} of ${summary.slotCount} slots enrolled`, 'cancelled');
  if (state !== 'Enrolling') {
    s.phase = 'samples';
    return { state: s, line: `every keyholder enrolled (${summary.slotCount} slots); the release is ${state}` };
  }
  const block = await client.getBlock();
  if (block.timestamp >= summary.enrolDeadline) {
    throw new LaunchError(`the enrolment deadline passed with ${summary.enrolledCount} of ${summary.slotCount} slots taken; the release can only be cancelled`, 'deadline-passed');
  }
  return { state: s, line: `${summary.enrolledCount} of ${summary.slotCount} slots enrolled`, waitMs: 1000 };
}

// ------------------------------------------------------------------ 7. samples

/** @param {LaunchState} s @param {LaunchDeps} deps */
async function reveal(s, deps) {
  const { client, wallet } = deps;
  const address = getAddress(s.release);
  const state = STATES[Number(await client.readContract({ address, abi: ReleaseAbi, functionName: 'state' }))];
  if (state !== 'Sampling') {
    if (state === 'Cancelled') throw new LaunchError('the release was cancelled before its samples were revealed (the window passed)', 'cancelled');
    s.phase = 'done';
    return { state: s, line: `the samples are revealed; the release is ${state}` };
  }
  const [beaconBlock, seed] = await client.readContract({ address, abi: ReleaseAbi, functionName: 'samples' });
  if (ZERO_SEED.test(seed)) {
    const head = await client.getBlockNumber({ cacheTime: 0 });
    // The bots draw as keepers once the beacon is mined; the artist draws only if none has.
    if (head <= beaconBlock + DRAW_AFTER_BLOCKS) return { state: s, line: `waiting for the sampling beacon, block ${beaconBlock} (the chain is at ${head})`, waitMs: 1000 };
  }
  const secret = await deps.secret();
  try {
    const r = await revealSamples(client, wallet, s.release, secret, await deps.manifest());
    s.samples = r;
    s.phase = 'done';
    return { state: s, line: `revealed the keys of the sampled fragments ${r.fragments.join(', ')}: pledging is open` };
  } finally {
    secret.fill(0);
  }
}

// The artist's transactions: the factory's term bounds and address prediction, the creation
// parameters built from the packed archive's manifest exactly as Java's Artist.draft builds them,
// createRelease, and revealing the sampled fragments' keys (spec/release-protocol.md sections 1.1,
// 2 and 4.1). Everything goes through viem and the wallet's EIP-1193 provider.
import { getAddress, keccak256, toBytes, toHex as viemHex, parseEventLogs } from '../../vendor/viem.js';
import { ReleaseFactoryAbi, ReleaseAbi } from './abi.js';
import { send, ChainError, STATES } from './release.js';
import { shareAddresses, commitmentsHash } from '../crypto/vss.js';
import { fragmentRoot, fragmentProof } from '../crypto/fragment-tree.js';
import { sampleIndices } from '../crypto/samples.js';
import { fragmentKey } from '../crypto/fragment-keys.js';
import { fromHex, toHex } from '../bytes.js';

/** `MAX_SAMPLES` of the release contract. */
const MAX_SAMPLES = 16;
const UINT96_MAX = (1n << 96n) - 1n;

/**
 * The 32-byte CREATE2 salt of a text, as Java's `Artist.salt32`: `0x` + 64 hex digits as given,
 * else keccak256 of its UTF-8.
 * @param {string} text
 * @returns {`0x${string}`}
 */
export function salt32(text) {
  if (typeof text !== 'string' || text.length === 0) throw new TypeError('a salt is any text, new for each release of this account');
  return /^0x[0-9a-fA-F]{64}$/.test(text) ? /** @type {`0x${string}`} */ (text.toLowerCase()) : keccak256(toBytes(text));
}

/**
 * The bounds the factory keeps every release's times in, seconds (spec/release-protocol.md section 2).
 * @param {any} client viem public client @param {string} factory
 * @returns {Promise<{ minRevealWindow: number, maxRevealWindow: number, maxEnrolPeriod: number, maxPledgePeriod: number }>}
 */
export async function termBounds(client, factory) {
  const [minRevealWindow, maxRevealWindow, maxEnrolPeriod, maxPledgePeriod] = await client.readContract({
    address: getAddress(factory), abi: ReleaseFactoryAbi, functionName: 'termBounds' });
  return { minRevealWindow: Number(minRevealWindow), maxRevealWindow: Number(maxRevealWindow), maxEnrolPeriod: Number(maxEnrolPeriod), maxPledgePeriod: Number(maxPledgePeriod) };
}

/**
 * Where `createRelease(params, salt)` sent by `artist` deploys the release (the factory's own answer).
 * @param {any} client @param {string} factory @param {string} artist @param {string} salt 0x + 64 hex ({@link salt32})
 * @returns {Promise<string>} lowercase address
 */
export async function predictRelease(client, factory, artist, salt) {
  const a = await client.readContract({ address: getAddress(factory), abi: ReleaseFactoryAbi, functionName: 'predictAddress', args: [getAddress(artist), salt] });
  return a.toLowerCase();
}

/**
 * The keyholder fee the manifest's artist fee implies: A = G - P*F - G*bps/10000, exactly, as
 * Java's `Artist.derivedKeyholderFee`.
 * @param {bigint} goal @param {bigint} artistFee @param {number} bps the factory's reputationBps @param {number} slots
 * @returns {bigint}
 */
export function derivedKeyholderFee(goal, artistFee, bps, slots) {
  const rest = goal - artistFee - (goal * BigInt(bps)) / 10000n;
  if (rest < 0n || rest % BigInt(slots) !== 0n) {
    throw new ChainError(`the manifest's artist fee ${artistFee} does not leave an equal whole fee for each of ${slots} keyholders after the ${bps} bps reputation share of the goal ${goal}; give the keyholder fee`, 'params');
  }
  return rest / BigInt(slots);
}

/**
 * The manifest was packed for this chain, factory and release address, else the release would not match it.
 * @param {any} manifest @param {number} chainId @param {string} factory @param {string} release
 */
export function checkPackedFor(manifest, chainId, factory, release) {
  const t = manifest.terms;
  if (t.chainId !== chainId) throw new ChainError(`the archive was packed for chain ${t.chainId}, the wallet's chain is ${chainId}`, 'params');
  if (t.factory.toLowerCase() !== factory.toLowerCase()) throw new ChainError(`the archive was packed for factory ${t.factory}, not ${factory}`, 'params');
  if (t.release.toLowerCase() !== release.toLowerCase()) {
    throw new ChainError(`the archive was packed for release address ${t.release}, but this account and salt give ${release}: use the account and salt you packed with`, 'params');
  }
}

/**
 * Every encrypted fragment's key address in index order e = 0..F-1 (files in order, previews skipped).
 * @param {any} manifest
 * @returns {string[]}
 */
export function keyAddresses(manifest) {
  const out = [];
  for (const f of manifest.files) for (const x of f.fragments) if (!x.preview) out.push(x.keyAddress);
  return out;
}

/**
 * The creation parameters (`IRelease.Params`) of a packed archive, field by field as Java's
 * `Artist.draft`: terms from the manifest, release keys from its shares, share addresses computed
 * from its commitments, the commitments hash, the fragment tree's root and size.
 * @param {any} manifest the parsed manifest
 * @param {{ manifestHash: string, archiveCid: Uint8Array, deposit: bigint, keyholderFee?: bigint, reputationBps?: number }} o
 *   manifestHash: SHA-256 of manifest.json (hex); archiveCid: the binary CIDv1; keyholderFee: else derived
 *   from the manifest's artist fee and `reputationBps` (the factory's)
 * @returns {any} the Params tuple as viem takes it
 */
export function createParams(manifest, o) {
  if (!manifest?.terms || !Array.isArray(manifest.groups)) throw new TypeError('createParams needs the parsed manifest');
  if (!(o?.archiveCid instanceof Uint8Array) || o.archiveCid.length < 1 || o.archiveCid.length > 64) throw new ChainError('archiveCid must be the binary CID, 1 to 64 bytes', 'params');
  if (typeof o.deposit !== 'bigint' || o.deposit <= 0n) throw new ChainError('the deposit per slot must be a positive bigint (token base units)', 'params');
  const manifestHash = fromHex(o.manifestHash);
  if (manifestHash.length !== 32) throw new ChainError('manifestHash must be the 32-byte SHA-256 of manifest.json', 'params');
  const t = manifest.terms;
  const thresholds = [];
  const sizes = [];
  const releaseKeys = [];
  const points = [];
  for (const g of manifest.groups) {
    thresholds.push(g.threshold);
    sizes.push(g.shares.length);
    points.push(...shareAddresses(g.commitments, g.shares.length));
    for (const s of g.shares) releaseKeys.push(getAddress(s.address));
  }
  const goal = BigInt(t.goal);
  const keyholderFee = o.keyholderFee ?? (o.reputationBps === undefined
    ? (() => { throw new ChainError('give keyholderFee, or reputationBps to derive it from the artist fee', 'params'); })()
    : derivedKeyholderFee(goal, BigInt(t.artistFee), o.reputationBps, releaseKeys.length));
  const addresses = keyAddresses(manifest);
  if (t.sampleCount >= addresses.length) {
    throw new ChainError(`the archive has ${addresses.length} encrypted fragment(s) and a sample count of ${t.sampleCount}: sampling must leave at least one fragment unrevealed; pack with finer cuts or fewer samples`, 'params');
  }
  if (t.sampleCount < 1 || t.sampleCount > MAX_SAMPLES) throw new ChainError(`sampleCount ${t.sampleCount} is outside [1, ${MAX_SAMPLES}]`, 'params');
  if (goal + o.deposit * BigInt(releaseKeys.length) > UINT96_MAX) throw new ChainError('goal + deposit * slots is above 2^96 - 1: the release cannot hold that much', 'params');
  return {
    token: getAddress(t.token), goal, deposit: o.deposit, keyholderFee,
    enrolDeadline: t.enrolDeadline, pledgeDeadline: t.pledgeDeadline, revealWindow: t.revealWindow,
    secretAddress: getAddress(manifest.secret.address), manifestHash: viemHex(manifestHash), commitmentsHash: /** @type {`0x${string}`} */ (commitmentsHash(manifest.groups.map((g) => g.commitments))),
    archiveCid: viemHex(o.archiveCid), groupThresholds: thresholds, groupSizes: sizes, releaseKeys, shareAddresses: points.map((p) => getAddress(p)),
    fragmentRoot: fragmentRoot(addresses), fragmentCount: addresses.length, sampleCount: t.sampleCount,
  };
}

/**
 * Creates the release at the factory's prediction for the wallet's account and `salt`, and checks
 * the factory's `ReleaseCreated` names that address.
 * @param {any} client public client @param {any} wallet wallet client (its account is the artist)
 * @param {string} factory @param {any} params from {@link createParams} @param {string} salt 0x + 64 hex
 * @returns {Promise<{ release: string, transactionHash: string }>}
 */
export async function createRelease(client, wallet, factory, params, salt) {
  const predicted = await predictRelease(client, factory, wallet.account.address, salt);
  const code = await client.getCode({ address: getAddress(predicted) });
  if (code && code !== '0x') throw new ChainError(`a release already exists at ${predicted}: this account has used this salt before; choose another`, 'exists');
  const receipt = await send(client, wallet, { address: getAddress(factory), abi: ReleaseFactoryAbi, functionName: 'createRelease', args: [params, salt] });
  const created = parseEventLogs({ abi: ReleaseFactoryAbi, logs: receipt.logs, eventName: 'ReleaseCreated', strict: false })
    .find((e) => e.address.toLowerCase() === factory.toLowerCase());
  if (!created) throw new ChainError(`createRelease ${receipt.transactionHash} emitted no ReleaseCreated event; is ${factory} an Unveil factory?`, 'no-event');
  const release = /** @type {any} */ (created.args).release.toLowerCase();
  if (release !== predicted) throw new ChainError(`the factory created the release at ${release} but predicted ${predicted}`, 'mismatch');
  return { release, transactionHash: receipt.transactionHash };
}

/**
 * Reveals the keys of the fragments the chain sampled (spec/release-protocol.md 4.1), as Java's
 * `Artist.revealSamples`: draws the samples first if nobody has, derives each sampled fragment's
 * key from `secret`, proves it in the manifest's fragment tree and sends them; pledging opens.
 * Refused, saying what to do, while the beacon block is not mined, for a release not in Sampling,
 * and for a secret or manifest that is not the release's.
 * @param {any} client @param {any} wallet
 * @param {string} release
 * @param {Uint8Array} secret s, 32 bytes (the caller keeps and wipes it)
 * @param {any} manifest the parsed manifest of the release's archive
 * @returns {Promise<{ fragments: number[], transactions: string[] }>}
 */
export async function revealSamples(client, wallet, release, secret, manifest) {
  const address = getAddress(release);
  const read = (functionName) => client.readContract({ address, abi: ReleaseAbi, functionName });
  const state = STATES[Number(await read('state'))];
  if (state !== 'Sampling') {
    throw new ChainError(`release ${address} is ${state}: samples are revealed only while it is Sampling (after the last enrolment, before pledging opens)`, 'state');
  }
  const p = await read('params');
  const secretAddress = manifest.secret.address.toLowerCase();
  if (p.secretAddress.toLowerCase() !== secretAddress) throw new ChainError(`the archive's secret is ${secretAddress}, this release expects ${p.secretAddress}: wrong archive or wrong release`, 'mismatch');
  const addresses = keyAddresses(manifest);
  if (fragmentRoot(addresses) !== p.fragmentRoot.toLowerCase()) throw new ChainError(`the archive's fragment tree is not the one release ${address} samples: wrong archive`, 'mismatch');
  const transactions = [];
  let [beaconBlock, seed, , fragments] = await read('samples');
  if (/^0x0{64}$/.test(seed)) {
    const head = await client.getBlockNumber({ cacheTime: 0 });
    if (head <= beaconBlock) {
      throw new ChainError(`the sampling beacon, block ${beaconBlock}, is not mined yet (the chain is at block ${head}): try again after ${BigInt(beaconBlock) - BigInt(head) + 1n} more block(s)`, 'not-yet');
    }
    try {
      transactions.push((await send(client, wallet, { address, functionName: 'drawSamples' })).transactionHash);
    } catch (e) {
      // a keeper's draw mined first is as good
      if (/^0x0{64}$/.test((await read('samples'))[1])) throw e;
    }
    [beaconBlock, seed, , fragments] = await read('samples');
  }
  const sampled = fragments.map(Number);
  const expected = sampleIndices(fromHex(seed), Number(p.sampleCount), Number(p.fragmentCount));
  if (expected.join(',') !== sampled.join(',')) {
    throw new ChainError(`the contract's samples ${sampled} are not the sample rule's ${expected} for its seed: a contract of another version?`, 'mismatch');
  }
  if (!(secret instanceof Uint8Array) || secret.length !== 32) throw new TypeError('the secret s must be 32 bytes');
  const keys = [];
  for (const e of sampled) {
    const k = fragmentKey(secret, e);
    keys.push(BigInt(`0x${toHex(k)}`));
    k.fill(0);
  }
  const proofs = sampled.map((e) => fragmentProof(addresses, e));
  transactions.push((await send(client, wallet, { address, functionName: 'revealSamples', args: [keys, proofs] })).transactionHash);
  return { fragments: sampled, transactions };
}

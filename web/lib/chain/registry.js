// The keyholder registry as the pages see it: who is registered, their endpoint (the bot's HTTP
// API and trustless gateway), their slashable balance and record.
import { getAddress, parseEventLogs, zeroAddress } from '../../vendor/viem.js';
import { KeyholderRegistryAbi, ReleaseFactoryAbi } from './abi.js';

/**
 * @typedef {{ keyholder: string, endpoint: string, stake: bigint, registeredAt: number,
 *   openReleases: number, completedReleases: number, slashed: boolean, terms: string }} Listing
 */

/**
 * The registry a factory uses.
 * @param {any} client @param {string} factory
 * @returns {Promise<string>}
 */
export async function registryOf(client, factory) {
  return client.readContract({ address: getAddress(factory), abi: ReleaseFactoryAbi, functionName: 'registry' });
}

/**
 * One keyholder's profile and ETH balance (stake plus earned reputation, slashable).
 * @param {any} client @param {string} registry @param {string} keyholder
 * @returns {Promise<Listing & {registered: boolean}>}
 */
export async function keyholderListing(client, registry, keyholder) {
  const address = getAddress(keyholder);
  const [p, stake] = await Promise.all([
    client.readContract({ address: registry, abi: KeyholderRegistryAbi, functionName: 'profile', args: [address] }),
    client.readContract({ address: registry, abi: KeyholderRegistryAbi, functionName: 'balanceOf', args: [address, zeroAddress] }),
  ]);
  return {
    keyholder: address, endpoint: p.endpoint, stake, registeredAt: Number(p.registeredAt), openReleases: Number(p.openReleases),
    completedReleases: Number(p.completedReleases), slashed: p.slashed, terms: p.terms, registered: Number(p.registeredAt) > 0,
  };
}

/**
 * Every registered keyholder with an http(s) endpoint, not slashed, the highest stake first
 * (what the artist hires from; the same rule as the CLI's BotDirectory).
 * @param {any} client @param {string} registry
 * @returns {Promise<Listing[]>}
 */
export async function listKeyholders(client, registry) {
  const logs = await client.getLogs({ address: getAddress(registry), fromBlock: 0n, toBlock: 'latest' });
  const seen = new Set();
  for (const e of parseEventLogs({ abi: KeyholderRegistryAbi, logs, eventName: 'KeyholderRegistered', strict: false })) {
    seen.add(getAddress(/** @type {any} */ (e.args).keyholder));
  }
  const all = await Promise.all([...seen].map((k) => keyholderListing(client, registry, k)));
  return all.filter((l) => !l.slashed && /^https?:\/\//.test(l.endpoint)).sort((a, b) => (b.stake > a.stake ? 1 : b.stake < a.stake ? -1 : 0));
}

/**
 * The trustless-gateway base URLs of a release's enrolled keyholders (each bot serves the archives
 * it holds at `{endpoint}/ipfs/{cid}`), in slot order, without repeats.
 * @param {any} client @param {string} registry @param {{keyholder: string}[]} slots
 * @returns {Promise<string[]>}
 */
export async function keyholderGateways(client, registry, slots) {
  const out = [];
  for (const s of slots) {
    if (!s.keyholder || s.keyholder === zeroAddress) continue;
    const l = await keyholderListing(client, registry, s.keyholder);
    const url = l.endpoint.replace(/\/+$/, '');
    if (/^https?:\/\//.test(url) && !out.includes(url)) out.push(url);
  }
  return out;
}

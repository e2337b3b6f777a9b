// The keyholder bots an artist can hire, as the artist's page lists them: every keyholder of the
// factory's registry with an http(s) endpoint and not slashed (no middleman, no central list),
// with its stake and record from the registry and whether its bot answers with a signed Info that
// verifies and that its registered operator may sign (spec/keyholder-protocol.md section 5, step 6).
import { getAddress } from '../../vendor/viem.js';
import { KeyholderRegistryAbi } from '../chain/abi.js';
import { registryOf, listKeyholders } from '../chain/registry.js';
import { botInfo } from './bot-client.js';
import { HiringError } from './messages.js';

/**
 * One bot of the registry.
 * @typedef {import('../chain/registry.js').Listing & { online: boolean, info: any|null, problem: string|null }} Bot
 *   online: its Info verified; info: that Info's message (policy, freeSlots, version); problem: why it cannot be hired, if so
 */

/**
 * Every bot of the factory's registry, the highest stake first, each asked for its Info at once.
 * A bot that does not answer, answers an Info that does not verify, speaks for another keyholder
 * or is signed by an operator the registry does not allow is listed with `online: false` and the
 * reason; the page shows it, the launch skips it.
 * @param {any} client viem public client
 * @param {string} factory
 * @param {{ fetch?: typeof fetch, now?: number, timeoutMs?: number }} [options] now: Unix seconds of the local clock
 * @returns {Promise<Bot[]>}
 */
export async function listBots(client, factory, options = {}) {
  const registry = await registryOf(client, factory);
  const chainId = await client.getChainId();
  const listings = await listKeyholders(client, registry);
  return Promise.all(listings.map(async (l) => {
    try {
      const info = (await botInfo(l.endpoint, { chainId, factory }, { fetch: options.fetch, now: options.now, timeoutMs: options.timeoutMs ?? 10_000 })).message;
      if (info.keyholder !== l.keyholder.toLowerCase()) {
        return { ...l, online: false, info, problem: `its bot speaks for keyholder ${info.keyholder}, not for ${l.keyholder.toLowerCase()} whose profile names it` };
      }
      const allowed = info.operator === info.keyholder || await client.readContract({
        address: registry, abi: KeyholderRegistryAbi, functionName: 'canActFor', args: [getAddress(info.operator), getAddress(info.keyholder)] });
      if (!allowed) return { ...l, online: false, info, problem: `its Info is signed by ${info.operator}, which the registry does not let act for the keyholder` };
      return { ...l, online: true, info, problem: info.freeSlots === 0 ? 'it takes no more slots now' : null };
    } catch (e) {
      if (!(e instanceof HiringError)) throw e;
      return { ...l, online: false, info: null, problem: e.message };
    }
  }));
}

// The registry's word on a release's keyholders, for a fan (the Java reference's
// KeyholderStanding): the factory created this release, and each enrolled keyholder is registered,
// not slashed, and has something at stake.
import { getAddress, zeroAddress, ContractFunctionExecutionError } from '../../vendor/viem.js';
import { ReleaseFactoryAbi } from '../chain/abi.js';
import { keyholderListing } from '../chain/registry.js';
import { addr, ether, instant } from './_words.js';

/**
 * One thing a check found about a release, as a sentence with its weight: 'suspect' makes the
 * whole verdict suspect, 'warning' is worth knowing before paying, 'ok' a check that passed.
 * @typedef {{ severity: 'ok'|'warning'|'suspect', reason: string }} Finding
 */

/**
 * Checks the release's keyholders in the registry of `factory`.
 * @param {any} client viem public client
 * @param {string} factory the factory the fan trusts (or the one the manifest names)
 * @param {boolean} fromManifest whether `factory` is the manifest's (said in the finding)
 * @param {{ address: string, slots: Array<{ index: number, keyholder: string, status: string }> }} release from readRelease
 * @returns {Promise<Finding[]>}
 */
export async function keyholderStanding(client, factory, fromManifest, release) {
  if (!client) throw new TypeError('a chain client is required');
  if (!release?.address || !Array.isArray(release.slots)) throw new TypeError('a release read with readRelease is required');
  const f = addr(getAddress(factory)), r = addr(release.address);
  /** @type {Finding[]} */
  const out = [];
  const source = fromManifest ? ' (the factory the manifest names)' : '';
  const code = await client.getCode({ address: getAddress(f) });
  // A contract that is no factory cannot answer isRelease: it created nothing either.
  const created = code && code !== '0x'
    && await client.readContract({ address: getAddress(f), abi: ReleaseFactoryAbi, functionName: 'isRelease', args: [getAddress(r)] })
      .catch((/** @type {unknown} */ e) => { if (e instanceof ContractFunctionExecutionError) return false; throw e; });
  if (!created) {
    out.push(suspect(`factory ${f}${source} did not create release ${r}: its keyholders cannot be checked in a registry`));
    return out;
  }
  out.push(ok(`the release is a clone created by factory ${f}${source}`));
  const registry = await client.readContract({ address: getAddress(f), abi: ReleaseFactoryAbi, functionName: 'registry' });
  for (const s of release.slots) {
    if (!s.keyholder || s.keyholder === zeroAddress) {
      out.push(warning(`slot ${s.index} has no keyholder yet`));
      continue;
    }
    const who = addr(s.keyholder);
    const profile = await keyholderListing(client, registry, who);
    if (!profile.registered) {
      out.push(suspect(`slot ${s.index}'s keyholder ${who} is not registered in ${addr(registry)}`));
    } else if (profile.slashed || s.status === 'Slashed') {
      out.push(suspect(`slot ${s.index}'s keyholder ${who} was slashed for a leaked release key`));
    } else {
      // What the fan weighs (spec/release-protocol.md section 9.1): the slashable balance, not the
      // completed-releases counter, which one party can farm for the price of gas.
      const history = `, registered since ${instant(profile.registeredAt)}, ${profile.completedReleases} completed release(s) (history only, not a trust signal)`;
      out.push(profile.stake > 0n
        ? ok(`slot ${s.index}'s keyholder ${who} is registered, not slashed, with ${ether(profile.stake)} slashable in the registry (stake and earned reputation)${history}`)
        : warning(`slot ${s.index}'s keyholder ${who} is registered but has nothing at stake in the registry${history}`));
    }
  }
  return out;
}

/** @param {string} reason @returns {Finding} */
export function ok(reason) {
  return { severity: 'ok', reason };
}

/** @param {string} reason @returns {Finding} */
export function warning(reason) {
  return { severity: 'warning', reason };
}

/** @param {string} reason @returns {Finding} */
export function suspect(reason) {
  return { severity: 'suspect', reason };
}

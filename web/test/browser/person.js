// A person with a wallet as a keyholder, for the tests that enrol through the keyholder page: the
// person's dev account registered (staking 1 ETH) once per network, and the release key its wallet
// derives for the release an artist's dev account is about to create.
import { devWallet } from '../../ui/wallet.js';
import { walletClient, send } from '../../lib/chain/release.js';
import { KeyholderRegistryAbi } from '../../lib/chain/abi.js';
import { predictRelease, salt32 } from '../../lib/chain/create.js';
import { registryOf, keyholderListing } from '../../lib/chain/registry.js';
import { deriveKey } from '../../lib/release/keyholder.js';
import { parseEther } from '../../vendor/viem.js';

/**
 * @param {ReturnType<typeof import('./harness.js').network>} net
 * @param {any} client a public client of the network
 * @param {{ person: number, artist: number, label: string }} o dev account indexes; the label makes the salt unique
 */
export async function personForRelease(net, client, { person: personIndex, artist: artistIndex, label }) {
  const person = await walletClient(devWallet(net.rpc, personIndex).provider, net.chainId);
  const artist = await walletClient(devWallet(net.rpc, artistIndex).provider, net.chainId);
  const registry = await registryOf(client, net.factory);
  if (!(await keyholderListing(client, registry, person.account.address)).registered) {
    await send(client, person, { address: registry, abi: KeyholderRegistryAbi, functionName: 'register', args: [person.account.address, person.account.address, '', 'a person with a wallet'] });
    await send(client, person, { address: registry, abi: KeyholderRegistryAbi, functionName: 'stake', args: [], value: parseEther('1') });
  }
  const salt = salt32(`${label} ${Date.now()}`);
  const release = await predictRelease(client, net.factory, artist.account.address, salt);
  const key = await deriveKey(devWallet(net.rpc, personIndex).provider, { chainId: net.chainId, factory: net.factory, release, keyholder: person.account.address });
  return { person, artist, salt, release, key };
}

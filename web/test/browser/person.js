// A person with a wallet as a keyholder, for the tests that enrol through the keyholder page: the
// person's dev account registered (staking 1 ETH) once per network, the release an artist's dev
// account is about to create, and that release packed (in Node) for the person's release key, its
// archive added to the demo gateway's repository, created on chain.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { devWallet } from '../../ui/wallet.js';
import { walletClient, send } from '../../lib/chain/release.js';
import { KeyholderRegistryAbi, ReleaseFactoryAbi } from '../../lib/chain/abi.js';
import { createParams, createRelease, predictRelease, salt32 } from '../../lib/chain/create.js';
import { registryOf, keyholderListing } from '../../lib/chain/registry.js';
import { deriveKey } from '../../lib/release/keyholder.js';
import { packArchive } from '../../lib/archive/pack.js';
import { systemRandom } from '../../lib/crypto/random.js';
import { parseCid } from '../../lib/ipfs/cid.js';
import { parseEther, zeroAddress } from '../../vendor/viem.js';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
/** @typedef {ReturnType<typeof import('./harness.js').network>} Network */

/**
 * The person's wallet, registered in the registry (once per network).
 * @param {Network} net @param {any} client @param {number} index dev account
 */
export async function registeredPerson(net, client, index) {
  const person = await walletClient(devWallet(net.rpc, index).provider, net.chainId);
  const registry = await registryOf(client, net.factory);
  if (!(await keyholderListing(client, registry, person.account.address)).registered) {
    await send(client, person, { address: registry, abi: KeyholderRegistryAbi, functionName: 'register', args: [person.account.address, person.account.address, '', 'a person with a wallet'] });
    await send(client, person, { address: registry, abi: KeyholderRegistryAbi, functionName: 'stake', args: [], value: parseEther('1') });
  }
  return person;
}

/**
 * The release `artist` (a dev account) is about to create, at its predicted address.
 * @param {Network} net @param {any} client @param {number} artistIndex @param {string} label makes the salt unique
 */
export async function plannedRelease(net, client, artistIndex, label) {
  const artist = await walletClient(devWallet(net.rpc, artistIndex).provider, net.chainId);
  const salt = salt32(`${label} ${Date.now()}`);
  return { artist, salt, release: await predictRelease(client, net.factory, artist.account.address, salt) };
}

/**
 * The person registered and the release key its wallet derives for a planned release.
 * @param {Network} net @param {any} client @param {{ person: number, artist: number, label: string }} o
 */
export async function personForRelease(net, client, { person: personIndex, artist: artistIndex, label }) {
  const person = await registeredPerson(net, client, personIndex);
  const planned = await plannedRelease(net, client, artistIndex, label);
  const key = await deriveKey(devWallet(net.rpc, personIndex).provider, { chainId: net.chainId, factory: net.factory, release: planned.release, keyholder: person.account.address });
  return { person, ...planned, key };
}

/**
 * Packs a 1-of-1 release for `publicKey` (goal 1, artist fee 0.5, deposit 0.1, in ETH or `token`),
 * adds its archive to the demo gateway's repository and creates it; returns what pack returned.
 * @param {Network} net @param {any} client
 * @param {{ artist: any, salt: string, release: string, publicKey: Uint8Array, token?: string }} o
 */
export async function createReleaseFor(net, client, { artist, salt, release, publicKey, token = zeroAddress }) {
  const now = Number((await client.getBlock()).timestamp);
  const work = new Uint8Array(randomBytes(100_000));
  const { stream, result } = packArchive({
    files: [{ path: 'work.bin', size: work.length, source: () => work, cut: { bytes: 20_000 }, previews: [0] }],
    groups: [{ threshold: 1, keyholders: [publicKey] }],
    terms: { chainId: net.chainId, factory: net.factory.toLowerCase(), release, token: token.toLowerCase(), goal: parseEther('1'), artistFee: parseEther('0.5'),
      enrolDeadline: now + 86400, pledgeDeadline: now + 2 * 86400, revealWindow: 3600, sampleCount: 1 },
    license: 'CC0-1.0', random: systemRandom(),
  });
  const file = join(tmpdir(), `unveil-person-${process.pid}-${release.slice(2, 10)}.tar`);
  writeFileSync(file, new Uint8Array(await new Response(stream).arrayBuffer()));
  const packed = await result;
  const added = JSON.parse(execFileSync(join(repo, 'unveil'), ['ipfs', 'add', '--pin', '--repo', join(dirname(net.ep.dir), 'ipfs'), file, '--json'], { encoding: 'utf8' }));
  const reputationBps = await client.readContract(/** @type {any} */ ({ address: net.factory, abi: ReleaseFactoryAbi, functionName: 'reputationBps' }));
  const params = createParams(packed.manifest, { manifestHash: packed.manifestHash, archiveCid: parseCid(added.cid).bytes, deposit: parseEther('0.1'), reputationBps: Number(reputationBps) });
  await createRelease(client, artist, net.factory, params, salt);
  return packed;
}

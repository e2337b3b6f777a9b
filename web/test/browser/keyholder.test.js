// The keyholder-and-anyone page in Chromium, for a person (not a bot) holding a slot: an artist
// (in Node) packs a 1-of-1 release for the release key the person's wallet derives; on the page the
// person derives it again, checks the share and enrols; once funded, publishes the share and the
// contract recombines the secret; anyone then settles after the reveal window and sends the claims
// after the accusation window.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { launch, openPage, screenshot, network } from './harness.js';
import { personForRelease } from './person.js';
import { devWallet } from '../../ui/wallet.js';
import { readClient, walletClient, readRelease, send } from '../../lib/chain/release.js';
import { ReleaseFactoryAbi } from '../../lib/chain/abi.js';
import { createParams, createRelease, revealSamples } from '../../lib/chain/create.js';
import { packArchive } from '../../lib/archive/pack.js';
import { systemRandom } from '../../lib/crypto/random.js';
import { parseCid } from '../../lib/ipfs/cid.js';
import { parseEther, zeroAddress } from '../../vendor/viem.js';

const net = network();
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const link = (page, params = {}) => `${net.web}/${page}#${new URLSearchParams({ chain: String(net.chainId), rpc: net.rpc, factory: net.factory, gateway: net.gateway, only: '1', ...params })}`;
const client = readClient({ rpc: net.rpc });
const rpc = (method, params = []) => client.request({ method, params });
const PERSON = 18, ARTIST = 19, FAN = 17;
/** @type {import('playwright-core').Browser} */
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a person derives the release key, checks the share, enrols, publishes; anyone settles and claims', { timeout: 300_000 }, async () => {
  const { person, artist, salt, release, key } = await personForRelease(net, client, { person: PERSON, artist: ARTIST, label: 'person keyholder' });
  const now = Number((await client.getBlock()).timestamp);
  const work = new Uint8Array(randomBytes(200_000));
  const { stream, result } = packArchive({
    files: [{ path: 'work.bin', size: work.length, source: () => work, cut: { bytes: 20_000 }, previews: [0, 1] }],
    groups: [{ threshold: 1, keyholders: [key.publicKey] }],
    terms: { chainId: net.chainId, factory: net.factory.toLowerCase(), release, token: zeroAddress, goal: parseEther('1'), artistFee: parseEther('0.5'),
      enrolDeadline: now + 86400, pledgeDeadline: now + 2 * 86400, revealWindow: 3600, sampleCount: 2 },
    license: 'CC0-1.0', random: systemRandom(),
  });
  const archive = new Uint8Array(await new Response(stream).arrayBuffer());
  const packed = await result;
  const file = join(tmpdir(), `unveil-person-${process.pid}.tar`);
  writeFileSync(file, archive);
  const added = JSON.parse(execFileSync(join(repo, 'unveil'), ['ipfs', 'add', '--pin', '--repo', join(dirname(net.ep.dir), 'ipfs'), file, '--json'], { encoding: 'utf8' }));
  const reputationBps = await client.readContract(/** @type {any} */ ({ address: net.factory, abi: ReleaseFactoryAbi, functionName: 'reputationBps' }));
  const params = createParams(packed.manifest, { manifestHash: packed.manifestHash, archiveCid: parseCid(added.cid).bytes, deposit: parseEther('0.1'), reputationBps: Number(reputationBps) });
  await createRelease(client, artist, net.factory, params, salt);

  const { page, errors } = await openPage(browser, { rpc: net.rpc, privateKey: net.devAccounts[PERSON].privateKey });
  await page.goto(link('keyholder.html', { release }));
  await page.locator('#release-state').getByText('Enrolling').waitFor();
  await page.locator('#connect').click();
  await page.locator('#derive-key').click();
  await page.locator('#keyholder-status .message.ok').waitFor({ timeout: 60_000 });
  assert.match(await page.locator('#keyholder-status').innerText(), new RegExp(`Slot 0 is yours \\(release key ${key.address}\\); your share opens and lies on its group's commitments`, 'i'));
  await screenshot(page, 'keyholder-share-checked');
  await page.locator('#enrol').click();
  await page.locator('#release-state').getByText('Sampling').waitFor({ timeout: 60_000 });

  // The artist reveals the samples (after the beacon block), fans fund it.
  for (let i = 0; i < 8; i++) await rpc('evm_mine');
  await revealSamples(client, artist, release, packed.secret, packed.manifest);
  const fan = await walletClient(devWallet(net.rpc, FAN).provider, net.chainId);
  await send(client, fan, { address: release, functionName: 'pledge', args: [parseEther('1')], value: parseEther('1') });
  assert.equal((await readRelease(client, release)).state, 'Funded');
  await rpc('evm_increaseTime', [2]); await rpc('evm_mine');

  await page.reload();
  await page.locator('#release-state').getByText('Funded').waitFor();
  await page.locator('#connect').click();
  await page.locator('#derive-key').click();
  await page.locator('#keyholder-status .message.ok').waitFor({ timeout: 60_000 });
  await page.locator('#publish').click();
  await page.locator('#release-state').getByText('Released').waitFor({ timeout: 60_000 });
  assert.match(await page.locator('#keyholder-status').innerText(), /Share of slot 0 published/);

  // Anyone: settle after the reveal window, the claims after the accusation window.
  await rpc('evm_increaseTime', [3601]); await rpc('evm_mine');
  await page.locator('#settle').click();
  await page.locator('#release-state').getByText('Settled').waitFor({ timeout: 60_000 });
  await rpc('evm_increaseTime', [86401]); await rpc('evm_mine');
  await page.locator('#claims').click();
  await page.locator('#anyone-status .message.ok').getByText(/claim\(s\) sent/).waitFor({ timeout: 60_000 });
  const r = await readRelease(client, release);
  assert.ok(r.slots[0].claimed, 'the keyholder\'s deposit and fee were claimed');
  await screenshot(page, 'keyholder-settled-claimed');
  assert.deepEqual(errors, []);
});

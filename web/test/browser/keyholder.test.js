// The keyholder-and-anyone page in Chromium, for a person (not a bot) holding a slot: an artist
// (in Node) packs a 1-of-1 release for the release key the person's wallet derives; on the page the
// person derives it again, checks the share and enrols; once funded, publishes the share and the
// contract recombines the secret; anyone then settles after the reveal window and sends the claims
// after the accusation window. And a person whose wallet cannot derive: the page makes a random
// release key and its keystore, the artist packs for its public key, the page opens the keystore
// (a wrong password refused) and enrols, after its wallet was refused for randomising its signatures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { launch, openPage, screenshot, network } from './harness.js';
import { personForRelease, registeredPerson, plannedRelease, createReleaseFor } from './person.js';
import { devWallet } from '../../ui/wallet.js';
import { readClient, walletClient, readRelease, send } from '../../lib/chain/release.js';
import { revealSamples } from '../../lib/chain/create.js';
import { decryptKeystore } from '../../lib/crypto/keystore.js';
import { toHex } from '../../lib/bytes.js';
import { parseEther } from '../../vendor/viem.js';

const net = network();
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
  const packed = await createReleaseFor(net, client, { artist, salt, release, publicKey: key.publicKey });

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

test('a random release key: the page makes it and its keystore, the artist packs for it, the page opens the keystore and enrols', { timeout: 300_000 }, async () => {
  const person = await registeredPerson(net, client, PERSON);
  // A wallet that randomises its signatures (so it cannot derive a release key).
  const { page, errors } = await openPage(browser, { rpc: net.rpc, privateKey: net.devAccounts[PERSON].privateKey, randomSignatures: true });
  // Before any release: the page makes the key.
  await page.goto(link('keyholder.html'));
  await page.locator('#new-key-password').fill('short');
  await page.locator('#new-key-password-again').fill('short');
  await page.locator('#make-random-key').click();
  assert.match(await page.locator('#random-key-status .message.error').innerText(), /at least 8 characters/);
  const password = 'a long enough password';
  await page.locator('#new-key-password').fill(password);
  await page.locator('#new-key-password-again').fill(password);
  await page.locator('#make-random-key').click();
  await page.locator('#random-key-status .message.ok').waitFor({ timeout: 120_000 });
  const publicKey = await page.locator('#random-key-public').innerText();
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#keystore-download').click()]);
  const keystoreFile = await download.path();
  const keystore = readFileSync(keystoreFile, 'utf8');
  assert.equal('0x' + toHex((await decryptKeystore(keystore, password)).publicKey), publicKey, 'the saved keystore holds the key whose public key the page showed');
  assert.equal(await page.locator('#new-key-password').inputValue(), '', 'the password is not left in the page');
  await screenshot(page, 'keyholder-random-key');

  // The artist packs for that public key and creates the release; the person opens the keystore on its page.
  const { artist, salt, release } = await plannedRelease(net, client, ARTIST, 'random key');
  await createReleaseFor(net, client, { artist, salt, release, publicKey: Uint8Array.from(Buffer.from(publicKey.slice(2), 'hex')) });
  await page.goto('about:blank'); // a new fragment alone would not load the page again
  await page.goto(link('keyholder.html', { release }));
  await page.locator('#release-state').getByText('Enrolling').waitFor();
  await page.locator('#connect').click();
  await page.locator('#derive-key').click();
  assert.match(await page.locator('#keyholder-status .message.error').innerText({ timeout: 60_000 }),
    /gave two different signatures .* make one under "A release key for a wallet that cannot derive one" below, before the artist packs$/);
  await page.locator('#keystore-file').setInputFiles(keystoreFile);
  await page.locator('#keystore-password').fill('not the password');
  await page.locator('#open-keystore').click();
  assert.match(await page.locator('#keyholder-status .message.error').innerText({ timeout: 120_000 }), /does not open with this password/);
  await page.locator('#keystore-password').fill(password);
  await page.locator('#open-keystore').click();
  await page.locator('#keyholder-status .message.ok').waitFor({ timeout: 120_000 });
  assert.match(await page.locator('#keyholder-status').innerText(), /Slot 0 is yours \(release key 0x[0-9a-fA-F]{40}\); your share opens/);
  await page.locator('#enrol').click();
  await page.locator('#release-state').getByText('Sampling').waitFor({ timeout: 60_000 });
  const r = await readRelease(client, release);
  assert.equal(r.slots[0].keyholder.toLowerCase(), person.account.address.toLowerCase(), 'the person holds the slot with the random key');
  await screenshot(page, 'keyholder-keystore-enrolled');
  // The page logs the two refusals above; nothing else went wrong.
  assert.deepEqual(errors.filter((e) => !/two different signatures|at least 8 characters|does not open with this password/.test(e)), []);
});

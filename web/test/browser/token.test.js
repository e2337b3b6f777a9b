// A release paid in an ERC-20 token, in Chromium on the demo's network: the contracts' test token
// (contracts/test/mocks/Tokens.sol) deployed and allowed by the factory's owner, an artist (in Node)
// packs a 1-of-1 release in it; on the keyholder page a person approves the deposit and enrols; on
// the fan's page a fan without tokens is refused before anything is sent, then a fan approves and
// pledges, and a pledge over the goal approves and moves only what the goal still needs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, openPage, screenshot, network } from './harness.js';
import { personForRelease, createReleaseFor } from './person.js';
import { devWallet } from '../../ui/wallet.js';
import { readClient, walletClient, readRelease, send } from '../../lib/chain/release.js';
import { ReleaseFactoryAbi } from '../../lib/chain/abi.js';
import { revealSamples } from '../../lib/chain/create.js';
import { parseEther, erc20Abi, getAddress } from '../../vendor/viem.js';

const net = network();
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const link = (page, params = {}) => `${net.web}/${page}#${new URLSearchParams({ chain: String(net.chainId), rpc: net.rpc, factory: net.factory, gateway: net.gateway, only: '1', ...params })}`;
/** @type {any} viem's address types are templates; these come from JSON */
const client = readClient({ rpc: net.rpc });
const rpc = (method, params = []) => client.request({ method, params });
// Accounts the other browser tests use for other releases: each test's release is its own.
const PERSON = 18, ARTIST = 19, FAN = 17, NO_TOKENS = 16;
const mintAbi = [{ type: 'function', name: 'mint', stateMutability: 'nonpayable', inputs: [{ name: 'to', type: 'address' }, { name: 'amount', type: 'uint256' }], outputs: [] }];
/** @type {import('playwright-core').Browser} */
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The factory's owner deploys the test token and allows it; anyone may mint it. */
async function testToken() {
  const owner = getAddress(await client.readContract({ address: net.factory, abi: ReleaseFactoryAbi, functionName: 'owner' }));
  const index = net.devAccounts.findIndex((/** @type {any} */ a) => getAddress(a.address) === owner);
  assert.ok(index >= 0, `the factory's owner ${owner} is a dev account`);
  const wallet = await walletClient(devWallet(net.rpc, index).provider, net.chainId);
  const bytecode = JSON.parse(readFileSync(join(repo, 'contracts/artifacts/test/mocks/Tokens.sol/TestToken.json'), 'utf8')).bytecode;
  const hash = await wallet.sendTransaction(/** @type {any} */ ({ data: bytecode, gas: 3_000_000n }));
  const token = getAddress(/** @type {string} */ ((await client.waitForTransactionReceipt({ hash })).contractAddress));
  await send(client, wallet, { address: net.factory, abi: ReleaseFactoryAbi, functionName: 'setTokenAllowed', args: [token, true] });
  return { token, mint: (/** @type {string} */ to, /** @type {bigint} */ amount) => send(client, wallet, { address: token, abi: mintAbi, functionName: 'mint', args: [to, amount] }) };
}

test('a release paid in a token: the keyholder page approves the deposit, the fan page approves and pledges only what the goal needs', { timeout: 300_000 }, async () => {
  const { token, mint } = await testToken();
  const balance = async (/** @type {string} */ who) => /** @type {bigint} */ (await client.readContract({ address: token, abi: erc20Abi, functionName: 'balanceOf', args: [who] }));
  const { person, artist, salt, release, key } = await personForRelease(net, client, { person: PERSON, artist: ARTIST, label: 'token release' });
  const fan = getAddress(net.devAccounts[FAN].address), poor = getAddress(net.devAccounts[NO_TOKENS].address);
  await mint(person.account.address, parseEther('1'));
  await mint(fan, parseEther('2'));
  const packed = await createReleaseFor(net, client, { artist, salt, release, publicKey: key.publicKey, token });

  // The keyholder page: the deposit is shown in the token; enrolling approves it, then enrols.
  const k = await openPage(browser, { rpc: net.rpc, privateKey: net.devAccounts[PERSON].privateKey });
  await k.page.goto(link('keyholder.html', { release }));
  await k.page.locator('#release-state').getByText('Enrolling').waitFor();
  assert.match(await k.page.locator('#release').innerText(), /deposit 0\.1 TT per slot/);
  await k.page.locator('#connect').click();
  await k.page.locator('#derive-key').click();
  await k.page.locator('#keyholder-status .message.ok').waitFor({ timeout: 60_000 });
  const personBefore = await balance(person.account.address);
  await k.page.locator('#enrol').click();
  await k.page.locator('#release-state').getByText('Sampling').waitFor({ timeout: 60_000 });
  assert.equal(personBefore - await balance(person.account.address), parseEther('0.1'), 'the deposit moved in the token');
  assert.deepEqual(k.errors, []);

  for (let i = 0; i < 8; i++) await rpc('evm_mine');
  await revealSamples(client, artist, release, packed.secret, packed.manifest);
  assert.equal((await readRelease(client, release)).state, 'Open');

  // A fan without tokens: refused by the page, naming both amounts, before the wallet is asked.
  const p = await openPage(browser, { rpc: net.rpc, privateKey: net.devAccounts[NO_TOKENS].privateKey });
  p.page.on('dialog', (d) => d.accept());
  await p.page.goto(link('fan.html', { release }));
  await p.page.locator('#release-state').getByText('Open').waitFor();
  const nonce = await client.getTransactionCount({ address: poor });
  await p.page.locator('#pledge-amount').fill('0.3');
  await p.page.locator('#pledge-button').click();
  const refused = await p.page.locator('#pledge-status .message.error').innerText({ timeout: 60_000 });
  assert.match(refused, new RegExp(`your account ${poor} holds 0 TT; this pledge needs 0\\.3 TT: nothing was sent`));
  assert.equal(await client.getTransactionCount({ address: poor }), nonce, 'nothing was sent');
  await screenshot(p.page, 'fan-token-no-balance', [/holds 0 TT/]);

  // A fan with tokens: the terms in the token, approve then pledge; then an offer over the goal.
  const { page, errors } = await openPage(browser, { rpc: net.rpc, privateKey: net.devAccounts[FAN].privateKey });
  page.on('dialog', (d) => d.accept());
  await page.goto(link('fan.html', { release }));
  await page.locator('#release-state').getByText('Open').waitFor();
  assert.equal(await page.locator('#release-unit').innerText(), `TT (ERC-20 token ${token})`);
  assert.match(await page.locator('#release .progress-text').innerText(), /^0 TT of 1 TT pledged$/);
  assert.match(await page.locator('label[for="pledge-amount"]').innerText(), /Pledge up to \(TT\)/);
  await page.locator('#pledge-amount').fill('0.4');
  await page.locator('#pledge-button').click();
  await page.locator('#pledge-status .message.ok').getByText('Pledged 0.4 TT.').waitFor({ timeout: 60_000 });
  assert.equal(await balance(fan), parseEther('1.6'));
  assert.match(await page.locator('#release .progress-text').innerText(), /^0\.4 TT of 1 TT pledged$/);
  await page.locator('#pledge-amount').fill('5');
  await page.locator('#pledge-button').click();
  await page.locator('#pledge-status .message.ok').getByText('Pledged 0.6 TT of the 5 TT offered: that is what the goal still needed.').waitFor({ timeout: 60_000 });
  const r = await readRelease(client, release);
  assert.equal(r.state, 'Funded');
  assert.equal(r.summary.totalPledged, parseEther('1'));
  assert.equal(await balance(fan), parseEther('1'), 'only what the goal needed moved');
  assert.equal(await client.readContract({ address: token, abi: erc20Abi, functionName: 'allowance', args: [fan, release] }), 0n, 'no allowance is left over');
  await screenshot(page, 'fan-token-pledged');
  assert.deepEqual(errors, []);
});

// The whole release in Chromium, as the issue walks it: the artist picks files on the artist page,
// cuts the MP3 on frame boundaries and listens to a preview, hires the demo's bots, packs in the
// browser, uploads, creates the release with the (EIP-6963 test) wallet and reveals the samples;
// two fans open the link, inspect, play a preview and pledge to the goal; the bots publish their
// shares by themselves; a fan decrypts the work and every byte matches the originals. Then bad
// input: a wallet on the wrong chain, a rejected signature, an unchecked pledge declined.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { launch, openPage, screenshot, checkAccessibility, network } from './harness.js';

const net = network();
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const link = (page, params = {}) => `${net.web}/${page}#${new URLSearchParams({ chain: String(net.chainId), rpc: net.rpc, factory: net.factory, gateway: net.gateway, ...params })}`;
const sha = (/** @type {Buffer} */ b) => createHash('sha256').update(b).digest('hex');
const inputs = join(tmpdir(), `unveil-web-walk-${process.pid}`);
mkdirSync(inputs, { recursive: true });
copyFileSync(join(repo, 'java/unveil-archive/src/test/resources/media/tone-cbr-44k.mp3'), join(inputs, 'track.mp3'));
writeFileSync(join(inputs, 'notes.txt'), 'Liner notes, packed in the browser.\n');
writeFileSync(join(inputs, 'extra.bin'), randomBytes(300_000));
const FILES = ['track.mp3', 'notes.txt', 'extra.bin'];

/** @type {import('playwright-core').Browser} */
let browser;
/** @type {string} */
let fanLink;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the artist picks files, listens to a preview, hires bots, packs in the browser and opens a release', { timeout: 300_000 }, async () => {
  const { page, errors } = await openPage(browser, { rpc: net.rpc, privateKey: net.devAccounts[1].privateKey });
  await page.goto(link('artist.html'));
  await page.locator('#bot-list table').waitFor({ timeout: 30_000 });
  assert.equal(await page.locator('#bot-list tbody tr').count(), 8, 'the registry lists the demo\'s eight bots');
  await page.locator('#file-input').setInputFiles(FILES.map((f) => join(inputs, f)));
  // The MP3 is cut on frame boundaries every 1 s; fragment 0 is a preview, and it plays.
  await page.locator('#every-0').fill('1');
  await page.locator('#every-0').dispatchEvent('change');
  await page.locator('#plan-0').click();
  await page.locator('#fragments-0 tbody tr').first().waitFor();
  assert.ok(await page.locator('#fragments-0 tbody tr').count() >= 3, 'the MP3 is cut into several segments');
  // Three seconds of preview: enough of the work that a fan's verdict does not call it too small.
  for (let n = 0; n < 3; n++) await page.locator('#fragments-0 input[type=checkbox]').nth(n).check();
  await page.getByRole('button', { name: 'listen to fragment 0 of track.mp3' }).click();
  const played = await page.locator('#fragments-0 audio').evaluate(async (/** @type {HTMLAudioElement} */ a) => {
    a.muted = true; await a.play(); await new Promise((r) => setTimeout(r, 200)); return { d: a.duration, t: a.currentTime, e: a.error?.message ?? null };
  });
  assert.ok(played.e === null && played.d > 0.5 && played.t > 0, `the preview plays before packing: ${JSON.stringify(played)}`);
  // notes.txt whole, a preview; extra.bin every 50 KB, all encrypted.
  await page.locator('#plan-1').click();
  await page.locator('#fragments-1 input[type=checkbox]').first().check();
  await page.locator('#cut-2').selectOption('bytes');
  await page.locator('#every-2').fill('50K');
  await page.locator('#every-2').dispatchEvent('change');
  await page.locator('#plan-2').click();
  await page.locator('#fragments-2 tbody tr').nth(5).waitFor();
  for (const [id, v] of [['goal', '1'], ['artist-fee', '0.8'], ['deposit', '0.1'], ['salt', `browser walk ${Date.now()}`]]) await page.locator(`#${id}`).fill(v);
  assert.deepEqual(await checkAccessibility(page), []);
  await screenshot(page, 'artist-ready');
  await page.locator('#connect').click();
  await page.locator('#launch-button').click();
  await page.locator('#launch-done a').waitFor({ timeout: 240_000 });
  fanLink = /** @type {string} */ (await page.locator('#launch-done a').getAttribute('href'));
  assert.match(await page.locator('#secret-link').innerText(), /save 0x[0-9a-fA-F]{40}\.secret/);
  await screenshot(page, 'artist-launched');
  assert.deepEqual(errors, []);
});

test('two fans inspect and pledge to the goal; the bots publish by themselves; a fan decrypts every byte', { timeout: 300_000 }, async () => {
  assert.ok(fanLink, 'the artist test opened a release');
  const url = `${net.web}/${fanLink}`;
  for (const account of [15, 16]) {
    const { page, errors } = await openPage(browser, { rpc: net.rpc, privateKey: net.devAccounts[account].privateKey });
    await page.goto(url);
    await page.locator('#release-state').getByText('Open').waitFor({ timeout: 30_000 });
    await page.locator('#fetch-archive').click();
    await page.locator('#findings li').first().waitFor({ timeout: 120_000 });
    assert.deepEqual(await page.locator('#findings li.suspect').allInnerTexts(), [], 'the release the browser packed is not suspect');
    assert.ok(await page.locator('audio[data-preview="track.mp3"]').count() >= 1, 'the MP3 preview is on the page');
    await page.locator('#pledge-amount').fill('0.6');
    await page.locator('#connect').click();
    await page.locator('#pledge-button').click();
    await page.locator('#pledge-status .message.ok').waitFor({ timeout: 60_000 });
    if (account === 15) await screenshot(page, 'fan-pledged');
    // The link's gateway (the demo's) does not hold this new archive: its 404 is logged by Chromium
    // and the fetch fails over to the keyholders' gateways, as it should.
    assert.deepEqual(errors.filter((e) => !/status of 404/.test(e)), []);
    await page.context().close();
  }
  const { page, errors } = await openPage(browser);
  await page.goto(url);
  // The bots see the funding, wait until it is final and publish; nobody asks them.
  for (let i = 0; i < 90; i++) {
    const state = await page.locator('#release-state').innerText();
    if (state === 'Released' || state === 'Settled') break;
    await new Promise((r) => setTimeout(r, 2000));
    await page.reload();
    await page.locator('#release-state').waitFor();
  }
  assert.equal(await page.locator('#release-state').innerText(), 'Released', 'the bots published their shares and the contract recombined the secret');
  await page.locator('#fetch-archive').click();
  await page.locator('#inspection table').waitFor({ timeout: 120_000 });
  await page.locator('#unlock-to').selectOption('browser');
  await page.locator('#unlock-button').click();
  await page.locator('#unlock-status .message.ok').waitFor({ timeout: 120_000 });
  const release = new URLSearchParams(fanLink.split('#')[1]).get('release') ?? '';
  const hashes = await page.evaluate(async (/** @type {string} */ dir) => {
    let d = await navigator.storage.getDirectory();
    for (const p of ['unlocked', dir]) d = await d.getDirectoryHandle(p);
    /** @type {Record<string, string>} */
    const out = {};
    for await (const [name, h] of /** @type {any} */ (d).entries()) {
      const buf = await (await h.getFile()).arrayBuffer();
      out[name] = [...new Uint8Array(await crypto.subtle.digest('SHA-256', buf))].map((b) => b.toString(16).padStart(2, '0')).join('');
    }
    return out;
  }, `unlocked-${release.slice(2, 10).toLowerCase()}`);
  assert.deepEqual(Object.keys(hashes).sort(), [...FILES].sort());
  for (const f of FILES) assert.equal(hashes[f], sha(readFileSync(join(inputs, f))), `${f}: every byte identical to the original`);
  await screenshot(page, 'fan-released-unlocked');
  assert.deepEqual(errors.filter((e) => !/status of 404/.test(e)), []);
});

test('a wallet on another chain is refused with what to do, and nothing is sent', async () => {
  const { page } = await openPage(browser, { rpc: net.rpc, privateKey: net.devAccounts[17].privateKey, chainIdOverride: 1 });
  await page.goto(link('fan.html', { release: net.ep.release }));
  await page.locator('#release-state').getByText('Open').waitFor();
  await page.locator('#connect').click();
  const msg = await page.locator('#messages .message.error').innerText();
  assert.match(msg, /the wallet is on chain 1, the release on chain 31337: switch the wallet's network/);
  await screenshot(page, 'fan-wrong-chain', [/chain 1/]);
});

test('an unchecked pledge asks first; declined, nothing is sent', async () => {
  const { page } = await openPage(browser, { rpc: net.rpc, privateKey: net.devAccounts[17].privateKey });
  await page.goto(link('fan.html', { release: net.ep.release }));
  await page.locator('#release-state').getByText('Open').waitFor();
  const before = await page.locator('#release .progress-text').innerText();
  /** @type {string[]} */
  const asked = [];
  page.on('dialog', (d) => { asked.push(d.message()); d.dismiss(); });
  await page.locator('#pledge-amount').fill('0.1');
  await page.locator('#pledge-button').click();
  await page.waitForTimeout(500);
  assert.equal(asked.length, 1);
  assert.match(asked[0], /not checked this release/);
  assert.equal(await page.locator('#release .progress-text').innerText(), before, 'nothing was pledged');
});

test('a keyholder whose wallet rejects the release-key signature is told so, and no key exists', async () => {
  const { page } = await openPage(browser, { rpc: net.rpc, privateKey: net.devAccounts[2].privateKey, rejectSignatures: true });
  await page.goto(link('keyholder.html', { release: net.ep.release }));
  await page.locator('#slots tbody tr').first().waitFor();
  assert.deepEqual(await checkAccessibility(page), []);
  await screenshot(page, 'keyholder');
  await page.locator('#derive-key').click();
  const msg = await page.locator('#keyholder-status .message.error').innerText({ timeout: 60_000 });
  assert.match(msg, /reject/i);
  await screenshot(page, 'keyholder-rejected', [/reject/i]);
});

test('without a wallet on the local chain, the dev-key wallet pledges, and every page marks it', async () => {
  const { page, errors } = await openPage(browser);
  await page.goto(link('fan.html', { release: net.ep.release }));
  await page.locator('#release-state').getByText('Open').waitFor();
  const options = await page.locator('#wallet-picker option').allInnerTexts();
  assert.ok(options.length >= 9 && options.every((o) => /^Dev wallet, test account \d+/.test(o)), `only dev wallets offered: ${options.join(' | ')}`);
  assert.ok(await page.locator('.dev-banner').isVisible(), 'the dev wallet is marked before it is used');
  await page.locator('#wallet-picker').selectOption({ label: options[4] });
  const before = await page.locator('#release .progress-text').innerText();
  page.on('dialog', (d) => d.accept());
  await page.locator('#pledge-amount').fill('0.1');
  await page.locator('#pledge-button').click();
  await page.locator('#pledge-status .message.ok').waitFor({ timeout: 60_000 });
  assert.notEqual(await page.locator('#release .progress-text').innerText(), before, 'the pledge shows in the progress to the goal');
  assert.match(await page.locator('.dev-banner').innerText(), /DEV WALLET/);
  await screenshot(page, 'fan-dev-wallet');
  for (const p of ['index.html', 'artist.html', 'keyholder.html']) {
    await page.goto(link(p, { release: net.ep.release }));
    await page.locator('#wallet-picker').waitFor();
    assert.ok(await page.locator('.dev-banner').isVisible(), `${p} marks the dev wallet`);
  }
  assert.deepEqual(errors, []);
});

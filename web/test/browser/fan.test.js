// The fan's page in Chromium against the demo's network: the album (released and settled) opened
// from its link, its archive fetched from the Java gateway and the bots with every block verified,
// inspected, its preview playing, its verdict, and the work decrypted with every byte equal to the
// originals; then bad input: a link to no release, a gateway that tampers with a block.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { tmpdir } from 'node:os';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { packArchive } from '../../lib/archive/pack.js';
import { systemRandom } from '../../lib/crypto/random.js';
import { randomReleaseKey } from '../../lib/crypto/release-key.js';
import { createParams, createRelease, predictRelease, salt32 } from '../../lib/chain/create.js';
import { readClient, walletClient } from '../../lib/chain/release.js';
import { ReleaseFactoryAbi } from '../../lib/chain/abi.js';
import { parseCid } from '../../lib/ipfs/cid.js';
import { devWallet } from '../../ui/wallet.js';
import { launch, openPage, screenshot, checkAccessibility, network } from './harness.js';
import { tamperingGateway } from './tampering-gateway.js';

const net = network();
const link = (page, params) => `${net.web}/${page}#${new URLSearchParams({ chain: String(net.chainId), rpc: net.rpc, factory: net.factory, ...params })}`;
/** @type {import('playwright-core').Browser} */
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the landing page loads from the gateway with no error and passes the accessibility checks', async () => {
  const { page, errors } = await openPage(browser);
  await page.goto(link('index.html', { gateway: net.gateway }));
  await page.getByRole('heading', { name: 'Unveil', level: 1 }).waitFor();
  await page.getByText('Release a work').waitFor();
  assert.deepEqual(await checkAccessibility(page), []);
  await screenshot(page, 'index');
  assert.deepEqual(errors, []);
});

test('a fan opens the album, fetches it verified, plays the preview, sees the verdict and decrypts every byte', async () => {
  const { page, errors } = await openPage(browser, { rpc: net.rpc, privateKey: net.devAccounts[14].privateKey });
  // Nothing is fetched from anywhere but the page's origin, the chain RPC, the bots and the link's gateway.
  const allowed = new Set([new URL(net.web).origin, new URL(net.rpc).origin, new URL(net.gateway).origin, ...net.bots.map((b) => new URL(b).origin)]);
  /** @type {string[]} */
  const elsewhere = [];
  page.on('request', (r) => { const u = new URL(r.url()); if (!['blob:', 'data:'].includes(u.protocol) && !allowed.has(u.origin)) elsewhere.push(r.url()); });
  await page.goto(link('fan.html', { gateway: net.gateway, release: net.album.release }));
  await page.locator('#release-state').getByText('Settled').waitFor();
  assert.match(await page.locator('#archive-cid').innerText(), new RegExp(net.album.cid));
  await screenshot(page, 'fan-album-terms');
  await page.locator('#fetch-archive').click();
  await page.locator('#inspection table').waitFor({ timeout: 120_000 });
  const paths = await page.locator('#inspection tbody tr td:first-child').allInnerTexts();
  assert.deepEqual(paths, net.album.files);
  // The license is granted: the release was fulfilled.
  assert.match(await page.locator('#license-status').innerText(), /granted/);
  // The MP3 preview plays inline.
  const audio = page.locator('audio[data-preview="song.mp3"]').first();
  await audio.waitFor();
  const played = await audio.evaluate(async (/** @type {HTMLAudioElement} */ a) => {
    a.muted = true;
    await a.play();
    await new Promise((r) => setTimeout(r, 300));
    return { duration: a.duration, time: a.currentTime, error: a.error?.message ?? null };
  });
  assert.equal(played.error, null);
  assert.ok(played.duration > 1 && played.time > 0, `the preview plays: ${JSON.stringify(played)}`);
  await page.locator('#findings li').first().waitFor({ timeout: 60_000 });
  const suspects = await page.locator('#findings li.suspect').allInnerTexts();
  assert.deepEqual(suspects, [], 'the album is not suspect');
  await screenshot(page, 'fan-album-inspected');
  // Decrypt into the browser's storage, then compare every file with the original.
  await page.locator('#unlock-to').selectOption('browser');
  await page.locator('#unlock-button').click();
  await page.locator('#unlock-status .message.ok').waitFor({ timeout: 120_000 });
  const done = await page.locator('#unlocked-files li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-path')));
  assert.deepEqual(done.sort(), [...net.album.files].sort());
  const hashes = await page.evaluate(async (/** @type {string} */ dir) => {
    let d = await navigator.storage.getDirectory();
    for (const p of ['unlocked', dir]) d = await d.getDirectoryHandle(p);
    /** @type {Record<string, string>} */
    const out = {};
    // @ts-ignore: async iteration of a directory handle
    for await (const [name, h] of /** @type {any} */ (d).entries()) {
      if (h.kind !== 'file') continue;
      const buf = await (await h.getFile()).arrayBuffer();
      out[name] = [...new Uint8Array(await crypto.subtle.digest('SHA-256', buf))].map((b) => b.toString(16).padStart(2, '0')).join('');
    }
    return out;
  }, `unlocked-${net.album.release.slice(2, 10)}`);
  for (const f of net.album.files) {
    const want = createHash('sha256').update(readFileSync(join(net.media, f))).digest('hex');
    assert.equal(hashes[f], want, `${f} decrypted in the browser is byte for byte the original`);
  }
  assert.ok(!Object.keys(hashes).some((n) => n.endsWith('.part')), 'no part file left behind');
  await screenshot(page, 'fan-album-unlocked');
  assert.deepEqual(errors, []);
  assert.deepEqual(elsewhere, [], 'no request left the allowed origins');
});

test('a link to an address with no release says so', async () => {
  const { page } = await openPage(browser);
  await page.goto(link('fan.html', { release: '0x000000000000000000000000000000000000dEaD' }));
  const msg = await page.locator('.message.error').innerText();
  assert.match(msg, /no contract at 0x000000000000000000000000000000000000dEaD on chain 31337/);
  await screenshot(page, 'fan-no-release', [/no contract/]);
});

test('a gateway that tampers with a block is refused, named, and nothing is kept as complete', async () => {
  const bad = await tamperingGateway(net.gateway);
  try {
    const { page } = await openPage(browser);
    // Only the tampering gateway: the keyholders' gateways are left out by the test flag.
    await page.goto(link('fan.html', { gateway: bad.url, release: net.album.release, only: '1' }));
    await page.locator('#release-state').waitFor();
    await page.evaluate(async () => { await navigator.storage.getDirectory().then((d) => d.removeEntry('archives', { recursive: true })).catch(() => {}); });
    await page.locator('#fetch-archive').click();
    const msg = await page.locator('#archive .message.error').innerText({ timeout: 60_000 });
    assert.match(msg, new RegExp(bad.url.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')));
    assert.match(msg, /bafk|bafy/);
    const kept = await page.evaluate(async () => {
      const d = await navigator.storage.getDirectory();
      const names = [];
      try { for await (const [n] of /** @type {any} */ (await d.getDirectoryHandle('archives')).entries()) names.push(n); } catch { /* no folder: nothing kept */ }
      return names;
    });
    assert.deepEqual(kept, [], 'no archive file, complete or partial, is left');
    await screenshot(page, 'fan-tampered-gateway', [/.*/]);
  } finally {
    await bad.close();
  }
});

test('a release whose CID names a malformed archive: the page says so, the verdict is suspect, nothing is kept', { timeout: 120_000 }, async () => {
  // Garbage in the demo gateway's repository, and a release (terms from the EP's real manifest) that records its CID.
  const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  const garbage = join(tmpdir(), `unveil-garbage-${process.pid}.tar`);
  writeFileSync(garbage, randomBytes(5000));
  const added = JSON.parse(execFileSync(join(repo, 'unveil'), ['ipfs', 'add', '--pin', '--repo', join(dirname(net.ep.dir), 'ipfs'), garbage, '--json'], { encoding: 'utf8' }));
  const client = readClient({ rpc: net.rpc });
  const wallet = await walletClient(devWallet(net.rpc, 3).provider, net.chainId);
  // Real terms for a real archive (packed now, for a throwaway keyholder key), but the CID of the garbage.
  const salt = salt32(`malformed ${Date.now()}`);
  const predicted = await predictRelease(client, net.factory, wallet.account.address, salt);
  const now = Number((await client.getBlock()).timestamp);
  const content = new Uint8Array(randomBytes(50_000));
  const { stream, result } = packArchive({
    files: [{ path: 'work.bin', size: content.length, source: () => content, cut: { bytes: 10_000 }, previews: [0] }],
    groups: [{ threshold: 1, keyholders: [randomReleaseKey(systemRandom()).publicKey] }],
    terms: { chainId: net.chainId, factory: net.factory.toLowerCase(), release: predicted, token: '0x0000000000000000000000000000000000000000',
      goal: 10n ** 18n, artistFee: 5n * 10n ** 17n, enrolDeadline: now + 86400, pledgeDeadline: now + 2 * 86400, revealWindow: 3600, sampleCount: 1 },
    license: 'CC0-1.0', random: systemRandom(),
  });
  await new Response(stream).arrayBuffer();
  const packed = await result;
  const reputationBps = await client.readContract(/** @type {any} */ ({ address: net.factory, abi: ReleaseFactoryAbi, functionName: 'reputationBps' }));
  const params = createParams(packed.manifest, { manifestHash: packed.manifestHash, archiveCid: parseCid(added.cid).bytes, deposit: 10n ** 17n, reputationBps: Number(reputationBps) });
  const { release } = await createRelease(client, wallet, net.factory, params, salt);
  const { page } = await openPage(browser);
  await page.goto(link('fan.html', { gateway: net.gateway, release, only: '1' }));
  await page.locator('#release-state').getByText('Enrolling').waitFor();
  await page.locator('#fetch-archive').click();
  const msg = await page.locator('#archive .message.error').innerText({ timeout: 60_000 });
  assert.match(msg, new RegExp(`The archive at ${added.cid} is malformed or tampered with: .+\\. Do not pledge\\.`));
  await page.locator('#findings li.suspect').first().waitFor();
  assert.match((await page.locator('#findings li.suspect').allInnerTexts()).join(' | '), /malformed or tampered with/);
  const kept = await page.evaluate(async () => {
    const names = [];
    try { for await (const [n] of /** @type {any} */ (await (await navigator.storage.getDirectory()).getDirectoryHandle('archives')).entries()) names.push(n); } catch { /* none */ }
    return names;
  });
  assert.deepEqual(kept.filter((n) => n.startsWith(added.cid)), [], 'the malformed archive is not kept');
  await screenshot(page, 'fan-malformed-archive', [/malformed/, /SUSPECT/]);
});

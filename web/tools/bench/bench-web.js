// Drives the web tool's three heavy steps in Debian's Chromium on files prepared by scripts/bench-web
// and prints, per step, throughput and the tab's peak memory (the renderer's RSS sampled every
// 100 ms, and the JS heap from CDP). Not a test: figures depend on the machine.
//
// Usage (from scripts/bench-web): node web/tools/bench/bench-web.js INPUT ARCHIVE SECRET_FILE CID GATEWAY
import { chromium } from 'playwright-core';
import { createServer } from 'node:http';
import { readFileSync, readdirSync, statSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const [input, archive, secretFile, cid, gateway] = process.argv.slice(2);
const web = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TYPES = { '.js': 'text/javascript', '.html': 'text/html' };
const server = createServer((req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname));
  if (path === '/') {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end('<!doctype html><html lang="en"><title>bench</title><input type="file" id="input"><input type="file" id="archive"></html>');
    return;
  }
  try { const b = readFileSync(join(web, path)); res.writeHead(200, { 'Content-Type': TYPES[extname(path)] ?? 'application/octet-stream' }); res.end(b); } catch { res.writeHead(404); res.end(); }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(undefined)));
const origin = `http://127.0.0.1:${/** @type {any} */ (server.address()).port}`;

// A profile on disk, as a person's browser has: an incognito context keeps OPFS in memory.
const profile = mkdtempSync(join(tmpdir(), 'unveil-bench-web-profile-'));
const browser = await chromium.launchPersistentContext(profile, { executablePath: process.env.UNVEIL_CHROMIUM ?? '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'] });
const page = browser.pages()[0] ?? await browser.newPage();
const cdp = await browser.newCDPSession(page);
await cdp.send('Performance.enable');
await page.goto(`${origin}/`);

/**
 * The tab's memory: the RSS of its renderer process (the largest renderer: the page, its workers
 * as threads) and of the sum of every renderer, in bytes. A renderer's RSS includes about 100 MiB
 * of Chromium's own code mapped from disk and shared with every Chromium process, so the sum
 * counts that once per renderer; the tab's own figure is the one the target is about.
 */
function rendererRss() {
  let tab = 0, all = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chromium') || !cmd.includes('--type=renderer')) continue;
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) { const rss = Number(m[1]) * 1024; tab = Math.max(tab, rss); all += rss; }
    } catch { /* gone */ }
  }
  return { tab, all };
}

/** Runs `step` in the page while sampling memory; returns seconds and peaks. @param {string} name @param {() => Promise<unknown>} step */
async function measure(name, step) {
  let peakRss = 0, peakAll = 0, peakHeap = 0;
  const timer = setInterval(async () => {
    const rss = rendererRss();
    peakRss = Math.max(peakRss, rss.tab);
    peakAll = Math.max(peakAll, rss.all);
    try {
      const { metrics } = await cdp.send('Performance.getMetrics');
      peakHeap = Math.max(peakHeap, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
    } catch { /* page busy */ }
  }, 100);
  const t0 = Date.now();
  await step();
  const seconds = (Date.now() - t0) / 1000;
  clearInterval(timer);
  return { name, seconds, peakRss, peakAll, peakHeap };
}

await page.locator('#input').setInputFiles(input);
await page.locator('#archive').setInputFiles(archive);
const secret = readFileSync(secretFile, 'utf8');
const size = statSync(input).size;
const results = [];
await new Promise((r) => setTimeout(r, 1000));
const rest = rendererRss();
results.push({ name: 'tab at rest (before the steps)', seconds: 0, peakRss: rest.tab, peakAll: rest.all, peakHeap: 0 });

// Each step runs the pages' own code: the artist's pack into OPFS (ui/store.js), the fan's
// verified fetch into OPFS and decryption into the browser's storage (lib/release/fan.js, ui/output.js).
results.push(await measure('pack (one pass, into OPFS)', () => page.evaluate(async () => {
  const load = (/** @type {string} */ u) => import(u);
  const { packArchive } = await load('/lib/archive/pack.js');
  const { systemRandom } = await load('/lib/crypto/random.js');
  const { randomReleaseKey } = await load('/lib/crypto/release-key.js');
  const { storeComplete } = await load('/ui/store.js');
  const file = /** @type {HTMLInputElement} */ (document.getElementById('input')).files[0];
  const keys = [0, 1, 2].map(() => randomReleaseKey(systemRandom()).publicKey);
  const { stream, result } = packArchive({ files: [{ path: 'input.bin', size: file.size, source: () => file, cut: { bytes: 4 << 20 } }],
    groups: [{ threshold: 2, keyholders: keys }], random: systemRandom(), license: 'bench', onePass: true,
    terms: { chainId: 31337, factory: '0x' + '11'.repeat(20), release: '0x' + '22'.repeat(20), token: '0x' + '00'.repeat(20), goal: 10n ** 18n, artistFee: 10n ** 17n, enrolDeadline: 2e9, pledgeDeadline: 2e9 + 1e5, revealWindow: 3600, sampleCount: 1 } });
  await storeComplete('bench', 'packed.tar', stream, async () => { const r = await result; return { position: r.manifestOffset, data: r.manifestBytes }; });
})));

results.push(await measure('verified fetch (Java gateway -> OPFS)', () => page.evaluate(async ({ cid, gateway }) => {
  const load = (/** @type {string} */ u) => import(u);
  const { fetchArchive } = await load('/lib/release/fan.js');
  const { storeComplete, forget } = await load('/ui/store.js');
  await forget('bench', 'packed.tar');
  await storeComplete('bench', 'fetched.tar', fetchArchive(cid, [gateway]));
}, { cid, gateway })));

results.push(await measure('decrypt and verify (OPFS -> OPFS)', () => page.evaluate(async (secretText) => {
  const load = (/** @type {string} */ u) => import(u);
  const { unlockStored } = await load('/lib/release/fan.js');
  const { parseSecretFile } = await load('/lib/archive/secret-file.js');
  const { readStored } = await load('/ui/store.js');
  const { pickOutput } = await load('/ui/output.js');
  const { toHex } = await load('/lib/bytes.js');
  const archive = /** @type {File} */ (await readStored('bench', 'fetched.tar'));
  await unlockStored(archive, BigInt(`0x${toHex(parseSecretFile(secretText).secret)}`), await pickOutput('bench', 'browser'));
}, secret)));

await browser.close();
server.close();
rmSync(profile, { recursive: true, force: true });
for (const r of results) console.log(JSON.stringify({ ...r, mbps: r.seconds ? size / 1e6 / r.seconds : 0 }));

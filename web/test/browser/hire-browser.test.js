// The launch library in Debian's Chromium against the demo's REAL chain and bots: the page (a
// blank one on its own origin) imports web/lib as the tool's pages do, signs with the EIP-6963
// test wallet of the browser harness, packs in the page, uploads the CAR cross-origin as a Blob of
// slices of the archive (lib/ipfs/file-car.js)
// (the only way over the bots' HTTP/1.1: a streamed request body fails in Chromium, which is
// checked too) and runs every step to an Open release. Skipped without a network or Chromium.
// UNVEIL_NETWORK: the demo's devnet.json (default: the repository's demo-out/network.json).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, extname, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const webRoot = fileURLToPath(new URL('../..', import.meta.url));
const networkFile = process.env.UNVEIL_NETWORK ?? fileURLToPath(new URL('../../../demo-out/network.json', import.meta.url));
const chromium = process.env.UNVEIL_CHROMIUM ?? '/usr/bin/chromium';
const setup = await prepare();

async function prepare() {
  if (!existsSync(chromium)) return { skip: `no Chromium at ${chromium} (scripts/setup installs Debian's)` };
  let net;
  try {
    net = JSON.parse(await readFile(networkFile, 'utf8'));
    const r = await fetch(net.rpc, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}', signal: AbortSignal.timeout(3000) });
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
  } catch (e) {
    return { skip: `no network at ${networkFile} (${e.message}); start scripts/demo --keep or set UNVEIL_NETWORK` };
  }
  return { net };
}

/** Serves web/ on a loopback origin of its own, so every request to a bot is cross-origin. */
async function serveWeb() {
  const types = { '.js': 'text/javascript; charset=utf-8', '.html': 'text/html; charset=utf-8', '.css': 'text/css' };
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (path === '/') { res.writeHead(200, { 'Content-Type': types['.html'] }); res.end('<!doctype html><html lang="en"><title>hire test</title><h1>hire</h1></html>'); return; }
    try {
      const body = await readFile(join(webRoot, path));
      res.writeHead(200, { 'Content-Type': types[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', () => r(undefined)));
  return { server, origin: `http://localhost:${/** @type {any} */ (server.address()).port}` };
}

test('a whole launch in Chromium: hire, pack, upload as a Blob, create, commit, enrolments, samples', { skip: setup.skip, timeout: 300_000 }, async () => {
  const { launch, openPage } = await import('./harness.js');
  const net = setup.net;
  const { server, origin } = await serveWeb();
  const browser = await launch();
  try {
    const { page, errors } = await openPage(browser, { rpc: net.rpc, privateKey: net.devAccounts[1].privateKey });
    await page.goto(`${origin}/`);
    const result = await page.evaluate(async ({ rpc, chainId, factory }) => {
      // The page's own module URLs, not files tsc could resolve.
      const load = (/** @type {string} */ url) => import(url);
      const { readClient, walletClient, readRelease } = await load('/lib/chain/release.js');
      const { newLaunch, step } = await load('/lib/hire/launch.js');
      const { uploadArchive } = await load('/lib/hire/bot-client.js');
      const { packArchive } = await load('/lib/archive/pack.js');
      const { systemRandom } = await load('/lib/crypto/random.js');
      const { fileCar } = await load('/lib/ipfs/file-car.js');
      const { writeCar } = await load('/lib/ipfs/car.js');
      const { importFileBlocks } = await load('/lib/ipfs/importer.js');
      const { toHex } = await load('/lib/bytes.js');
      const { createPublicClient, http } = await load('/vendor/viem.js');
      /** @type {any} */
      const provider = await new Promise((resolve) => {
        window.addEventListener('eip6963:announceProvider', (e) => resolve(/** @type {any} */ (e).detail.provider), { once: true });
        window.dispatchEvent(new Event('eip6963:requestProvider'));
      });
      const client = readClient({ rpc });
      const wallet = await walletClient(provider, chainId);
      /** @type {any} */
      let packed;
      const deps = {
        client, wallet, provider,
        async pack(request) {
          const media = new Uint8Array(200_000).map((_, i) => (i * 13) & 0xff);
          const { stream, result } = packArchive({ files: [{ path: 'a.bin', size: media.length, source: () => new Blob([media]), cut: { bytes: 50_000 }, previews: [0] }],
            groups: request.groups, terms: request.terms, license: 'CC0-1.0', random: systemRandom() });
          const archive = await new Response(stream).blob();
          const r = await result;
          // The CAR as a Blob of slices of the archive (what a page does with its OPFS file): no copy in memory.
          const { cid: root, car } = await fileCar(archive);
          packed = { manifest: r.manifest, secret: r.secret.slice(), car, archive, root };
          r.secret.fill(0);
          return { cid: root.toString(), cidBytes: `0x${toHex(root.bytes)}`, manifestHash: r.manifestHash, fragmentRoot: r.fragmentRoot, fragmentCount: r.fragmentCount, archiveBytes: r.archiveSize };
        },
        manifest: async () => packed.manifest,
        car: async () => packed.car,
        secret: async () => packed.secret.slice(),
      };
      let state = await newLaunch({ salt: `browser hire ${Date.now()}`, groups: [{ threshold: 1, size: 2 }], goal: 10n ** 18n, artistFee: 9n * 10n ** 17n,
        deposit: 10n ** 17n, enrolPeriod: 86400, pledgePeriod: 604800, revealWindow: 86400, samples: 2 }, { client, wallet, factory });
      const lines = [];
      let streamed = null;
      for (let i = 0; state.phase !== 'done' && i < 300; i++) {
        if (state.phase === 'upload' && streamed === null) {
          // Chromium streams request bodies only over HTTP/2 or QUIC: the bot's HTTP/1.1 refuses the attempt.
          const blocks = [];
          for await (const b of importFileBlocks(packed.archive)) blocks.push(b);
          streamed = await uploadArchive(state.hired[0].endpoint, state.packed.cid, state.release, writeCar([packed.root], blocks.reverse()), undefined, { stream: true })
            .then(() => 'sent', (e) => `${e.code}: ${e.message}`);
        }
        localStorage.setItem('launch', JSON.stringify(state));
        const r = await step(JSON.parse(localStorage.getItem('launch')), deps);
        state = r.state;
        lines.push(r.line);
        if (r.waitMs) await new Promise((res) => setTimeout(res, r.waitMs));
      }
      const release = await readRelease(createPublicClient({ transport: http(rpc), cacheTime: 0 }), state.release);
      return { phase: state.phase, lines, streamed, releaseState: release.state, hired: state.hired.length, uploaded: state.uploaded.length };
    }, { rpc: net.rpc, chainId: net.chainId, factory: net.factory });
    assert.equal(result.phase, 'done', result.lines.join('\n'));
    assert.equal(result.releaseState, 'Open', result.lines.join('\n'));
    assert.equal(result.hired, 2);
    assert.equal(result.uploaded, 2);
    assert.match(result.streamed, /^internal: .*did not answer PUT/, 'a streamed upload does not reach a bot from Chromium');
    assert.ok(result.lines.some((l) => /stored the archive/.test(l)), result.lines.join('\n'));
    // The one expected console error is the streamed attempt's failed request.
    assert.deepEqual(errors.filter((e) => !/ERR_ALPN_NEGOTIATION_FAILED|Failed to load resource/.test(e)), []);
  } finally {
    await browser.close();
    server.close();
  }
});

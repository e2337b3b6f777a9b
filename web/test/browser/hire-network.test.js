// The artist's side against a REAL network: the chain and keyholder bots `scripts/demo --keep`
// leaves running. UNVEIL_NETWORK names its devnet.json (default: the repository's
// demo-out/network.json); without a reachable network every test here is skipped, saying why.
//
// 1. The Java launch's own solicitations and the bots' offers (demo-out/release.tar.launch) read,
//    re-encoded byte for byte and verified; createParams rebuilt from the demo's archive equals
//    the parameters Java created the release with, field by field.
// 2. A whole launch from the browser library: bots found in the registry (offline ones skipped),
//    one hired per slot with a dev-key EIP-1193 wallet, the archive packed with their offered
//    keys, uploaded as a CAR, the release created, every bot told, every enrolment seen, the
//    samples drawn and revealed; resumed from its JSON state after every step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, mkdtemp, writeFile, rm } from 'node:fs/promises';
import { openAsBlob } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { devWallet } from '../../ui/wallet.js';
import { readClient, walletClient, readRelease } from '../../lib/chain/release.js';
import { createPublicClient, http } from '../../vendor/viem.js';
import { decodeWire, encodeWire, verifySolicitation, verifyOffer, checkOfferAnswers, domainOf, offerPublicKey } from '../../lib/hire/messages.js';
import { createParams, termBounds, predictRelease, salt32 } from '../../lib/chain/create.js';
import { newLaunch, step, LAUNCH_VERSION, LaunchError } from '../../lib/hire/launch.js';
import { botInfo, releaseStatus } from '../../lib/hire/bot-client.js';
import { ReleaseAbi } from '../../lib/chain/abi.js';
import { inspectArchive } from '../../lib/archive/inspect.js';
import { packArchive } from '../../lib/archive/pack.js';
import { systemRandom } from '../../lib/crypto/random.js';
import { importFileBlocks } from '../../lib/ipfs/importer.js';
import { writeCar } from '../../lib/ipfs/car.js';
import { parseCid } from '../../lib/ipfs/cid.js';
import { toHex } from '../../lib/bytes.js';

const networkFile = process.env.UNVEIL_NETWORK ?? new URL('../../../demo-out/network.json', import.meta.url).pathname;
const network = await loadNetwork(networkFile);
const skip = network.skip;
const net = network.net;
const demoOut = networkFile.replace(/\/[^/]*$/, '');
const ARTIST = 1; // the demo's artist account

async function loadNetwork(file) {
  let net;
  try {
    net = JSON.parse(await readFile(file, 'utf8'));
  } catch {
    return { skip: `no network: ${file} is not there (run scripts/demo --keep, or set UNVEIL_NETWORK to its devnet.json)` };
  }
  try {
    const r = await fetch(net.rpc, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"jsonrpc":"2.0","id":1,"method":"eth_chainId","params":[]}', signal: AbortSignal.timeout(3000) });
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
  } catch (e) {
    return { skip: `no network: the chain at ${net.rpc} (from ${file}) does not answer (${e.message}); start scripts/demo --keep` };
  }
  return { net };
}

/** @param {string} path */
async function readJsonIfThere(path) {
  try { return JSON.parse(await readFile(path, 'utf8')); } catch { return null; }
}

test('the Java launch\'s solicitations and the bots\' offers read, re-encode byte for byte and verify', { skip }, async (t) => {
  const launch = await readJsonIfThere(join(demoOut, 'release.tar.launch', 'launch.json'));
  if (!launch) return t.skip('the demo wrote no release.tar.launch/launch.json');
  assert.ok(launch.hired.length > 0);
  for (const h of launch.hired) {
    const s = decodeWire('Solicitation', h.solicitation);
    const o = decodeWire('Offer', h.offer);
    assert.equal(encodeWire('Solicitation', s), h.solicitation);
    assert.equal(encodeWire('Offer', o), h.offer);
    // Verified at the time they were made: they have expired since.
    assert.equal(await verifySolicitation(s, { chainId: net.chainId, factory: net.factory }, s.message.expiresAt - 600), s.message.artist);
    assert.equal(await verifyOffer(o, domainOf(s.message), s.message.expiresAt - 600), o.message.releaseKey);
    checkOfferAnswers(o.message, s.message, h.keyholder);
    assert.equal((await offerPublicKey(o, domainOf(s.message))).slice(2), h.publicKey);
  }
});

test('createParams of the demo\'s archive is what Java created the release with', { skip }, async (t) => {
  const launch = await readJsonIfThere(join(demoOut, 'launch.json'));
  if (!launch) return t.skip('the demo wrote no launch.json');
  const client = /** @type {any} */ (readClient({ rpc: net.rpc }));
  const inspection = await inspectArchive(await openAsBlob(launch.archive));
  const onChain = await client.readContract({ address: launch.release, abi: ReleaseAbi, functionName: 'params' });
  // The keyholder fee derived from the manifest's artist fee, as Java derives it.
  const mine = createParams(inspection.manifest, { manifestHash: inspection.manifestHash, archiveCid: parseCid(launch.cid).bytes, deposit: onChain.deposit, reputationBps: 100 });
  for (const k of Object.keys(onChain)) assert.deepEqual(mine[k], onChain[k], k);
  assert.equal(await predictRelease(client, net.factory, net.devAccounts[ARTIST].address, salt32('demo album')), launch.release);
  const b = await termBounds(client, net.factory);
  assert.equal(b.minRevealWindow, 3600);
});

test('a whole launch from the library: hire from the registry, pack, upload, create, commit, enrolments, samples', { skip, timeout: 300_000 }, async () => {
  const provider = devWallet(net.rpc, ARTIST).provider;
  const client = readClient({ rpc: net.rpc });
  const wallet = await walletClient(provider, net.chainId);
  const dir = await mkdtemp(join(tmpdir(), 'unveil-web-hire-'));
  try {
    const archivePath = join(dir, 'release.tar');
    /** @type {any} */
    let packed = null;
    const deps = {
      client, wallet, provider, streamUpload: true,
      async pack(request) {
        const media = new Uint8Array(300_000);
        for (let i = 0; i < media.length; i++) media[i] = (i * 31 + (i >> 8)) & 0xff;
        const { stream, result } = packArchive({
          files: [{ path: 'notes.bin', size: media.length, source: () => new Blob([media]), cut: { bytes: 65536 }, previews: [0] }],
          groups: request.groups, terms: request.terms, license: 'CC0-1.0', random: systemRandom() });
        const parts = [];
        for await (const c of /** @type {any} */ (stream)) parts.push(c);
        const r = await result;
        await writeFile(archivePath, parts);
        const blocks = [];
        for await (const b of importFileBlocks(await openAsBlob(archivePath))) blocks.push(b);
        const root = blocks[blocks.length - 1].cid;
        packed = { manifest: r.manifest, secret: r.secret.slice(), blocks: blocks.reverse(), root };
        r.secret.fill(0);
        return { cid: root.toString(), cidBytes: `0x${toHex(root.bytes)}`, manifestHash: r.manifestHash, fragmentRoot: r.fragmentRoot, fragmentCount: r.fragmentCount, archiveBytes: r.archiveSize };
      },
      async manifest() { return packed.manifest; },
      async car() { return writeCar([packed.root], packed.blocks); },
      async secret() { return packed.secret.slice(); },
    };
    const plan = {
      salt: `web hire test ${Date.now()}`, groups: [{ threshold: 2, size: 3 }], goal: 10n ** 18n, artistFee: 9n * 10n ** 17n, deposit: 10n ** 17n,
      enrolPeriod: 86400, pledgePeriod: 7 * 86400, revealWindow: 86400, samples: 3,
    };
    let state = await newLaunch(plan, { client, wallet, factory: net.factory });
    assert.equal(state.version, LAUNCH_VERSION);
    assert.equal(state.terms.keyholderFee, (3n * 10n ** 16n).toString(), 'the fee left by the artist fee and the 1% reputation share, per slot');
    const lines = [];
    const phases = [];
    const replayed = [];
    let before = state;
    for (let i = 0; state.phase !== 'done'; i++) {
      assert.ok(i < 400, `the launch is stuck in ${state.phase}: ${lines.slice(-3).join(' | ')}`);
      // What a page saves and a reload reads back: nothing but JSON.
      state = JSON.parse(JSON.stringify(state));
      phases.push(state.phase);
      before = state;
      let r = await step(state, deps);
      if (!r.waitMs && r.state.phase !== 'done' && i % 2 === 0) {
        // A reload before the page saved: the same step again from the state before it.
        replayed.push(state.phase);
        r = await step(state, deps);
      }
      state = r.state;
      lines.push(r.line);
      if (r.waitMs) await new Promise((res) => setTimeout(res, r.waitMs));
    }
    if (process.env.UNVEIL_DEBUG) console.log(lines.join("\n"), replayed);
    const seen = [...new Set(phases)];
    assert.deepEqual(seen, ['hire', 'pack', 'upload', 'create', 'commit', 'enrol', 'samples'], lines.join('\n'));
    assert.ok(['hire', 'upload', 'create', 'commit'].every((p) => replayed.includes(p)), `steps replayed: ${replayed}`);
    assert.equal(state.hired.length, 3);
    assert.equal(new Set(state.hired.map((h) => h.keyholder)).size, 3, 'three different keyholders');
    // readClient's viem client caches the block number for 4 s: read at the head.
    const r = await readRelease(createPublicClient({ transport: http(net.rpc), cacheTime: 0 }), state.release);
    assert.equal(r.state, 'Open', `pledging is open once the samples are revealed:\n${lines.join('\n')}`);
    assert.deepEqual(r.slots.map((s) => s.keyholder.toLowerCase()), state.hired.map((h) => h.keyholder));
    assert.deepEqual(r.slots.map((s) => s.releaseKey.toLowerCase()), state.hired.map((h) => h.releaseKey));
    assert.deepEqual(r.samples.fragments, state.samples.fragments);
    // Every bot holds the release and says what it will do next.
    for (const h of state.hired) {
      const st = await releaseStatus(h.endpoint, state.release);
      assert.equal(st.slot, h.slot);
      assert.ok(st.actions.some((a) => a.kind.toLowerCase() === 'enrol'), JSON.stringify(st.actions));
    }
    // A reload before the last save sees the samples revealed; a finished launch does nothing.
    const again = await step(before, deps);
    assert.equal(again.state.phase, 'done');
    assert.match(again.line, /revealed; the release is Open/);
    assert.equal((await step(state, deps)).state.phase, 'done');
    // The salt is spent: a new launch with it is refused.
    await assert.rejects(newLaunch(plan, { client, wallet, factory: net.factory }), (e) => e instanceof LaunchError && e.code === 'exists');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('the registry\'s bots listed with stake and record, the running ones online with their verified Info, the stopped ones with why', { skip }, async () => {
  const { listBots } = await import('../../lib/hire/directory.js');
  const bots = await listBots(readClient({ rpc: net.rpc }), net.factory);
  assert.ok(bots.length > 0);
  for (const b of bots) {
    assert.equal(typeof b.stake, 'bigint');
    if (b.online) assert.equal(b.info.keyholder, b.keyholder.toLowerCase());
    else assert.match(b.problem, /did not answer|refused|does not verify/);
  }
  assert.ok(bots.some((b) => b.online), 'the demo keeps some bots running');
  for (let i = 1; i < bots.length; i++) assert.ok(bots[i - 1].stake >= bots[i].stake, 'highest stake first');
});

test('a bot\'s Info verifies for its chain and factory and is refused for another factory', { skip }, async () => {
  const client = readClient({ rpc: net.rpc });
  const { listKeyholders, registryOf } = await import('../../lib/chain/registry.js');
  const bots = await listKeyholders(client, await registryOf(client, net.factory));
  let checked = 0;
  for (const b of bots) {
    try {
      const info = await botInfo(b.endpoint, { chainId: net.chainId, factory: net.factory });
      assert.equal(info.message.keyholder, b.keyholder.toLowerCase());
      await assert.rejects(botInfo(b.endpoint, { chainId: net.chainId, factory: `0x${'42'.repeat(20)}` }), (/** @type {any} */ e) => e.code === 'wrong-factory');
      checked++;
    } catch (e) {
      if (e.code !== 'internal') throw e; // a stopped bot
    }
  }
  assert.ok(checked > 0, 'at least one bot answers');
});

test('more slots than bots online: the hired slots are kept and every bot that could not be hired is named', { skip, timeout: 120_000 }, async () => {
  const provider = devWallet(net.rpc, ARTIST).provider;
  const client = readClient({ rpc: net.rpc });
  const wallet = await walletClient(provider, net.chainId);
  const { listKeyholders, registryOf } = await import('../../lib/chain/registry.js');
  const bots = await listKeyholders(client, await registryOf(client, net.factory));
  const plan = {
    salt: `web hire test short ${Date.now()}`, groups: [{ threshold: 1, size: bots.length + 1 }], goal: 10n ** 18n, artistFee: 10n ** 17n,
    keyholderFee: 0n, deposit: 10n ** 16n, enrolPeriod: 3600, pledgePeriod: 86400, revealWindow: 3600, samples: 1,
  };
  let state = await newLaunch(plan, { client, wallet, factory: net.factory });
  const deps = { client, wallet, provider, pack: () => assert.fail('never packs'), manifest: null, car: null, secret: null };
  let failure;
  for (let i = 0; i < 40 && !failure; i++) {
    try {
      state = (await step(state, /** @type {any} */ (deps))).state;
    } catch (e) {
      failure = e;
    }
  }
  assert.ok(failure instanceof LaunchError, String(failure));
  assert.equal(failure.code, 'not-enough-bots');
  if (process.env.UNVEIL_DEBUG) console.log(failure.message, failure.state.hired.length);
  assert.equal(state.phase, 'hire');
  const after = /** @type {any} */ (failure).state;
  assert.ok(after.hired.length >= 1 && after.hired.length <= bots.length, `${after.hired.length} hired`);
  for (const b of bots) {
    if (!after.hired.some((h) => h.endpoint === b.endpoint.replace(/\/+$/, ''))) assert.ok(failure.message.includes(b.endpoint.replace(/\/+$/, '')), `${b.endpoint} is named`);
  }
  // The unreachable bots are retryable: forgotten, so that the next try asks them again.
  assert.ok(Object.values(after.unusable).every((u) => !u.retryable));
});

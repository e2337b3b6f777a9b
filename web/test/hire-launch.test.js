// The launch state machine without a network: a fake chain (a viem-like client answering the reads
// the launch makes) and a fake bot on node:http. Plans refused before any chain call, terms fixed
// by the chain's clock and the factory's bounds, every phase in order on plain JSON state, a
// keyholder never hired twice, the pack callback checked, a release found on chain taken only if
// it is this archive's, retryable commits retried then left to the bot, enrolments and samples
// awaited. (hire-network.test.js runs the same against the demo's real chain and bots.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { privateKeyToAccount } from '../vendor/viem-accounts.js';
import { newLaunch, step, runLaunch, LaunchError, LAUNCH_VERSION } from '../lib/hire/launch.js';
import { decodeWire, encodeWire, typedData, digest, domainOf, hiringDomain } from '../lib/hire/messages.js';

const vectors = JSON.parse(await readFile(new URL('../../spec/vectors/keyholder-protocol.json', import.meta.url), 'utf8'));
const NOW = 1_800_000_000;
const CHAIN_TIME = NOW + 172_800; // a devnet whose clock ran ahead
const FACTORY = '0x5fbdb2315678afecb367f032d93f642f64180aa3';
const REGISTRY = '0x9f1ac54bef0dd2f6f3462ea0fa94fc62300d3a8e';
const RELEASE = '0x89c62f625abe9215a0a3d800e844595b5871665f';
const operator = privateKeyToAccount(vectors.keys.operator.privateKey);
const releaseKey = privateKeyToAccount(vectors.keys.releaseKey.privateKey);
const keyholder = vectors.keys.keyholder.address;
const artist = vectors.keys.artist;

/** A viem-like public client: `reads` answers readContract by function name. */
function fakeChain(reads = {}) {
  const chain = {
    code: /** @type {Record<string, string>} */ ({}),
    head: 100n,
    reads: /** @type {Record<string, any>} */ ({
      predictAddress: RELEASE, termBounds: [3600n, 7776000n, 7776000n, 31536000n], reputationBps: 100n, registry: REGISTRY,
      profile: { registeredAt: 1n, slashed: false, endpoint: 'x', operator: operator.address, terms: '', openReleases: 0n, completedReleases: 0n },
      balanceOf: 10n ** 18n, canActFor: true, ...reads,
    }),
    client: {
      getChainId: async () => 31337,
      getBlock: async () => ({ timestamp: BigInt(CHAIN_TIME) }),
      getBlockNumber: async () => chain.head,
      getCode: async ({ address }) => chain.code[address.toLowerCase()] ?? '0x',
      readContract: async ({ functionName, args }) => {
        const r = chain.reads[functionName];
        if (r === undefined) throw new Error(`unexpected read ${functionName}`);
        return typeof r === 'function' ? r(args) : r;
      },
    },
  };
  return chain;
}

/** A wallet (EIP-1193 provider and viem wallet client) for the vectors' artist. */
const artistAccount = privateKeyToAccount(artist.privateKey);
const provider = {
  async request({ params }) {
    const typed = JSON.parse(params[1]);
    const { EIP712Domain, ...types } = typed.types;
    return artistAccount.signTypedData({ domain: typed.domain, types, primaryType: typed.primaryType, message: typed.message });
  },
};
const wallet = { account: { address: artistAccount.address } };

/** @type {{ commit: Array<[number, string]>, uploads: number, solicited: number }} */
const bot = { commit: [], uploads: 0, solicited: 0 };
let server;
let url;

before(async () => {
  const info = {
    keyholder, operator: operator.address.toLowerCase(), chainId: 31337, factory: FACTORY,
    policy: { minDeposit: 1n, maxDeposit: 10n ** 19n, minFeePerSlot: 0n, minRevealWindow: 3600, maxRevealWindow: 7776000, maxArchiveBytes: 1 << 30, tokens: ['0x0000000000000000000000000000000000000000'] },
    freeSlots: 4, version: 'fake-bot/1', issuedAt: NOW - 10, expiresAt: NOW + 600,
  };
  const infoWire = encodeWire('Info', { message: info, signature: await operator.signTypedData(/** @type {any} */ (typedData('Info', info, hiringDomain(31337, FACTORY)))) });
  server = createServer((req, res) => {
    const parts = [];
    req.on('data', (c) => parts.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(parts).toString();
      const send = (status, json) => { res.writeHead(status, { 'Content-Type': 'application/json' }); res.end(typeof json === 'string' ? json : JSON.stringify(json)); };
      if (req.url === '/v1/info') return send(200, infoWire);
      if (req.url === '/v1/solicit') {
        bot.solicited++;
        const s = decodeWire('Solicitation', body).message;
        const m = { releaseKey: releaseKey.address.toLowerCase(), solicitationHash: digest('Solicitation', s, domainOf(s)), keyholder, validUntil: NOW + 86400 };
        return send(200, encodeWire('Offer', { message: m, signature: await releaseKey.signTypedData(/** @type {any} */ (typedData('Offer', m, domainOf(s)))) }));
      }
      if (req.url.startsWith('/v1/archives/')) { bot.uploads++; return send(201, { cid: 'bafkqaaa', release: RELEASE, bytes: body.length }); }
      if (req.url === '/v1/commit') {
        const [status, code] = bot.commit.shift() ?? [202, ''];
        if (status === 202) return send(202, { release: RELEASE, slot: 0, action: 'enrol', status: 'BROADCAST', txHash: `0x${'ab'.repeat(32)}` });
        return send(status, { error: { code, message: `${code} for now`, retryable: code === 'not-ready' } });
      }
      send(404, { error: { code: 'not-found', message: 'no such path', retryable: false } });
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${/** @type {any} */ (server.address()).port}`;
});
after(() => server.close());

const plan = (over = {}) => ({
  salt: 'fake album', groups: [{ threshold: 1, size: 1 }], goal: 10n ** 18n, artistFee: 9n * 10n ** 17n, deposit: 10n ** 17n,
  enrolPeriod: 86400, pledgePeriod: 604800, revealWindow: 86400, samples: 3, ...over,
});

const packed = { cid: 'bafkqaaa', cidBytes: '0x01551400', manifestHash: 'ab'.repeat(32), fragmentRoot: `0x${'cd'.repeat(32)}`, fragmentCount: 4, archiveBytes: 3 };

test('plans are refused before the chain is asked', async () => {
  const never = { getChainId: () => assert.fail('no chain call for a bad plan') };
  for (const bad of [{ groups: [] }, { groups: [{ threshold: 3, size: 2 }] }, { groups: [{ threshold: 1, size: 33 }] }, { deposit: 5 }, { goal: 0n }]) {
    await assert.rejects(newLaunch(/** @type {any} */ (plan(bad)), { client: never, wallet, factory: FACTORY }), (/** @type {any} */ e) => e instanceof LaunchError && e.code === 'plan', JSON.stringify(bad, (k, v) => (typeof v === 'bigint' ? String(v) : v)));
  }
});

test('the terms: deadlines by the chain\'s clock, the fee derived as Java derives it, the factory\'s bounds, a spent salt refused', async () => {
  const chain = fakeChain();
  const s = await newLaunch(plan({ groups: [{ threshold: 2, size: 3 }] }), { client: chain.client, wallet, factory: FACTORY.toUpperCase().replace('0X', '0x') });
  assert.equal(s.version, LAUNCH_VERSION);
  assert.equal(s.phase, 'hire');
  assert.equal(s.release, RELEASE);
  assert.equal(s.factory, FACTORY);
  assert.equal(s.terms.enrolDeadline, CHAIN_TIME + 86400);
  assert.equal(s.terms.pledgeDeadline, CHAIN_TIME + 86400 + 604800);
  assert.equal(s.terms.keyholderFee, (3n * 10n ** 16n).toString(), '(1 - 0.9 - 0.01) ETH over 3 slots');
  assert.deepEqual(JSON.parse(JSON.stringify(s)), s, 'plain JSON');
  await assert.rejects(newLaunch(plan({ artistFee: 9n * 10n ** 17n + 1n, groups: [{ threshold: 2, size: 3 }] }), { client: chain.client, wallet, factory: FACTORY }), /equal whole fee/);
  await assert.rejects(newLaunch(plan({ revealWindow: 60 }), { client: chain.client, wallet, factory: FACTORY }), (/** @type {any} */ e) => e.code === 'plan' && /reveal window 60 s is outside/.test(e.message));
  chain.code[RELEASE] = '0x3d';
  await assert.rejects(newLaunch(plan(), { client: chain.client, wallet, factory: FACTORY }), (/** @type {any} */ e) => e.code === 'exists');
});

test('a keyholder takes one slot: its second endpoint is not hired, and the launch says why', async () => {
  const chain = fakeChain();
  let s = await newLaunch(plan({ groups: [{ threshold: 1, size: 2 }], bots: [`${url}/`, url.replace('127.0.0.1', 'localhost')] }), { client: chain.client, wallet, factory: FACTORY });
  const deps = /** @type {any} */ ({ client: chain.client, wallet, provider, now: () => NOW });
  s = (await step(s, deps)).state;
  assert.equal(s.hired.length, 1);
  assert.equal(s.hired[0].endpoint, url, 'endpoints without a trailing slash');
  const e = await step(s, deps).catch((/** @type {any} */ x) => x);
  assert.ok(e instanceof LaunchError && e.code === 'not-enough-bots', String(e));
  assert.match(e.message, /only 1 of 2 slots.*already holds a slot of this release/s);
  assert.equal(e.state.hired.length, 1, 'the hired slot is kept');
  assert.equal(s.phase, 'hire', 'the state given is not changed');
});

test('a keyholder the registry does not know, or whose operator may not act for it, is not hired', async () => {
  for (const reads of [{ profile: { registeredAt: 0n, slashed: false, endpoint: '', operator: operator.address } }, { canActFor: false }, { profile: { registeredAt: 1n, slashed: true, endpoint: '', operator: operator.address } }]) {
    const chain = fakeChain(reads);
    const s = await newLaunch(plan({ bots: [url] }), { client: chain.client, wallet, factory: FACTORY });
    const e = await step(s, /** @type {any} */ ({ client: chain.client, wallet, provider, now: () => NOW })).catch((/** @type {any} */ x) => x);
    assert.ok(e instanceof LaunchError && e.code === 'not-enough-bots' && /is not registered, is slashed, or/.test(e.message), String(e));
  }
});

test('every phase in order on plain JSON state; each resumable', async () => {
  const chain = fakeChain();
  let s = await newLaunch(plan({ bots: [url] }), { client: chain.client, wallet, factory: FACTORY });
  /** @type {any[]} */
  const packRequests = [];
  const deps = /** @type {any} */ ({
    client: chain.client, wallet, provider, now: () => NOW,
    pack: async (r) => { packRequests.push(r); return packed; },
    car: async () => [new Uint8Array([1, 2, 3])],
    manifest: async () => assert.fail('a release found on chain needs no manifest'),
    secret: async () => assert.fail('no samples to reveal'),
  });
  const go = async () => { const r = await step(JSON.parse(JSON.stringify(s)), deps); s = r.state; return r; };
  await go();
  assert.equal(s.phase, 'pack');
  assert.match(s.hired[0].publicKey, /^0x0[23][0-9a-f]{64}$/);
  await go();
  assert.equal(packRequests.length, 1);
  assert.deepEqual(packRequests[0].groups, [{ threshold: 1, keyholders: [s.hired[0].publicKey.slice(2)] }]);
  assert.deepEqual(packRequests[0].terms, { chainId: 31337, factory: FACTORY, release: RELEASE, token: '0x0000000000000000000000000000000000000000', goal: '1000000000000000000',
    artistFee: '900000000000000000', enrolDeadline: CHAIN_TIME + 86400, pledgeDeadline: CHAIN_TIME + 86400 + 604800, revealWindow: 86400, sampleCount: 3 });
  assert.equal(s.phase, 'upload');
  await go();
  assert.equal(bot.uploads, 1);
  assert.equal(s.phase, 'create');
  // Found on chain: taken only if it records this archive.
  chain.code[RELEASE] = '0x3d';
  chain.reads.params = { manifestHash: `0x${'ee'.repeat(32)}` };
  await assert.rejects(go(), (/** @type {any} */ e) => e instanceof LaunchError && e.code === 'exists');
  chain.reads.params = { manifestHash: `0x${packed.manifestHash}` };
  assert.match((await go()).line, /exists already/);
  assert.equal(s.phase, 'commit');
  // Not ready twice, then accepted.
  bot.commit.push([409, 'not-ready'], [409, 'not-ready']);
  for (let i = 1; i <= 2; i++) {
    const r = await go();
    assert.equal(s.phase, 'commit');
    assert.equal(r.waitMs, 2000 * i);
  }
  await go();
  assert.equal(s.committed[keyholder].status, 'BROADCAST');
  assert.equal(s.phase, 'enrol');
  chain.reads.summary = { state: 1, enrolledCount: 0, slotCount: 1, enrolDeadline: BigInt(CHAIN_TIME + 86400) };
  assert.ok((await go()).waitMs > 0);
  assert.equal(s.phase, 'enrol');
  chain.reads.summary = { ...chain.reads.summary, state: 8 };
  await go();
  assert.equal(s.phase, 'samples');
  chain.reads.state = 2; // Open: revealed by an earlier run
  await go();
  assert.equal(s.phase, 'done');
});

test('a commit still refused after five tries is left to the bot; a cancelled or late enrolment stops the launch', async () => {
  const chain = fakeChain();
  let s = await newLaunch(plan({ bots: [url], archiveGateways: ['https://gw.example'] }), { client: chain.client, wallet, factory: FACTORY });
  const deps = /** @type {any} */ ({ client: chain.client, wallet, provider, now: () => NOW, pack: async () => packed });
  const lines = [];
  s = await runLaunch(s, { ...deps, pack: async () => packed }, {
    save: () => {}, sleep: async () => {}, onLine: (l) => {
      lines.push(l);
      if (/^packed/.test(l)) { chain.code[RELEASE] = '0x3d'; chain.reads.params = { manifestHash: `0x${packed.manifestHash}` }; bot.commit.push(...Array(5).fill([409, 'not-ready'])); }
      if (/gave up/.test(l)) chain.reads.summary = { state: 6, enrolledCount: 0, slotCount: 1, enrolDeadline: 0n };
    },
  }).catch((/** @type {any} */ e) => { assert.ok(e instanceof LaunchError && e.code === 'cancelled', String(e)); return null; });
  assert.equal(s, null);
  assert.ok(!lines.some((l) => /archive \(/.test(l)), 'with gateways nothing is uploaded');
  assert.ok(lines.some((l) => /gave up telling/.test(l)), lines.join('\n'));
  chain.reads.summary = { state: 1, enrolledCount: 0, slotCount: 1, enrolDeadline: BigInt(CHAIN_TIME) };
  const late = { version: LAUNCH_VERSION, phase: 'enrol', release: RELEASE };
  await assert.rejects(step(/** @type {any} */ (late), deps), (/** @type {any} */ e) => e.code === 'deadline-passed');
  await assert.rejects(step(/** @type {any} */ ({ version: 0 }), deps), (/** @type {any} */ e) => e.code === 'state');
});

test('offers lapsed before the release is created are refused with what to do', async () => {
  const chain = fakeChain();
  let s = await newLaunch(plan({ bots: [url] }), { client: chain.client, wallet, factory: FACTORY });
  const deps = /** @type {any} */ ({ client: chain.client, wallet, provider, now: () => NOW, pack: async () => packed, car: async () => [new Uint8Array(1)] });
  for (let i = 0; i < 3; i++) s = (await step(s, deps)).state;
  assert.equal(s.phase, 'create');
  await assert.rejects(step(s, { ...deps, now: () => NOW + 86401 }), (/** @type {any} */ e) => e.code === 'offer-lapsed' && /start a new launch/.test(e.message));
});

test('an archive larger than a bot stores: that bot is not solicited', async () => {
  const chain = fakeChain();
  const s = await newLaunch(plan({ bots: [url], maxArchiveBytes: 2 ** 31 }), { client: chain.client, wallet, factory: FACTORY });
  const before = bot.solicited;
  const e = await step(s, /** @type {any} */ ({ client: chain.client, wallet, provider, now: () => NOW })).catch((x) => x);
  assert.ok(e instanceof LaunchError && /stores at most 1073741824/.test(e.message), String(e));
  assert.equal(bot.solicited, before);
  await assert.rejects(newLaunch(plan({ maxArchiveBytes: 0 }), { client: chain.client, wallet, factory: FACTORY }), (/** @type {any} */ x) => x.code === 'plan');
});

test('an archive packed with other terms than the offers is not created', async () => {
  const chain = fakeChain();
  let s = await newLaunch(plan({ bots: [url], maxArchiveBytes: 1000 }), { client: chain.client, wallet, factory: FACTORY });
  /** @type {any} */
  let terms;
  const deps = /** @type {any} */ ({
    client: chain.client, wallet, provider, now: () => NOW, car: async () => [new Uint8Array(1)],
    pack: async (r) => { terms = r.terms; return packed; },
    manifest: async () => ({ terms: { ...terms, revealWindow: terms.revealWindow + 1 } }),
  });
  for (let i = 0; i < 3; i++) s = (await step(s, deps)).state;
  assert.equal(decodeWire('Solicitation', s.hired[0].solicitation).message.maxArchiveBytes, 1000, 'the plan\'s size is solicited');
  await assert.rejects(step(s, deps), (/** @type {any} */ e) => e.code === 'inconsistent' && /revealWindow 86401, offered 86400/.test(e.message));
});

// The bot client against a fake bot on node:http: signed answers verified (tampered, expired and
// misdirected ones refused), refusals typed with the bot's message and Retry-After, answers that
// are no bot's refused, the archive uploaded byte for byte (streamed, as a Blob, from chunks),
// commit and status requests as section 8 has them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { privateKeyToAccount } from '../vendor/viem-accounts.js';
import { botInfo, solicit, uploadArchive, commit, releaseStatus } from '../lib/hire/bot-client.js';
import { HiringError, decodeWire, encodeWire, typedData, digest, domainOf } from '../lib/hire/messages.js';

const vectors = JSON.parse(await readFile(new URL('../../spec/vectors/keyholder-protocol.json', import.meta.url), 'utf8'));
const infoWire = vectors.messages.find((m) => m.type === 'Info').wire;
const solicitation = decodeWire('Solicitation', vectors.messages.find((m) => m.type === 'Solicitation').wire);
const expected = { chainId: 31337, factory: solicitation.message.factory };
const NOW = vectors.now;
const releaseKey = privateKeyToAccount(vectors.keys.releaseKey.privateKey);
const keyholder = vectors.keys.keyholder.address;

/** @type {(req: import('node:http').IncomingMessage, body: Buffer, res: import('node:http').ServerResponse) => void} */
let handler = () => {};
/** @type {Array<{ method: string, url: string, type: string|undefined, body: Buffer }>} */
const seen = [];
let server;
let base;

before(async () => {
  server = createServer((req, res) => {
    const parts = [];
    req.on('data', (c) => parts.push(c));
    req.on('end', () => {
      const body = Buffer.concat(parts);
      seen.push({ method: req.method, url: req.url, type: req.headers['content-type'], body });
      handler(req, body, res);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${/** @type {any} */ (server.address()).port}/`;
});
after(() => server.close());

/** @param {import('node:http').ServerResponse} res @param {number} status @param {string} body @param {Record<string,string>} [headers] */
function answer(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(body);
}

/** An offer for the solicitation in `body`, signed by the vectors' release key, with `change` applied. */
async function offerFor(body, change = {}) {
  const s = decodeWire('Solicitation', body).message;
  const m = { releaseKey: releaseKey.address.toLowerCase(), solicitationHash: digest('Solicitation', s, domainOf(s)), keyholder, validUntil: NOW + 86400, ...change };
  const signature = await releaseKey.signTypedData(/** @type {any} */ (typedData('Offer', m, domainOf(s))));
  return encodeWire('Offer', { message: m, signature });
}

const is = (code, re) => (/** @type {any} */ e) => e instanceof HiringError && e.code === code && (!re || re.test(e.message));

test('botInfo: the signed Info verified; a tampered one refused naming the bot', async () => {
  handler = (req, body, res) => answer(res, 200, infoWire);
  const info = await botInfo(base, expected, { now: NOW });
  assert.equal(info.message.keyholder, keyholder);
  assert.equal(seen.at(-1).url, '/v1/info');
  handler = (req, body, res) => answer(res, 200, infoWire.replace('"freeSlots":8', '"freeSlots":9'));
  await assert.rejects(botInfo(base, expected, { now: NOW }), is('bad-signature', /does not verify.*signed by/));
  handler = (req, body, res) => answer(res, 200, infoWire);
  await assert.rejects(botInfo(base, { ...expected, chainId: 1 }, { now: NOW }), is('wrong-chain'));
  await assert.rejects(botInfo(base, expected, { now: NOW + 3600 }), is('expired'));
});

test('solicit: the offer answering the solicitation, with the release public key; others refused', async () => {
  handler = async (req, body, res) => answer(res, 200, await offerFor(body.toString()));
  const { offer, publicKey } = await solicit(base, solicitation, { keyholder, now: NOW });
  assert.equal(offer.message.releaseKey, releaseKey.address.toLowerCase());
  assert.equal(publicKey.slice(4), releaseKey.publicKey.slice(4, 68));
  const sent = seen.at(-1);
  assert.deepEqual([sent.method, sent.url, sent.type], ['POST', '/v1/solicit', 'application/json']);
  assert.equal(sent.body.toString(), encodeWire('Solicitation', solicitation), 'the wire form, byte for byte');
  handler = async (req, body, res) => answer(res, 200, await offerFor(body.toString(), { solicitationHash: `0x${'11'.repeat(32)}` }));
  await assert.rejects(solicit(base, solicitation, { keyholder, now: NOW }), is('wrong-solicitation'));
  handler = async (req, body, res) => answer(res, 200, await offerFor(body.toString(), { keyholder: vectors.keys.operator.address }));
  await assert.rejects(solicit(base, solicitation, { keyholder, now: NOW }), is('wrong-solicitation'));
  handler = async (req, body, res) => answer(res, 200, await offerFor(body.toString(), { validUntil: NOW - 61 }));
  await assert.rejects(solicit(base, solicitation, { keyholder, now: NOW }), is('expired'));
  handler = async (req, body, res) => answer(res, 200, (await offerFor(body.toString())).replace(/"releaseKey":"0x[0-9a-f]{40}"/, `"releaseKey":"${keyholder}"`));
  await assert.rejects(solicit(base, solicitation, { keyholder, now: NOW }), is('bad-signature'), 'signed by another key than the one it names');
});

test('refusals carry the bot\'s code, message, retryability and Retry-After', async () => {
  handler = (req, body, res) => answer(res, 503, '{"error":{"code":"no-capacity","message":"all 8 slots are taken; try again once an offer lapses","retryable":true}}', { 'Retry-After': '7' });
  const e = await solicit(base, solicitation, { keyholder, now: NOW }).catch((/** @type {any} */ x) => x);
  assert.ok(e instanceof HiringError);
  assert.equal(e.code, 'no-capacity');
  assert.equal(e.retryable, true);
  assert.equal(e.retryAfter, 7);
  assert.match(e.message, /refused POST \/v1\/solicit \(no-capacity\): all 8 slots are taken/);
  handler = (req, body, res) => answer(res, 422, '{"error":{"code":"outside-policy","message":"deposit too high","retryable":false}}');
  await assert.rejects(solicit(base, solicitation, { keyholder, now: NOW }), (/** @type {any} */ x) => is('outside-policy', /deposit too high/)(x) && !x.retryable);
});

test('answers that are no bot\'s: an HTML error page, an endless body, nobody listening', async () => {
  handler = (req, body, res) => { res.writeHead(502, { 'Content-Type': 'text/html' }); res.end('<html>bad gateway</html>'); };
  await assert.rejects(botInfo(base, expected, { now: NOW }), is('internal', /HTTP 502 and no typed refusal/));
  handler = (req, body, res) => answer(res, 200, `{"x":"${'a'.repeat(70_000)}"}`);
  await assert.rejects(botInfo(base, expected, { now: NOW }), is('internal', /more than 65536 bytes/));
  handler = (req, body, res) => answer(res, 200, 'not json');
  await assert.rejects(botInfo(base, expected, { now: NOW }), is('malformed'));
  await assert.rejects(botInfo('http://127.0.0.1:9/', expected, { now: NOW }), (/** @type {any} */ x) => is('internal', /did not answer GET \/v1\/info/)(x) && x.retryable);
  await assert.rejects(botInfo('ftp://bot', expected), is('malformed'));
});

test('uploadArchive: the CAR byte for byte, streamed, as a Blob and gathered from chunks; 201 stored, 200 held already', async () => {
  const release = '0xAbCdEf0123456789aBcDeF0123456789abCDef01';
  const car = new Uint8Array(300_000).map((_, i) => (i * 7) & 0xff);
  const chunks = [car.subarray(0, 100_000), car.subarray(100_000, 250_000), car.subarray(250_000)];
  let status = 201;
  handler = (req, body, res) => answer(res, status, JSON.stringify({ cid: 'bafkqaaa', release: release.toLowerCase(), bytes: body.length }));
  for (const [how, body, opts] of /** @type {any[]} */ ([['streamed', chunks, { stream: true }], ['Blob', new Blob([car]), {}], ['chunks', (async function* () { yield* chunks; })(), {}]])) {
    const progress = [];
    const r = await uploadArchive(base, 'bafkqaaa', release, /** @type {any} */ (body), (d, t) => progress.push([d, t]), /** @type {any} */ (opts));
    const sent = seen.at(-1);
    assert.deepEqual([sent.method, sent.url, sent.type], ['PUT', `/v1/archives/bafkqaaa?release=${release.toLowerCase()}`, 'application/vnd.ipld.car'], how);
    assert.ok(Buffer.from(car).equals(sent.body), `${how}: the bytes arrive unchanged`);
    assert.deepEqual(r, { cid: 'bafkqaaa', release: release.toLowerCase(), bytes: car.length, stored: status === 201 }, how);
    assert.equal(progress.at(-1)[0], car.length, `${how}: progress reaches the whole CAR`);
    status = 200;
  }
  handler = (req, body, res) => answer(res, 422, '{"error":{"code":"bad-archive","message":"block 3 does not hash to its CID","retryable":false}}');
  await assert.rejects(uploadArchive(base, 'bafkqaaa', release, [car]), is('bad-archive', /block 3/));
  await assert.rejects(uploadArchive(base, 'baf/../x', release, [car]), TypeError);
});

test('commit and releaseStatus: the requests of section 8.4 and 8.5', async () => {
  const release = `0x${'ab'.repeat(20)}`;
  handler = (req, body, res) => answer(res, 202, JSON.stringify({ release, slot: 2, action: 'enrol', status: 'BROADCAST', txHash: `0x${'cd'.repeat(32)}` }));
  const c = await commit(base, release.toUpperCase().replace('0X', '0x'));
  assert.deepEqual(c, { release, slot: 2, action: 'enrol', status: 'BROADCAST', txHash: `0x${'cd'.repeat(32)}` });
  assert.deepEqual(JSON.parse(seen.at(-1).body.toString()), { release });
  await commit(base, release, ['https://gw.example/']);
  assert.deepEqual(JSON.parse(seen.at(-1).body.toString()), { release, gateways: ['https://gw.example/'] });
  await assert.rejects(commit(base, release, ['file:///etc/passwd']), TypeError);
  await assert.rejects(commit(base, release, ['https://a/', 'https://b/', 'https://c/', 'https://d/', 'https://e/']), TypeError);
  handler = (req, body, res) => answer(res, 404, '{"error":{"code":"not-found","message":"no offer for this release","retryable":false}}');
  await assert.rejects(releaseStatus(base, release), is('not-found'));
  assert.equal(seen.at(-1).url, `/v1/releases/${release}`);
});

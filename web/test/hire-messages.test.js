// The hiring messages against spec/vectors/keyholder-protocol.json (written by Java's
// HiringVectorGenerator): every hash and signer reproduced, every wire written byte for byte from
// its parsed message, every invalid wire refused with its code, and messages signed through an
// EIP-1193 provider in the strict form.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { privateKeyToAccount } from '../vendor/viem-accounts.js';
import {
  TYPE_STRINGS, TYPES, HiringError, hiringDomain, domainOf, digest, decodeWire, encodeWire, verifyInfo, verifySolicitation,
  verifyOffer, checkOfferAnswers, checkPolicy, checkRelease, predictCloneAddress, offerPublicKey, signWithWallet, refusalFromJson, checkMessage,
} from '../lib/hire/messages.js';
import { hashStruct } from '../vendor/viem.js';

const vectors = JSON.parse(await readFile(new URL('../../spec/vectors/keyholder-protocol.json', import.meta.url), 'utf8'));
/** A predicate for assert.throws: a HiringError of `code`, its message matching `re`. @param {string} code @param {RegExp} [re] */
const is = (code, re) => (/** @type {any} */ e) => e instanceof HiringError && e.code === code && (!re || re.test(e.message));
const N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** An EIP-1193 provider that signs typed data with a test key, as a wallet does. */
/** @param {any} privateKey @param {{ mangle?: (sig: string) => string }} [o] */
function keyProvider(privateKey, { mangle } = {}) {
  const account = privateKeyToAccount(privateKey);
  return {
    address: account.address.toLowerCase(),
    async request({ method, params }) {
      assert.equal(method, 'eth_signTypedData_v4');
      const typed = JSON.parse(params[1]);
      const { EIP712Domain, ...types } = typed.types;
      assert.ok(EIP712Domain, 'the wallet is given the domain type');
      const sig = await account.signTypedData({ domain: typed.domain, types, primaryType: typed.primaryType, message: typed.message });
      return mangle ? mangle(sig) : sig;
    },
  };
}

test('the type strings are the vectors\'', () => {
  for (const [k, s] of Object.entries(vectors.types)) assert.equal(TYPE_STRINGS[k], s, k);
});

for (const c of vectors.messages) {
  test(`${c.type} ${c.structHash.slice(0, 10)}: decoded, re-encoded byte for byte, hashed and verified`, async () => {
    const signed = decodeWire(c.type, c.wire);
    assert.equal(encodeWire(c.type, signed), c.wire);
    assert.equal(signed.signature, c.signature);
    const domain = hiringDomain(c.domain.chainId, c.domain.verifyingContract);
    assert.equal(digest(c.type, signed.message, domain), c.digest);
    assert.equal(hashStruct({ data: /** @type {any} */ (signed.message), primaryType: c.type, types: TYPES[c.type] }).length, 66);
    const now = vectors.now;
    const expected = { chainId: c.domain.chainId, factory: c.domain.verifyingContract };
    const signer = c.type === 'Info' ? await verifyInfo(signed, expected, now)
      : c.type === 'Solicitation' ? await verifySolicitation(signed, expected, now)
        : await verifyOffer(signed, domain, now);
    assert.equal(signer, c.signer);
  });
}

test('every offer answers a solicitation of the vectors, from the keyholder, and recovers the release public key', async () => {
  const solicitations = vectors.messages.filter((m) => m.type === 'Solicitation').map((m) => decodeWire('Solicitation', m.wire).message);
  const offers = vectors.messages.filter((m) => m.type === 'Offer');
  assert.ok(offers.length > 0);
  for (const o of offers) {
    const signed = decodeWire('Offer', o.wire);
    const s = solicitations.find((x) => digest('Solicitation', x, domainOf(x)) === signed.message.solicitationHash);
    assert.ok(s, 'answers one of them');
    checkOfferAnswers(signed.message, s, vectors.keys.keyholder.address);
    assert.throws(() => checkOfferAnswers(signed.message, s, vectors.keys.artist.address), is('wrong-solicitation'));
    const pub = await offerPublicKey(signed, domainOf(s));
    const expected = privateKeyToAccount(vectors.keys.releaseKey.privateKey).publicKey; // 0x04 || x || y
    assert.equal(pub, `0x${BigInt(`0x${expected.slice(-64)}`) & 1n ? '03' : '02'}${expected.slice(4, 68)}`);
  }
});

test('release addresses are the CREATE2 clone predictions of the vectors', () => {
  for (const r of vectors.releases) assert.equal(predictCloneAddress(r.factory, r.implementation, r.artist, r.salt), r.release);
});

for (const c of vectors.invalid) {
  test(`refused with ${c.code}: ${c.name}`, async () => {
    const code = await refusal(c);
    assert.equal(code, c.code);
  });
}

/** Runs a receiver's checks in the order of section 5 and returns the first refusal's code. */
async function refusal(c) {
  try {
    const signed = decodeWire(c.type, c.wire);
    const m = signed.message;
    if (c.type === 'Info') await verifyInfo(signed, c.expected, c.now);
    else if (c.type === 'Solicitation') {
      await verifySolicitation(signed, c.expected, c.now);
      if (c.implementation) checkRelease(m, c.implementation);
      if (c.policy) checkPolicy(decodePolicy(c.policy), m);
    } else {
      const s = c.solicitation ? decodeWire('Solicitation', c.solicitation).message : null;
      await verifyOffer(signed, s ? domainOf(s) : hiringDomain(c.expected.chainId, c.expected.factory), c.now);
      if (s) checkOfferAnswers(m, s, c.keyholder);
    }
    return 'accepted';
  } catch (e) {
    assert.ok(e instanceof HiringError, `a typed error, got ${e}`);
    assert.ok(e.message.length > 20, 'the message says what was wrong');
    return e.code;
  }
}

function decodePolicy(p) {
  return { ...p, minDeposit: BigInt(p.minDeposit), maxDeposit: BigInt(p.maxDeposit), minFeePerSlot: BigInt(p.minFeePerSlot) };
}

const aSolicitation = () => decodeWire('Solicitation', vectors.messages.find((m) => m.type === 'Solicitation').wire).message;

test('a solicitation signed through an EIP-1193 wallet is the vectors\' (RFC 6979) signature and verifies', async () => {
  const c = vectors.messages.find((m) => m.type === 'Solicitation');
  const m = aSolicitation();
  const wallet = keyProvider(vectors.keys.artist.privateKey);
  const signed = await signWithWallet(wallet, wallet.address, 'Solicitation', m, domainOf(m));
  assert.equal(signed.signature, c.signature);
  assert.equal(encodeWire('Solicitation', signed), c.wire);
});

test('a wallet\'s v of 0/1 and a high-s signature come out in the strict form', async () => {
  const c = vectors.messages.find((m) => m.type === 'Solicitation');
  const m = aSolicitation();
  const highS = (sig) => {
    const s = BigInt(`0x${sig.slice(66, 130)}`);
    const v = parseInt(sig.slice(130), 16);
    return `${sig.slice(0, 66)}${(N - s).toString(16).padStart(64, '0')}${(v === 27 ? 1 : 0).toString(16).padStart(2, '0')}`.toUpperCase().replace('0X', '0x');
  };
  const wallet = keyProvider(vectors.keys.artist.privateKey, { mangle: highS });
  const signed = await signWithWallet(wallet, wallet.address, 'Solicitation', m, domainOf(m));
  assert.equal(signed.signature, c.signature);
});

test('a wallet that signs with another account is refused', async () => {
  const m = aSolicitation();
  const wallet = keyProvider(vectors.keys.operator.privateKey);
  await assert.rejects(signWithWallet(wallet, vectors.keys.artist.address, 'Solicitation', m, domainOf(m)), is('bad-signature'));
});

test('tampered, expired and wrong-chain messages are refused', async () => {
  const c = vectors.messages.find((m) => m.type === 'Solicitation');
  const signed = decodeWire('Solicitation', c.wire);
  const expected = { chainId: c.domain.chainId, factory: c.domain.verifyingContract };
  const tampered = { ...signed, message: { ...signed.message, deposit: signed.message.deposit + 1n } };
  await assert.rejects(verifySolicitation(tampered, expected, vectors.now), is('bad-signature'));
  await assert.rejects(verifySolicitation(signed, expected, signed.message.expiresAt + 61), is('expired'));
  assert.ok(await verifySolicitation(signed, expected, signed.message.expiresAt + 60), 'within the skew');
  await assert.rejects(verifySolicitation(signed, { ...expected, chainId: 1 }, vectors.now), is('wrong-chain'));
  await assert.rejects(verifySolicitation(signed, { ...expected, factory: vectors.keys.artist.address }, vectors.now), is('wrong-factory'));
  const offer = decodeWire('Offer', vectors.messages.find((m) => m.type === 'Offer').wire);
  await assert.rejects(verifyOffer(offer, hiringDomain(1, expected.factory), vectors.now), is('bad-signature'));
  const info = decodeWire('Info', vectors.messages.find((m) => m.type === 'Info').wire);
  const moreSlots = { ...info, message: { ...info.message, freeSlots: info.message.freeSlots + 1 } };
  await assert.rejects(verifyInfo(moreSlots, expected, vectors.now), is('bad-signature'));
  await assert.rejects(verifyInfo(info, expected, info.message.issuedAt - 61), is('expired'));
});

test('messages built in JavaScript are checked as the wire is', () => {
  const m = aSolicitation();
  assert.throws(() => checkMessage('Solicitation', { ...m, deposit: 5 }), is('malformed', /deposit/));
  assert.throws(() => checkMessage('Solicitation', { ...m, release: m.release.toUpperCase().replace('0X', '0x') }), is('malformed'));
  assert.throws(() => checkMessage('Solicitation', { ...m, group: 8 }), is('malformed', /group/));
  assert.throws(() => checkMessage('Solicitation', { ...m, pledgeDeadline: m.enrolDeadline }), is('malformed'));
  assert.throws(() => encodeWire('Solicitation', { message: m, signature: '0x00' }), is('malformed'));
});

test('wire oddities: whitespace and field order are accepted, a bare value, -0, exponents and nesting are not', () => {
  const c = vectors.messages.find((m) => m.type === 'Offer');
  const o = JSON.parse(c.wire);
  const reordered = `{ "validUntil" : ${o.validUntil},\n"keyholder":"${o.keyholder}", "solicitationHash":"${o.solicitationHash}","releaseKey":"${o.releaseKey}","signature":"${o.signature}" }`;
  assert.equal(encodeWire('Offer', decodeWire('Offer', reordered)), c.wire);
  assert.equal(encodeWire('Offer', decodeWire('Offer', new TextEncoder().encode(c.wire))), c.wire);
  for (const bad of ['[]', '"x"', c.wire.replace(`${o.validUntil}`, '-0'), c.wire.replace(`${o.validUntil}`, '1e9'), c.wire.replace(`${o.validUntil}`, '{}'), `${c.wire} x`, c.wire.replace(`${o.validUntil}`, '9007199254740992')]) {
    assert.throws(() => decodeWire('Offer', bad), is('malformed'), bad.slice(0, 60));
  }
  assert.throws(() => decodeWire('Offer', new Uint8Array([0x7b, 0xff, 0x7d])), is('malformed'));
});

test('refusals read from a bot, unknown codes as internal', () => {
  const r = refusalFromJson('{"error":{"code":"no-capacity","message":"full","retryable":true}}');
  assert.equal(r.code, 'no-capacity');
  assert.equal(r.retryable, true);
  assert.equal(r.message, 'full');
  const u = refusalFromJson('{"error":{"code":"fancy-new","message":"later","retryable":false}}');
  assert.equal(u.code, 'internal');
  assert.match(u.message, /fancy-new/);
  assert.equal(refusalFromJson('<html>').code, 'malformed');
  assert.equal(JSON.parse(new HiringError('expired', 'old').toJson()).error.retryable, false);
  assert.throws(() => new HiringError(/** @type {any} */ ('nope'), 'x'), TypeError);
});

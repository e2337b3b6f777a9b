// spec/keys.md: Feldman VSS, ECIES, the share envelope, share addresses and release keys, over
// spec/vectors/vss.json, ecies.json, share-addresses.json and release-key.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fromHex, toHex } from '../lib/bytes.js';
import { splitWithCoefficients, splitSecret, verifyShare, combineShares, sharePoint, shareAddress, shareAddresses, addressOfShare } from '../lib/crypto/vss.js';
import { eciesEncrypt, eciesEncryptWith, eciesDecrypt } from '../lib/crypto/ecies.js';
import { sealShare, openShare, encodeSharePlaintext, SEALED_SHARE_BYTES } from '../lib/crypto/share-envelope.js';
import {
  releaseKeyTypedData, releaseKeyTypedDataHash, normaliseSignature, releaseKeyFromSignature, deriveReleaseKey, releaseKeyOf,
} from '../lib/crypto/release-key.js';
import { ethAddress, mulG, N, scalarToBytes, bytesToBigInt, compressedHex } from '../lib/crypto/secp.js';
import { sha1prng } from '../lib/crypto/random.js';
import { KeyError, InvalidShareError, NonDeterministicWalletError } from '../lib/crypto/errors.js';
import { privateKeyToAccount } from '../vendor/viem-accounts.js';
import { hashTypedData } from '../vendor/viem.js';

const vectors = (name) => JSON.parse(readFileSync(new URL(`../../spec/vectors/${name}`, import.meta.url), 'utf8'));
const share = (s) => ({ identifier: s.identifier, value: fromHex(s.value) });

for (const c of vectors('vss.json').cases) {
  test(`vss ${c.name}: split, verify and combine as the vector says`, () => {
    const split = splitWithCoefficients(fromHex(c.secret), c.coefficients.map(fromHex), c.size);
    assert.deepEqual(split.commitments.map(toHex), c.commitments);
    assert.deepEqual(split.shares.map((s) => ({ identifier: s.identifier, value: toHex(s.value) })), c.shares);
    assert.equal(c.commitments[0], c.secretPublicKey);
    for (const v of c.verify) {
      const run = () => verifyShare(share(v), c.commitments);
      if (v.valid) run();
      else assert.throws(run, (e) => e instanceof InvalidShareError && e.code === 'share-invalid', v.comment);
    }
    for (const k of c.combine) {
      const shares = k.identifiers.map((id) => share(c.shares.find((s) => s.identifier === id)));
      if (k.valid) assert.equal(toHex(combineShares(shares, c.commitments)), k.secret, k.comment);
      else assert.throws(() => combineShares(shares, c.commitments), InvalidShareError, k.comment);
    }
  });
}

test('combine refuses two values under one identifier and names a bad share', () => {
  const c = vectors('vss.json').cases[1];
  const good = c.shares.map(share);
  const forged = { identifier: good[0].identifier, value: good[1].value };
  assert.throws(() => combineShares([...good, forged], c.commitments), /two different shares carry identifier 1/);
  assert.throws(() => combineShares([forged, ...good.slice(1)], c.commitments), /share 1 does not match/);
});

test('a seeded split draws its coefficients from the source and still recombines', () => {
  const s = scalarToBytes(12345n);
  const a = splitSecret(s, { threshold: 3, size: 5 }, sha1prng(7));
  const b = splitSecret(s, { threshold: 3, size: 5 }, sha1prng(7));
  assert.deepEqual(a, b);
  assert.equal(a.commitments.length, 3);
  assert.deepEqual(combineShares(a.shares.slice(2), a.commitments), s);
  assert.throws(() => splitSecret(s, { threshold: 6, size: 5 }, sha1prng(7)), RangeError);
});

for (const c of vectors('share-addresses.json').cases) {
  test(`share addresses ${c.name}: points and addresses from the commitments alone`, () => {
    assert.equal(ethAddress(fromHex(c.secretPublicKey)), c.secretAddress);
    const expected = [];
    c.groups.forEach((g, gi) => {
      const split = splitWithCoefficients(fromHex(c.secret), g.coefficients.map(fromHex), g.size);
      assert.deepEqual(split.commitments.map(toHex), g.commitments);
      expected.push(...shareAddresses(g.commitments, g.size).map((a) => ({ gi, a })));
    });
    assert.deepEqual(expected.map((x) => x.a), c.slots.map((s) => s.shareAddress));
    for (const slot of c.slots) {
      const g = c.groups[slot.group];
      assert.equal(toHex(sharePoint(g.commitments, slot.identifier)), slot.sharePoint);
      assert.equal(shareAddress(g.commitments, slot.identifier), slot.shareAddress);
      assert.equal(addressOfShare(share({ identifier: slot.identifier, value: slot.share })), slot.shareAddress);
    }
  });
}

const ecies = vectors('ecies.json');
for (const c of ecies.encrypt) {
  test(`ecies encrypt (${c.comment}) reproduces the ciphertext`, () => {
    const out = eciesEncryptWith(fromHex(c.publicKey), fromHex(c.plaintext), fromHex(c.ephemeralSecret), fromHex(c.nonce));
    assert.equal(toHex(out), c.ciphertext);
  });
}
test('ecies decrypt: Java- and eciesjs-made ciphertexts open, tampered and truncated ones are refused', () => {
  let refused = 0;
  for (const c of ecies.decrypt) {
    if (c.valid) {
      assert.equal(toHex(eciesDecrypt(fromHex(c.privateKey), fromHex(c.ciphertext))), c.plaintext, c.comment);
    } else {
      assert.throws(() => eciesDecrypt(fromHex(c.privateKey), fromHex(c.ciphertext)), KeyError, c.comment);
      refused++;
    }
  }
  assert.ok(refused >= 30);
  assert.throws(() => eciesDecrypt(scalarToBytes(5n), new Uint8Array(96)), /shorter than the 97-byte minimum/);
});
test('ecies round trip with a seeded source, to a compressed and an uncompressed key', () => {
  const k = scalarToBytes(0xabcdefn);
  const P = mulG(0xabcdefn);
  for (const pub of [P.toBytes(true), P.toBytes(false)]) {
    const m = new TextEncoder().encode('a share');
    const c = eciesEncrypt(pub, m, sha1prng(3));
    assert.equal(c.length, 97 + m.length);
    assert.deepEqual(eciesDecrypt(k, c), m);
  }
});

test('share envelope: the vector opens to its share, re-seals identically, and another context is refused naming the field', () => {
  for (const c of ecies.shareEnvelopes) {
    const key = fromHex(c.releaseKey);
    assert.equal(toHex(releaseKeyOf(key).publicKey), c.releasePublicKey);
    assert.equal(toHex(encodeSharePlaintext(share(c.share), c.context)), c.plaintext);
    const got = openShare(fromHex(c.ciphertext), key, c.context);
    assert.deepEqual(got, share(c.share));
    verifyShare(got, c.commitments);
    assert.equal(fromHex(c.ciphertext).length, SEALED_SHARE_BYTES);
    for (const [field, value] of [['chainId', 1], ['factory', '0x' + '22'.repeat(20)], ['release', '0x' + '33'.repeat(20)],
      ['secretPublicKey', compressedHex(mulG(9n))], ['group', 0], ['identifier', 3]]) {
      assert.throws(() => openShare(fromHex(c.ciphertext), key, { ...c.context, [field]: value }),
        (e) => e instanceof KeyError && e.code === 'share-context-mismatch' && e.message.includes(`${field} is`), String(field));
    }
    const sealed = sealShare(share(c.share), c.context, fromHex(c.releasePublicKey), sha1prng(99));
    assert.equal(sealed.length, SEALED_SHARE_BYTES);
    assert.deepEqual(openShare(sealed, key, c.context), share(c.share));
    const flipped = Uint8Array.from(sealed);
    flipped[150] ^= 1;
    assert.throws(() => openShare(flipped, key, c.context), (e) => e instanceof KeyError && e.code === 'ecies-auth');
    assert.throws(() => openShare(sealed, scalarToBytes(7n), c.context), KeyError);
  }
});

for (const c of vectors('release-key.json').cases) {
  test(`release key for ${c.request.keyholder} on chain ${c.request.chainId}: typed data, hash, signature and key as the vector`, async () => {
    assert.deepEqual(releaseKeyTypedData(c.request), c.typedData);
    assert.equal(toHex(releaseKeyTypedDataHash(c.request)), c.typedDataHash);
    assert.equal(hashTypedData(/** @type {any} */ (c.typedData)).slice(2), c.typedDataHash, 'viem agrees on the hash');
    assert.equal(toHex(normaliseSignature(c.signature, c.request)), c.normalisedSignature);
    const k = releaseKeyFromSignature(c.request, c.signature);
    assert.equal(toHex(k.key), c.releaseKey);
    assert.equal(toHex(k.publicKey), c.releasePublicKey);
    assert.equal(k.address, c.releaseAddress);
    // Through a real wallet implementation (viem, RFC 6979): the same key, signing twice.
    const wallet = privateKeyToAccount(`0x${c.walletPrivateKey}`);
    let calls = 0;
    const derived = await deriveReleaseKey(async (td) => { calls++; return wallet.signTypedData(/** @type {any} */ (td)); }, c.request);
    assert.equal(calls, 2);
    assert.equal(toHex(derived.key), c.releaseKey);
    // The high-s twin of the signature is the same signature: same key.
    const sig = fromHex(c.signature);
    const high = Uint8Array.from(sig);
    high.set(scalarToBytes(N - bytesToBigInt(sig.subarray(32, 64))), 32);
    high[64] = sig[64] === 27 ? 28 : sig[64] === 28 ? 27 : sig[64] ^ 1;
    assert.equal(toHex(releaseKeyFromSignature(c.request, high).key), c.releaseKey);
  });
}

test('a wallet that signs differently twice is refused with NonDeterministicWalletError', async () => {
  const c = vectors('release-key.json').cases[0];
  const wallet = privateKeyToAccount(`0x${c.walletPrivateKey}`);
  let n = 0;
  // A randomising wallet: two valid signatures by the keyholder with different r. Made with noble's extra entropy.
  const { secp256k1 } = await import('../vendor/noble.js');
  const hash = releaseKeyTypedDataHash(c.request);
  const randomised = async () => {
    n++;
    if (n === 1) return wallet.signTypedData(/** @type {any} */ (c.typedData));
    const s = secp256k1.sign(hash, fromHex(c.walletPrivateKey), { prehash: false, extraEntropy: true, format: 'recovered' });
    return '0x' + toHex(s.subarray(1)) + (s[0] === 0 ? '1b' : '1c');
  };
  await assert.rejects(deriveReleaseKey(randomised, c.request),
    (e) => e instanceof NonDeterministicWalletError && e.code === 'wallet-not-deterministic' && /does not sign deterministically/.test(e.message));
  assert.equal(n, 2);
});

test('signatures by another account, out of range or with a bad v are refused', () => {
  const [a, b] = vectors('release-key.json').cases;
  assert.throws(() => normaliseSignature(b.signature, a.request), (e) => e instanceof KeyError && e.code === 'signature-wrong-signer' && e.message.includes(`not by keyholder ${a.request.keyholder}`));
  const sig = fromHex(a.signature);
  const badV = Uint8Array.from(sig); badV[64] = 29;
  assert.throws(() => normaliseSignature(badV, a.request), /v=29/);
  const zeroR = Uint8Array.from(sig); zeroR.fill(0, 0, 32);
  assert.throws(() => normaliseSignature(zeroR, a.request), /out of range/);
  assert.throws(() => normaliseSignature(sig.subarray(0, 64), a.request), /65 bytes/);
  assert.throws(() => releaseKeyFromSignature({ ...a.request, release: '0x' + '44'.repeat(20) }, a.signature), /not by keyholder/);
});

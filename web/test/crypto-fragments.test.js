// spec/archive-format.md section 6: fragment keys, the fragment tree and the sample rule, over
// spec/vectors/fragment-keys.json, fragment-tree.json and fragment-samples.json.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fromHex, toHex } from '../lib/bytes.js';
import { fragmentKey, ageIdentity, ageRecipient, keyAddress, encodeAgeIdentity, parseAgeIdentity } from '../lib/crypto/fragment-keys.js';
import { fragmentRoot, fragmentProof, fragmentLeaf, verifyFragmentProof } from '../lib/crypto/fragment-tree.js';
import { sampleIndices } from '../lib/crypto/samples.js';
import { KeyError } from '../lib/crypto/errors.js';

const vectors = (name) => JSON.parse(readFileSync(new URL(`../../spec/vectors/${name}`, import.meta.url), 'utf8'));

test('fragment keys: k_e, its address, age identity and recipient as every vector says', () => {
  const cases = vectors('fragment-keys.json').cases;
  assert.ok(cases.length >= 20);
  for (const c of cases) {
    const k = fragmentKey(fromHex(c.secret), c.fragment);
    assert.equal(toHex(k), c.key, `s=${c.secret} e=${c.fragment}`);
    assert.equal(keyAddress(k), c.keyAddress);
    const id = ageIdentity(k);
    assert.equal(encodeAgeIdentity(id), c.identity);
    assert.deepEqual(parseAgeIdentity(c.identity), id);
    assert.equal(ageRecipient(id), c.recipient);
  }
});

test('fragment keys refuse a secret outside [1, n-1], a bad index and a malformed identity', () => {
  assert.throws(() => fragmentKey(new Uint8Array(32), 0), KeyError);
  assert.throws(() => fragmentKey(fromHex('ff'.repeat(32)), 0), KeyError);
  assert.throws(() => fragmentKey(fromHex('00'.repeat(31) + '01'), -1), RangeError);
  assert.throws(() => fragmentKey(fromHex('00'.repeat(31) + '01'), 2 ** 31), RangeError);
  const id = vectors('fragment-keys.json').cases[0].identity;
  assert.throws(() => parseAgeIdentity(id.toLowerCase()), /upper case/);
  assert.throws(() => parseAgeIdentity(id.slice(0, -1) + (id.endsWith('Q') ? 'P' : 'Q')), /Bech32/);
});

test('fragment trees: leaves, root and every proof as the vectors say, and proofs verify', () => {
  for (const c of vectors('fragment-tree.json').cases) {
    assert.equal(c.keyAddresses.length, c.fragmentCount);
    assert.deepEqual(c.keyAddresses.map((a, e) => '0x' + toHex(fragmentLeaf(e, a))), c.leaves);
    assert.equal(fragmentRoot(c.keyAddresses), c.root);
    for (let e = 0; e < c.fragmentCount; e++) {
      const proof = fragmentProof(c.keyAddresses, e);
      assert.deepEqual(proof, c.proofs[e], `F=${c.fragmentCount} e=${e}`);
      assert.ok(verifyFragmentProof(proof, c.root, fromHex(c.leaves[e])));
      if (c.fragmentCount > 1) assert.ok(!verifyFragmentProof(proof, c.root, fromHex(c.leaves[(e + 1) % c.fragmentCount])));
    }
  }
  assert.throws(() => fragmentRoot([]), RangeError);
  assert.throws(() => fragmentLeaf(0, '0x1234'), TypeError);
});

test('archive-tiny: the fragment root the release records, from the secret file and the manifest', () => {
  const secret = readFileSync(new URL('../../spec/vectors/archive-tiny.secret', import.meta.url), 'ascii').match(/^secret ([0-9a-f]{64})$/m)[1];
  const manifest = vectors('manifest-v2.json');
  const listed = manifest.files.flatMap((f) => f.fragments).filter((f) => !f.preview).map((f) => f.keyAddress);
  const derived = listed.map((_, e) => keyAddress(fragmentKey(fromHex(secret), e)));
  assert.deepEqual(derived, listed);
  assert.equal(fragmentRoot(derived), readFileSync(new URL('../../spec/vectors/archive-tiny.tar.fragment-root', import.meta.url), 'ascii').trim());
});

test('sample rule: every vector draws its samples in order', () => {
  const cases = vectors('fragment-samples.json').cases;
  assert.ok(cases.length >= 30);
  for (const c of cases) assert.deepEqual(sampleIndices(fromHex(c.seed), c.sampleCount, c.fragmentCount), c.samples, JSON.stringify(c));
  assert.throws(() => sampleIndices(new Uint8Array(32), 17, 5), RangeError);
  assert.throws(() => sampleIndices(new Uint8Array(32), 3, 0), RangeError);
  assert.throws(() => sampleIndices(new Uint8Array(31), 3, 5), TypeError);
});

// The twin reproduces the Java reference's seeded pack of spec/vectors/archive-tiny.tar: from
// SHA1PRNG seeded with 2026 (Fixtures.seeded(2026)) and keyholder keys from seeded(21)
// (Fixtures.keys(3, 21)), drawing in the reference's order (s, the group's coefficient, each
// share envelope's ephemeral key and nonce, then each encrypted fragment's age file key,
// ephemeral key and nonce), it gets the same secret, commitments, sealed shares and age bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { toHex, concat } from '../lib/bytes.js';
import { sha1prng } from '../lib/crypto/random.js';
import { randomScalarBytes } from '../lib/crypto/secp.js';
import { randomReleaseKey } from '../lib/crypto/release-key.js';
import { splitSecret, verifyShare } from '../lib/crypto/vss.js';
import { sealShare, openShare } from '../lib/crypto/share-envelope.js';
import { fragmentKey, ageIdentity, ageRecipient, keyAddress } from '../lib/crypto/fragment-keys.js';
import { ageEncryptor, ageDecrypt, ageChunkReader, AGE_CHUNK } from '../lib/crypto/age.js';
import { fragmentRoot } from '../lib/crypto/fragment-tree.js';

const spec = (name) => new URL(`../../spec/vectors/${name}`, import.meta.url);
const manifest = JSON.parse(readFileSync(spec('manifest-v2.json'), 'utf8'));
const tar = new Uint8Array(readFileSync(spec('archive-tiny.tar')));
const secretHex = readFileSync(spec('archive-tiny.secret'), 'ascii').match(/^secret ([0-9a-f]{64})$/m)[1];
const encrypted = manifest.files.flatMap((f) => f.fragments).filter((f) => !f.preview);

/** The age files in the tar, in archive order: each starts with the version line and is storedSize long. */
function storedFragments() {
  const magic = new TextEncoder().encode('age-encryption.org/v1\n-> X25519 ');
  const out = [];
  for (let at = tar.indexOf(magic[0]); at >= 0 && out.length < encrypted.length; at = tar.indexOf(magic[0], at + 1)) {
    if (magic.every((b, i) => tar[at + i] === b)) {
      out.push(tar.subarray(at, at + encrypted[out.length].storedSize));
      at += encrypted[out.length - 1].storedSize - 1;
    }
  }
  return out;
}

test('archive-tiny: secret, commitments and sealed shares come out of seeded(2026) exactly as Java drew them', () => {
  const keys = (() => { const r = sha1prng(21); return [0, 1, 2].map(() => randomReleaseKey(r)); })();
  const group = manifest.groups[0];
  assert.deepEqual(group.shares.map((s) => s.keyholder), keys.map((k) => toHex(k.publicKey)), 'Fixtures.keys(3, 21)');
  const r = sha1prng(2026);
  const s = randomScalarBytes(r);
  assert.equal(toHex(s), secretHex);
  const split = splitSecret(s, { threshold: group.commitments.length, size: group.shares.length }, r);
  assert.deepEqual(split.commitments.map(toHex), group.commitments);
  assert.equal(group.commitments[0], manifest.secret.publicKey);
  const t = manifest.terms;
  for (const [i, sh] of split.shares.entries()) {
    const ctx = { chainId: t.chainId, factory: t.factory, release: t.release, secretPublicKey: group.commitments[0], group: 0, identifier: sh.identifier };
    const sealed = sealShare(sh, ctx, keys[i].publicKey, r);
    assert.equal(toHex(sealed), group.shares[i].ciphertext, `share ${sh.identifier}`);
    const opened = openShare(sealed, keys[i].key, ctx);
    verifyShare(opened, group.commitments);
  }
});

async function ageDecryptAll(id, file) {
  const parts = [];
  for await (const p of ageDecrypt(id, [file])) parts.push(p);
  return concat(...parts);
}

test('archive-tiny: every encrypted fragment re-encrypts from the seeded source to the stored bytes', async () => {
  const r = sha1prng(2026);
  const s = randomScalarBytes(r);
  const group = manifest.groups[0];
  splitSecret(s, { threshold: group.commitments.length, size: group.shares.length }, r);
  const keys = (() => { const kr = sha1prng(21); return [0, 1, 2].map(() => randomReleaseKey(kr)); })();
  const t = manifest.terms;
  // Same draws as the packer's share dealing (the envelopes' bytes are checked above).
  for (let i = 0; i < group.shares.length; i++) {
    const sh = { identifier: i + 1, value: new Uint8Array(32) };
    sealShare(sh, { chainId: t.chainId, factory: t.factory, release: t.release, secretPublicKey: group.commitments[0], group: 0, identifier: i + 1 }, keys[i].publicKey, r);
  }
  const stored = storedFragments();
  const addresses = [];
  for (const [e, f] of encrypted.entries()) {
    const k = fragmentKey(s, e);
    addresses.push(keyAddress(k));
    const id = ageIdentity(k);
    const plain = await ageDecryptAll(id, stored[e]);
    assert.equal(plain.length, f.size);
    const enc = ageEncryptor({ recipient: ageRecipient(id), random: r });
    const again = concat(enc.header, enc.encrypt(plain, true));
    assert.equal(toHex(again), toHex(stored[e]), `fragment ${e} is byte-identical`);
    assert.equal(createHash('sha256').update(stored[e]).digest('hex'), f.sha256, `fragment ${e}: the manifest's sha256 fixes the stored age file`);
    const reader = await ageChunkReader(id, stored[e]);
    assert.deepEqual(await reader.read(0, Math.min(AGE_CHUNK, plain.length)), plain.subarray(0, AGE_CHUNK));
  }
  assert.equal(fragmentRoot(addresses), readFileSync(spec('archive-tiny.tar.fragment-root'), 'ascii').trim());
});

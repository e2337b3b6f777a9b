import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { toHex } from '../lib/bytes.js';
import { recoverSecret } from '../lib/archive/recover.js';
import { ArchiveKeyError } from '../lib/archive/errors.js';
import { parseManifest } from '../lib/format/manifest.js';
import { sha1prng } from '../lib/crypto/random.js';
import { randomReleaseKey } from '../lib/crypto/release-key.js';

const VECTORS = new URL('../../spec/vectors/', import.meta.url);
const SEEDED = JSON.parse(readFileSync(new URL('archive-seeded.json', VECTORS), 'utf8'));
const TAR = new Uint8Array(readFileSync(new URL('archive-seeded.tar', VECTORS)));
const MANIFEST = parseManifest(TAR.subarray(512, 512 + Number.parseInt(new TextDecoder().decode(TAR.subarray(124, 135)), 8)));
// The vector's keyholders are Java's Fixtures.keys(3, 21) (group 0, 2 of 3) and Fixtures.keys(2, 22) (group 1, 1 of 2).
const keys = (n, seed) => { const r = sha1prng(seed); return Array.from({ length: n }, () => randomReleaseKey(r).key); };
const GROUP0 = keys(3, 21);
const GROUP1 = keys(2, 22);

test('s is rebuilt from any threshold of a group, and is the one Java drew', () => {
  assert.equal(toHex(recoverSecret(MANIFEST, [GROUP0[0], GROUP0[2]])), SEEDED.secret);
  assert.equal(toHex(recoverSecret(MANIFEST, [toHex(GROUP0[1]), toHex(GROUP0[2])])), SEEDED.secret);
  assert.equal(toHex(recoverSecret(MANIFEST, [GROUP1[1]])), SEEDED.secret, 'group 1 needs one key');
});

test('too few keys, or keys of nobody, are refused with a tally', () => {
  assert.throws(() => recoverSecret(MANIFEST, [GROUP0[0]]), (e) => e instanceof ArchiveKeyError && /group 0: 1 of 2, group 1: 0 of 1/.test(e.message));
  assert.throws(() => recoverSecret(MANIFEST, keys(2, 99)), (e) => e instanceof ArchiveKeyError && /group 0: 0 of 2/.test(e.message));
  assert.throws(() => recoverSecret(MANIFEST, ['00'.repeat(32)]), (e) => e instanceof ArchiveKeyError && /release key 0/.test(e.message));
});

test('an envelope that does not open under its keyholder\'s key is reported, not used', () => {
  const m = structuredClone(MANIFEST);
  const c = m.groups[0].shares[0].ciphertext;
  m.groups[0].shares[0].ciphertext = c.slice(0, -2) + (c.endsWith('00') ? '01' : '00');
  assert.throws(() => recoverSecret(m, [GROUP0[0], GROUP0[1]]), (e) => e instanceof ArchiveKeyError && /group 0: 1 of 2/.test(e.message) && e.failures.length === 1);
  assert.equal(toHex(recoverSecret(m, [GROUP0[1], GROUP0[2]])), SEEDED.secret);
});

// Web3 Secret Storage v3 keystores (spec/keys.md section 4.3) against spec/vectors/keystore.json:
// the keystore web3j wrote (the Java reference) opens to the key, the twin writes the vector's own
// keystore byte for byte from the same seeded randomness (Java opens it: ReleaseKeyStoreTest), and
// a wrong password, an altered file, hostile costs and other files are refused naming what is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { encryptKeystore, decryptKeystore } from '../lib/crypto/keystore.js';
import { releaseKeyOf } from '../lib/crypto/release-key.js';
import { sha1prng, systemRandom } from '../lib/crypto/random.js';
import { KeyError } from '../lib/crypto/errors.js';
import { fromHex, toHex } from '../lib/bytes.js';

const v = JSON.parse(readFileSync(new URL('../../spec/vectors/keystore.json', import.meta.url), 'utf8'));

/** @param {string} code @param {RegExp} message */
const refused = (code, message) => (/** @type {any} */ e) => {
  assert.ok(e instanceof KeyError, String(e));
  assert.equal(e.code, code, e.message);
  assert.match(e.message, message);
  return true;
};

test("web3j's keystore opens to the vector's key; a wrong password is refused", { timeout: 60_000 }, async () => {
  const fractions = [];
  const key = await decryptKeystore(JSON.stringify(v.keystores.web3j), v.password, { onProgress: (f) => fractions.push(f) });
  assert.equal(toHex(key.key), v.key);
  assert.equal(key.address, v.address);
  assert.equal('0x' + toHex(key.publicKey), v.publicKey);
  assert.ok(fractions.length > 2 && fractions.at(-1) === 1, 'scrypt reports its progress');
  await assert.rejects(decryptKeystore(JSON.stringify(v.keystores.web3j), v.password.normalize('NFD')), refused('keystore-password', /does not open with this password/));
});

test("the twin writes the vector's keystore byte for byte from the same seed, and it opens again", { timeout: 60_000 }, async () => {
  const text = await encryptKeystore(releaseKeyOf(fromHex(v.key)), v.password, sha1prng(43n));
  assert.deepEqual(JSON.parse(text), v.keystores.twin);
  assert.equal(toHex((await decryptKeystore(text, v.password)).key), v.key);
  assert.ok(!text.includes(v.key), 'the key is not in the file');
  assert.match(JSON.parse(text).id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/, 'a random UUID v4');
});

test('an altered keystore, hostile costs and files that are no keystore are refused before or by the MAC', { timeout: 60_000 }, async () => {
  const good = v.keystores.twin;
  const edit = (/** @type {(k: any) => void} */ f) => { const k = structuredClone(good); f(k); return JSON.stringify(k); };
  const flipped = good.crypto.ciphertext.replace(/^./, (c) => (c === '0' ? '1' : '0'));
  await assert.rejects(decryptKeystore(edit((k) => { k.crypto.ciphertext = flipped; }), v.password), refused('keystore-password', /or it was altered/));
  await assert.rejects(decryptKeystore(edit((k) => { k.crypto.kdfparams.n = 1 << 24; }), v.password), refused('keystore-invalid', /scrypt costs n=16777216/));
  await assert.rejects(decryptKeystore(edit((k) => { k.crypto.kdfparams.n = 1000; }), v.password), refused('keystore-invalid', /n a power of 2/));
  await assert.rejects(decryptKeystore(edit((k) => { k.crypto.kdfparams.r = 64; }), v.password), refused('keystore-invalid', /r=64/));
  // Within the memory bound but 64 times the standard's work.
  await assert.rejects(decryptKeystore(edit((k) => { k.crypto.kdfparams.p = 64; }), v.password), refused('keystore-invalid', /p=64/));
  // 2 GiB of memory (n 2^20, r 16) is refused before anything is allocated.
  await assert.rejects(decryptKeystore(edit((k) => { k.crypto.kdfparams.n = 1 << 20; k.crypto.kdfparams.r = 16; }), v.password), refused('keystore-invalid', /at most 256 MiB/));
  await assert.rejects(decryptKeystore(edit((k) => { k.crypto.kdf = 'pbkdf2'; k.crypto.kdfparams = { c: 1e9, dklen: 32, prf: 'hmac-sha256', salt: k.crypto.kdfparams.salt }; }), v.password), refused('keystore-invalid', /1 to 10000000 rounds/));
  await assert.rejects(decryptKeystore(edit((k) => { k.version = 1; }), v.password), refused('keystore-invalid', /version is 1, not 3/));
  await assert.rejects(decryptKeystore(edit((k) => { k.crypto.cipher = 'aes-128-cbc'; }), v.password), refused('keystore-invalid', /cipher is "aes-128-cbc"/));
  await assert.rejects(decryptKeystore(edit((k) => { k.crypto.kdf = 'argon2'; }), v.password), refused('keystore-invalid', /kdf is "argon2"/));
  await assert.rejects(decryptKeystore(edit((k) => { k.crypto.cipherparams.iv = 'zz'; }), v.password), refused('keystore-invalid', /cipherparams.iv is not hex/));
  await assert.rejects(decryptKeystore('{"version": 3, "crypto": 12', v.password), refused('keystore-invalid', /not JSON/));
  await assert.rejects(decryptKeystore('x'.repeat(70_000), v.password), refused('keystore-invalid', /at most 65536 bytes/));
  await assert.rejects(decryptKeystore(JSON.stringify(good), ''), refused('keystore-password', /needs a password/));
  await assert.rejects(encryptKeystore(releaseKeyOf(fromHex(v.key)), '', systemRandom()), refused('keystore-password', /needs a password/));
  // The address a keystore claims must be the key's.
  await assert.rejects(decryptKeystore(edit((k) => { k.address = '00'.repeat(20); }), v.password), refused('keystore-invalid', /says it holds the key of 0x0{40}/));
});

test('a PBKDF2 keystore (as other wallet tools write) opens too', { timeout: 60_000 }, async () => {
  // The Web3 Secret Storage definition's own PBKDF2 example (password "testpassword", 262144 rounds).
  const spec = { crypto: { cipher: 'aes-128-ctr', cipherparams: { iv: '6087dab2f9fdbbfaddc31a909735c1e6' },
    ciphertext: '5318b4d5bcd28de64ee5559e671353e16f075ecae9f99c7a79a38af5f869aa46', kdf: 'pbkdf2',
    kdfparams: { c: 262144, dklen: 32, prf: 'hmac-sha256', salt: 'ae3cd4e7013836a3df6bd7241b12db061dbe2c6785853cce422d148a624ce0bd' },
    mac: '517ead924a9d0dc3124507e3393d175ce3ff7c1e96529c6c555ce9e51205e9b2' }, id: '3198bc9c-6672-5ab3-d995-4942343ae5b6', version: 3 };
  const key = await decryptKeystore(JSON.stringify(spec), 'testpassword');
  assert.equal(toHex(key.key), '7a28b5ba57c53603b0b07b56bba752f7784bf506fa95edc395f5cf6c7514fe9d');
});

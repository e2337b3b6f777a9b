import { test } from 'node:test';
import assert from 'node:assert/strict';
import { utf8, fromHex, toHex } from '../lib/bytes.js';
import {
  Cid, DAG_PB, RAW, IDENTITY, SHA2_256, parseCid, formatCid, decodeCid, readCid, rawCid, cidOf, verifyBlock,
  encodeVarint, readVarint, varintLength,
} from '../lib/ipfs/cid.js';
import { InvalidBlockError } from '../lib/ipfs/errors.js';
import { HELIA_MISSING, helia } from './ipfs-helpers.js';

test('the empty raw leaf has the CID spec/ipfs.md names', async () => {
  assert.equal((await rawCid(new Uint8Array(0))).toString(), 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku');
});

test('CIDv1 text round-trips through base32 (either case) and base58btc', () => {
  const text = 'bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi';
  const cid = parseCid(text);
  assert.equal(cid.version, 1);
  assert.equal(cid.codec, DAG_PB);
  assert.equal(cid.hash, SHA2_256);
  assert.equal(cid.toString(), text);
  assert.equal(formatCid(cid), text);
  assert.ok(parseCid('B' + text.slice(1).toUpperCase()).equals(cid));
  assert.ok(decodeCid(cid.bytes).equals(cid));
});

test('a CIDv0 parses, prints as Qm... and converts to v1', () => {
  const v0 = parseCid('QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n');
  assert.equal(v0.version, 0);
  assert.equal(v0.codec, DAG_PB);
  assert.equal(v0.toString(), 'QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n');
  assert.equal(v0.bytes.length, 34);
  const v1 = v0.toV1();
  assert.equal(v1.toString(), 'bafybeihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku');
  assert.equal(v0.equals(v1), false);
  assert.ok(readCid(v0.bytes, 0)[0].equals(v0));
});

test('CIDs agree with multiformats (Helia) for parse, format and hashing', { skip: HELIA_MISSING }, async () => {
  const { CID } = await helia('multiformats/dist/src/cid.js');
  const { sha256 } = await helia('multiformats/dist/src/hashes/sha2.js');
  const { base58btc } = await helia('multiformats/dist/src/bases/base58.js');
  for (const text of ['hello', '', 'x'.repeat(5000)]) {
    const bytes = utf8(text);
    const theirs = CID.createV1(0x55, await sha256.digest(bytes));
    const ours = await rawCid(bytes);
    assert.equal(ours.toString(), theirs.toString());
    assert.equal(toHex(ours.bytes), toHex(theirs.bytes));
    const z = theirs.toString(base58btc);
    assert.ok(parseCid(z).equals(ours), z);
    const pb = await cidOf(DAG_PB, bytes);
    assert.equal(pb.toString(), CID.createV1(0x70, await sha256.digest(bytes)).toString());
    assert.equal(new Cid(0, DAG_PB, SHA2_256, pb.digest).toString(), CID.createV0(await sha256.digest(bytes)).toString());
  }
});

test('bad CID text is refused with a TypeError naming what is wrong', () => {
  const good = 'bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku';
  /** @type {[string, RegExp][]} */
  const cases = [
    ['', /too short/],
    ['fbafk', /multibase prefix 'f'/],
    ['b' + '1'.repeat(20), /not base32/],
    [good.slice(0, -1), /truncated|trailing bits|digest length/],
    [good + 'a', /trailing/],
    ['zQmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n', /CIDv0 must be written as plain base58btc/],
    ['z0OIl', /not base58btc/],
    ['b' + 'aiaaa', /version 2|not supported|truncated/],
  ];
  for (const [text, re] of cases) {
    assert.throws(() => parseCid(text), (e) => e instanceof TypeError && re.test(e.message) && e.message.includes('invalid CID'), text);
  }
  // A CIDv0 wrapped in a multibase prefix is not a legal form.
  const v0 = parseCid('QmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n');
  assert.throws(() => decodeCid(new Uint8Array([...v0.bytes, 0])), InvalidBlockError);
  assert.throws(() => parseCid(/** @type {any} */ (42)), TypeError);
});

test('binary CIDs with bad digest lengths, versions or identity overflows are refused', () => {
  assert.throws(() => decodeCid(fromHex('01551220' + '00'.repeat(31))), /truncated/);
  assert.throws(() => decodeCid(fromHex('01551210' + '00'.repeat(16))), /not 32/);
  assert.throws(() => decodeCid(fromHex('02551220' + '00'.repeat(32))), /version 2/);
  assert.throws(() => decodeCid(fromHex('1221' + '00'.repeat(33))), /CIDv0 digest length/);
  assert.throws(() => decodeCid(new Uint8Array([1, 0x55, 0, 0x81, 0x01, ...new Uint8Array(129)])), /exceeds 128/);
  assert.equal(decodeCid(new Uint8Array([1, 0x55, 0, 3, 1, 2, 3])).isIdentity, true);
});

test('verifyBlock accepts the block, refuses any other bytes naming the CID, and refuses unknown hashes', async () => {
  const block = utf8('a block');
  const cid = await rawCid(block);
  await verifyBlock(cid, block);
  const tampered = block.slice();
  tampered[0] ^= 1;
  await assert.rejects(verifyBlock(cid, tampered), (e) => e instanceof InvalidBlockError && e.code === 'invalid-block'
    && e.cid === cid.toString() && e.message.includes(cid.toString()));
  await assert.rejects(verifyBlock(cid, block.subarray(1)), InvalidBlockError);
  const identity = new Cid(1, RAW, IDENTITY, utf8('inline'));
  await verifyBlock(identity, utf8('inline'));
  await assert.rejects(verifyBlock(identity, utf8('inlinE')), InvalidBlockError);
  const blake = new Cid(1, RAW, 0xb220, new Uint8Array(32));
  await assert.rejects(verifyBlock(blake, block), /multihash 0xb220; Unveil only verifies sha2-256/);
  await assert.rejects(verifyBlock(cid, /** @type {any} */ ('text')), TypeError);
});

test('varints are minimal, at most 9 bytes, and exact up to 2^53 - 1', () => {
  for (const v of [0, 1, 127, 128, 300, 16383, 16384, 2 ** 31, 2 ** 32 + 5, Number.MAX_SAFE_INTEGER]) {
    const enc = encodeVarint(v);
    assert.equal(enc.length, varintLength(v));
    assert.deepEqual(readVarint(enc, 0), [v, enc.length]);
  }
  assert.deepEqual([...encodeVarint(300)], [0xac, 0x02]);
  assert.throws(() => readVarint(new Uint8Array([0x80, 0x00]), 0), /not minimally encoded/);
  assert.throws(() => readVarint(new Uint8Array([0x80]), 0), /truncated/);
  assert.throws(() => readVarint(new Uint8Array(10).fill(0x81), 0), /longer than 9 bytes/);
  assert.throws(() => readVarint(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f]), 0), /2\^53/);
  assert.throws(() => encodeVarint(-1), RangeError);
  assert.throws(() => encodeVarint(2 ** 53), RangeError);
});

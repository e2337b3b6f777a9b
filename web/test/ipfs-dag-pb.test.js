import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromHex, toHex } from '../lib/bytes.js';
import { rawCid } from '../lib/ipfs/cid.js';
import { decodeDagPb, encodeDagPb } from '../lib/ipfs/dag-pb.js';
import { InvalidBlockError } from '../lib/ipfs/errors.js';
import { UnixFsType, decodeFileNode, decodeUnixFs, encodeUnixFsDirectory, encodeUnixFsFile } from '../lib/ipfs/unixfs.js';
import { HELIA_MISSING, helia } from './ipfs-helpers.js';

test('dag-pb encodes Links before Data, Hash/Name/Tsize in a link, and decodes back', async () => {
  const cid = await rawCid(new Uint8Array([1, 2, 3]));
  const node = { links: [{ cid, name: '', tsize: 3 }, { cid, name: 'é', tsize: 300 }, { cid }], data: encodeUnixFsFile(undefined, [3, 3, 3]) };
  const bytes = encodeDagPb(node);
  const back = decodeDagPb(bytes);
  assert.equal(back.links.length, 3);
  assert.ok(back.links[0].cid.equals(cid));
  assert.equal(back.links[0].name, '');
  assert.equal(back.links[1].name, 'é');
  assert.equal(back.links[1].tsize, 300);
  assert.equal('name' in back.links[2], false);
  assert.equal(toHex(back.data), toHex(node.data));
  assert.equal(toHex(encodeDagPb(back)), toHex(bytes));
  assert.deepEqual(decodeDagPb(new Uint8Array(0)), { links: [] });
});

test('dag-pb bytes equal @ipld/dag-pb for the same node', { skip: HELIA_MISSING }, async () => {
  const dagPb = await helia('@ipld/dag-pb/src/index.js');
  const { CID } = await helia('multiformats/dist/src/cid.js');
  const cid = await rawCid(new Uint8Array([9]));
  const theirs = dagPb.encode({ Data: encodeUnixFsDirectory(), Links: [{ Hash: CID.decode(cid.bytes), Name: 'a', Tsize: 1 }, { Hash: CID.decode(cid.bytes), Name: 'b', Tsize: 1 }] });
  const ours = encodeDagPb({ links: [{ cid, name: 'a', tsize: 1 }, { cid, name: 'b', tsize: 1 }], data: encodeUnixFsDirectory() });
  assert.equal(toHex(ours), toHex(theirs));
});

test('non-canonical dag-pb is refused: Data before Links, repeated Data, unknown fields, reordered link fields', async () => {
  const cid = await rawCid(new Uint8Array([1]));
  const link = encodeDagPb({ links: [{ cid, name: 'x', tsize: 1 }] });
  const data = encodeDagPb({ links: [], data: new Uint8Array([8, 2]) });
  const refuse = (/** @type {Uint8Array} */ b, /** @type {RegExp} */ re) => assert.throws(() => decodeDagPb(b), (e) => e instanceof InvalidBlockError && re.test(e.message));
  refuse(new Uint8Array([...data, ...link]), /out of canonical order/);
  refuse(new Uint8Array([...data, ...data]), /repeated/);
  refuse(new Uint8Array([0x18, 0x01]), /unknown/);
  // A link with Name before Hash.
  const inner = [0x12, 0x01, 0x78, 0x0a, cid.bytes.length, ...cid.bytes];
  refuse(new Uint8Array([0x12, inner.length, ...inner]), /out of order/);
  refuse(new Uint8Array([0x12, 0x02, 0x18, 0x01]), /without a Hash/);
  refuse(new Uint8Array([0x12, 0x05, 0x0a]), /runs past the end/);
  refuse(new Uint8Array([0x12, 0x03, 0x12, 0x01, 0xff]), /UTF-8/);
});

test('UnixFS file data is encoded in field order and decoded, packed blocksizes accepted', () => {
  const d = encodeUnixFsFile(undefined, [262144, 5]);
  assert.equal(toHex(d), '0802' + '18' + '858010' + '20' + '808010' + '2005');
  assert.deepEqual(decodeUnixFs(d), { type: UnixFsType.FILE, blockSizes: [262144, 5], fileSize: 262149 });
  const leaf = decodeUnixFs(encodeUnixFsFile(new Uint8Array([7, 7]), []));
  assert.deepEqual([...leaf.data], [7, 7]);
  assert.equal(leaf.fileSize, 2);
  assert.deepEqual(decodeUnixFs(fromHex('0802' + '2203' + '010203')).blockSizes, [1, 2, 3]);
  assert.deepEqual(decodeUnixFs(encodeUnixFsDirectory()), { type: UnixFsType.DIRECTORY, blockSizes: [] });
  assert.throws(() => decodeUnixFs(fromHex('1801')), /Type field is missing/);
  assert.throws(() => decodeUnixFs(fromHex('0802' + '0f')), /wire type 7/);
});

test('file nodes whose sizes disagree, or that are not files, are refused naming the CID', async () => {
  const leaf = await rawCid(new Uint8Array(10));
  const { cidOf, DAG_PB } = await import('../lib/ipfs/cid.js');
  const node = async (/** @type {Uint8Array} */ data, links = [leaf]) => {
    const block = encodeDagPb({ links: links.map((cid) => ({ cid, name: '', tsize: 10 })), data });
    return [await cidOf(DAG_PB, block), block];
  };
  const [okCid, ok] = await node(encodeUnixFsFile(undefined, [10]));
  assert.equal(decodeFileNode(/** @type {any} */ (okCid), /** @type {any} */ (ok)).fileSize, 10);
  /** @type {[Uint8Array, RegExp][]} */
  const cases = [
    [encodeUnixFsFile(undefined, [10, 10]), /1 links but 2 blocksizes/],
    [fromHex('0802' + '180b' + '200a'), /declares filesize 11/],
    [encodeUnixFsDirectory(), /is a UnixFS directory, not a file/],
  ];
  for (const [data, re] of cases) {
    const [cid, block] = await node(/** @type {Uint8Array} */ (data));
    assert.throws(() => decodeFileNode(/** @type {any} */ (cid), /** @type {any} */ (block)), (e) => e instanceof InvalidBlockError && re.test(e.message) && e.message.includes(cid.toString()));
  }
  const [noData, noDataBlock] = [await cidOf(DAG_PB, new Uint8Array(0)), new Uint8Array(0)];
  assert.throws(() => decodeFileNode(noData, noDataBlock), /has no UnixFS data/);
  const { Cid } = await import('../lib/ipfs/cid.js');
  assert.throws(() => decodeFileNode(new Cid(1, 0x71, 0x12, new Uint8Array(32)), new Uint8Array(0)), /codec 0x71/);
});

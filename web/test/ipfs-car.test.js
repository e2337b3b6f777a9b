import { test } from 'node:test';
import assert from 'node:assert/strict';
import { concat, toHex, utf8 } from '../lib/bytes.js';
import { Cid, DAG_PB, RAW, IDENTITY, rawCid, encodeVarint } from '../lib/ipfs/cid.js';
import { CarReader, MAX_HEADER_SIZE, MAX_SECTION_SIZE, carHeader, carSectionLength, carSectionPrefix, writeCar } from '../lib/ipfs/car.js';
import { walkDag, resolveEntityBytes } from '../lib/ipfs/dag-walker.js';
import { CarFormatError } from '../lib/ipfs/errors.js';
import { importFile } from '../lib/ipfs/importer.js';
import { collect, memoryStore, patternBytes, HELIA_MISSING, helia } from './ipfs-helpers.js';

/** A three-level balanced file: 1 KiB chunks, 4 links per node, with repeated chunks. */
async function smallDag() {
  /** @type {import('../lib/ipfs/importer.js').Layout} */
  const layout = { chunkSize: 1024, maxLinks: 4, rawLeaves: true, cidVersion: 1 };
  const store = memoryStore();
  const content = concat(await patternBytes(9000), new Uint8Array(4096), await patternBytes(3000));
  const { cid } = await importFile(content, { layout, onBlock: store.onBlock });
  return { store, cid, content };
}

/** @param {Cid} root @param {AsyncIterable<{cid: Cid, bytes: Uint8Array}>} blocks */
const carBytes = (root, blocks) => collect(writeCar([root], blocks));

/** Reads every block of a CAR, fed in pieces of `piece` bytes. @param {Uint8Array} car @param {number} piece */
async function readAll(car, piece) {
  const pieces = function* () { for (let o = 0; o < car.length; o += piece) yield car.subarray(o, o + piece); };
  const reader = await CarReader.open(pieces());
  const blocks = [];
  for await (const b of reader) blocks.push({ cid: b.cid, bytes: b.bytes.slice() }); // valid until the next block
  return { roots: reader.roots, blocks };
}

test('a CAR of the DAG walk reads back, block for block, whole or one byte at a time', async () => {
  const { store, cid } = await smallDag();
  const walked = [];
  for await (const b of walkDag(cid, store.load)) walked.push(b);
  // dups=n: each distinct block once (the 4 zero chunks are one leaf).
  assert.equal(new Set(walked.map((b) => b.cid.toString())).size, walked.length);
  assert.equal(walked.length, store.blocks.size);
  assert.ok(walked[0].cid.equals(cid));
  const car = await carBytes(cid, walkDag(cid, store.load));
  assert.equal(car.length, carHeader([cid]).length + walked.reduce((n, b) => n + carSectionLength(b.cid, b.bytes.length), 0));
  for (const piece of [car.length, 1, 7, 4096]) {
    const { roots, blocks } = await readAll(car, piece);
    assert.equal(roots.length, 1);
    assert.ok(roots[0].equals(cid));
    assert.deepEqual(blocks.map((b) => b.cid.toString()), walked.map((b) => b.cid.toString()));
    assert.deepEqual(blocks.map((b) => toHex(b.bytes)), walked.map((b) => toHex(b.bytes)));
  }
  const stream = new ReadableStream({ start(c) { c.enqueue(car.slice(0, 100)); c.enqueue(car.slice(100)); c.close(); } });
  let n = 0;
  for await (const b of await CarReader.open(stream)) { assert.ok(b.cid.equals(walked[n].cid)); n++; }
  assert.equal(n, walked.length);
});

test('the CAR header is the canonical dag-cbor {roots, version: 1}, as @ipld/car writes it', { skip: HELIA_MISSING }, async () => {
  const cid = await rawCid(utf8('x'));
  const { CarWriter } = await helia('@ipld/car/src/index.js');
  const { CID } = await helia('multiformats/dist/src/cid.js');
  const { writer, out } = CarWriter.create([CID.decode(cid.bytes)]);
  const chunks = [];
  const done = (async () => { for await (const c of out) chunks.push(c); })();
  await writer.put({ cid: CID.decode(cid.bytes), bytes: utf8('x') });
  await writer.close();
  await done;
  const theirs = concat(...chunks);
  const ours = await collect(writeCar([cid], [{ cid, bytes: utf8('x') }]));
  assert.equal(toHex(ours), toHex(theirs));
});

test('entity walks keep only the blocks on the paths to the range, in dfs order', async () => {
  const { store, cid, content } = await smallDag();
  const all = [];
  for await (const b of walkDag(cid, store.load, { scope: 'entity' })) all.push(b.cid.toString());
  const full = [];
  for await (const b of walkDag(cid, store.load)) full.push(b.cid.toString());
  assert.deepEqual(all, full);
  const tail = [];
  for await (const b of walkDag(cid, store.load, { entityBytes: { from: -10, to: null } })) tail.push(b);
  // Root, the last node below it, its last leaf.
  assert.equal(tail.length, 3);
  assert.equal(toHex(tail[2].bytes.subarray(-10)), toHex(content.subarray(-10)));
  const block = [];
  for await (const b of walkDag(cid, store.load, { scope: 'block' })) block.push(b);
  assert.equal(block.length, 1);
  const outside = [];
  for await (const b of walkDag(cid, store.load, { entityBytes: { from: content.length, to: null } })) outside.push(b);
  assert.equal(outside.length, 1);
  assert.deepEqual(resolveEntityBytes({ from: 0, to: null }, 10), [0, 10]);
  assert.deepEqual(resolveEntityBytes({ from: 499, to: -2 }, 1000), [499, 999]);
  assert.deepEqual(resolveEntityBytes({ from: -5, to: 100 }, 10), [5, 10]);
  assert.equal(resolveEntityBytes({ from: 10, to: null }, 10), null);
  assert.equal(resolveEntityBytes({ from: 0, to: null }, 0), null);
});

test('identity blocks are never written; cycles and deep DAGs are refused by the walk', async () => {
  const { encodeDagPb } = await import('../lib/ipfs/dag-pb.js');
  const { cidOf } = await import('../lib/ipfs/cid.js');
  const inline = new Cid(1, RAW, IDENTITY, utf8('hi'));
  const block = encodeDagPb({ links: [{ cid: inline, name: 'a', tsize: 2 }], data: new Uint8Array([8, 1]) });
  const dir = await cidOf(DAG_PB, block);
  const store = memoryStore();
  store.onBlock(dir, block);
  const out = [];
  for await (const b of walkDag(dir, store.load)) out.push(b);
  assert.equal(out.length, 1);
  // A chain 70 deep.
  let child = await rawCid(utf8('leaf'));
  store.onBlock(child, utf8('leaf'));
  for (let i = 0; i < 70; i++) {
    const b = encodeDagPb({ links: [{ cid: child, name: '', tsize: 4 }], data: new Uint8Array([8, 2, 0x18, 4, 0x20, 4]) });
    child = await cidOf(DAG_PB, b);
    store.onBlock(child, b);
  }
  await assert.rejects(collect((async function* () { for await (const b of walkDag(child, store.load)) yield b.bytes; })()), /deeper than 64 levels/);
  await assert.rejects(collect((async function* () { for await (const b of walkDag(child, store.load, { scope: 'entity' })) yield b.bytes; })()), /deeper than 64 levels/);
});

test('every malformed CAR is refused with a CarFormatError naming the offset', async () => {
  const { store, cid } = await smallDag();
  const car = await carBytes(cid, walkDag(cid, store.load));
  const header = carHeader([cid]);
  const refuse = async (/** @type {Uint8Array} */ bytes, /** @type {RegExp} */ re, /** @type {number | undefined} */ offset = undefined) => {
    for (const piece of [bytes.length || 1, 1]) {
      await assert.rejects(readAll(bytes, piece), (e) => {
        assert.ok(e instanceof CarFormatError, `${e}`);
        assert.equal(e.code, 'car-format');
        assert.match(e.message, re);
        if (offset !== undefined) assert.equal(e.offset, offset);
        return true;
      });
    }
  };
  // Truncation anywhere: inside the header varint, the header, a section varint, a section.
  await refuse(new Uint8Array([0x80]), /truncated inside a varint at offset 0/, 0);
  await refuse(header.subarray(0, 10), /truncated: header at offset 1/, 1);
  await refuse(car.subarray(0, header.length + 1 + 1), /truncated/);
  await refuse(car.subarray(0, car.length - 1), /truncated: section/);
  await refuse(concat(header, new Uint8Array([0x80])), /truncated inside a varint/, header.length);
  // Varints over 9 bytes or not minimal.
  await refuse(concat(header, new Uint8Array(10).fill(0x81)), /longer than 9 bytes/, header.length);
  await refuse(concat(header, new Uint8Array([0x85, 0x00])), /not minimally encoded/, header.length);
  await refuse(new Uint8Array([0x81, 0x00]), /not minimally encoded/, 0);
  // Header over 64 KiB, empty header, section of length 0 or over the limit.
  await refuse(encodeVarint(MAX_HEADER_SIZE + 1), /header length 65537/, 0);
  await refuse(new Uint8Array([0]), /header length 0/, 0);
  await refuse(concat(header, new Uint8Array([0])), /length 0, outside/, header.length);
  await refuse(concat(header, encodeVarint(MAX_SECTION_SIZE + 1)), /outside 1\.\./, header.length);
  // Headers that are not exactly {roots, version: 1}.
  const cbor = (/** @type {number[]} */ b) => concat(encodeVarint(b.length), new Uint8Array(b));
  const text = (/** @type {string} */ s) => [0x60 + s.length, ...utf8(s)];
  await refuse(cbor([0xa1, ...text('version'), 0x02]), /CAR version 2 is not supported.*CARv2/);
  await refuse(cbor([0xa1, ...text('version'), 0x01]), /no roots/);
  await refuse(cbor([0xa2, ...text('roots'), 0x80, ...text('extra'), 0x01]), /unexpected or repeated key 'extra'/);
  await refuse(cbor([0xa2, ...text('version'), 0x01, ...text('version'), 0x01]), /repeated key 'version'/);
  await refuse(cbor([0x82, 0x01, 0x02]), /expected a map/);
  await refuse(cbor([0xa1, ...text('version'), 0x01, 0x00]), /1 trailing bytes/);
  await refuse(cbor([0xa2, ...text('roots'), 0x81, 0xd8, 0x2b, 0x41, 0x00, ...text('version'), 0x01]), /tag 43, not 42/);
  await refuse(cbor([0xbf]), /indefinite/);
  // A malformed CID and a block that does not hash to its CID.
  await refuse(concat(header, new Uint8Array([3, 2, 0x55, 0])), /malformed CID.*version 2/, header.length);
  const tampered = car.slice();
  tampered[tampered.length - 1] ^= 1;
  await refuse(tampered, /does not hash to CID bafk/);
});

test('the writer refuses blocks over 2 MiB and roots that are not CIDs', async () => {
  const cid = await rawCid(new Uint8Array(0));
  assert.throws(() => carSectionPrefix(cid, new Uint8Array(2 * 1024 * 1024 + 1)), RangeError);
  assert.throws(() => carHeader(/** @type {any} */ (['bafk'])), TypeError);
  assert.equal(toHex(carSectionPrefix(cid, new Uint8Array(0))), toHex(concat(encodeVarint(cid.bytes.length), cid.bytes)));
  assert.equal((await CarReader.open(carHeader([]))).roots.length, 0);
});

test('fileCar gives the CAR of the DAG walk from slices of the file, repeated chunks once', async () => {
  const { fileCar } = await import('../lib/ipfs/file-car.js');
  const chunk = 262144;
  // 1 MiB of pattern, 2 MiB of zeros (repeated leaves in both profiles), then a partial chunk.
  const content = concat(await patternBytes(4 * chunk), new Uint8Array(chunk * 8), await patternBytes(chunk + 1));
  for (const profile of ['kubo-legacy', 'unixfs-v1-2025']) {
    const { cid, size, car } = await fileCar(new Blob([/** @type {Uint8Array<ArrayBuffer>} */ (content)]), { profile });
    const store = memoryStore();
    const imported = await importFile(content, { profile, onBlock: store.onBlock });
    assert.ok(cid.equals(imported.cid));
    const leaves = Math.ceil(content.length / (profile === 'kubo-legacy' ? chunk : 4 * chunk));
    assert.ok(store.blocks.size < leaves + 1, 'the content repeats leaves (fewer blocks than leaves plus the root)');
    assert.equal(size, content.length);
    const expected = await carBytes(cid, walkDag(cid, store.load));
    const ours = new Uint8Array(await car.arrayBuffer());
    assert.equal(car.size, expected.length);
    assert.ok(Buffer.from(ours).equals(Buffer.from(expected)), profile);
    assert.equal(car.type, 'application/vnd.ipld.car; version=1; order=dfs; dups=n');
  }
  await assert.rejects(fileCar(/** @type {any} */ (new Uint8Array(1))), TypeError);
});

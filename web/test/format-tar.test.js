import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sha256 } from '../vendor/noble.js';
import { toHex, concat, utf8, fromUtf8 } from '../lib/bytes.js';
import { tarHeader, tarPadding, TAR_END, readTar, TarError, MAX_OCTAL_SIZE } from '../lib/format/tar.js';
import { parseManifest, entryName, manifestHash, MANIFEST_ENTRY } from '../lib/format/manifest.js';

const vectors = new URL('../../spec/vectors/', import.meta.url);
const archive = new Uint8Array(readFileSync(new URL('archive-tiny.tar', vectors)));
const archiveManifestHash = readFileSync(new URL('archive-tiny.tar.manifest-sha256', vectors), 'utf8').trim();

/** @param {Uint8Array} bytes @param {number} size */
async function* chunked(bytes, size) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(bytes.length, i + size));
}

/** Every entry with its whole body, read the way a consumer would. */
async function readAll(/** @type {AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>} */ source) {
  const out = [];
  for await (const e of readTar(source)) {
    const parts = [];
    for await (const c of e.body) parts.push(c.slice());
    out.push({ name: e.name, size: e.size, headerOffset: e.headerOffset, body: concat(...parts) });
  }
  return out;
}

/** The entries archive-tiny.tar's manifest implies: name, size and SHA-256 of each. */
function implied(/** @type {import('../lib/format/manifest.js').Manifest} */ m) {
  const list = [];
  m.files.forEach((f, fi) => f.fragments.forEach((x, j) => list.push({ name: entryName(fi, j, x, f.mediaType), size: x.storedSize, sha256: x.sha256 })));
  return list;
}

/** Expects the promise to reject with a TarError of this code whose message matches. */
async function refused(/** @type {Promise<unknown>} */ p, /** @type {string} */ code, /** @type {RegExp} */ message) {
  await assert.rejects(p, (e) => {
    assert.ok(e instanceof TarError, `not a TarError: ${e}`);
    assert.equal(e.code, code, e.message);
    assert.match(e.message, message);
    return true;
  });
}

/** Rewrites a header block's checksum after a test changed its bytes. */
function fixChecksum(/** @type {Uint8Array} */ h) {
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += h[i];
  h.set(utf8(sum.toString(8).padStart(6, '0')), 148);
  h[154] = 0;
  return h;
}

test('readTar over archive-tiny.tar gives the entries its manifest implies, with matching hashes', async () => {
  for (const size of [1, 7, 512, 4096, archive.length]) {
    const entries = await readAll(chunked(archive, size));
    assert.equal(entries[0].name, MANIFEST_ENTRY);
    assert.equal(manifestHash(entries[0].body), archiveManifestHash);
    const m = parseManifest(entries[0].body);
    const want = implied(m);
    assert.deepEqual(entries.slice(1).map((e) => [e.name, e.size, toHex(sha256(e.body))]), want.map((w) => [w.name, w.size, w.sha256]));
  }
});

test('readTar reads a ReadableStream and skips bodies nobody read', async () => {
  const stream = new ReadableStream({
    start(c) {
      for (let i = 0; i < archive.length; i += 3000) c.enqueue(archive.slice(i, i + 3000));
      c.close();
    },
  });
  const names = [];
  for await (const e of readTar(stream)) names.push(e.name);
  assert.equal(names.length, 10);
  assert.equal(names[9], 'files/000002/000003.age');
});

test('a body read after the reader moved on is refused, not mixed with the next entry', async () => {
  const it = readTar(chunked(archive, 100000));
  const first = (await it.next()).value;
  if (!first) throw new Error('no entry');
  await it.next();
  await refused((async () => { for await (const c of first.body) void c; })(), 'stale', /before the next entry/);
  await it.return();
});

test('body chunks are views of the source chunks (no copy) when one chunk holds them', async () => {
  const source = archive.slice();
  for await (const e of readTar(chunked(source, source.length))) {
    for await (const c of e.body) assert.equal(c.buffer, source.buffer);
  }
});

test('the writer gives the Java bytes: archive-tiny.tar rebuilt from its entries', async () => {
  const entries = await readAll(chunked(archive, 65536));
  const parts = [];
  for (const e of entries) parts.push(tarHeader(e.name, e.body.length), e.body, tarPadding(e.body.length));
  parts.push(TAR_END);
  assert.deepEqual(concat(...parts), archive);
  assert.equal(TAR_END.length, 1024);
  assert.deepEqual(tarHeader('manifest.json', entries[0].size), archive.subarray(0, 512));
});

test('long names get a PAX path record, as TarWriter writes it, and read back', async () => {
  const name = 'files/a' + 'é'.repeat(60) + '/x.bin';
  const h = tarHeader(name, 5);
  assert.equal(h.length, 3 * 512);
  assert.equal(fromUtf8(h.subarray(0, 100)).replace(/\0+$/, ''), 'PaxHeaders/x.bin');
  assert.equal(h[156], 0x78);
  const record = `path=${name}\n`;
  const payload = utf8(record).length + 1;
  const len = payload + String(payload).length;
  assert.equal(fromUtf8(h.subarray(512, 512 + len)), `${len} ${record}`);
  // The ustar name is the first 100 bytes cut at a character boundary.
  const ustarName = h.subarray(1024, 1124);
  assert.equal(ustarName[99], 0); // 'é' is 2 bytes and byte 100 would split one, so 99 bytes remain
  assert.ok(name.startsWith(fromUtf8(ustarName.subarray(0, 99))));
  const archiveBytes = concat(h, utf8('hello'), tarPadding(5), TAR_END);
  const entries = await readAll(chunked(archiveBytes, 13));
  assert.deepEqual(entries.map((e) => [e.name, fromUtf8(e.body)]), [[name, 'hello']]);
});

test('sizes of 8 GiB and more go in a PAX size record with a zero ustar size', async () => {
  assert.equal(tarHeader('a', MAX_OCTAL_SIZE).length, 512);
  const h = tarHeader('big.age', MAX_OCTAL_SIZE + 1);
  assert.equal(h.length, 3 * 512);
  assert.equal(fromUtf8(h.subarray(512, 512 + 20)).replace(/\0+$/, ''), '19 size=8589934592\n');
  assert.equal(fromUtf8(h.subarray(1024 + 124, 1024 + 136)), '00000000000\0');
  const it = readTar(chunked(concat(h, new Uint8Array(1000)), 512));
  const e = (await it.next()).value;
  assert.ok(e);
  assert.equal(e.size, 2 ** 33);
  await refused(it.next(), 'truncated', /truncated at offset/);
});

test('empty and exactly-one-block entries need no or full padding', async () => {
  const bytes = concat(tarHeader('a', 0), tarHeader('b', 512), new Uint8Array(512).fill(7), TAR_END);
  const entries = await readAll(chunked(bytes, 100));
  assert.deepEqual(entries.map((e) => [e.name, e.size]), [['a', 0], ['b', 512]]);
  assert.equal(tarPadding(512).length, 0);
  assert.equal(tarPadding(513).length, 511);
});

/** A one-entry archive "a" holding "hi", to break. */
const one = () => concat(tarHeader('a', 2), utf8('hi'), tarPadding(2), TAR_END);

test('bad checksum refused', async () => {
  const b = one();
  b[0] = 0x62; // name 'b' without fixing the checksum
  await refused(readAll(chunked(b, 512)), 'checksum', /has checksum \d+ but its bytes sum to \d+/);
});

test('links, directories, devices, global PAX and GNU types refused', async () => {
  for (const type of '12345g6LKS') {
    const b = one();
    b[156] = type.charCodeAt(0);
    fixChecksum(b.subarray(0, 512));
    await refused(readAll(chunked(b, 512)), 'type', new RegExp(`has type '${type}'`));
  }
  const link = one();
  link.set(utf8('target'), 157);
  fixChecksum(link.subarray(0, 512));
  await refused(readAll(chunked(link, 512)), 'link', /link target/);
});

test('old GNU magic and other magics refused', async () => {
  const b = one();
  b.set(utf8('ustar  \0'), 257);
  fixChecksum(b.subarray(0, 512));
  await refused(readAll(chunked(b, 512)), 'magic', /not POSIX ustar/);
});

test('PAX keys other than path and size refused', async () => {
  const body = utf8('14 mtime=1234\n');
  const pax = concat(tarHeader('x', body.length), body, tarPadding(body.length));
  pax[156] = 0x78;
  fixChecksum(pax.subarray(0, 512));
  await refused(readAll(chunked(concat(pax, one()), 512)), 'pax', /PAX key 'mtime'/);
});

test('non-zero padding refused', async () => {
  const b = one();
  b[512 + 2] = 1;
  await refused(readAll(chunked(b, 512)), 'padding', /non-zero padding/);
});

test('garbage after the end marker refused; zeros after it accepted', async () => {
  await refused(readAll(chunked(concat(one(), utf8('x')), 512)), 'end', /data after the tar end marker at offset 2048/);
  assert.equal((await readAll(chunked(concat(one(), new Uint8Array(10240)), 4096))).length, 1);
  const single = concat(tarHeader('a', 2), utf8('hi'), tarPadding(2), new Uint8Array(512), tarHeader('b', 0));
  await refused(readAll(chunked(single, 512)), 'end', /single zero block followed by data/);
});

test('truncated archives refused wherever they end', async () => {
  const b = one();
  for (const cut of [0, 100, 512, 513, 1024, 1500, 2047]) {
    await refused(readAll(chunked(b.subarray(0, cut), 64)), 'truncated', /truncated at offset \d+; download it again/);
  }
  // Truncated inside a body nobody reads is still refused.
  await refused((async () => { for await (const e of readTar(chunked(archive.subarray(0, 9000), 512))) void e; })(), 'truncated', /truncated/);
});

test('unsafe entry names and non-octal fields refused', async () => {
  const b = concat(tarHeader('../a', 0), TAR_END);
  await refused(readAll(chunked(b, 512)), 'name', /'\.\.' segment/);
  const c = one();
  c[124] = 0x38; // '8' in the size field
  fixChecksum(c.subarray(0, 512));
  await refused(readAll(chunked(c, 512)), 'field', /field size is not octal/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { concat, utf8 } from '../lib/bytes.js';
import { inspectArchive, suspects, previewName, minimumPreviewBytes } from '../lib/archive/inspect.js';
import { unpackArchive } from '../lib/archive/unpack.js';
import { ArchiveFormatError, ArchiveIntegrityError } from '../lib/archive/errors.js';
import { parseManifest, encodeManifest } from '../lib/format/manifest.js';
import { tarHeader, tarPadding, TAR_END } from '../lib/format/tar.js';

const VECTORS = new URL('../../spec/vectors/', import.meta.url);
const TINY = new Uint8Array(readFileSync(new URL('archive-tiny.tar', VECTORS)));
const SECRET = /secret ([0-9a-f]{64})/.exec(readFileSync(new URL('archive-tiny.secret', VECTORS), 'utf8'))[1];
const MANIFEST_AT = 512;
const MANIFEST = parseManifest(new Uint8Array(readFileSync(new URL('manifest-v2.json', VECTORS))));

/** @param {Uint8Array} b */
function* oneByteAtATime(b) {
  for (let i = 0; i < b.length; i++) yield b.subarray(i, i + 1);
}

/** The tiny archive's files, decrypted. */
async function tinyFiles() {
  const out = new Map();
  await unpackArchive(TINY, SECRET, { onFile(path) { const parts = []; out.set(path, parts); return { write(c) { parts.push(c.slice()); } }; } });
  return new Map([...out].map(([k, v]) => [k, concat(...v)]));
}

test('inspect reports what Java reports for the tiny vector', async () => {
  const i = await inspectArchive(TINY);
  assert.equal(i.manifestHash, readFileSync(new URL('archive-tiny.tar.manifest-sha256', VECTORS), 'utf8').trim());
  assert.equal(i.fragmentRoot, readFileSync(new URL('archive-tiny.tar.fragment-root', VECTORS), 'utf8').trim());
  assert.equal(i.fragmentCount, 5, "data.bin's three and tone.flac's last two segments");
  assert.equal(i.sampleCount, 3);
  assert.equal(i.totalBytes, 14 + 100_000 + 19_717);
  assert.equal(i.previewBytes, 14 + 32_768 + 3_866, 'the FLAC header segment holds no media and is not counted');
  assert.deepEqual(i.suspects, []);
  assert.equal(i.suspect, false);
  const flac = i.files[2];
  assert.deepEqual(flac.fragments.map((x) => [x.entry, x.preview, x.header, x.encrypted]), [
    ['files/000002/000000.preview.flac', true, true, null],
    ['files/000002/000001.preview.flac', true, false, null],
    ['files/000002/000002.age', false, false, 3],
    ['files/000002/000003.age', false, false, 4],
  ]);
  assert.equal(flac.fragments[2].start, 1_008_000);
  assert.equal(i.files[1].fragments[0].keyAddress, '0x64c2cab9a6c402aeb3e37849019843534a847f1a');
  assert.deepEqual(i.manifestBytes, TINY.subarray(MANIFEST_AT, MANIFEST_AT + i.manifestBytes.length));
});

test('previews are extracted verified, a header-segment file as header + fragment so it plays', async () => {
  const files = await tinyFiles();
  const i = await inspectArchive(oneByteAtATime(TINY), { collectPreviews: 1 << 20 });
  assert.deepEqual(i.previews.map((p) => [p.name, p.size]), [['notes/hello.txt', 14], ['data.preview-1.bin', 32_768], ['tone.preview-1.flac', 8_256 + 3_866]]);
  assert.deepEqual(i.previews[1].bytes, files.get('data.bin').subarray(32_768, 65_536));
  assert.deepEqual(i.previews[2].bytes, files.get('tone.flac').subarray(0, 12_122));
  // streamed to sinks, closed only once verified
  const closed = [];
  await inspectArchive(TINY, { onPreview: (p) => (p.fragmentIndex === 1 ? { write() {}, close() { closed.push(p.name); } } : null) });
  assert.deepEqual(closed, ['data.preview-1.bin', 'tone.preview-1.flac']);
  await assert.rejects(inspectArchive(TINY, { collectPreviews: 1000 }), RangeError);
});

test('a tampered preview is never closed, and its sink is aborted', async () => {
  const bad = TINY.slice();
  const i = await inspectArchive(TINY);
  // data.bin's preview entry: after the manifest, the data.bin fragment 0 entry and their headers
  const at = 512 + Math.ceil(i.manifestBytes.length / 512) * 512 + 512 + 14 + 498 + 512 + 32_968 + (512 - (32_968 % 512)) + 512 + 100;
  bad[at] ^= 1;
  const events = [];
  await assert.rejects(inspectArchive(bad, { onPreview: () => ({ write() {}, close() { events.push('close'); }, abort(e) { events.push(/** @type {any} */ (e).code); } }) }),
    (e) => e instanceof ArchiveIntegrityError && /files\/000001\/000001\.preview\.bin/.test(e.message));
  assert.deepEqual(events, ['close', 'archive-integrity'], 'hello.txt closed, data.bin preview aborted');
});

test('a tampered encrypted fragment is caught without any key', async () => {
  const bad = TINY.slice();
  bad[TINY.length - 1024 - 600] ^= 0x10; // inside tone.flac's last age file
  await assert.rejects(inspectArchive(bad), (e) => e instanceof ArchiveIntegrityError && e.code === 'archive-integrity' && /tone\.flac fragment 3/.test(e.message));
});

test('manifestOnly reads only the first entry', async () => {
  const i = await inspectArchive(TINY.subarray(0, 512 + 5120), { manifestOnly: true });
  assert.equal(i.fragmentCount, 5);
});

test('malformed archives are refused with ArchiveFormatError naming the problem', async () => {
  const cases = {
    empty: new Uint8Array(0),
    'not a tar': utf8('hello world, this is not an archive'.repeat(40)),
    'only the end marker': TAR_END,
    'first entry not the manifest': concat(tarHeader('files/000000/000000.age', 1), new Uint8Array(512), TAR_END),
    'truncated in the manifest': TINY.subarray(0, 2000),
    'truncated in a fragment': TINY.subarray(0, 60_000),
    'no end marker': TINY.subarray(0, TINY.length - 1024),
    'bytes after the end': concat(TINY, new Uint8Array([0, 0, 7])),
  };
  for (const [name, bytes] of Object.entries(cases)) {
    await assert.rejects(inspectArchive(bytes), (e) => e instanceof ArchiveFormatError && e.code === 'archive-format' && e.message.length > 20, name);
  }
  const badHeader = TINY.slice();
  badHeader[10] ^= 1; // the manifest entry's name: checksum fails
  await assert.rejects(inspectArchive(badHeader), (e) => e instanceof ArchiveFormatError && /checksum/.test(e.message));
  const i = await inspectArchive(TINY);
  const m = i.manifestBytes.slice();
  m[m.indexOf(0x22) + 1] ^= 0x20; // "files" -> "Files": an unknown field
  const forged = TINY.slice();
  forged.set(m, MANIFEST_AT);
  await assert.rejects(inspectArchive(forged), (e) => e instanceof ArchiveFormatError && /manifest\.json is invalid/.test(e.message));
});

test('an entry whose name or size is not the next one the manifest implies is refused', async () => {
  const i = await inspectArchive(TINY);
  const head = TINY.subarray(0, 512 + Math.ceil(i.manifestBytes.length / 512) * 512);
  const wrongName = concat(head, tarHeader('files/000000/000000.preview.bin', 14), utf8('hello, unveil\n'), tarPadding(14), TAR_END);
  await assert.rejects(inspectArchive(wrongName), (e) => e instanceof ArchiveFormatError && /the manifest says the next entry is 'files\/000000\/000000\.preview\.txt'/.test(e.message));
  const wrongSize = concat(head, tarHeader('files/000000/000000.preview.txt', 13), utf8('hello, unveil'), tarPadding(13), TAR_END);
  await assert.rejects(inspectArchive(wrongSize), (e) => e instanceof ArchiveFormatError && /13 bytes but the manifest says 14/.test(e.message));
  const missing = concat(head, TAR_END);
  await assert.rejects(inspectArchive(missing), (e) => e instanceof ArchiveFormatError && /ends before entry/.test(e.message));
});

test('suspect flags follow Java: no preview, or previews too small to judge the work', () => {
  const none = structuredClone(MANIFEST);
  for (const f of none.files) for (const x of f.fragments) if (x !== f.fragments[0] || !f.media?.header) x.preview = false;
  assert.deepEqual(suspects(none), [{ file: null, reason: 'no preview: nothing in this archive can be checked before release' }]);
  const small = structuredClone(none);
  small.files[0].fragments[0].preview = true; // hello.txt, 14 bytes of 119,731
  assert.deepEqual(suspects(small), [{ file: null, reason: 'preview too small: 14 of 119731 bytes (less than 5986)' }]);
  assert.deepEqual(suspects(MANIFEST), []);
  assert.equal(minimumPreviewBytes(10 << 20), 65_536);
  assert.equal(previewName(MANIFEST.files[1], 1), 'data.preview-1.bin');
  assert.equal(previewName(MANIFEST.files[0], 0), 'notes/hello.txt');
  assert.ok(encodeManifest(MANIFEST).length > 0);
});

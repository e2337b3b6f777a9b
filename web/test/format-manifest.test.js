import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { utf8, fromUtf8 } from '../lib/bytes.js';
import {
  parseManifest, encodeManifest, manifestHash, encryptedFragments, entryName, validateManifest, ManifestError,
} from '../lib/format/manifest.js';
import { canonicalJson } from '../lib/format/jcs.js';

const vectors = new URL('../../spec/vectors/', import.meta.url);
const v2 = new Uint8Array(readFileSync(new URL('manifest-v2.json', vectors)));
const v2Hash = readFileSync(new URL('manifest-v2.json.sha256', vectors), 'utf8').trim();
const invalid = JSON.parse(readFileSync(new URL('manifest-invalid.json', vectors), 'utf8'));

/** A fresh copy of the v2 vector as a plain object, to break one rule at a time. */
const sample = () => JSON.parse(fromUtf8(v2));

/**
 * @param {unknown} object
 * @param {RegExp} message
 * @param {string} [field]
 */
function refused(object, message, field) {
  const bytes = utf8(canonicalJson(object));
  assert.throws(() => parseManifest(bytes), (e) => {
    assert.ok(e instanceof ManifestError, `not a ManifestError: ${e}`);
    assert.match(e.message, message);
    if (field) assert.equal(e.field, field);
    return true;
  });
}

test('manifest-v2.json parses and re-encodes to the same bytes and hash', () => {
  const m = parseManifest(v2);
  assert.equal(m.version, 2);
  assert.equal(m.files.length, 3);
  const again = encodeManifest(m);
  assert.deepEqual(again, v2);
  assert.equal(manifestHash(again), v2Hash);
  assert.equal(manifestHash(v2), v2Hash);
  assert.deepEqual(parseManifest(again), m);
});

test('the parsed manifest has the documented shape', () => {
  const m = parseManifest(v2);
  assert.equal(typeof m.terms.goal, 'string');
  const preview = m.files[0].fragments[0];
  assert.equal(preview.preview, true);
  assert.equal('keyAddress' in preview, false);
  assert.equal('start' in preview, false);
  assert.equal(m.files[2].media.format, 'flac');
  assert.equal(m.files[2].fragments[1].duration, 1008000);
});

for (const c of invalid) {
  test(`manifest-invalid.json: ${c.case} is refused (${c.error})`, () => {
    assert.throws(() => parseManifest(utf8(c.manifest)), (e) => {
      assert.ok(e instanceof ManifestError, `not a ManifestError: ${e}`);
      assert.ok(e.message.includes(c.error), `"${e.message}" does not say "${c.error}"`);
      assert.equal(typeof e.code, 'string');
      assert.ok(e.field.startsWith('manifest'), e.field);
      return true;
    });
  });
}

test('errors name the field', () => {
  const m = sample();
  m.files[1].fragments[3].storedSize += 1;
  refused(m, /storedSize is 1897 but a encrypted fragment of 1696 bytes is stored in 1896/, 'manifest.files[1].fragments[3].storedSize');
});

test('version is checked before any other field', () => {
  refused({ version: 1, junk: true }, /version 1 is no longer read/, 'manifest.version');
  refused({ version: 7 }, /manifest version 7 is not supported/);
  refused({ junk: true }, /lacks the field 'version'/);
});

test('duplicate keys anywhere are refused, even where the value repeats', () => {
  const text = fromUtf8(v2).replace('"license":', '"license":"x","license":');
  assert.throws(() => parseManifest(utf8(text)), /not valid JSON: duplicate field 'license'/);
});

test('numbers outside the safe range, fractions and exponents are refused', () => {
  const text = fromUtf8(v2);
  assert.throws(() => parseManifest(utf8(text.replace('"size":14,', '"size":9007199254740992,'))), /allowed range is 0..9007199254740991/);
  assert.throws(() => parseManifest(utf8(text.replace('"size":14,', '"size":99999999999999999999,'))), /must be an integer/);
  assert.throws(() => parseManifest(utf8(text.replace('"size":14,', '"size":1.4e1,'))), /must be an integer/);
  assert.throws(() => parseManifest(utf8(text.replace('"size":14,', '"size":014,'))), /not valid JSON/);
});

test('only canonical bytes are accepted: escapes, key order, BOM', () => {
  const text = fromUtf8(v2);
  assert.throws(() => parseManifest(utf8(text.replace('"license":"', '"license":"\\u0041'))), /not in canonical form/);
  const swapped = text.replace(/^\{"files":(.*),"groups":/, (all) => all); // sanity: identity
  assert.equal(swapped, text);
  assert.throws(() => parseManifest(new Uint8Array([0xef, 0xbb, 0xbf, ...v2])), ManifestError);
  assert.throws(() => parseManifest(new Uint8Array([...v2.subarray(0, 20), 0xff, ...v2.subarray(20)])), /not valid JSON: malformed UTF-8/);
});

test('path rules: NFC, case-fold collisions, directory prefixes, control characters, segments', () => {
  const withPath = (/** @type {number} */ i, /** @type {string} */ p) => { const m = sample(); m.files[i].path = p; return m; };
  refused(withPath(1, 'Notes/HELLO.txt'), /collides with 'notes\/hello.txt'/, 'manifest.files[1].path');
  const a = sample(); a.files[0].path = 'stra\u00dfe'; a.files[1].path = 'STRASSE';
  refused(a, /collides with 'straße'/);
  refused(withPath(0, 'e\u0301.txt'), /not in Unicode NFC/);
  refused(withPath(0, 'data.bin/x'), /is both a file and a directory of another file/);
  refused(withPath(0, 'a\\b'), /control character or backslash/);
  refused(withPath(0, 'a\u0001b'), /control character or backslash/);
  refused(withPath(0, 'C:x'), /drive letter/);
  refused(withPath(0, 'a//b'), /empty, '.' or '..' segment/);
  refused(withPath(0, 'a/./b'), /empty, '.' or '..' segment/);
  refused(withPath(0, 'x'.repeat(256)), /segment longer than 255 bytes/);
  refused(withPath(0, ('x'.repeat(200) + '/').repeat(5) + 'y'.repeat(30)), /longer than 1024 bytes/);
});

test('group rules: threshold, commitment count, identifiers', () => {
  let m = sample(); m.groups[0].threshold = 9;
  refused(m, /threshold 9 must be between 1 and the number of shares/);
  m = sample(); m.groups[0].commitments.pop();
  refused(m, /has 1 commitments; Feldman VSS needs exactly threshold = 2/);
  m = sample(); m.groups[0].shares[1].identifier = 3;
  refused(m, /shares\[1\].identifier is 3; identifiers run 1..N in order/);
  m = sample(); m.groups = [];
  refused(m, /manifest.groups is empty/);
});

test('terms rules of ReleaseTerms', () => {
  let m = sample(); m.terms.artistFee = '999999999999999999999999999';
  refused(m, /artist fee .* must be between 0 and the goal/);
  m = sample(); m.terms.goal = '0';
  refused(m, /goal 0 must be positive/);
  m = sample(); m.terms.pledgeDeadline = m.terms.enrolDeadline;
  refused(m, /the pledge deadline .*Z must be after the enrolment deadline/);
  m = sample(); m.terms.goal = '007';
  refused(m, /must be a decimal integer string without leading zeros/);
  m = sample(); m.terms.factory = m.terms.factory.toUpperCase().replace('0X', '0x');
  refused(m, /not in canonical form/); // Java lowercases the address, so the bytes are not canonical
});

test('tiling, empty fragments and media rules', () => {
  let m = sample(); m.files[1].fragments[3].size -= 1; m.files[1].fragments[3].storedSize -= 1;
  refused(m, /fragments cover 99999 bytes but the file has 100000/);
  m = sample(); m.files[0].fragments[0].size = 0; m.files[0].fragments[0].storedSize = 0;
  refused(m, /size is 0; only an empty file may have an empty fragment/);
  m = sample(); m.files[2].media.header = true; m.files[2].fragments = m.files[2].fragments.slice(0, 1); m.files[2].size = 8256;
  refused(m, /has a header segment but no media segment after it/);
});

test('encodeManifest validates first and refuses unknown fields on objects too', () => {
  const m = parseManifest(v2);
  assert.throws(() => encodeManifest(/** @type {any} */ ({ ...m, extra: 1 })), /unknown field\(s\) \[extra\]/);
  const bad = structuredClone(m);
  bad.files[0].fragments[0].sha256 = 'A'.repeat(64);
  assert.throws(() => encodeManifest(bad), /64 lowercase hex/);
  const withUndefined = structuredClone(m);
  withUndefined.files[0].fragments[0].keyAddress = undefined;
  assert.deepEqual(encodeManifest(withUndefined), v2);
  assert.deepEqual(validateManifest(m), m);
});

test('encryptedFragments numbers encrypted fragments in archive order', () => {
  const m = parseManifest(v2);
  const list = encryptedFragments(m);
  assert.deepEqual(list.map((x) => [x.e, x.fileIndex, x.fragmentIndex]), [[0, 1, 0], [1, 1, 2], [2, 1, 3], [3, 2, 2], [4, 2, 3]]);
  assert.equal(list[0].fragment.keyAddress, '0x64c2cab9a6c402aeb3e37849019843534a847f1a');
  assert.equal(list[3].path, 'tone.flac');
});

test('entryName follows section 3 and the MediaTypes table', () => {
  assert.equal(entryName(0, 0, { preview: true }, 'text/plain'), 'files/000000/000000.preview.txt');
  assert.equal(entryName(1, 3, { preview: false }, 'application/octet-stream'), 'files/000001/000003.age');
  assert.equal(entryName(1, 1, true, 'application/octet-stream'), 'files/000001/000001.preview.bin');
  assert.equal(entryName(2, 0, true, 'audio/flac'), 'files/000002/000000.preview.flac');
  assert.equal(entryName(999999, 999999, true, 'audio/mpeg'), 'files/999999/999999.preview.mp3');
  assert.equal(entryName(0, 0, true, 'audio/x-unknown'), 'files/000000/000000.preview.bin');
});

test('inspection warnings match Inspection.java', async () => {
  const { previewBytes, totalBytes, suspects, artistWarnings, minimumPreviewBytes } = await import('../lib/format/inspection.js');
  const m = parseManifest(v2);
  // Previews: hello.txt 14 + data.bin fragment 1 32768 + tone.flac fragment 1 3866 (its header segment not counted).
  assert.equal(previewBytes(m), 14 + 32768 + 3866);
  assert.equal(totalBytes(m), 14 + 100000 + 19717);
  assert.equal(minimumPreviewBytes(totalBytes(m)), 5986);
  assert.deepEqual(suspects(m), []);
  assert.deepEqual(artistWarnings(m), []);
  const none = structuredClone(m);
  none.files[0].fragments[0].preview = false;
  none.files[1].fragments[1].preview = false;
  none.files[2].fragments[1].preview = false;
  assert.deepEqual(suspects(none), ['no preview: nothing in this archive can be checked before release']);
  const most = structuredClone(m);
  most.files[1].fragments.forEach((x) => { x.preview = true; });
  most.terms.sampleCount = 2;
  assert.deepEqual(artistWarnings(most), [
    'previews cover 87% of the work (103880 of 119731 bytes): fans get most of it without pledging',
    'the chain would sample all 2 encrypted fragment(s) with a sample count of 2, publishing the whole work before anyone pays: the release contract refuses it; cut the work finer (--cut) or lower --samples',
  ]);
});

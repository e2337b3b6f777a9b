import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { planByteCut, planWhole, planFragments, byteCutStarts, storedSize, ageStoredSize, parseByteSize, PlanError } from '../lib/format/fragments.js';
import { parseManifest } from '../lib/format/manifest.js';

const v2 = parseManifest(new Uint8Array(readFileSync(new URL('../../spec/vectors/manifest-v2.json', import.meta.url))));

test('a byte cut of the vector file gives its fragments (data.bin: 100000 bytes every 32 KiB, fragment 1 a preview)', () => {
  const file = v2.files[1];
  const plan = planByteCut(file.size, 32768, new Set([1]));
  assert.deepEqual(plan, file.fragments.map(({ offset, size, preview }) => ({ offset, size, preview })));
  assert.deepEqual(plan.map(storedSize), file.fragments.map((x) => x.storedSize));
});

test('a whole-file plan is one fragment, and an empty file has one empty fragment', () => {
  assert.deepEqual(planWhole(14, true), [{ offset: 0, size: 14, preview: true }]);
  assert.deepEqual(planByteCut(0, 10), [{ offset: 0, size: 0, preview: false }]);
  assert.deepEqual(planByteCut(20, 10), [{ offset: 0, size: 10, preview: false }, { offset: 10, size: 10, preview: false }]);
  assert.deepEqual(byteCutStarts(21, 10), [0, 10, 20]);
});

test('the section 5 stored-size formula: 184 + size + 16 per 64 KiB chunk, at least one', () => {
  assert.equal(ageStoredSize(0), 200);
  assert.equal(ageStoredSize(1), 201);
  assert.equal(ageStoredSize(65536), 184 + 65536 + 16);
  assert.equal(ageStoredSize(65537), 184 + 65537 + 32);
  assert.equal(storedSize({ size: 7, preview: true }), 7);
  assert.throws(() => ageStoredSize(-1), RangeError);
});

test('too many fragments, missing preview indices and bad cut sizes are refused', () => {
  assert.throws(() => planByteCut(1_000_000, 1), (e) => e instanceof PlanError && e.code === 'too-many-fragments' && /gives 1000000 fragments; at most 999999/.test(e.message));
  assert.equal(planByteCut(999_999, 1).length, 999_999);
  assert.throws(() => planByteCut(100, 50, [2], 'a.bin'), /a.bin has 2 fragment\(s\) \(0..1\); preview index 2 does not exist/);
  assert.throws(() => planByteCut(100, 0), (e) => e instanceof PlanError && e.code === 'bad-cut');
});

test('media plans mark the header segment a preview and carry spans', () => {
  const f = v2.files[2];
  const plan = planFragments(f.size, f.fragments.map((x) => x.offset), [1], { header: true, spans: f.fragments.map((x) => ({ start: x.start, duration: x.duration })) });
  assert.deepEqual(plan, f.fragments.map(({ offset, size, preview, start, duration }) => ({ offset, size, preview, start, duration })));
});

test('byte sizes parse with K, M, G suffixes in powers of 1024', () => {
  assert.equal(parseByteSize('32K'), 32768);
  assert.equal(parseByteSize('1m'), 1048576);
  assert.equal(parseByteSize('2G'), 2 * 1024 ** 3);
  assert.equal(parseByteSize('100'), 100);
  assert.throws(() => parseByteSize('1.5M'), PlanError);
  assert.throws(() => parseByteSize('0'), PlanError);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sha256 } from '../vendor/noble.js';
import { toHex } from '../lib/bytes.js';
import { Sha256Stream, CheckQueue, CAP } from '../lib/archive/_digest.js';

/** @param {number} n */
const bytes = (n) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);

test('the one-shot and the incremental path give the SHA-256, for a run up to its announced size', async () => {
  const data = bytes(100_000);
  const want = toHex(sha256(data));
  for (const announced of [100_000, 100_001, CAP, CAP + 1]) {
    const h = await Sha256Stream.create(announced);
    const reused = new Uint8Array(7000); // the caller reuses its buffer: what was kept must be a copy
    for (let o = 0; o < data.length; o += reused.length) {
      const n = Math.min(reused.length, data.length - o);
      reused.set(data.subarray(o, o + n));
      h.update(reused.subarray(0, n));
    }
    assert.equal(await h.hex(), want, `announced ${announced}`);
  }
  assert.equal(await (await Sha256Stream.create(0)).hex(), toHex(sha256(new Uint8Array(0))));
  assert.equal(await (await Sha256Stream.create(CAP + 1)).hex(), toHex(sha256(new Uint8Array(0))));
});

test('a run longer than announced is refused (callers bound it by the manifest), on both paths', async () => {
  for (const announced of [10, CAP + 1]) {
    const h = await Sha256Stream.create(announced);
    h.update(new Uint8Array(announced));
    assert.throws(() => h.update(new Uint8Array(1)), /announced as/);
  }
});

test('the check queue settles checks in order, keeps at most its limit open, and throws the first failure', async () => {
  const q = new CheckQueue(2);
  const order = [];
  const later = (v, ms) => new Promise((r) => setTimeout(() => { order.push(v); r(v); }, ms));
  await q.add(later(1, 30));
  await q.add(later(2, 5));
  assert.equal(q.pending.length, 2);
  await q.add(later(3, 1)); // a third: the oldest is awaited first
  assert.ok(order.includes(1));
  await q.drain();
  assert.equal(q.pending.length, 0);
  const failing = new CheckQueue(5);
  await failing.add(Promise.reject(new Error('first')));
  await failing.add(Promise.reject(new Error('second')));
  await assert.rejects(failing.drain(), /first/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toHex, fromHex, concat, equalBytes, utf8, fromUtf8 } from '../lib/bytes.js';

test('hex round-trips and refuses what is not hex', () => {
  const b = new Uint8Array([0, 1, 0xab, 0xff]);
  assert.equal(toHex(b), '0001abff');
  assert.deepEqual(fromHex('0x0001ABff'), b);
  assert.throws(() => fromHex('abc'), /not hex/);
  assert.throws(() => fromHex('zz'), /not hex/);
});

test('concat, equalBytes and strict UTF-8', () => {
  assert.deepEqual(concat(new Uint8Array([1]), new Uint8Array([2, 3])), new Uint8Array([1, 2, 3]));
  assert.equal(equalBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2])), true);
  assert.equal(equalBytes(new Uint8Array([1, 2]), new Uint8Array([1, 3])), false);
  assert.equal(equalBytes(new Uint8Array([1]), new Uint8Array([1, 2])), false);
  assert.equal(fromUtf8(utf8('é✓')), 'é✓');
  assert.throws(() => fromUtf8(new Uint8Array([0xc3])), TypeError);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalJson } from '../lib/format/jcs.js';
import { parseJson, JsonNumber } from '../lib/format/json.js';

test('keys sort by UTF-16 code units (RFC 8785 3.2.3), not code points', () => {
  // U+1F600 sorts after U+FB33 in code points but before it in UTF-16 (its lead surrogate is U+D83D).
  assert.equal(canonicalJson({ '\uFB33': 2, '\u{1F600}': 1, b: 3, a: [true, false, null] }), '{"a":[true,false,null],"b":3,"\u{1F600}":1,"\uFB33":2}');
});

test('strings escape exactly as JCS: short escapes, \\u00xx for other controls, nothing else', () => {
  assert.equal(canonicalJson('"\\\b\f\n\r\t\u0001\u001f\u007f/é\u2028'), '"\\"\\\\\\b\\f\\n\\r\\t\\u0001\\u001f\u007f/é\u2028"');
  assert.throws(() => canonicalJson('\ud800'), /unpaired surrogate/);
  assert.throws(() => canonicalJson('a\udc00'), /unpaired surrogate/);
  assert.equal(canonicalJson('\ud83d\ude00'), '"\ud83d\ude00"');
});

test('only safe integers are numbers; undefined properties are left out', () => {
  assert.equal(canonicalJson({ n: -0, m: 9007199254740991, u: undefined }), '{"m":9007199254740991,"n":0}');
  assert.throws(() => canonicalJson(1.5), /not an integer/);
  assert.throws(() => canonicalJson(2 ** 53), /not an integer/);
  assert.throws(() => canonicalJson(new Date()), /cannot serialise/);
  assert.throws(() => canonicalJson([undefined]), /undefined/);
});

test('the parser refuses duplicates and keeps big or fractional numbers as text', () => {
  assert.throws(() => parseJson('{"a":1,"a":1}'), /duplicate field 'a'/);
  const v = /** @type {any} */ (parseJson(' {"__proto__": [1, 1e2, 12345678901234567890, -0]} '));
  assert.equal(Object.getPrototypeOf(v), null);
  assert.equal(v.__proto__[0], 1);
  assert.deepEqual(v.__proto__[1], new JsonNumber('1e2', false));
  assert.deepEqual(v.__proto__[2], new JsonNumber('12345678901234567890', true));
  assert.ok(Object.is(v.__proto__[3], 0));
  for (const bad of ['', '{', '[1,]', '01', '"a\u0001"', '"\\x"', '{"a" 1}', '1 2', 'tru', '"\\u12"']) assert.throws(() => parseJson(bad), SyntaxError, bad);
  assert.equal(parseJson('"\\u00e9\\/"'), 'é/');
  assert.throws(() => parseJson('['.repeat(2000) + ']'.repeat(2000)), /nesting deeper/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { utf8, fromUtf8 } from '../lib/bytes.js';
import { parseManifest, manifestHash, ManifestError } from '../lib/format/manifest.js';
import { canonicalJson } from '../lib/format/jcs.js';
import { repo, manifestOracleMissing, withTempDir, javaManifests } from './format-oracle.js';

const v2 = fromUtf8(new Uint8Array(readFileSync(join(repo, 'spec/vectors/manifest-v2.json'))));

/** A seeded generator (xorshift32), so a failing case can be made again. */
function random(/** @type {number} */ seed) {
  let x = seed >>> 0 || 1;
  return (/** @type {number} */ n) => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x % n;
  };
}

/** Every [parent, key] in the tree, so a mutation can pick any node. */
function slots(/** @type {any} */ v, /** @type {any[]} */ out = []) {
  if (v && typeof v === 'object') {
    for (const k of Array.isArray(v) ? v.keys() : Object.keys(v)) {
      out.push([v, k]);
      slots(v[k], out);
    }
  }
  return out;
}

const STRINGS = ['', 'a', 'A', '0x' + 'ab'.repeat(20), '0x' + 'AB'.repeat(20), '02' + 'cd'.repeat(32), 'f'.repeat(64), 'F'.repeat(64), 'e\u0301', '\u00e9', 'STRASSE', 'stra\u00dfe',
  'notes/hello.txt', 'NOTES/Hello.TXT', 'data.bin/x', 'notes', '/abs', 'C:x', 'a\\b', 'a\u0001b', 'a/../b', 'a//b', './a', 'x'.repeat(300), 'mp3', 'ogg', 'wav',
  'audio/mpeg', 'Audio/Mpeg', '007', '0', '1', '99999999999999999999999999999999999999999999999999999999999999999999999999999999', '-1', '\u2028', ' ', '\u00a0', '\t'];
const PATHS = ['notes/hello.txt', 'Notes/Hello.txt', 'DATA.BIN', 'data.bin/x', 'notes', 'notes/', 'tone.FLAC', 'Tone.flac/a', 'stra\u00dfe', 'STRASSE', 'Stra\u00dfe/x',
  '\u00c4rger', '\u00e4rger', 'A\u0308rger', '\u01c5', '\u01c4', '\u01c6', '\u03a3\u03b1\u03c2', '\u03c3\u03b1\u03c3', 'K', '\u212a', 'i\u0307', '\u0130', 'ﬁle', 'FILE',
  '\ud83d\ude00/x', '\ud83d', 'a/b/c/d', 'a/b', 'a', 'x'.repeat(255), 'x'.repeat(256), ('y'.repeat(200) + '/').repeat(5) + 'z'.repeat(24), ('y'.repeat(200) + '/').repeat(5) + 'z'.repeat(23),
  '\u00e9'.repeat(128), '\u00e9'.repeat(127) + 'e', ' a', 'a ', 'a\u007f', 'a\u0085b', '..', '.', 'a/.', 'C:', 'c:/x', '\\\\server', 'a\u200bb'];
const VALUES = [0, 1, -1, 2, 3, 17, 255, 256, 65536, 9007199254740991, 1e15, true, false, null, [], {}, ...STRINGS];

/** A manifest text one or a few edits away from the vector. */
function mutate(/** @type {(n: number) => number} */ next) {
  const tree = JSON.parse(v2);
  for (let n = 1 + next(2); n > 0; n--) {
    const all = slots(tree);
    const [parent, key] = all[next(all.length)];
    const op = next(10);
    if (op < 5) parent[key] = structuredClone(VALUES[next(VALUES.length)]);
    else if (op === 5 && !Array.isArray(parent)) delete parent[key];
    else if (op === 6 && !Array.isArray(parent)) parent[['x', 'Version', 'licence', 'keyAddress', 'start', 'duration', 'media'][next(7)]] = parent[key];
    else if (op === 7 && typeof parent[key] === 'number') parent[key] += next(3) - 1 || 1;
    else if (op === 8 && Array.isArray(parent)) parent.splice(key, 1);
    else if (op === 9 && Array.isArray(parent)) parent.push(structuredClone(parent[key]));
    else parent[key] = structuredClone(VALUES[next(VALUES.length)]);
  }
  // Paths and media types are where the rules are subtle (NFC, case folding, prefixes): aim at them often.
  if (next(3) === 0 && Array.isArray(tree.files)) {
    const f = tree.files[next(tree.files.length)];
    if (f && typeof f === 'object') {
      if (next(4) === 0) f.mediaType = ['audio/MPEG', 'audio', 'a/b/c', 'x-y/z+w', 'text/plain;charset=utf-8', 'audio/mpeg'][next(6)];
      else f.path = PATHS[next(PATHS.length)];
    }
  }
  let text;
  try {
    text = canonicalJson(tree);
  } catch {
    text = JSON.stringify(tree); // a lone surrogate: JSON.stringify escapes it, and the readers must refuse it
  }
  const t = next(12);
  if (t === 0) { const i = next(text.length); text = text.slice(0, i) + ' ' + text.slice(i); }
  if (t === 1) text = text.replace(/"size":(\d+)/, (_, d) => `"size":${['1.0', '1e1', '-0', '01', d + '.0', '1E2'][next(6)]}`);
  if (t === 2) text = text.replace('"license":', '"license":"dup","license":');
  if (t === 3) text = text.replace(/a/, '\\u0061');
  if (t === 4) text = text.slice(0, next(text.length));
  if (t === 5) text = text.replace('"license":"', '"license":"\\ud800');
  return text;
}

/** A manifest that stays valid: another license, hash or deadline, so acceptance is compared too. */
function validEdit(/** @type {(n: number) => number} */ next) {
  const tree = JSON.parse(v2);
  tree.license = `License ${next(1000)} \u00e9\u2028"quoted"\n`;
  tree.files[next(3)].sha256 = next(16).toString(16).repeat(64);
  tree.terms.pledgeDeadline += next(1000);
  return canonicalJson(tree);
}

// The Java reader is the reference: for each of several hundred near-miss manifests the twin
// accepts exactly those it accepts (with the same hash) and refuses the rest with its message.
test('near-miss manifests are judged exactly as Manifest.parse judges them', { skip: manifestOracleMissing }, () => withTempDir(async (dir) => {
  const next = random(20261201);
  const files = [];
  for (let k = 0; k < 400; k++) {
    const f = join(dir, `m${k}.json`);
    writeFileSync(f, k % 20 === 0 ? validEdit(next) : mutate(next));
    files.push(f);
  }
  const expected = javaManifests(files);
  let accepted = 0;
  const wrong = [];
  // Syntax errors are Jackson's words on one side and this parser's on the other: the verdict must agree.
  const syntax = (/** @type {string} */ v) => (v.startsWith('error manifest is not valid JSON: ') ? 'error manifest is not valid JSON' : v);
  files.forEach((f, k) => {
    let actual;
    const bytes = new Uint8Array(readFileSync(f));
    try {
      parseManifest(bytes);
      actual = `ok ${manifestHash(bytes)}`;
      accepted++;
    } catch (e) {
      assert.ok(e instanceof ManifestError, `${f}: ${e}`);
      actual = `error ${e.message}`;
    }
    if (syntax(actual) !== syntax(expected[k])) wrong.push(`case ${k}:\n  js:   ${actual}\n  java: ${expected[k]}`);
  });
  assert.deepEqual(wrong, []);
  assert.ok(accepted >= 20 && accepted < 395, `${accepted} accepted: the cases must make both kinds`);
}));

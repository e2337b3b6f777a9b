import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { toHex, fromHex } from '../lib/bytes.js';
import { encodeSecretFile, parseSecretFile } from '../lib/archive/secret-file.js';
import { ArchiveKeyError } from '../lib/archive/errors.js';

const VECTORS = new URL('../../spec/vectors/', import.meta.url);
const JAVA = readFileSync(new URL('archive-tiny.secret', VECTORS), 'utf8');

test("the secret file Java wrote reads, and writing it again gives Java's bytes", () => {
  const { secret, manifestHash } = parseSecretFile(new Uint8Array(readFileSync(new URL('archive-tiny.secret', VECTORS))));
  assert.equal(manifestHash, readFileSync(new URL('archive-tiny.tar.manifest-sha256', VECTORS), 'utf8').trim());
  assert.equal(encodeSecretFile(secret, manifestHash), JAVA);
  assert.equal(toHex(parseSecretFile(JAVA).secret), /secret ([0-9a-f]{64})/.exec(JAVA)[1]);
});

test('anything else is refused with ArchiveKeyError', () => {
  for (const text of ['', 'secret ' + 'ab'.repeat(32), 'unveil-release-secret-v1\nsecret xyz', 'unveil-release-secret-v1\nsecret ' + '00'.repeat(32), '#'.repeat(5000)]) {
    assert.throws(() => parseSecretFile(text), ArchiveKeyError, JSON.stringify(text.slice(0, 40)));
  }
  assert.throws(() => encodeSecretFile(fromHex('00'), 'ab'.repeat(32)), TypeError);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { sha1prng, systemRandom } from '../lib/crypto/random.js';
import { toHex } from '../lib/bytes.js';

// Draw patterns that exercise SHA1PRNG's remainder (partial blocks, exact blocks, zero-length
// draws) and its signed-byte carry. Recorded from Java 25 (`Draws.java` below, run by hand); the
// test also reruns Java when a JDK is present, so the record cannot drift from the real thing.
/** @type {Array<[string, number[]]>} */
const CASES = [
  ['21', [32, 32, 32]],
  ['2026', [32, 16, 7, 45, 1, 20, 100, 0, 3]],
  ['-1', [20, 20, 40]],
  ['9223372036854775807', [5, 15, 19, 21]],
];
const RECORDED = [
  '2aa071c8195b02539e67e6f706bfe034effc8799159bf25935b29e2770542a3d 250a8673d18887903aa6da71d72d165fefe627dd173d86c565df6eb91d8f1bbb 3e3a041942c88096e7d1f26fa7e30d7a65032535dd2f41af8382169c2dbfcb6a',
  '1ed6a16496bb6d0fed12c6b811900b83b303dcf1030c3df72fac65bafbe3a2cb 482d52b226b7ea5c5e0f418602dfbe06 a9cd6e49dcb88c a0f8ee693dc214b79536880c08ffa35c49fd4ff5efe772d18a546502ba73136c5e8f93e750889fa426471bdf13 e5 d9e64f79fa1eeaef6c106518e40707d76a2549d3 b97cd2ab424a8ec30a497f51212197e6b386f29e8b03726e964638d24fee73ac293489a9a952a82969df4c0b3f9ef0a74eb75c09221ad4690ff10c3914e943225b407d1684979aa315313d66f6f6482a0fd9d2a1b162583dfb5a092237cfbb0c37b7eb8d  93edf7',
  'bde848494a8671e61d7d572b9c9dcbd42e4fccb8 d505b75977b593fd3a48c294a38e7dbf0910e616 58c38872eb84d63813cf4a5183f67b22cc79c449b08efbda90b7ccac58f5602d3fe89dcfde1609b4',
  'dbda83354d e7ee4cfd28bdc60c3b75e7d5ce383c 1d226341418a425c2765ba821c83acd68539eb de6a4b054953f89a4b9b8540a25e5b77770f3cdd01',
];

const JAVA_SOURCE = `import java.security.SecureRandom;
import java.util.HexFormat;
public class Draws {
    public static void main(String[] a) throws Exception {
        for (String spec : a) {
            String[] p = spec.split(":");
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(Long.parseLong(p[0]));
            StringBuilder sb = new StringBuilder();
            for (String n : p[1].split(",")) {
                byte[] b = new byte[Integer.parseInt(n)];
                r.nextBytes(b);
                sb.append(HexFormat.of().formatHex(b)).append(' ');
            }
            System.out.println(sb.toString().trim());
        }
    }
}
`;

/** @param {[string, number[]]} c */
function jsDraws([seed, sizes]) {
  const r = sha1prng(BigInt(seed));
  return sizes.map((n) => toHex(r.bytes(n))).join(' ');
}

test('sha1prng draws the recorded bytes of Java SHA1PRNG seeded with a long', () => {
  assert.deepEqual(CASES.map(jsDraws), RECORDED);
});

const java = join(process.env.JAVA_HOME ?? '/usr/lib/jvm/temurin-25-jdk-amd64', 'bin', 'java');
test('sha1prng draws what a live JDK draws', { skip: existsSync(java) ? false : `no JDK at ${java}` }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'unveil-sha1prng-'));
  try {
    writeFileSync(join(dir, 'Draws.java'), JAVA_SOURCE);
    const args = CASES.map(([seed, sizes]) => `${seed}:${sizes.join(',')}`);
    // Long runs of odd sizes, for the remainder bookkeeping across many blocks.
    /** @type {[string, number[]]} */
    const long = ['123456789', Array.from({ length: 200 }, (_, i) => (i * 7) % 45)];
    const out = execFileSync(java, [join(dir, 'Draws.java'), ...args, `${long[0]}:${long[1].join(',')}`], { encoding: 'utf8' }).trim().split('\n');
    assert.deepEqual(out.slice(0, CASES.length), RECORDED, 'the recorded draws are what Java gives');
    assert.equal(jsDraws(long).trim(), out[CASES.length], 'Java trims the leading empty draw');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('seed 0 and non-longs are refused (Java would ignore setSeed(0) and self-seed)', () => {
  assert.throws(() => sha1prng(0), RangeError);
  assert.throws(() => sha1prng(1n << 63n), RangeError);
});

test('systemRandom gives the asked length, beyond the 64 KiB getRandomValues limit, and differs between draws', () => {
  const r = systemRandom();
  const a = r.bytes(200_000);
  assert.equal(a.length, 200_000);
  assert.notDeepEqual(a.subarray(150_000, 150_032), new Uint8Array(32));
  assert.notDeepEqual(r.bytes(32), r.bytes(32));
  assert.throws(() => r.bytes(-1), RangeError);
});

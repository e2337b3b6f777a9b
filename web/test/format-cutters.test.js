import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cutMedia, SUPPORTED_MEDIA_FORMATS } from '../lib/format/cutters.js';
import { MediaError } from '../lib/format/media.js';
import { oracleMissing, ffmpeg, withTempDir, javaPlans } from './format-oracle.js';

/** @param {Uint8Array} bytes @param {number} size */
async function* chunked(bytes, size) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(bytes.length, i + size));
}

/** A seeded generator (xorshift32), so a failure names a file that can be made again. */
function random(/** @type {number} */ seed) {
  let x = seed >>> 0 || 1;
  return (/** @type {number} */ n) => {
    x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0;
    return x % n;
  };
}

const SOURCES = {
  mp3: ['-f', 'lavfi', '-i', 'sine=d=5:sample_rate=44100', '-c:a', 'libmp3lame', '-q:a', '4', '-f', 'mp3'],
  flac: ['-f', 'lavfi', '-i', 'sine=d=4:sample_rate=44100', '-c:a', 'flac', '-f', 'flac'],
  ogg: ['-f', 'lavfi', '-i', 'sine=d=5:sample_rate=48000', '-c:a', 'libopus', '-f', 'ogg'],
  ts: ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25', '-f', 'lavfi', '-i', 'sine', '-t', '6', '-c:v', 'libx264', '-preset', 'superfast', '-g', '25', '-c:a', 'aac', '-f', 'mpegts'],
  fmp4: ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25', '-f', 'lavfi', '-i', 'sine', '-t', '6', '-c:v', 'libx264', '-preset', 'superfast', '-g', '25', '-c:a', 'aac',
    '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-f', 'mp4'],
};

test('every format the spec names has a cutter here', () => {
  assert.deepEqual([...SUPPORTED_MEDIA_FORMATS].sort(), ['flac', 'fmp4', 'mp3', 'ogg', 'ts']);
});

// Byte flips (mostly in headers) and truncations of a real file of each format: the twin gives
// exactly Java's plan or Java's refusal for each, and never another kind of error.
test('damaged files get exactly the Java plan or refusal', { skip: oracleMissing }, () => withTempDir(async (dir) => {
  for (const [format, args] of Object.entries(SOURCES)) {
    const original = join(dir, `${format}.src`);
    ffmpeg([...args, original]);
    const src = new Uint8Array(readFileSync(original));
    const next = random(format.length * 7919);
    const files = [];
    for (let k = 0; k < 25; k++) {
      let b = src.slice();
      for (let n = 1 << next(4); n > 0; n--) {
        const i = next(10) < 6 ? next(Math.min(b.length, 3000)) : next(b.length);
        b[i] = next(2) ? next(256) : b[i] ^ (1 << next(8));
      }
      if (next(10) < 3) b = b.subarray(0, 1 + next(b.length - 1));
      const f = join(dir, `${format}-${k}.bin`);
      writeFileSync(f, b);
      files.push(f);
    }
    const actual = [];
    for (const f of files) {
      const bytes = new Uint8Array(readFileSync(f));
      try {
        const plan = await cutMedia(chunked(bytes, 4099), format, { seconds: 1, name: f, size: bytes.length });
        actual.push({ header: plan.header, segments: plan.segments.map((s) => [s.offset, s.start, s.duration]) });
      } catch (e) {
        assert.ok(e instanceof MediaError, `${f}: ${e}`);
        actual.push({ error: e.message });
      }
    }
    assert.deepEqual(actual, javaPlans(format, 1, files), format);
  }
}));

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { repo, has, oracleMissing, ffmpeg, withTempDir, javaPlans } from './format-oracle.js';
import { cutMp3, parseMp3Header, TICKS_PER_SECOND } from '../lib/format/mp3.js';
import { MediaError, micros, requireMediaFormat } from '../lib/format/media.js';

const media = join(repo, 'java/unveil-archive/src/test/resources/media');
const cbr = new Uint8Array(readFileSync(join(media, 'tone-cbr-44k.mp3')));
const vbr = new Uint8Array(readFileSync(join(media, 'tone-vbr-22k.mp3')));

/** @param {Uint8Array} bytes @param {number} size */
async function* chunked(bytes, size) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(bytes.length, i + size));
}

const triples = (/** @type {{segments: {offset: number, start: number, duration: number}[]}} */ c) => c.segments.map((s) => [s.offset, s.start, s.duration]);

test('the Java test media cut exactly as Mp3Segmenter cuts them (4 s segments)', async () => {
  // Expected values: org.unveil.archive.internal.media.MediaCutters.plan on the same files.
  const a = await cutMp3(chunked(cbr, 65536), { seconds: 4, name: 'tone-cbr-44k.mp3' });
  assert.deepEqual(triples(a), [[0, 0, 4022857], [32543, 4022857, 4022857], [64726, 8045714, 3996734]]);
  assert.equal(a.hasXingFrame, true);
  assert.equal(a.header, false);
  const b = await cutMp3(chunked(vbr, 65536), { seconds: 4, name: 'tone-vbr-22k.mp3' });
  assert.deepEqual(triples(b), [[0, 0, 4022857], [7341, 4022857, 4022857], [14078, 8045714, 4022857]]);
  assert.equal(b.hasXingFrame, true);
});

test('segments tile the file and its time; durations add up to the whole', async () => {
  for (const [bytes, seconds] of [[cbr, 1], [vbr, 3], [cbr, 30]]) {
    const c = await cutMp3(chunked(/** @type {Uint8Array} */ (bytes), 4096), { seconds: /** @type {number} */ (seconds) });
    assert.equal(c.size, /** @type {Uint8Array} */ (bytes).length);
    assert.equal(c.segments.reduce((n, s) => n + s.size, 0), c.size);
    assert.equal(c.segments.reduce((n, s) => n + s.duration, 0), c.totalMicros);
    c.segments.forEach((s, i) => i > 0 && assert.equal(s.offset, c.segments[i - 1].offset + c.segments[i - 1].size));
    for (const s of c.segments.slice(1)) assert.ok(parseMp3Header(/** @type {Uint8Array} */ (bytes), s.offset), `segment at ${s.offset} starts on a frame`);
  }
});

test('reading one byte at a time, or from a ReadableStream, gives the same cuts', async () => {
  const bulk = await cutMp3(chunked(vbr, vbr.length), { seconds: 3 });
  const slow = await cutMp3(chunked(vbr, 1), { seconds: 3 });
  assert.deepEqual(slow, bulk);
  const stream = new ReadableStream({ start(c) { c.enqueue(vbr.slice(0, 1000)); c.enqueue(vbr.slice(1000)); c.close(); } });
  assert.deepEqual(await cutMp3(stream, { seconds: 3 }), bulk);
});

test('an ID3v1 tag and trailing bytes stay in the last segment', async () => {
  const tagged = new Uint8Array(cbr.length + 128);
  tagged.set(cbr);
  tagged.set([0x54, 0x41, 0x47], cbr.length);
  const a = await cutMp3(chunked(cbr, 8192), { seconds: 4 });
  const b = await cutMp3(chunked(tagged, 8192), { seconds: 4 });
  assert.deepEqual(b.segments.map((s) => s.offset), a.segments.map((s) => s.offset));
  assert.equal(b.segments.at(-1)?.size, /** @type {any} */ (a.segments.at(-1)).size + 128);
  assert.equal(b.frames, a.frames);
});

test('files that are not MP3 are refused with Java\'s messages', async () => {
  const refuse = async (/** @type {Uint8Array} */ bytes, /** @type {RegExp} */ message, /** @type {string} */ code) => {
    await assert.rejects(cutMp3(chunked(bytes, 100), { name: 'x.mp3' }), (e) => {
      assert.ok(e instanceof MediaError, String(e));
      assert.match(e.message, message);
      assert.equal(e.code, code);
      return true;
    });
  };
  const syncButNoFrame = new Uint8Array(5000);
  syncButNoFrame.set([0xff, 0xe3, 0x00, 0x00]);
  await refuse(syncButNoFrame, /^x\.mp3 is not an MP3: no MPEG layer III frame at offset 0$/, 'not-media');
  await refuse(new Uint8Array(5000).fill(0x41), /^x\.mp3 does not look like MP3 \(nor any format unveil cuts: \[mp3, flac, ogg, ts, fmp4\]\): check the file, or cut it by bytes \(--cut x\.mp3:64MiB\)$/, 'not-media');
  await refuse(new Uint8Array([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0]), /x\.mp3 is not an MP3: it holds no audio frames/, 'not-media');
  await refuse(new Uint8Array([0x49, 0x44, 0x33, 3, 0, 0, 0, 0, 1, 5, 0, 0, 0, 0, 0]), /x\.mp3 ends inside an ID3v2 tag or MP3 frame/, 'corrupt');
  await refuse(new Uint8Array([0x49, 0x44, 0x33, 3, 0, 0, 0x80, 0, 0, 5, 0, 0, 0, 0, 0]), /x\.mp3 has a malformed ID3v2 tag size/, 'corrupt');
  await refuse(new Uint8Array([0x66, 0x4c, 0x61, 0x43, 0, 0, 0, 34]), /^x\.mp3 looks like FLAC, not MP3: use --cut x\.mp3:flac$/, 'wrong-format');
  await assert.rejects(cutMp3(chunked(cbr, 100), { seconds: 0 }), /mp3 segment length 0 s must be 1..86400/);
  assert.throws(() => requireMediaFormat(new Uint8Array([0x4f, 0x67, 0x67, 0x53, 0]), 'flac', 'a.flac'), /a\.flac looks like Ogg, not FLAC: use --cut a\.flac:ogg/);
});

test('time is counted in 14,112,000 Hz ticks and floored to microseconds only at edges', () => {
  assert.equal(TICKS_PER_SECOND % 44100, 0);
  assert.equal(TICKS_PER_SECOND % 48000, 0);
  assert.equal(TICKS_PER_SECOND % 11025, 0);
  assert.equal(micros(1152 * 320, TICKS_PER_SECOND), 26122); // one 44.1 kHz frame: 26.122... ms
  assert.equal(micros(2 ** 52, TICKS_PER_SECOND), Math.floor((2 ** 52 / TICKS_PER_SECOND) * 1e6)); // no overflow
});

test('the frame count is what mpg123 decodes (no frame lost or invented)', { skip: !has('mpg123') && 'mpg123 not installed' }, async () => {
  const c = await cutMp3(chunked(cbr, 65536), { seconds: 4 });
  const pcm = execFileSync('mpg123', ['-q', '--no-gapless', '-m', '-s', join(media, 'tone-cbr-44k.mp3')], { maxBuffer: 1 << 26, stdio: ['ignore', 'pipe', 'ignore'] });
  assert.equal(c.frames * 1152, pcm.length / 2);
});

// The Java reference on ffmpeg-made files: every sample rate, mono and stereo, CBR and VBR,
// with and without ID3v2 and Xing, ID3v1, trailing junk, truncation, a rate change midway.
test('cuts equal the Java reference on ffmpeg-generated MP3s', { skip: oracleMissing }, () => withTempDir(async (dir) => {
  const ff = ffmpeg;
  for (const r of [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000]) {
    ff(['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=${r}:duration=7`, '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '32k', join(dir, `m${r}.mp3`)]);
    ff(['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=${r}:duration=5`, '-ac', '2', '-c:a', 'libmp3lame', '-q:a', '4', join(dir, `v${r}.mp3`)]);
  }
  ff(['-f', 'lavfi', '-i', 'sine=sample_rate=44100:duration=6', '-c:a', 'libmp3lame', '-b:a', '128k', '-id3v2_version', '0', '-write_xing', '0', join(dir, 'bare.mp3')]);
  ff(['-f', 'lavfi', '-i', 'sine=sample_rate=22050:duration=4', '-ac', '1', '-c:a', 'libmp3lame', '-b:a', '64k', '-id3v2_version', '0', '-write_xing', '0', join(dir, 'b22.mp3')]);
  ff(['-f', 'lavfi', '-i', 'sine=sample_rate=44100:duration=6', '-c:a', 'libmp3lame', '-write_id3v1', '1', '-metadata', 'title=T', join(dir, 'id3v1.mp3')]);
  const bare = readFileSync(join(dir, 'bare.mp3'));
  writeFileSync(join(dir, 'junk.mp3'), Buffer.concat([bare, Buffer.from('APETAGEX'), Buffer.alloc(100)]));
  writeFileSync(join(dir, 'trunc.mp3'), bare.subarray(0, bare.length - 100));
  writeFileSync(join(dir, 'mixed.mp3'), Buffer.concat([bare, readFileSync(join(dir, 'b22.mp3'))]));
  const v = readFileSync(join(dir, 'v44100.mp3'));
  writeFileSync(join(dir, 'footer.mp3'), Buffer.concat([v.subarray(0, 5), Buffer.from([v[5] | 0x10]), v.subarray(6)]));
  writeFileSync(join(dir, 'notmp3.mp3'), Buffer.alloc(5000, 0x41));
  const files = readdirSync(dir).filter((f) => f.endsWith('.mp3')).sort().map((f) => join(dir, f));
  for (const seconds of [1, 3, 30]) {
    const actual = [];
    for (const f of files) {
      try {
        actual.push({ header: false, segments: triples(await cutMp3(chunked(new Uint8Array(readFileSync(f)), 7000), { seconds, name: f })) });
      } catch (e) {
        actual.push({ error: /** @type {Error} */ (e).message });
      }
    }
    assert.deepEqual(actual, javaPlans('mp3', seconds, files), `${seconds} s segments`);
  }
}));

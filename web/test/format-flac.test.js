import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '../vendor/noble.js';
import { toHex } from '../lib/bytes.js';
import { cutFlac, crc16, parseFrameHeader } from '../lib/format/flac.js';
import { MediaError } from '../lib/format/media.js';
import { parseManifest } from '../lib/format/manifest.js';
import { planFragments } from '../lib/format/fragments.js';
import { repo, has, oracleMissing, ffmpeg, withTempDir, javaPlans } from './format-oracle.js';

/** @param {Uint8Array} bytes @param {number} size */
async function* chunked(bytes, size) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(bytes.length, i + size));
}
const triples = (/** @type {{segments: {offset: number, start: number, duration: number}[]}} */ c) => c.segments.map((s) => [s.offset, s.start, s.duration]);
const noFfmpeg = !has('ffmpeg') && 'ffmpeg not installed';

/** Bit by bit, as RFC 9639 defines the frame CRC. */
function crc16Slow(/** @type {Uint8Array} */ b) {
  let crc = 0;
  for (const x of b) {
    crc ^= x << 8;
    for (let k = 0; k < 8; k++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x8005) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

test('the sliced CRC-16 equals the bit-by-bit one at every length and split', () => {
  const b = new Uint8Array(100).map((_, i) => (i * 151 + 7) & 0xff);
  for (let n = 0; n <= b.length; n++) {
    const whole = crc16(0, b, 0, n);
    assert.equal(whole, crc16Slow(b.subarray(0, n)));
    const half = Math.floor(n / 3);
    assert.equal(crc16(crc16(0, b, 0, half), b, half, n), whole);
  }
});

test('tone.flac of manifest-v2.json cuts into exactly its fragments (1 s segments)', { skip: noFfmpeg }, (t) => withTempDir(async (dir) => {
  // The command SpecVectorsTest packs the vector's tone.flac from; ffmpeg's +bitexact makes the same bytes.
  const file = join(dir, 'tone.flac');
  ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=8000:duration=3', '-c:a', 'flac', '-ac', '1', '-fflags', '+bitexact', file]);
  const bytes = new Uint8Array(readFileSync(file));
  const entry = parseManifest(new Uint8Array(readFileSync(join(repo, 'spec/vectors/manifest-v2.json')))).files[2];
  if (toHex(sha256(bytes)) !== entry.sha256) {
    t.skip('this ffmpeg encodes the tone differently from the one that made the vector');
    return;
  }
  for (const size of [1, 333, 65536]) {
    const plan = await cutFlac(chunked(bytes, size), { seconds: 1, name: 'tone.flac' });
    assert.equal(plan.header, true);
    const fragments = planFragments(plan.size, plan.segments.map((s) => s.offset), [1], { header: plan.header, spans: plan.segments });
    assert.deepEqual(fragments, entry.fragments.map(({ offset, size, preview, start, duration }) => ({ offset, size, preview, start, duration })));
    assert.deepEqual(plan.segments.map((s) => s.size), entry.fragments.map((x) => x.size));
  }
}));

test('noise full of sync-like bytes is cut only where ffprobe finds frames; a cover picture stays in the header', { skip: noFfmpeg }, () => withTempDir(async (dir) => {
  const noise = join(dir, 'noise.flac');
  ffmpeg(['-f', 'lavfi', '-i', 'anoisesrc=d=5:sample_rate=44100', '-ac', '2', '-c:a', 'flac', noise]);
  const bytes = new Uint8Array(readFileSync(noise));
  const plan = await cutFlac(chunked(bytes, 4096), { seconds: 1, name: 'noise.flac' });
  assert.equal(plan.segments.length, 6); // header + 5 s in segments of >= 1 s (4608-sample frames: the last holds the rest)
  assert.equal(plan.samples, 5 * 44100);
  let syncLike = 0;
  for (let i = 0; i + 1 < bytes.length; i++) if (bytes[i] === 0xff && (bytes[i + 1] === 0xf8 || bytes[i + 1] === 0xf9)) syncLike++;
  assert.ok(syncLike > plan.segments.length * 5, `only ${syncLike} sync-like byte pairs: the test needs false syncs`);
  for (const s of plan.segments.slice(1)) assert.ok(parseFrameHeader(bytes.subarray(s.offset), plan.streamInfo), `segment at ${s.offset} starts on a frame`);
  assert.equal(plan.segments.reduce((n, s) => n + s.duration, 0), 5_000_000);

  const pic = join(dir, 'pic.flac');
  ffmpeg(['-f', 'lavfi', '-i', 'sine=d=3', '-f', 'lavfi', '-i', 'color=red:s=64x64:d=1', '-map', '0', '-map', '1', '-c:a', 'flac', '-c:v', 'png', '-disposition:v', 'attached_pic', pic]);
  const withPicture = await cutFlac(chunked(new Uint8Array(readFileSync(pic)), 1000), { seconds: 1 });
  assert.ok(withPicture.segments[0].size > 100, 'the PICTURE block is in the header segment');
  assert.deepEqual(withPicture.segments[0], { offset: 0, size: withPicture.streamInfo.end, start: 0, duration: 0 });
}));

test('truncated, corrupt and non-FLAC files are refused with what to do', { skip: noFfmpeg }, () => withTempDir(async (dir) => {
  const file = join(dir, 'a.flac');
  ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100:duration=3', '-c:a', 'flac', file]);
  const b = new Uint8Array(readFileSync(file));
  const refuse = async (/** @type {Uint8Array} */ bytes, /** @type {RegExp} */ message) => {
    await assert.rejects(cutFlac(chunked(bytes, 5000), { seconds: 1, name: 'dir/a.flac' }), (e) => {
      assert.ok(e instanceof MediaError, String(e));
      assert.match(e.message, message);
      return true;
    });
  };
  await refuse(b.subarray(0, b.length - 100), /^a\.flac: the last FLAC frame \(offset \d+\) fails its CRC-16: the file is truncated or corrupt; re-encode it or cut it by bytes$/);
  const corrupt = b.slice();
  corrupt[b.length >> 1] ^= 0x55;
  await refuse(corrupt, /no FLAC frame ends within STREAMINFO's maximum frame size|fails its CRC-16|samples per channel but STREAMINFO says/);
  await refuse(b.subarray(0, 30), /^a\.flac ends inside its FLAC STREAMINFO: the file is truncated$/);
  await refuse(b.subarray(0, 46), /^a\.flac ends inside FLAC metadata block type \d+ at offset 42: the file is truncated$/);
  const noAudio = b.slice(0, 42);
  noAudio[4] |= 0x80; // STREAMINFO is the last block, and nothing follows
  await refuse(noAudio, /^a\.flac has no FLAC frame where its metadata ends \(offset 42\): the file holds no audio or is corrupt$/);
  const wrongTotal = b.slice();
  wrongTotal[8 + 17] ^= 1; // STREAMINFO's total sample count
  await refuse(wrongTotal, /^a\.flac: its FLAC frames hold 132300 samples per channel but STREAMINFO says 13230[01]: the file is truncated or corrupt/);
  await refuse(new Uint8Array([0x4f, 0x67, 0x67, 0x53, 0, 1, 2]), /^dir\/a\.flac looks like Ogg, not FLAC: use --cut dir\/a\.flac:ogg$/);
  await refuse(new Uint8Array(300), /^dir\/a\.flac does not look like FLAC/);
}));

// The Java reference on ffmpeg-made FLAC: sample rates with and without their own header codes,
// 8 to 32 bits, 1 to 6 channels, big frames, compression levels, pictures, noise, corruption.
test('cuts equal the Java reference on ffmpeg-generated FLAC', { skip: oracleMissing }, () => withTempDir(async (dir) => {
  const ff = (/** @type {string} */ name, /** @type {string[]} */ args) => ffmpeg([...args, join(dir, name)]);
  ff('tone.flac', ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100:duration=7', '-c:a', 'flac']);
  ff('noise.flac', ['-f', 'lavfi', '-i', 'anoisesrc=d=6:sample_rate=44100', '-ac', '2', '-c:a', 'flac']);
  ff('n96.flac', ['-f', 'lavfi', '-i', 'anoisesrc=d=4:sample_rate=96000', '-ac', '2', '-sample_fmt', 's32', '-c:a', 'flac']);
  ff('pic.flac', ['-f', 'lavfi', '-i', 'sine=d=3', '-f', 'lavfi', '-i', 'color=red:s=64x64:d=1', '-map', '0', '-map', '1', '-c:a', 'flac', '-c:v', 'png', '-disposition:v', 'attached_pic']);
  for (const r of [8000, 11025, 22050, 32000, 48000, 192000, 44056, 7350]) ff(`r${r}.flac`, ['-f', 'lavfi', '-i', `anoisesrc=d=3:sample_rate=${r}`, '-c:a', 'flac']);
  ff('six.flac', ['-f', 'lavfi', '-i', 'sine=d=4:sample_rate=48000', '-ac', '6', '-c:a', 'flac']);
  ff('big.flac', ['-f', 'lavfi', '-i', 'sine=d=4:sample_rate=16000', '-c:a', 'flac', '-frame_size', '4608']);
  ff('c0.flac', ['-f', 'lavfi', '-i', 'anoisesrc=d=3:sample_rate=44100', '-sample_fmt', 's16', '-c:a', 'flac', '-compression_level', '0']);
  ff('c12.flac', ['-f', 'lavfi', '-i', 'anoisesrc=d=3:sample_rate=44100', '-sample_fmt', 's16', '-c:a', 'flac', '-compression_level', '12']);
  const tone = readFileSync(join(dir, 'tone.flac'));
  writeFileSync(join(dir, 'trunc.flac'), tone.subarray(0, tone.length - 100));
  const corrupt = Buffer.from(tone);
  corrupt[corrupt.length >> 1] ^= 0x55;
  writeFileSync(join(dir, 'corrupt.flac'), corrupt);
  writeFileSync(join(dir, 'meta-only.flac'), tone.subarray(0, 46));
  writeFileSync(join(dir, 'short-meta.flac'), tone.subarray(0, 30));
  writeFileSync(join(dir, 'notflac.flac'), Buffer.concat([Buffer.from('OggS\0'), Buffer.alloc(100)]));
  writeFileSync(join(dir, 'tail-junk.flac'), Buffer.concat([readFileSync(join(dir, 'noise.flac')), Buffer.from('junkjunk')]));
  const files = readdirSync(dir).filter((f) => f.endsWith('.flac')).sort().map((f) => join(dir, f));
  for (const seconds of [1, 2, 30]) {
    const actual = [];
    for (const f of files) {
      try {
        actual.push({ header: true, segments: triples(await cutFlac(chunked(new Uint8Array(readFileSync(f)), 7000), { seconds, name: f })) });
      } catch (e) {
        actual.push({ error: /** @type {Error} */ (e).message });
      }
    }
    assert.deepEqual(actual, javaPlans('flac', seconds, files), `${seconds} s segments`);
  }
}));

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cutOgg, crc32Ogg } from '../lib/format/ogg.js';
import { MediaError } from '../lib/format/media.js';
import { has, oracleMissing, ffmpeg, withTempDir, javaPlans } from './format-oracle.js';

/** @param {Uint8Array} bytes @param {number} size */
async function* chunked(bytes, size) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(bytes.length, i + size));
}
const triples = (/** @type {{segments: {offset: number, start: number, duration: number}[]}} */ c) => c.segments.map((s) => [s.offset, s.start, s.duration]);
const noFfmpeg = !has('ffmpeg') && 'ffmpeg not installed';

test('the sliced Ogg CRC-32 equals the bit-by-bit one at every length and split', () => {
  const slow = (/** @type {Uint8Array} */ b) => {
    let crc = 0;
    for (const x of b) {
      crc ^= x << 24;
      for (let k = 0; k < 8; k++) crc = crc & 0x80000000 ? (crc << 1) ^ 0x04c11db7 : crc << 1;
    }
    return crc | 0;
  };
  const b = new Uint8Array(100).map((_, i) => (i * 151 + 7) & 0xff);
  for (let n = 0; n <= b.length; n++) {
    const whole = crc32Ogg(0, b, 0, n);
    assert.equal(whole, slow(b.subarray(0, n)));
    assert.equal(crc32Ogg(crc32Ogg(0, b, 0, n >> 1), b, n >> 1, n), whole);
  }
  // RFC 3533's check value for "123456789" with this CRC (CRC-32/MPEG-2 without init/xorout: 0x89a1897f).
  assert.equal(crc32Ogg(0, new TextEncoder().encode('123456789'), 0, 9) >>> 0, 0x89a1897f);
});

test('Opus and Vorbis cut into a header segment and page-aligned segments that tile the time', { skip: noFfmpeg }, () => withTempDir(async (dir) => {
  ffmpeg(['-f', 'lavfi', '-i', 'sine=d=7:sample_rate=48000', '-c:a', 'libopus', join(dir, 'a.opus')]);
  ffmpeg(['-f', 'lavfi', '-i', 'sine=d=5:sample_rate=44100', '-c:a', 'libvorbis', join(dir, 'v.ogg')]);
  for (const [file, codec, total] of [['a.opus', 'Opus', 7_000_000], ['v.ogg', 'Vorbis', 5_000_000]]) {
    const bytes = new Uint8Array(readFileSync(join(dir, /** @type {string} */ (file))));
    const plan = await cutOgg(chunked(bytes, 999), { seconds: 2, name: /** @type {string} */ (file) });
    const again = await cutOgg(chunked(bytes, 1), { seconds: 2 });
    assert.deepEqual(triples(again), triples(plan));
    assert.equal(plan.codec, codec);
    assert.equal(plan.header, true);
    assert.deepEqual([plan.segments[0].start, plan.segments[0].duration], [0, 0]);
    assert.ok(plan.segments.length >= 3, `${file}: ${plan.segments.length} segments`);
    for (const s of plan.segments.slice(1)) assert.equal(String.fromCharCode(...bytes.subarray(s.offset, s.offset + 4)), 'OggS');
    const time = plan.segments.reduce((n, s) => n + s.duration, 0);
    assert.ok(Math.abs(time - /** @type {number} */ (total)) < 30_000, `${file}: ${time} µs`);
    assert.equal(plan.segments.reduce((n, s) => n + s.size, 0), bytes.length);
  }
}));

test('chained, multiplexed, corrupt, truncated and non-Opus/Vorbis Ogg are refused with what to do', { skip: noFfmpeg }, () => withTempDir(async (dir) => {
  ffmpeg(['-f', 'lavfi', '-i', 'sine=d=3:sample_rate=44100', '-c:a', 'libvorbis', join(dir, 'a.ogg')]);
  ffmpeg(['-f', 'lavfi', '-i', 'sine=d=2', '-f', 'lavfi', '-i', 'sine=frequency=220:d=2', '-map', '0', '-map', '1', '-c:a', 'libopus', join(dir, 'mux.ogg')]);
  ffmpeg(['-f', 'lavfi', '-i', 'sine=d=2', '-c:a', 'flac', '-f', 'ogg', join(dir, 'flac.ogg')]);
  const a = new Uint8Array(readFileSync(join(dir, 'a.ogg')));
  const refuse = async (/** @type {Uint8Array} */ bytes, /** @type {RegExp} */ message) => {
    await assert.rejects(cutOgg(chunked(bytes, 4096), { seconds: 1, name: 'x/a.ogg' }), (e) => {
      assert.ok(e instanceof MediaError, String(e));
      assert.match(e.message, message);
      return true;
    });
  };
  const chained = new Uint8Array(a.length * 2);
  chained.set(a);
  chained.set(a, a.length);
  await refuse(chained, new RegExp(`^a\\.ogg has data after the end of its Ogg stream \\(offset ${a.length}\\): a chained Ogg file`));
  await refuse(new Uint8Array(readFileSync(join(dir, 'mux.ogg'))), /^a\.ogg holds more than one Ogg logical stream \(page at offset \d+ has serial \d+\): multiplexed Ogg files are not cut; keep one audio stream \(ffmpeg -i IN -map 0:a:0 -c copy OUT\)/);
  await refuse(new Uint8Array(readFileSync(join(dir, 'flac.ogg'))), /^a\.ogg is an Ogg stream of a codec unveil does not cut \(only Opus and Vorbis\)/);
  const bad = a.slice();
  bad[a.length >> 1] ^= 1;
  await refuse(bad, /^a\.ogg: the Ogg page at offset \d+ fails its CRC-32: the file is corrupt/);
  await refuse(a.subarray(0, a.length - 500), /^a\.ogg ends inside the Ogg page at offset \d+: the file is truncated$/);
  const second = a.indexOf(0x4f, 1); // the second page's "OggS"
  await refuse(a.subarray(0, second), /^a\.ogg ends inside its Vorbis headers: the file is truncated$/);
  await refuse(new Uint8Array([0x66, 0x4c, 0x61, 0x43, 0, 0]), /^x\/a\.ogg looks like FLAC, not Ogg: use --cut x\/a\.ogg:flac$/);
}));

test('cuts equal the Java reference on ffmpeg-generated Ogg', { skip: oracleMissing }, () => withTempDir(async (dir) => {
  const ff = (/** @type {string} */ name, /** @type {string[]} */ args) => ffmpeg([...args, join(dir, name)]);
  ff('a.opus', ['-f', 'lavfi', '-i', 'sine=d=7:sample_rate=48000', '-c:a', 'libopus']);
  ff('noise.opus', ['-f', 'lavfi', '-i', 'anoisesrc=d=9:sample_rate=44100', '-ac', '2', '-c:a', 'libopus', '-b:a', '96k']);
  ff('bigpage.opus', ['-f', 'lavfi', '-i', 'sine=d=3:sample_rate=16000', '-c:a', 'libopus', '-page_duration', '2000000']);
  ff('v.ogg', ['-f', 'lavfi', '-i', 'sine=d=5:sample_rate=44100', '-c:a', 'libvorbis']);
  ff('v22.ogg', ['-f', 'lavfi', '-i', 'anoisesrc=d=6:sample_rate=22050', '-ac', '2', '-c:a', 'libvorbis', '-q:a', '8']);
  ff('v8.ogg', ['-f', 'lavfi', '-i', 'sine=d=5:sample_rate=8000', '-c:a', 'libvorbis']);
  ff('mux.ogg', ['-f', 'lavfi', '-i', 'sine=d=2', '-f', 'lavfi', '-i', 'sine=frequency=220:d=2', '-map', '0', '-map', '1', '-c:a', 'libopus']);
  const v = readFileSync(join(dir, 'v.ogg'));
  const bad = Buffer.from(v);
  bad[bad.length >> 1] ^= 1;
  writeFileSync(join(dir, 'bad.ogg'), bad);
  writeFileSync(join(dir, 'trunc.ogg'), v.subarray(0, v.length - 500));
  writeFileSync(join(dir, 'noeos.ogg'), v.subarray(0, v.lastIndexOf('OggS')));
  writeFileSync(join(dir, 'junk.ogg'), Buffer.concat([v, Buffer.from('garbage!')]));
  const a = readFileSync(join(dir, 'a.opus'));
  writeFileSync(join(dir, 'chained.opus'), Buffer.concat([a, a]));
  const files = readdirSync(dir).filter((f) => /\.(ogg|opus)$/.test(f)).sort().map((f) => join(dir, f));
  for (const seconds of [1, 2, 30]) {
    const actual = [];
    for (const f of files) {
      try {
        actual.push({ header: true, segments: triples(await cutOgg(chunked(new Uint8Array(readFileSync(f)), 7000), { seconds, name: f })) });
      } catch (e) {
        actual.push({ error: /** @type {Error} */ (e).message });
      }
    }
    assert.deepEqual(actual, javaPlans('ogg', seconds, files), `${seconds} s segments`);
  }
}));

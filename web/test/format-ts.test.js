import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cutTs, shellQuote } from '../lib/format/ts.js';
import { MediaError } from '../lib/format/media.js';
import { has, oracleMissing, ffmpeg, withTempDir, javaPlans } from './format-oracle.js';

/** @param {Uint8Array} bytes @param {number} size */
async function* chunked(bytes, size) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(bytes.length, i + size));
}
const triples = (/** @type {{segments: {offset: number, start: number, duration: number}[]}} */ c) => c.segments.map((s) => [s.offset, s.start, s.duration]);
const noFfmpeg = !(has('ffmpeg') && has('ffprobe')) && 'ffmpeg not installed';

// The films MpegTsCutterTest makes: 8 s of 25 fps test pattern with a keyframe every 30 frames, and AAC.
const FILM = ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '8'];
const H264 = ['-c:v', 'libx264', '-preset', 'superfast', '-g', '30', '-bf', '2', '-c:a', 'aac'];

/** The file with every PAT and PMT after the first turned into null packets, as MpegTsCutterTest.withoutRepeatedTables. */
function withoutRepeatedTables(/** @type {Uint8Array} */ ts) {
  const out = ts.slice();
  let pat = false, pmt = false;
  for (let at = 0; at < out.length; at += 188) {
    const pid = ((out[at + 1] & 0x1f) << 8) | out[at + 2];
    const isPat = pid === 0, isPmt = pid === 0x1000;
    if ((isPat && pat) || (isPmt && pmt)) { out[at + 1] = 0x1f; out[at + 2] = 0xff; }
    pat ||= isPat;
    pmt ||= isPmt;
  }
  return out;
}

test('shell quoting as Shell.quote', () => {
  assert.equal(shellQuote('dir/a-b_c.ts'), 'dir/a-b_c.ts');
  assert.equal(shellQuote("it's here.ts"), "'it'\\''s here.ts'");
});

test('H.264 and M2TS are cut at a PAT before a keyframe, into segments that tile file and time', { skip: noFfmpeg }, () => withTempDir(async (dir) => {
  ffmpeg([...FILM, ...H264, join(dir, 'h264.ts')]);
  ffmpeg([...FILM, ...H264, '-f', 'mpegts', '-mpegts_m2ts_mode', '1', join(dir, 'film.m2ts')]);
  for (const [file, stride] of [['h264.ts', 188], ['film.m2ts', 192]]) {
    const bytes = new Uint8Array(readFileSync(join(dir, /** @type {string} */ (file))));
    const plan = await cutTs(chunked(bytes, 10_000), { seconds: 2, name: /** @type {string} */ (file), size: bytes.length });
    assert.deepEqual(triples(await cutTs(chunked(bytes, 1), { seconds: 2 })), triples(plan), 'one byte at a time');
    assert.equal(plan.header, false);
    assert.ok(plan.segments.length >= 3, `${file}: ${plan.segments.length} segments`);
    for (const s of plan.segments.slice(1)) {
      assert.equal(s.offset % /** @type {number} */ (stride), 0);
      const at = s.offset + /** @type {number} */ (stride) - 188;
      assert.equal(bytes[at], 0x47);
      assert.equal(((bytes[at + 1] & 0x1f) << 8) | bytes[at + 2], 0, `${file}: the segment at ${s.offset} starts with a PAT`);
      assert.ok(s.start >= 2_000_000 * (plan.segments.indexOf(s)), 'segments hold at least 2 s');
    }
    assert.equal(plan.segments.reduce((n, s) => n + s.size, 0), bytes.length);
    assert.equal(plan.segments.reduce((n, s) => n + s.duration, 0), 8_000_000); // 200 frames of 3600 ticks
  }
}));

test('streams that cannot be cut are refused with the command that fixes them', { skip: noFfmpeg }, () => withTempDir(async (dir) => {
  ffmpeg([...FILM, ...H264, join(dir, 'h264.ts')]);
  ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '8', '-c:a', 'aac', join(dir, 'audio.ts')]);
  ffmpeg([...FILM, '-c:v', 'mpeg4', '-c:a', 'aac', join(dir, 'mp4v.ts')]);
  const h264 = new Uint8Array(readFileSync(join(dir, 'h264.ts')));
  const refuse = async (/** @type {Uint8Array} */ bytes, /** @type {string} */ name, /** @type {RegExp} */ message, /** @type {object} */ extra = {}) => {
    await assert.rejects(cutTs(chunked(bytes, 65536), { seconds: 2, name, ...extra }), (e) => {
      assert.ok(e instanceof MediaError, String(e));
      assert.match(e.message, message);
      return true;
    });
  };
  const once = withoutRepeatedTables(h264);
  await refuse(once, 'my film.ts', /^my film\.ts: no keyframe from 2\.0 s to 4\.\d s \(the last at offset \d+\) comes right after a PAT and a PMT.*ffmpeg -i 'my film\.ts' -map 0 -c copy -mpegts_flags \+pat_pmt_at_frames -f mpegts 'my film-cuttable\.ts'$/);
  assert.equal((await cutTs(chunked(once, 65536), { seconds: 5 })).segments.length, 1, 'shorter than two segments: one segment');
  await refuse(withoutRepeatedTables(new Uint8Array(readFileSync(join(dir, 'audio.ts')))), 'a.ts', /^a\.ts: no audio packet from 2\.0 s to 4\.[^]*-map 0 -c copy -f mpegts a-cuttable\.ts$/);
  await refuse(new Uint8Array(readFileSync(join(dir, 'mp4v.ts'))), 'v.ts', /^v\.ts carries video of stream type 0x10, in which this cutter cannot find keyframes/);
  const cut = h264.subarray(0, h264.length - 50);
  const truncated = /^t\.ts ends 138 bytes into a 188-byte packet: it is truncated \(an interrupted download or copy\?\)\. Fetch it again, or keep the whole packets: ffmpeg -i t\.ts -map 0 -c copy -f mpegts OUT\.ts$/;
  await refuse(cut, 't.ts', truncated, { size: cut.length });
  await refuse(cut, 't.ts', truncated);
  const lost = h264.slice();
  lost[188 * 500] = 0x46;
  await refuse(lost, 'l.ts', /^l\.ts lost TS sync at offset 94000 \(no 0x47 where a packet starts\); the file is corrupt or not an MPEG-TS$/);
  await refuse(h264.subarray(0, 376), 's.ts', /^s\.ts holds no PAT and PMT/);
  await refuse(new Uint8Array(1000), 'z.ts', /^z\.ts does not look like MPEG-TS/);
}));

test('cuts equal the Java reference on ffmpeg-generated transport streams', { skip: oracleMissing }, () => withTempDir(async (dir) => {
  const ff = (/** @type {string} */ name, /** @type {string[]} */ args) => ffmpeg([...args, join(dir, name)]);
  ff('h264.ts', [...FILM, ...H264]);
  ff('hevc.ts', [...FILM, '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'keyint=30:min-keyint=30:open-gop=0:log-level=error', '-tag:v', 'hvc1', '-c:a', 'aac']);
  ff('mpeg2.ts', [...FILM, '-c:v', 'mpeg2video', '-g', '30', '-b:v', '800k', '-c:a', 'aac']);
  ff('audio.ts', ['-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '8', '-c:a', 'aac']);
  ff('film.m2ts', [...FILM, ...H264, '-f', 'mpegts', '-mpegts_m2ts_mode', '1']);
  ff('pat.ts', [...FILM, ...H264, '-mpegts_flags', '+pat_pmt_at_frames']);
  ff('mp4v.ts', [...FILM, '-c:v', 'mpeg4', '-c:a', 'aac']);
  const h = readFileSync(join(dir, 'h264.ts'));
  writeFileSync(join(dir, 'once.ts'), withoutRepeatedTables(h));
  writeFileSync(join(dir, 'audio-once.ts'), withoutRepeatedTables(readFileSync(join(dir, 'audio.ts'))));
  writeFileSync(join(dir, 'twice.ts'), Buffer.concat([h, h]));
  writeFileSync(join(dir, 'trunc.ts'), h.subarray(0, h.length - 50));
  const lost = Buffer.from(h);
  lost[188 * 500] = 0x46;
  writeFileSync(join(dir, 'nosync.ts'), lost);
  writeFileSync(join(dir, 'tiny.ts'), h.subarray(0, 376));
  const files = readdirSync(dir).filter((f) => /\.(ts|m2ts)$/.test(f)).sort().map((f) => join(dir, f));
  for (const seconds of [1, 2, 5, 30]) {
    const actual = [];
    for (const f of files) {
      const bytes = new Uint8Array(readFileSync(f));
      try {
        actual.push({ header: false, segments: triples(await cutTs(chunked(bytes, 7000), { seconds, name: f, size: bytes.length })) });
      } catch (e) {
        actual.push({ error: /** @type {Error} */ (e).message });
      }
    }
    assert.deepEqual(actual, javaPlans('ts', seconds, files), `${seconds} s segments`);
  }
}));

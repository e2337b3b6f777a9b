import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cutFmp4 } from '../lib/format/fmp4.js';
import { MediaError } from '../lib/format/media.js';
import { has, oracleMissing, ffmpeg, withTempDir, javaPlans } from './format-oracle.js';

/** @param {Uint8Array} bytes @param {number} size */
async function* chunked(bytes, size) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, Math.min(bytes.length, i + size));
}
const triples = (/** @type {{segments: {offset: number, start: number, duration: number}[]}} */ c) => c.segments.map((s) => [s.offset, s.start, s.duration]);
const noFfmpeg = !has('ffmpeg') && 'ffmpeg not installed';

// The films Fmp4CutterTest makes: 8 s at 25 fps, a keyframe every 30 frames, AAC.
const FILM = ['-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '8', '-c:v', 'libx264', '-preset', 'superfast', '-g', '30', '-bf', '2', '-c:a', 'aac'];
const FRAGMENTED = ['-movflags', '+frag_keyframe+empty_moov+default_base_moof'];

/** The top-level box type at offset at. */
const boxType = (/** @type {Uint8Array} */ b, /** @type {number} */ at) => String.fromCharCode(...b.subarray(at + 4, at + 8));

test('a fragmented MP4 cuts into its init segment and keyframe fragments', { skip: noFfmpeg }, () => withTempDir(async (dir) => {
  ffmpeg([...FILM, ...FRAGMENTED, join(dir, 'h264.mp4')]);
  ffmpeg(['-i', join(dir, 'h264.mp4'), '-c', 'copy', '-movflags', '+frag_keyframe+empty_moov+default_base_moof+dash', '-write_prft', 'wallclock', join(dir, 'dash.mp4')]);
  for (const file of ['h264.mp4', 'dash.mp4']) {
    const bytes = new Uint8Array(readFileSync(join(dir, file)));
    const plan = await cutFmp4(chunked(bytes, 5000), { seconds: 2, name: file, size: bytes.length });
    assert.deepEqual(triples(await cutFmp4(chunked(bytes, 1), { seconds: 2, size: bytes.length })), triples(plan), 'one byte at a time');
    assert.equal(plan.header, true);
    assert.deepEqual(plan.segments[0], { offset: 0, size: plan.segments[1].offset, start: 0, duration: 0 });
    assert.ok(plan.segments.length >= 4, `${file}: ${plan.segments.length} segments`);
    for (const s of plan.segments.slice(1)) assert.ok(['moof', 'styp', 'sidx', 'prft'].includes(boxType(bytes, s.offset)), `${file}: segment at ${s.offset} starts with ${boxType(bytes, s.offset)}`);
    assert.equal(plan.segments.reduce((n, s) => n + s.duration, 0), 8_000_000);
    assert.equal(plan.segments.reduce((n, s) => n + s.size, 0), bytes.length);
  }
}));

test('plain MP4s and broken files are refused with the remux that fixes them', { skip: noFfmpeg }, () => withTempDir(async (dir) => {
  ffmpeg([...FILM, join(dir, 'plain.mp4')]);
  ffmpeg(['-i', join(dir, 'plain.mp4'), '-c', 'copy', '-movflags', '+faststart', join(dir, 'faststart.mp4')]);
  ffmpeg(['-i', join(dir, 'plain.mp4'), '-c', 'copy', '-movflags', '+frag_keyframe', join(dir, 'first-in-moov.mp4')]);
  ffmpeg([...FILM, ...FRAGMENTED, join(dir, 'h264.mp4')]);
  const refuse = async (/** @type {string} */ file, /** @type {RegExp} */ message, /** @type {Uint8Array} */ bytes = new Uint8Array(readFileSync(join(dir, file)))) => {
    await assert.rejects(cutFmp4(chunked(bytes, 65536), { seconds: 2, name: file, size: bytes.length }), (e) => {
      assert.ok(e instanceof MediaError, String(e));
      assert.match(e.message, message);
      return true;
    });
  };
  const fix = / ffmpeg -i (\S+)\.mp4 -c copy -movflags \+frag_keyframe\+empty_moov\+default_base_moof \1-fragmented\.mp4$/;
  await refuse('plain.mp4', /^plain\.mp4 is a plain \(unfragmented\) MP4: its media data \(mdat\) comes before its moov\./);
  await refuse('plain.mp4', fix);
  await refuse('faststart.mp4', /^faststart\.mp4 is a plain \(unfragmented\) MP4: its moov box has no mvex/);
  await refuse('first-in-moov.mp4', /^first-in-moov\.mp4 is fragmented, but its first samples are indexed by the moov itself \(written without empty_moov\)/);
  const h = new Uint8Array(readFileSync(join(dir, 'h264.mp4')));
  await refuse('t.mp4', /^t\.mp4 has a box 'mdat' of \d+ bytes where its file has \d+ left at offset \d+; the file is corrupt or truncated$/, h.subarray(0, h.length - 1000));
  const moof = h.findIndex((_, i) => boxType(h, i) === 'moof');
  await refuse('i.mp4', /^i\.mp4 is a fragmented MP4 with no fragment \(moof\) after its moov: there is no media to cut$/, h.subarray(0, moof));
  await assert.rejects(cutFmp4(chunked(h, 100), /** @type {any} */ ({ seconds: 2 })), TypeError);
}));

test('cuts equal the Java reference on ffmpeg-generated fragmented MP4s', { skip: oracleMissing }, () => withTempDir(async (dir) => {
  const ff = (/** @type {string} */ name, /** @type {string[]} */ args) => ffmpeg([...args, join(dir, name)]);
  ff('h264.mp4', [...FILM, ...FRAGMENTED]);
  ff('hevc.mp4', [...FILM.slice(0, 10), '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'keyint=30:min-keyint=30:open-gop=0:log-level=error', '-tag:v', 'hvc1', '-c:a', 'aac', ...FRAGMENTED]);
  ff('dash.mp4', ['-i', join(dir, 'h264.mp4'), '-c', 'copy', '-movflags', '+frag_keyframe+empty_moov+default_base_moof+dash', '-write_prft', 'wallclock']);
  ff('audio.mp4', ['-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '8', '-c:a', 'aac', '-movflags', '+empty_moov+default_base_moof', '-frag_duration', '500000']);
  ff('half-second.mp4', ['-i', join(dir, 'h264.mp4'), '-c', 'copy', '-movflags', '+empty_moov+default_base_moof', '-frag_duration', '500000']);
  ff('plain.mp4', FILM);
  ff('faststart.mp4', ['-i', join(dir, 'plain.mp4'), '-c', 'copy', '-movflags', '+faststart']);
  const h = readFileSync(join(dir, 'h264.mp4'));
  writeFileSync(join(dir, 'trunc.mp4'), h.subarray(0, h.length - 1000));
  const moof = h.indexOf('moof') - 4;
  writeFileSync(join(dir, 'nomoov.mp4'), Buffer.concat([Buffer.from('\0\0\0\x10stypmsdh\0\0\0\0', 'latin1'), h.subarray(moof)]));
  writeFileSync(join(dir, 'initonly.mp4'), h.subarray(0, moof));
  const files = readdirSync(dir).filter((f) => f.endsWith('.mp4')).sort().map((f) => join(dir, f));
  for (const seconds of [1, 2, 30]) {
    const actual = [];
    for (const f of files) {
      const bytes = new Uint8Array(readFileSync(f));
      try {
        actual.push({ header: true, segments: triples(await cutFmp4(chunked(bytes, 7000), { seconds, name: f, size: bytes.length })) });
      } catch (e) {
        actual.push({ error: /** @type {Error} */ (e).message });
      }
    }
    assert.deepEqual(actual, javaPlans('fmp4', seconds, files), `${seconds} s segments`);
  }
}));

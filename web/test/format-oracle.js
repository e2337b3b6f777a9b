// Test helper (not a test): runs the Java reference cutters (MediaCutters.plan from a built
// unveil-archive jar) and generates media with ffmpeg, when both are on this machine.

import { existsSync, readdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Whether a program is on PATH.
 * @param {string} tool
 */
export function has(tool) {
  try {
    execFileSync(tool, ['-version'], { stdio: 'ignore' });
    return true;
  } catch (e) {
    return /** @type {any} */ (e).code !== 'ENOENT';
  }
}

const jar = process.env.UNVEIL_ARCHIVE_JAR ?? [join(repo, 'java/unveil-archive/target'), '/work/main/java/unveil-archive/target']
  .flatMap((d) => (existsSync(d) ? readdirSync(d).filter((f) => /^unveil-archive-.*\.jar$/.test(f)).map((f) => join(d, f)) : []))[0];
const java = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin/java') : '/usr/lib/jvm/temurin-25-jdk-amd64/bin/java';

/** Why the Java comparison cannot run here, or false when it can. */
export const oracleMissing = !jar ? 'no built unveil-archive jar (set UNVEIL_ARCHIVE_JAR)' : !existsSync(java) ? 'no JDK (set JAVA_HOME)' : !has('ffmpeg') ? 'no ffmpeg' : false;

/**
 * Runs ffmpeg quietly.
 * @param {string[]} args
 */
export function ffmpeg(args) {
  execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', ...args], { stdio: 'ignore' });
}

/**
 * A fresh temporary directory, removed after fn.
 * @template T
 * @param {(dir: string) => Promise<T>} fn
 * @returns {Promise<T>}
 */
export async function withTempDir(fn) {
  const dir = mkdtempSync(join(tmpdir(), 'unveil-format-'));
  try {
    return await fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * What Java's MediaCutters.plan gives for each file: {header, segments: [[offset, start, duration]]} or {error}.
 * @param {string} format
 * @param {number} seconds
 * @param {string[]} files
 * @returns {unknown[]}
 */
export function javaPlans(format, seconds, files) {
  const dir = mkdtempSync(join(tmpdir(), 'unveil-oracle-'));
  try {
    writeFileSync(join(dir, 'Oracle.java'), ORACLE);
    return JSON.parse(execFileSync(java, ['-cp', /** @type {string} */ (jar), join(dir, 'Oracle.java'), format, String(seconds), ...files], { encoding: 'utf8' }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints MediaCutters.plan for each file as JSON. */
const ORACLE = `
import java.nio.file.Path;
import org.unveil.archive.internal.media.*;
public class Oracle {
  public static void main(String[] a) throws Exception {
    MediaFormat f = MediaCutters.named(a[0]);
    int seconds = Integer.parseInt(a[1]);
    StringBuilder sb = new StringBuilder("[");
    for (int i = 2; i < a.length; i++) {
      if (i > 2) sb.append(',');
      try {
        MediaPlan p = MediaCutters.plan(Path.of(a[i]), a[i], f, seconds);
        sb.append("{\\"header\\":").append(p.headerSegment()).append(",\\"segments\\":[");
        for (int j = 0; j < p.segments().size(); j++) {
          MediaPlan.Segment s = p.segments().get(j);
          if (j > 0) sb.append(',');
          sb.append('[').append(s.offset()).append(',').append(s.startMicros()).append(',').append(s.durationMicros()).append(']');
        }
        sb.append("]}");
      } catch (IllegalArgumentException e) {
        sb.append("{\\"error\\":\\"").append(e.getMessage().replace("\\\\", "\\\\\\\\").replace("\\"", "\\\\\\"")).append("\\"}");
      }
    }
    System.out.println(sb.append(']'));
  }
}
`;

// Shared by the ipfs-*.test.js files: deterministic content, an in-memory block store, and the
// Helia harness of java/unveil-ipfs/src/test/js (an independent implementation to compare with).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** node_modules of the Java module's Helia harness (npm ci there installs it). */
export const HELIA_MODULES = fileURLToPath(new URL('../../java/unveil-ipfs/src/test/js/node_modules/', import.meta.url));
/** Why Helia tests are skipped, or false when the harness is installed. */
export const HELIA_MISSING = existsSync(HELIA_MODULES + 'ipfs-unixfs-importer') ? false
  : 'Helia harness not installed: run npm ci in java/unveil-ipfs/src/test/js';

/**
 * Imports a module of the Helia harness by path inside its node_modules.
 * @param {string} path e.g. 'ipfs-unixfs-importer/dist/src/index.js'
 */
export function helia(path) {
  return import(HELIA_MODULES + path);
}

/**
 * `size` bytes where every 1 KiB differs (so leaves differ), in pieces of `piece` bytes.
 * @param {number} size
 * @param {number} [piece]
 * @returns {AsyncGenerator<Uint8Array>}
 */
export async function* pattern(size, piece = 1 << 20) {
  for (let off = 0; off < size; off += piece) {
    const n = Math.min(piece, size - off);
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const p = off + i;
      out[i] = (Math.imul(p, 0x9e3779b1) >>> 24) ^ (p >>> 10);
    }
    yield out;
  }
}

/** @param {number} size */
export async function patternBytes(size) {
  const out = new Uint8Array(size);
  let o = 0;
  for await (const p of pattern(size)) { out.set(p, o); o += p.length; }
  return out;
}

/** An in-memory block store: onBlock sink plus a loader for walkDag. */
export function memoryStore() {
  /** @type {Map<string, Uint8Array>} */
  const blocks = new Map();
  return {
    blocks,
    /** @param {import('../lib/ipfs/cid.js').Cid} cid @param {Uint8Array} bytes */
    onBlock: (cid, bytes) => { blocks.set(cid.toString(), bytes); },
    /** @param {import('../lib/ipfs/cid.js').Cid} cid */
    load: async (cid) => {
      if (cid.isIdentity) return cid.digest;
      const b = blocks.get(cid.toString());
      if (b === undefined) throw new Error(`block ${cid} not in the test store`);
      return b;
    },
  };
}

/** @param {AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>} stream */
export async function collect(stream) {
  const parts = [];
  let n = 0;
  for await (const p of /** @type {AsyncIterable<Uint8Array>} */ (stream)) { parts.push(p.slice()); n += p.length; } // a chunk may be valid only until the next
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** The Java CLI's jar (UNVEIL_JAR overrides, e.g. to try another build). */
export const JAR = process.env.UNVEIL_JAR ?? fileURLToPath(new URL('../../java/unveil-cli/target/unveil.jar', import.meta.url));
/** The JDK the launcher would pick (scripts/lib/java.sh: the machine default may be too old), or null. */
export const JAVA = findJava();
/** Why tests of the Java CLI are skipped, or false. */
export const JAVA_MISSING = !existsSync(JAR) ? 'Java CLI not built (cd java && ./mvnw -DskipTests package -pl unveil-cli -am)'
  : JAVA === null ? 'no JDK 21 or newer found' : false;

function findJava() {
  const lib = fileURLToPath(new URL('../../scripts/lib/java.sh', import.meta.url));
  try {
    const home = execFileSync('bash', ['-c', `. '${lib}' && unveil_find_java && printf %s "$JAVA_HOME"`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return join(home, 'bin', 'java');
  } catch {
    return null;
  }
}

/**
 * Runs `unveil ipfs ARGS --repo REPO --json` and parses its answer.
 * @param {string} repo
 * @param {...string} args
 * @returns {any}
 */
export function unveilIpfs(repo, ...args) {
  const out = execFileSync(/** @type {string} */ (JAVA), ['-Xmx192m', '-jar', JAR, 'ipfs', ...args, '--repo', repo, '--json'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return JSON.parse(out);
}

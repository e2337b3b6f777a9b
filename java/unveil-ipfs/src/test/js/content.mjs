// Deterministic test content that the Java tests generate identically (TestContent.pattern):
// chunk i of 1 MiB is a fixed pseudo-random block whose first four bytes are i (big-endian),
// so every leaf differs and gigabytes cost no disk.
const CHUNK = 1024 * 1024
const base = new Uint8Array(CHUNK)
for (let j = 0; j < CHUNK; j++) base[j] = Math.imul(j, 0x9E3779B1) >>> 24

/** Yields `size` bytes of the pattern in 1 MiB pieces. */
export async function * pattern (size) {
  for (let off = 0, i = 0; off < size; off += CHUNK, i++) {
    const piece = base.slice(0, Math.min(CHUNK, size - off))
    const stamp = [i >>> 24, (i >>> 16) & 0xff, (i >>> 8) & 0xff, i & 0xff]
    for (let k = 0; k < Math.min(4, piece.length); k++) piece[k] = stamp[k]
    yield piece
  }
}

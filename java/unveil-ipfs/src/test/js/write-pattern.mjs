// Writes SIZE bytes of the shared test pattern (content.mjs) to OUT, for benchmarks.
// Usage: node write-pattern.mjs SIZE OUT
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import { pattern } from './content.mjs'

const [size, out] = process.argv.slice(2)
const file = createWriteStream(out)
for await (const piece of pattern(Number(size))) {
  if (!file.write(piece)) await once(file, 'drain')
}
file.end()
await once(file, 'finish')

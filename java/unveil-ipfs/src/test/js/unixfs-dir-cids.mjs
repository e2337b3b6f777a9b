// Prints "CID type path" (type: file, directory, hamt-sharded-directory) for every entry ipfs-unixfs-importer 17 yields when importing the directory
// tree at argv[2] with profile argv[3] (unixfs-v1-2025 or kubo-legacy, as in unixfs-cids.mjs);
// the root directory's line has path "". Candidates are what @helia/unixfs's globSource would
// give: each regular file with its content, and each empty directory as a path without content.
// Blocks are hashed and dropped: nothing is stored.
import { readdirSync, createReadStream } from 'node:fs'
import { join } from 'node:path'
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'

const discard = { put: async (cid) => cid }
const [root, profile] = process.argv.slice(2)

function options (name) {
  if (name === 'unixfs-v1-2025') return { profile: 'unixfs-v1-2025', wrapWithDirectory: true }
  if (name === 'kubo-legacy') {
    return {
      cidVersion: 1,
      rawLeaves: true,
      chunker: fixedSize({ chunkSize: 256 * 1024 }),
      layout: balanced({ maxChildrenPerNode: 174 }),
      wrapWithDirectory: true
    }
  }
  throw new Error(`unknown profile ${name}`)
}

function * candidates (dir, rel) {
  const entries = readdirSync(dir, { withFileTypes: true })
  if (entries.length === 0 && rel !== '') yield { path: rel }
  for (const e of entries) {
    const path = rel === '' ? e.name : `${rel}/${e.name}`
    if (e.isDirectory()) yield * candidates(join(dir, e.name), path)
    else if (e.isFile()) yield { path, content: createReadStream(join(dir, e.name)) }
    else throw new Error(`${path} is neither a file nor a directory`)
  }
}

for await (const entry of importer(candidates(root, ''), discard, options(profile))) {
  console.log(`${entry.cid.toString()} ${entry.unixfs?.type ?? 'file'} ${entry.path ?? ''}`)
}

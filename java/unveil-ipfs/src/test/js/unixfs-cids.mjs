// Prints, one per line, the CID ipfs-unixfs-importer computes for each "size:profile" argument,
// where profile is unixfs-v1-2025 (the IPIP-499 profile) or kubo-legacy (256 KiB chunks,
// 174 links, raw leaves, CIDv1). Blocks are hashed and dropped: nothing is stored.
import { importer } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { pattern } from './content.mjs'

const discard = { put: async (cid) => cid }

function options (profile) {
  if (profile === 'unixfs-v1-2025') return { profile: 'unixfs-v1-2025' }
  if (profile === 'kubo-legacy') {
    return {
      cidVersion: 1,
      rawLeaves: true,
      chunker: fixedSize({ chunkSize: 256 * 1024 }),
      layout: balanced({ maxChildrenPerNode: 174 })
    }
  }
  throw new Error(`unknown profile ${profile}`)
}

for (const arg of process.argv.slice(2)) {
  const [size, profile] = arg.split(':')
  let last
  for await (const entry of importer([{ content: pattern(Number(size)) }], discard, options(profile))) last = entry
  console.log(`${arg} ${last.cid.toString()}`)
}

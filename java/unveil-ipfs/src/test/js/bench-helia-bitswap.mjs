// Benchmark baseline: two Helia 7 nodes in this process, on loopback TCP (noise, yamux), with
// file-backed blockstores. Node A adds SIZE bytes of the shared test pattern (unixfs-v1-2025);
// node B dials A and reads the file over bitswap, hashing it and writing it to OUT.
// Prints one JSON line: bytes, add and transfer seconds, MiB/s, peak RSS (whole process).
// Usage: node bench-helia-bitswap.mjs SIZE WORKDIR OUT
import { createHash } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { once } from 'node:events'
import { unixfs } from '@helia/unixfs'
import { identify } from '@libp2p/identify'
import { noise } from '@libp2p/noise'
import { tcp } from '@libp2p/tcp'
import { yamux } from '@libp2p/yamux'
import { FsBlockstore } from 'blockstore-fs'
import { createHelia } from 'helia'
import { pattern } from './content.mjs'

const [sizeArg, workdir, out] = process.argv.slice(2)
const size = Number(sizeArg)
// Blocks requested at once while reading. Unbounded (the default) stalled a 1 GiB cat here (the
// 1024 wants of the root go out together and nothing arrives); on 200 MiB, 4 beat 16 and 64.
const CONCURRENCY = Number(process.env.HELIA_BLOCK_READ_CONCURRENCY ?? 4)

async function node (name) {
  const blockstore = new FsBlockstore(`${workdir}/${name}`)
  await mkdir(`${workdir}/${name}`, { recursive: true })
  const helia = await createHelia({
    blockstore,
    routers: [],
    http: { delegatedRouters: [], recursiveGateways: [] },
    libp2p: {
      addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      peerDiscovery: [],
      services: { identify: identify() }
    }
  })
  await helia.start()
  return helia
}

const a = await node('a')
const b = await node('b')
try {
  const t0 = performance.now()
  const cid = await unixfs(a).addByteStream(pattern(size), { profile: 'unixfs-v1-2025' })
  const t1 = performance.now()
  await b.libp2p.dial(a.libp2p.getMultiaddrs()[0])
  const hash = createHash('sha256')
  const file = createWriteStream(out)
  let n = 0
  for await (const chunk of unixfs(b).cat(cid, { blockReadConcurrency: CONCURRENCY })) {
    hash.update(chunk)
    n += chunk.length
    if (!file.write(chunk)) await once(file, 'drain')
  }
  file.end()
  await once(file, 'finish')
  const t2 = performance.now()
  if (n !== size) throw new Error(`received ${n} bytes, expected ${size}`)
  console.log(JSON.stringify({
    impl: 'helia-bitswap',
    cid: cid.toString(),
    bytes: n,
    sha256: hash.digest('hex'),
    addSeconds: (t1 - t0) / 1000,
    transferSeconds: (t2 - t1) / 1000,
    mibPerSecond: n / 1048576 / ((t2 - t1) / 1000),
    peakRssMiB: process.resourceUsage().maxRSS / 1024
  }))
} finally {
  await b.stop()
  await a.stop()
}

// Fetches /ipfs/CID from one trustless gateway with @helia/verified-fetch (Helia over HTTP, every
// block fetched with ?format=raw and hash-checked) and prints "<sha256 hex> <byte count>".
// Usage: node verified-fetch.mjs http://127.0.0.1:PORT CID
import { createHash } from 'node:crypto'
import { withHTTP } from '@helia/http'
import { createVerifiedFetch } from '@helia/verified-fetch'
import { createHeliaLight } from 'helia'

const [gateway, cid] = process.argv.slice(2)
// Helia 7 waits for its non-fallback routers to go idle before asking fallback ones (the
// gateway list); with none configured it never does, so give it one that knows nothing.
const emptyRouter = { name: 'offline', async * findProviders () {} }
const helia = await withHTTP(createHeliaLight({ routers: [emptyRouter] }), {
  delegatedRouters: [],
  recursiveGateways: [gateway],
  allowLocal: true,
  allowInsecure: true
}).start()
const verifiedFetch = await createVerifiedFetch(helia)
try {
  const res = await verifiedFetch(`ipfs://${cid}`, { signal: AbortSignal.timeout(120_000) })
  if (!res.ok) throw new Error(`verified-fetch answered ${res.status} ${await res.text()}`)
  const hash = createHash('sha256')
  let n = 0
  for await (const chunk of res.body) { hash.update(chunk); n += chunk.length }
  console.log(`${hash.digest('hex')} ${n}`)
} finally {
  await verifiedFetch.stop()
  await helia.stop()
}

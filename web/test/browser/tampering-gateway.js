// A gateway that forwards to a real one but flips one byte inside the first raw block it relays
// (after the CAR's header and the root), so a client that trusts gateways gets bad bytes.
import { createServer } from 'node:http';

/**
 * @param {string} upstream a gateway base URL
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
export async function tamperingGateway(upstream) {
  const server = createServer(async (req, res) => {
    const r = await fetch(upstream + req.url, { headers: { accept: req.headers.accept ?? '*/*' } });
    const body = new Uint8Array(await r.arrayBuffer());
    // Flip a byte near the end of the response: inside the last block's data, past every header.
    if (body.length > 64) body[body.length - 20] ^= 0xff;
    const headers = Object.fromEntries([...r.headers].filter(([k]) => !['content-length', 'content-encoding', 'transfer-encoding'].includes(k)));
    res.writeHead(r.status, { ...headers, 'access-control-allow-origin': '*', 'content-length': body.length });
    res.end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(undefined)));
  const address = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { url: `http://127.0.0.1:${address.port}`, close: () => new Promise((ok) => server.close(() => ok(undefined))) };
}

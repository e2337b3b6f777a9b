// Starts a real `hardhat node` on a free 127.0.0.1 port and deploys the factory with
// scripts/deploy.js, as the Java devnet does: proves the deployment (and EIP-170) on a real node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFile } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { keccak_256 } from "@noble/hashes/sha3";

const selectorOf = (signature) => Buffer.from(keccak_256(signature)).subarray(0, 4).toString("hex");

const root = fileURLToPath(new URL("../..", import.meta.url));
const hardhat = fileURLToPath(new URL("../../node_modules/hardhat/dist/src/cli.js", import.meta.url));

async function freePort() {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function rpc(url, method, params = []) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  const body = await response.json();
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result;
}

test("scripts/deploy.js deploys the views, factory, implementation and registry to a hardhat node", { timeout: 120_000 }, async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const node = spawn(process.execPath, [hardhat, "node", "--hostname", "127.0.0.1", "--port", String(port)], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  try {
    let up = false;
    for (let i = 0; i < 300 && !up; i++) {
      up = await rpc(url, "eth_chainId").then(() => true, () => false);
      if (!up) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(up, `hardhat node did not answer on ${url}`);
    const { stdout } = await promisify(execFile)(process.execPath, [hardhat, "run", "scripts/deploy.js", "--network", "localhost"], {
      cwd: root,
      env: { ...process.env, UNVEIL_RPC: url },
    });
    const deployed = JSON.parse(stdout.trim().split("\n").find((line) => line.startsWith("{")));
    assert.equal(deployed.chainId, 31337);
    for (const key of ["factory", "registry", "implementation", "views"]) {
      assert.match(deployed[key], /^0x[0-9a-f]{40}$/, key);
      const code = await rpc(url, "eth_getCode", [deployed[key], "latest"]);
      assert.ok(code.length > 2, `${key} has code on chain`);
    }
    // registry.factory() answers the factory's address: the two were wired by the constructor.
    const factoryOfRegistry = await rpc(url, "eth_call", [{ to: deployed.registry, data: "0xc45a0155" }, "latest"]);
    assert.equal("0x" + factoryOfRegistry.slice(-40), deployed.factory);
    // factory.views() answers the views deployed first.
    const viewsOfFactory = await rpc(url, "eth_call", [{ to: deployed.factory, data: "0x" + selectorOf("views()") }, "latest"]);
    assert.equal("0x" + viewsOfFactory.slice(-40), deployed.views);
  } finally {
    node.kill("SIGTERM");
  }
});

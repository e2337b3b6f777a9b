// Deploys ReleaseViews, then the ReleaseFactory given it (which deploys the Release implementation
// and the KeyholderRegistry), to a running node and prints one JSON line:
// {"chainId","factory","registry","implementation","views","owner"}.
// Usage: npx hardhat node --hostname 127.0.0.1 --port 8545 &
//        UNVEIL_RPC=http://127.0.0.1:8545 npx hardhat run scripts/deploy.js --network localhost
// The factory's owner (token allow-list admin) is the node's first unlocked account, or UNVEIL_OWNER.
import { readFile } from "node:fs/promises";
import { keccak_256 } from "@noble/hashes/sha3";
import { network } from "hardhat";

const artifact = async (name) =>
  JSON.parse(await readFile(new URL(`../artifacts/contracts/${name}.sol/${name}.json`, import.meta.url), "utf8"));
const { provider } = await network.create();
const rpc = (method, params = []) => provider.request({ method, params });

const [from] = await rpc("eth_accounts");
const owner = process.env.UNVEIL_OWNER ?? from;
if (!/^0x[0-9a-fA-F]{40}$/.test(owner)) throw new Error(`UNVEIL_OWNER is not an address: ${owner}`);
const word = (address) => address.slice(2).toLowerCase().padStart(64, "0");

/** Sends a contract creation and returns the new contract's address once it is mined. */
async function create(name, data) {
  const hash = await rpc("eth_sendTransaction", [{ from, data, gas: "0xf42400" }]);
  let receipt = null;
  for (let i = 0; i < 600 && receipt === null; i++) {
    receipt = await rpc("eth_getTransactionReceipt", [hash]);
    if (receipt === null) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (receipt === null || receipt.status !== "0x1") throw new Error(`${name} deployment ${hash} failed or timed out`);
  return receipt.contractAddress;
}

const views = await create("ReleaseViews", (await artifact("ReleaseViews")).bytecode);
const factory = await create("ReleaseFactory", (await artifact("ReleaseFactory")).bytecode + word(owner) + word(views));

const selector = (signature) => "0x" + Buffer.from(keccak_256(signature)).subarray(0, 4).toString("hex");
const addressAt = async (signature) =>
  "0x" + (await rpc("eth_call", [{ to: factory, data: selector(signature) }, "latest"])).slice(-40);

console.log(
  JSON.stringify({
    chainId: Number(await rpc("eth_chainId")),
    factory,
    registry: await addressAt("registry()"),
    implementation: await addressAt("implementation()"),
    views,
    owner,
  }),
);

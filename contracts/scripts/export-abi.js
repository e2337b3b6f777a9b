#!/usr/bin/env node
// Exports the ABIs of the deployable contracts from Hardhat's artifacts to spec/abi/<Name>.json,
// the only interface Java and the web tool build against. `--check` writes nothing and exits 1
// if spec/abi differs from the compiled artifacts (run by `npm test`, so they never drift).
import { readFile, writeFile, rename, mkdir } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const abiDir = join(root, "..", "spec", "abi");
export const CONTRACTS = ["ReleaseFactory", "Release", "KeyholderRegistry", "ReleaseKeeper"];

export async function artifactAbi(name, dir = "") {
  const file = join(root, "artifacts", "contracts", dir, `${name}.sol`, `${name}.json`);
  return JSON.parse(await readFile(file, "utf8")).abi;
}

// A release answers its views through its fallback, which delegates to ReleaseViews, so the
// exported Release ABI is Release's own followed by the views' functions: what a client calls.
async function releaseAbi() {
  const own = await artifactAbi("Release");
  const ownFunctions = new Set(own.filter((e) => e.type === "function").map((e) => e.name));
  // Both inherit OpenZeppelin's EIP712, whose eip712Domain() (ERC-5267) the release answers itself.
  const views = (await artifactAbi("ReleaseViews")).filter((e) => e.type === "function" && !ownFunctions.has(e.name));
  return [...own, ...views];
}

export async function compiledAbi(name) {
  const abi = name === "Release" ? await releaseAbi() : await artifactAbi(name);
  return JSON.stringify(abi, null, 2) + "\n";
}

export function abiPath(name) {
  return join(abiDir, `${name}.json`);
}

async function exportAll() {
  await mkdir(abiDir, { recursive: true });
  for (const name of CONTRACTS) {
    const target = abiPath(name);
    const temp = `${target}.tmp-${process.pid}`;
    await writeFile(temp, await compiledAbi(name));
    await rename(temp, target);
    console.log(`wrote ${target}`);
  }
}

async function check() {
  const stale = [];
  for (const name of CONTRACTS) {
    const exported = await readFile(abiPath(name), "utf8").catch(() => "");
    if (exported !== (await compiledAbi(name))) stale.push(name);
  }
  if (stale.length > 0) {
    console.error(`spec/abi is stale for ${stale.join(", ")}: run \`npm run export-abi\` in contracts/ and commit spec/abi`);
    process.exit(1);
  }
  console.log(`spec/abi matches the compiled artifacts (${CONTRACTS.join(", ")})`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await (process.argv.includes("--check") ? check() : exportAll());
}

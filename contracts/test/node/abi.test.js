// Fails when spec/abi/*.json differs from the compiled artifacts (run after `hardhat build`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { CONTRACTS, abiPath, artifactAbi, compiledAbi } from "../../scripts/export-abi.js";

for (const name of CONTRACTS) {
  test(`spec/abi/${name}.json matches the compiled ${name}`, async () => {
    const exported = await readFile(abiPath(name), "utf8");
    assert.equal(exported, await compiledAbi(name), `run \`npm run export-abi\` in contracts/ and commit spec/abi/${name}.json`);
  });
}

test("the exported Release ABI carries the protocol's entry points", async () => {
  const abi = JSON.parse(await readFile(abiPath("Release"), "utf8"));
  const names = new Set(abi.filter((e) => e.type === "function").map((e) => e.name));
  for (const fn of ["enrol", "pledge", "publishShare", "authorRelease", "accuse", "settle", "claimRefund"]) {
    assert.ok(names.has(fn), `Release ABI lacks ${fn}`);
  }
});

test("the exported ReleaseKeeper ABI carries the automation entry points", async () => {
  const abi = JSON.parse(await readFile(abiPath("ReleaseKeeper"), "utf8"));
  const names = new Set(abi.filter((e) => e.type === "function").map((e) => e.name));
  for (const fn of ["checkUpkeep", "performUpkeep", "checker", "dueStep"]) {
    assert.ok(names.has(fn), `ReleaseKeeper ABI lacks ${fn}`);
  }
});

const signature = (f) => `${f.name}(${f.inputs.map((i) => i.type).join(",")})`;

test("a release answers every IRelease function, with the interface's mutability", async () => {
  const release = JSON.parse(await readFile(abiPath("Release"), "utf8")).filter((e) => e.type === "function");
  const answered = new Map(release.map((f) => [signature(f), f.stateMutability]));
  assert.equal(answered.size, release.length, "no function is in both Release and ReleaseViews");
  const declared = (await artifactAbi("IRelease", "interfaces")).filter((e) => e.type === "function");
  for (const f of declared) {
    assert.equal(answered.get(signature(f)), f.stateMutability, `Release answers ${signature(f)} as declared`);
  }
  // eip712Domain() is ERC-5267, from OpenZeppelin's EIP712, not a protocol function.
  const extra = [...answered.keys()].filter((s) => s !== "eip712Domain()" && !declared.some((f) => signature(f) === s));
  assert.deepEqual(extra, [], "nothing a release answers is missing from IRelease");
});

test("ReleaseViews, which runs with a release's authority, only has views", async () => {
  const views = await artifactAbi("ReleaseViews");
  for (const e of views) {
    if (e.type === "function") assert.ok(["view", "pure"].includes(e.stateMutability), `${e.name} is ${e.stateMutability}`);
    assert.ok(!["fallback", "receive"].includes(e.type), `ReleaseViews has a ${e.type}`);
  }
});

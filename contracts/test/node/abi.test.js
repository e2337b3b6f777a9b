// Fails when spec/abi/*.json differs from the compiled artifacts (run after `hardhat build`).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { CONTRACTS, abiPath, compiledAbi } from "../../scripts/export-abi.js";

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

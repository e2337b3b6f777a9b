// Solidity tests run without EIP-170's limit, so the limit is checked here on the artifacts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";

const MAX_RUNTIME = 24_576; // EIP-170
const MAX_INITCODE = 49_152; // EIP-3860

for (const name of ["ReleaseFactory", "Release", "ReleaseViews", "KeyholderRegistry", "ReleaseKeeper"]) {
  test(`${name} fits the EVM code size limits`, async () => {
    const url = new URL(`../../artifacts/contracts/${name}.sol/${name}.json`, import.meta.url);
    const artifact = JSON.parse(await readFile(url, "utf8"));
    const runtime = (artifact.deployedBytecode.length - 2) / 2;
    const initcode = (artifact.bytecode.length - 2) / 2;
    assert.ok(runtime > 0 && runtime <= MAX_RUNTIME, `${name} runtime is ${runtime} bytes (max ${MAX_RUNTIME})`);
    assert.ok(initcode <= MAX_INITCODE, `${name} initcode is ${initcode} bytes (max ${MAX_INITCODE})`);
  });
}

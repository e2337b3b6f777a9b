// Hardhat 3 configuration. solc comes from the npm package `solc` (solc-js, wasm): Hardhat's own
// compiler download site is unreachable on this project's machines, so the compiler is pinned here.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

// The CI profile runs the numbers the threat model asks for: fuzz >= 10,000 runs (the sampling fuzz
// 1,000, set inline: each of its runs builds a tree of up to 10,000 leaves), invariants 1,024 runs x
// depth 100 for all four campaigns (release and registry, each in ETH and in an ERC-20, Sampling
// included). Depth 100, the floor, not 128: a handler action scans every release of the run, so a
// campaign's cost grows with the square of the depth, and at 128 the step took about 20 minutes of
// a 2-core machine; scripts/test.sh runs each invariant file in a process of its own beside the other tests.
// An action the runner did not draw in a run is not required to have succeeded in it. The default
// profile keeps local runs quick. Fuzz seeds are Hardhat's fixed default, so runs are reproducible.
// The shared vectors, so the contracts' fragment-key derivation is checked against Java's.
const VECTORS = { readFile: ["../spec/vectors/fragment-keys.json"] };
/** @type {import("hardhat/config").HardhatUserConfig} */
export default {
  networks: {
    // A node started with `npx hardhat node --hostname 127.0.0.1 [--port P]` (or UNVEIL_RPC).
    localhost: { type: "http", url: process.env.UNVEIL_RPC ?? "http://127.0.0.1:8545" },
  },
  solidity: {
    profiles: {
      default: {
        version: "0.8.30",
        path: require.resolve("solc/soljson.js"),
        settings: {
          optimizer: { enabled: true, runs: 200 },
          evmVersion: "cancun",
        },
      },
    },
  },
  test: {
    solidity: {
      profiles: {
        default: {
          fsPermissions: VECTORS,
          fuzz: { runs: 256 },
          invariant: { runs: 32, depth: 100, failOnRevert: false },
        },
        ci: {
          fsPermissions: VECTORS,
          fuzz: { runs: 10_000 },
          invariant: { runs: 1_024, depth: 100, failOnRevert: false },
        },
      },
    },
  },
};

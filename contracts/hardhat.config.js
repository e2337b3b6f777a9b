// Hardhat 3 configuration. solc comes from the npm package `solc` (solc-js, wasm): Hardhat's own
// compiler download site is unreachable on this project's machines, so the compiler is pinned here.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

// The CI profile runs the numbers the threat model asks for (fuzz >= 10,000 runs, invariants
// >= 1,024 runs x depth 100; depth 128 for all four campaigns, release and registry, each in ETH and
// in an ERC-20, Sampling included: scripts/test.sh runs them in a second process, in parallel with
// the other tests, about 20 minutes wall for the step on a 2-core machine, the other tests' process
// done after about 5; an action the runner did not draw in a run is not required to have succeeded
// in it); the default profile keeps
// local runs quick. Fuzz seeds are Hardhat's fixed default, so runs are reproducible.
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
          fuzz: { runs: 256 },
          invariant: { runs: 32, depth: 100, failOnRevert: false },
        },
        ci: {
          fuzz: { runs: 10_000 },
          invariant: { runs: 1_024, depth: 128, failOnRevert: false },
        },
      },
    },
  },
};

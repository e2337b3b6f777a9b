#!/usr/bin/env bash
# `npm test`: everything the contracts need to pass, in the CI profile, in this order:
# solhint, build + ABI drift check, node:test tests, Solidity tests with coverage (default
# profile; the gate is >= 95% of lines in contracts/), then the Solidity tests in the CI profile
# (fuzz 10,000 runs, invariants 1,024 x 100) with gas statistics.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== solhint ==" >&2
npx solhint --max-warnings 0 'contracts/**/*.sol'
echo "== build, ABI drift check ==" >&2
npx hardhat build --quiet
node scripts/export-abi.js --check
echo "== node:test ==" >&2
node --test 'test/node/*.test.js'
echo "== Solidity tests with coverage (default profile) ==" >&2
npx hardhat test solidity --coverage
node scripts/check-coverage.js 95
echo "== Solidity tests, CI profile, gas statistics ==" >&2
npx hardhat test solidity --test-profile ci --gas-stats

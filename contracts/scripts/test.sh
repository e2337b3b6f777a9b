#!/usr/bin/env bash
# `npm test`: everything the contracts need to pass, in the CI profile, in this order:
# solhint, build + ABI drift check, node:test tests, Solidity tests with coverage (default
# profile; the gate is >= 95% of lines in contracts/), then the Solidity tests in the CI profile
# (fuzz 10,000 runs, invariants 1,024 x 100; the invariant campaigns in a second process in
# parallel) with gas statistics.
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
# Not the gas budgets: coverage instruments every statement, so its gas figures mean nothing (the
# budgets are asserted below, in the CI profile); every line they run is covered by other tests.
mapfile -t covered < <(find test -name '*.t.sol' -not -name 'GasBudget.t.sol' | sort)
npx hardhat test solidity --coverage "${covered[@]}"
node scripts/check-coverage.js 95
# The CI profile in two processes at once (the four invariant campaigns alone take about as long as
# everything else): the campaigns, and every other test file with gas statistics. Both use the
# build above (--no-compile, so they never compile into the same cache at once).
echo "== Solidity tests, CI profile: invariant campaigns in parallel with the rest (gas statistics) ==" >&2
npx hardhat build --quiet
mapfile -t rest < <(find test -name '*.t.sol' -not -path 'test/invariant/*' | sort)
mapfile -t campaigns < <(find test/invariant -name '*.t.sol' | sort)
campaign_log=$(mktemp)
trap 'rm -f "$campaign_log"' EXIT
npx hardhat test solidity --test-profile ci --no-compile "${campaigns[@]}" >"$campaign_log" 2>&1 &
campaign_pid=$!
status=0
npx hardhat test solidity --test-profile ci --no-compile --gas-stats "${rest[@]}" || status=$?
campaign_status=0
wait "$campaign_pid" || campaign_status=$?
echo "== Solidity tests, CI profile: invariant campaigns (exit $campaign_status) ==" >&2
cat "$campaign_log"
[ "$status" -eq 0 ] && [ "$campaign_status" -eq 0 ]

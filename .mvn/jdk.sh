# Finds a JDK 21 or newer and exports JAVA_HOME to it. POSIX sh; sourced by ./mvnw and
# ./dovetail, so both work where the default `java` is older (Debian 12 ships 17).
# Order: $JAVA_HOME, the `java` on PATH, then the usual JDK folders (newest first).

dovetail_jdk_major() { # prints the feature version of the JDK at $1, or nothing
  [ -x "$1/bin/java" ] || return 0
  _dv=""
  if [ -f "$1/release" ]; then
    _dv=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" | head -n 1)
  fi
  if [ -z "$_dv" ]; then
    _dv=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1)
  fi
  [ "$_dv" = "1" ] && _dv=8
  printf '%s' "$_dv"
}

dovetail_jdk_candidates() { # one JDK home per line, in order of preference
  [ -n "${JAVA_HOME:-}" ] && printf '%s\n' "$JAVA_HOME"
  if command -v java >/dev/null 2>&1; then
    _dj=$(command -v java)
    _dj=$(readlink -f "$_dj" 2>/dev/null || printf '%s' "$_dj")
    dirname "$(dirname "$_dj")"
  fi
  for _dd in /usr/lib/jvm /usr/java /opt/java /opt/jdk "${HOME:-/nonexistent}/.sdkman/candidates/java" "${HOME:-/nonexistent}/.jdks"; do
    [ -d "$_dd" ] && find "$_dd" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | sort -rV
  done
  [ -d /Library/Java/JavaVirtualMachines ] &&
    find /Library/Java/JavaVirtualMachines -mindepth 3 -maxdepth 3 -type d -name Home 2>/dev/null | sort -rV
  return 0
}

dovetail_find_jdk() {
  _dtried=""
  _dfound=""
  _dlist=$(dovetail_jdk_candidates)
  _dold_ifs=$IFS
  IFS='
'
  for _dc in $_dlist; do
    _dm=$(dovetail_jdk_major "$_dc")
    [ -n "$_dm" ] || continue
    if [ "$_dm" -ge 21 ] 2>/dev/null; then _dfound=$_dc; break; fi
    _dtried="$_dtried
  $_dc (Java $_dm)"
  done
  IFS=$_dold_ifs
  if [ -n "$_dfound" ]; then
    JAVA_HOME=$_dfound
    export JAVA_HOME
    return 0
  fi
  echo "Dovetail needs a JDK 21 or newer, and none was found." >&2
  if [ -n "$_dtried" ]; then echo "Found only:$_dtried" >&2; else echo "No JDK was found at all (JAVA_HOME, PATH, /usr/lib/jvm, /opt/java ...)." >&2; fi
  echo "Install one (for example: apt-get install openjdk-21-jdk) or set JAVA_HOME to it." >&2
  return 1
}

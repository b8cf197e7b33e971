# Sourced by ./kunren and ./run-tests: sets JAVA_HOME to a JDK 21 or newer.
# Order: $JAVA_HOME if new enough, then java on PATH, then JDKs under /usr/lib/jvm (newest
# first). Reads each JDK's `release` file rather than starting a JVM, to keep startup fast.
java_major() {
  local version=""
  if [[ -f "$1/release" ]]; then
    version="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")"
  fi
  if [[ -z "$version" ]]; then
    version="$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -1)"
  fi
  echo "${version%%.*}"
}
kunren_find_java() {
  local candidate major
  local candidates=() too_old=()
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for candidate in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do candidates+=("${candidate%/}"); done
  for candidate in "${candidates[@]}"; do
    if [[ -x "$candidate/bin/java" && -x "$candidate/bin/javac" ]]; then
      major="$(java_major "$candidate")"
      if [[ -n "$major" && "$major" -ge 21 ]]; then
        export JAVA_HOME="$candidate"
        # Maven's own Guice calls sun.misc.Unsafe, which JDK 24+ warns about on every build;
        # the warning is Maven's, not ours, so a newcomer's first build should not show it.
        if [[ "$major" -ge 24 && "${MAVEN_OPTS:-}" != *sun-misc-unsafe-memory-access* ]]; then
          export MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }--sun-misc-unsafe-memory-access=allow"
        fi
        return 0
      fi
      [[ -n "$major" ]] && too_old+=("Java $major at $candidate")
    elif [[ -x "$candidate/bin/java" ]]; then
      too_old+=("a Java runtime without javac at $candidate")
    fi
  done
  if [[ ${#too_old[@]} -gt 0 ]]; then
    # name what was found, so nobody wonders why the java on their PATH is not enough
    echo "kunren: needs a JDK 21 or newer (java and javac); found only: $(printf '%s; ' "${too_old[@]}" | sed 's/; $//')." >&2
    echo "  Install a JDK 21+ (e.g. apt-get install openjdk-21-jdk-headless), or set JAVA_HOME to one." >&2
  else
    echo "kunren: needs a JDK 21 or newer (java and javac); none found. Install one, or set JAVA_HOME." >&2
  fi
  exit 1
}
kunren_find_java

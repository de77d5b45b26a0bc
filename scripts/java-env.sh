# Sourced by scripts/run-local and .ci/run: finds a JDK 21 or newer and quiets JDK 23+ warnings
# about sun.misc.Unsafe from Maven's and Netty's own libraries.
# Order: $JAVA_HOME when it is 21+, else the newest 21+ JDK under /usr/lib/jvm, else the `java` on
# PATH when it is 21+. The default `java` may stay 17: only this shell's JAVA_HOME and PATH change.

# The Java feature version (17, 21, 25) of the JDK at $1, or 0.
java_feature_of() {
  [ -x "$1/bin/java" ] || { echo 0; return; }
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F= '/java.specification.version/ {gsub(/ /, "", $2); split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); f=1} END {if (!f) print 0}'
}

java_home_found=""
if [ -n "${JAVA_HOME:-}" ] && [ "$(java_feature_of "$JAVA_HOME")" -ge 21 ]; then
  java_home_found="$JAVA_HOME"
else
  best=0
  for candidate in /usr/lib/jvm/*; do
    [ -d "$candidate" ] && [ ! -L "$candidate" ] || continue
    feature=$(java_feature_of "$candidate")
    if [ "$feature" -ge 21 ] && [ "$feature" -gt "$best" ]; then
      best=$feature
      java_home_found="$candidate"
    fi
  done
  if [ -z "$java_home_found" ] && command -v java >/dev/null 2>&1; then
    path_home="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
    [ "$(java_feature_of "$path_home")" -ge 21 ] && java_home_found="$path_home"
  fi
fi
if [ -z "$java_home_found" ]; then
  echo "No JDK 21 or newer found (looked at JAVA_HOME=${JAVA_HOME:-unset}, /usr/lib/jvm/* and the java on PATH)." >&2
  echo "Install one, e.g. 'sudo apt-get install -y openjdk-21-jdk-headless' or Temurin 21/25, or set JAVA_HOME to it." >&2
  exit 1
fi
export JAVA_HOME="$java_home_found"
export PATH="$JAVA_HOME/bin:$PATH:/usr/sbin"
java_feature=$(java_feature_of "$JAVA_HOME")
if [ "$java_feature" -ge 23 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
unset java_home_found best candidate feature path_home
# Debian's Maven 3.8 prints bare ANSI reset codes ("[0m") even in batch mode with -q; jansi's
# noreset switch keeps them out of the build's output.
export MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true"

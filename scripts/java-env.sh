# Sourced by scripts/run-local and .ci/run: picks the JDK and quiets JDK 23+ warnings about
# sun.misc.Unsafe from Maven's and Netty's own libraries.
if [ -x /usr/lib/jvm/temurin-25-jdk-amd64/bin/java ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ]; then
  echo "No JDK found: install Temurin 25 (or any JDK 21+) and set JAVA_HOME" >&2
  exit 1
fi
export PATH="$JAVA_HOME/bin:$PATH:/usr/sbin"
java_feature=$("$JAVA_HOME/bin/java" -XshowSettings:properties -version 2>&1 \
  | awk -F= '/java.specification.version/ {gsub(/ /, "", $2); print $2}')
if [ "${java_feature:-0}" -lt 21 ]; then
  echo "JAVA_HOME=$JAVA_HOME is Java $java_feature; the agents need Java 21 or newer" >&2
  exit 1
fi
if [ "$java_feature" -ge 23 ]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
# Debian's Maven 3.8 prints bare ANSI reset codes ("[0m") even in batch mode with -q; jansi's
# noreset switch keeps them out of the build's output.
export MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true"

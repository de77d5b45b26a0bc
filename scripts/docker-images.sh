#!/usr/bin/env bash
# Builds the agents' container images (docs/containers.md).
#
#   scripts/docker-images.sh base     makes the local base image from this machine's Debian mirror and
#                                     JDK (no registry needed) and prints its tag on stdout
#   scripts/docker-images.sh images   builds both agents' images from the packaged jars
#                                     (mvn package first) on BASE_IMAGE
#   scripts/docker-images.sh all      both: the local base, then the images on it
#   scripts/docker-images.sh base-tag prints the local base's tag without making it
#
# The base is debootstrap's minimal Debian bookworm plus a Java runtime made with jlink from
# JAVA_HOME, at /opt/java/openjdk as in the Temurin images. Its tag is a hash of everything that
# goes into it (the recipe in make_base, the suite, the mirror, the JDK's release file, the module list), so a
# second run on the same machine finds it and skips the ~45 s it takes to make.
#
# Settings (environment):
#   BASE_IMAGE   the runtime base of the agents' images; unset: the local base when `base` made
#                it on this machine for this JDK, else eclipse-temurin:21-jre (pulled from Docker Hub)
#   IMAGE_TAG    tag of the agents' images (default dev)
#   DEBIAN_MIRROR  the mirror debootstrap uses (default: this machine's apt source, else deb.debian.org)
# Without a working Docker engine, `images` prints one line and exits 0: the container tests skip.
set -euo pipefail
cd "$(dirname "$0")/.."

SUITE=bookworm
JLINK_MODULES=java.se,jdk.crypto.ec,jdk.unsupported,jdk.management,jdk.net,jdk.httpserver,jdk.zipfs,jdk.jfr
IMAGE_TAG="${IMAGE_TAG:-dev}"

log() { echo "docker-images: $*" >&2; }

docker_ok() { docker info >/dev/null 2>&1; }

mirror() {
  if [ -n "${DEBIAN_MIRROR:-}" ]; then
    echo "$DEBIAN_MIRROR"
    return
  fi
  local uri
  uri=$(grep -hs -m1 -E '^URIs:.*/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' || true)
  if [ -z "$uri" ]; then
    uri=$(grep -hs -m1 -E '^deb .*/debian/? ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' || true)
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

# The local base's tag: a hash of everything that goes into it (the recipe below, not the rest of
# this script).
base_tag() {
  local hash
  hash=$( { declare -f make_base; echo "$SUITE $(mirror) $JLINK_MODULES"; cat "$JAVA_HOME/release"; } | sha256sum | cut -c1-12)
  echo "autoagent/base:$SUITE-$hash"
}

# Prints the local base image's tag, making the image when it is not there yet.
make_base() {
  : "${JAVA_HOME:?JAVA_HOME must name the JDK to jlink from (. scripts/java-env.sh)}"
  command -v debootstrap >/dev/null 2>&1 || [ -x /usr/sbin/debootstrap ] \
    || { log "debootstrap is missing: apt-get install debootstrap"; exit 1; }
  local url tag
  url=$(mirror)
  tag=$(base_tag)
  if docker image inspect "$tag" >/dev/null 2>&1; then
    log "base $tag is there already"
    echo "$tag"
    return
  fi
  local root started
  started=$(date +%s)
  root=$(mktemp -d "${TMPDIR:-/tmp}/autoagent-base.XXXXXX")
  trap 'rm -rf "$root"' RETURN
  log "making base $tag: debootstrap --variant=minbase $SUITE from $url"
  PATH="$PATH:/usr/sbin:/sbin" debootstrap --variant=minbase "$SUITE" "$root/rootfs" "$url" >"$root/debootstrap.log" 2>&1 \
    || { tail -20 "$root/debootstrap.log" >&2; log "debootstrap failed"; exit 1; }
  log "debootstrap took $(( $(date +%s) - started )) s; jlink $JLINK_MODULES from $JAVA_HOME"
  "$JAVA_HOME/bin/jlink" --add-modules "$JLINK_MODULES" --strip-debug --no-man-pages --no-header-files \
    --compress=zip-6 --output "$root/rootfs/opt/java/openjdk"
  # what an image never needs at run time: apt's lists and caches, documentation, locales
  rm -rf "$root/rootfs/var/lib/apt/lists/"* "$root/rootfs/var/cache/apt/"*.bin "$root/rootfs/var/cache/apt/archives/"*.deb \
    "$root/rootfs/usr/share/doc/"* "$root/rootfs/usr/share/man/"* "$root/rootfs/usr/share/info/"* \
    "$root/rootfs/usr/share/locale/"* "$root/rootfs/var/log/"*.log
  tar --numeric-owner -C "$root/rootfs" -c . | docker import \
    --change 'ENV JAVA_HOME=/opt/java/openjdk' \
    --change 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["bash"]' \
    - "$tag" >/dev/null
  log "base $tag made in $(( $(date +%s) - started )) s"
  echo "$tag"
}

build() {
  local dockerfile=$1 image=$2 jar=$3
  [ -f "$jar" ] || { log "$jar is missing: run mvn package first"; exit 1; }
  local args=(build -q -f "$dockerfile" -t "$image" --build-arg "BASE_IMAGE=${BASE_IMAGE:-eclipse-temurin:21-jre}" .)
  local out status=0
  out=$(mktemp)
  if docker buildx version >/dev/null 2>&1; then
    docker "${args[@]}" >"$out" 2>&1 || status=$?
  else
    # the Debian engine ships no buildx: the classic builder builds these Dockerfiles as they are
    DOCKER_BUILDKIT=0 docker "${args[@]}" >"$out" 2>&1 || status=$?
  fi
  if [ "$status" != 0 ]; then
    cat "$out" >&2
    rm -f "$out"
    log "docker build of $image failed"
    exit 1
  fi
  rm -f "$out"
  log "$image: $(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1 / 1e6}') on ${BASE_IMAGE:-eclipse-temurin:21-jre}"
}

make_images() {
  local started local_base
  started=$(date +%s)
  if [ -z "${BASE_IMAGE:-}" ] && [ -n "${JAVA_HOME:-}" ] && [ -f "$JAVA_HOME/release" ]; then
    # made on this machine by `base` (.ci/run does): use it rather than pulling the public image
    local_base=$(base_tag)
    if docker image inspect "$local_base" >/dev/null 2>&1; then
      BASE_IMAGE=$local_base
    fi
  fi
  build docker/infrastructure-agent.Dockerfile "autoagent/infrastructure-agent:$IMAGE_TAG" \
    agent-infrastructure/target/infrastructure-agent.jar
  build docker/ops-guardian.Dockerfile "autoagent/ops-guardian:$IMAGE_TAG" agent-ops-guardian/target/ops-guardian.jar
  # the sandbox (agent + mock Kubernetes API) on top of the agent's image, for the container tests
  BASE_IMAGE="autoagent/infrastructure-agent:$IMAGE_TAG" build docker/infrastructure-sandbox.Dockerfile \
    "autoagent/infrastructure-sandbox:$IMAGE_TAG" agent-infrastructure/sandbox/target/infrastructure-sandbox.jar
  log "images built in $(( $(date +%s) - started )) s"
}

# One base at a time: `images` waits while `base` is making it (.ci/run makes it in the background
# while Maven builds and tests the modules).
LOCK="${TMPDIR:-/tmp}/autoagent-docker-base.lock"
lock() {
  exec 9>"$LOCK"
  flock -w 900 9 || { log "waited 15 minutes for $LOCK (another base being made?)"; exit 1; }
}

case "${1:-}" in
  base)
    docker_ok || { log "no Docker engine answers (docker info failed)"; exit 1; }
    lock
    make_base
    ;;
  base-tag)
    : "${JAVA_HOME:?JAVA_HOME must name the JDK to jlink from (. scripts/java-env.sh)}"
    base_tag
    ;;
  images)
    if ! docker_ok; then
      echo "docker-images: no Docker engine answers: images not built, the container tests are skipped" >&2
      exit 0
    fi
    lock
    if [ -n "${BASE_IMAGE:-}" ] && [[ "$BASE_IMAGE" == autoagent/base:* ]] && ! docker image inspect "$BASE_IMAGE" >/dev/null 2>&1; then
      log "the local base $BASE_IMAGE is not there: making it failed? (scripts/docker-images.sh base)"
      base_log="${TMPDIR:-/tmp}/autoagent-docker-base.log"   # where .ci/run makes it
      [ ! -f "$base_log" ] || tail -20 "$base_log" >&2
      exit 1
    fi
    make_images
    ;;
  all)
    docker_ok || { log "no Docker engine answers (docker info failed)"; exit 1; }
    lock
    BASE_IMAGE=$(make_base)
    export BASE_IMAGE
    make_images
    ;;
  *)
    echo "usage: $0 base|base-tag|images|all (docs/containers.md)" >&2
    exit 2
    ;;
esac

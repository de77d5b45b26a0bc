# Build from the repository root, after `mvn package` (or scripts/docker-images.sh images):
#   docker build -f docker/infrastructure-agent.Dockerfile -t autoagent/infrastructure-agent .
# BASE_IMAGE is the Java runtime underneath: any image with Java 21+ on PATH and
# bash. The default is the public Temurin JRE; CI builds on a local Debian base with a jlink'ed
# runtime (scripts/docker-images.sh, docs/containers.md). Nothing else differs between the two.
# Runs as uid 1000 with a read-only root filesystem: the agent writes only to /tmp (mount an
# emptyDir or tmpfs there, as the Helm chart does). docker/container-runtime.yaml holds what the
# container tests run it with and the Helm chart must match.
ARG BASE_IMAGE=eclipse-temurin:21-jre
FROM ${BASE_IMAGE}
COPY agent-infrastructure/target/infrastructure-agent.jar /app/infrastructure-agent.jar
# The runbook library is inside the jar; /runbooks (RUNBOOK_DIR) holds the repository's copy, so an
# operator sees what runs and a ConfigMap mounted there adds runbooks or replaces some by id.
COPY runbooks /runbooks
ENV HOME=/tmp \
    RUNBOOK_DIR=/runbooks \
    MALLOC_ARENA_MAX=2 \
    XDG_CONFIG_HOME=/tmp \
    HEALTH_PORT=8080 \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=25 -XX:+UseStringDeduplication -XX:TieredStopAtLevel=1 -XX:ReservedCodeCacheSize=48m -XX:MaxDirectMemorySize=64m -Xss512k -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData -Djava.io.tmpdir=/tmp -Dio.netty.noUnsafe=true"
# Measured with the bench profile (README, Performance): a quarter of the memory limit as heap,
# string deduplication, C1 only and two malloc arenas keep RSS under 256 MiB at 5,000 pods and cost
# less CPU per alert on the 2 cores an agent usually gets. The collector is left to the JVM: Serial
# in the chart's 512Mi (under 1792 MiB or under 2 CPUs), G1 in a container sized for a large
# cluster, where Serial's full collections of a 400 MiB cache paused alerts for 200 ms. The heap needs about
# 8.5 KiB per pod cached: raise the memory limit with the cluster (or set WATCH_NAMESPACES).
USER 1000:1000
EXPOSE 8080
# bash's /dev/tcp keeps the image free of curl; /healthz answers 200 while the process is alive.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${HEALTH_PORT} && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && head -1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-jar", "/app/infrastructure-agent.jar"]

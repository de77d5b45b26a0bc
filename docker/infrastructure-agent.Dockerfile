# syntax=docker/dockerfile:1
# Build from the repository root:
#   docker build -f docker/infrastructure-agent.Dockerfile -t autoagent/infrastructure-agent .
# Runs as uid 1000 with a read-only root filesystem: the agent writes only to /tmp
# (mount an emptyDir there, as the Helm chart does).

FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY pom.xml ./
COPY agent-core/pom.xml agent-core/
COPY common-tools/pom.xml common-tools/
COPY agent-infrastructure/pom.xml agent-infrastructure/
COPY agent-ops-guardian/pom.xml agent-ops-guardian/
COPY agent-core/src agent-core/src
COPY common-tools/src common-tools/src
COPY agent-infrastructure/src agent-infrastructure/src
COPY runbooks runbooks
RUN --mount=type=cache,target=/root/.m2 \
    mvn -B -ntp -q -DskipTests package -pl agent-infrastructure -am

FROM eclipse-temurin:21-jre
COPY --from=build /src/agent-infrastructure/target/infrastructure-agent.jar /app/infrastructure-agent.jar
# The runbook library is inside the jar; RUNBOOK_DIR (default /runbooks, e.g. the chart's ConfigMap)
# adds runbooks or replaces some by id.
ENV HOME=/tmp \
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
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/${HEALTH_PORT} && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && head -1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["java", "-jar", "/app/infrastructure-agent.jar"]

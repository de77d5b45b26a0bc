# The sandbox image: the infrastructure agent's image plus the sandbox jar (the agent with an
# in-process mock Kubernetes API of broken demo workloads, agent-infrastructure/sandbox). The
# container tests run it, since no real cluster is here; the agent's own image carries no mock
# server. Build from the repository root after the agent's image (scripts/docker-images.sh images):
#   docker build -f docker/infrastructure-sandbox.Dockerfile \
#     --build-arg BASE_IMAGE=autoagent/infrastructure-agent:dev -t autoagent/infrastructure-sandbox .
ARG BASE_IMAGE=autoagent/infrastructure-agent:dev
FROM ${BASE_IMAGE}
COPY agent-infrastructure/sandbox/target/infrastructure-sandbox.jar /app/infrastructure-sandbox.jar
ENTRYPOINT ["java", "-jar", "/app/infrastructure-sandbox.jar"]

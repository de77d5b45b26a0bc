package io.autoagent.core.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settings every agent shares, read from environment variables by {@link #fromEnv}. Agent-specific
 * settings live in the agent's own config record, read from the same {@link Env}.
 *
 * @param agentName {@code infrastructure-agent} or {@code ops-guardian}; fixed by the agent
 * @param instanceId this process's id in heartbeats ({@code HOSTNAME}, else random)
 * @param natsUrl {@code NATS_URL} without any user information (for logs; connections use {@code
 *     nats})
 * @param healthPort {@code HEALTH_PORT}; 0 picks a free port
 * @param statusInterval {@code STATUS_INTERVAL_S}
 * @param maxPayloadBytes {@code MAX_PAYLOAD_BYTES}; larger requests are refused
 * @param workers {@code WORKERS}, requests handled at once per consumer
 * @param logFormat {@code LOG_FORMAT}: {@code text} or {@code json}
 * @param ackWait {@code ACK_WAIT_S}: how long JetStream waits for an ack before redelivering
 * @param maxDeliver {@code MAX_DELIVER}: deliveries before a request is given up
 * @param shutdownGrace {@code SHUTDOWN_GRACE_S}: how long in-flight work may finish on SIGTERM
 * @param nats every NATS connection setting ({@code NATS_URL}, credentials, TLS, replicas): see
 *     {@link NatsSettings}
 */
public record AgentConfig(
    String agentName,
    String instanceId,
    String natsUrl,
    int healthPort,
    Duration statusInterval,
    int maxPayloadBytes,
    int workers,
    String logFormat,
    Duration ackWait,
    int maxDeliver,
    Duration shutdownGrace,
    NatsSettings nats) {

  public static final String NATS_URL = "NATS_URL";
  public static final String HEALTH_PORT = "HEALTH_PORT";
  public static final String STATUS_INTERVAL_S = "STATUS_INTERVAL_S";
  public static final String MAX_PAYLOAD_BYTES = "MAX_PAYLOAD_BYTES";
  public static final String WORKERS = "WORKERS";
  public static final String LOG_FORMAT = "LOG_FORMAT";
  public static final String ACK_WAIT_S = "ACK_WAIT_S";
  public static final String MAX_DELIVER = "MAX_DELIVER";
  public static final String SHUTDOWN_GRACE_S = "SHUTDOWN_GRACE_S";

  public static final String DEFAULT_NATS_URL = "nats://nats:4222";
  public static final int DEFAULT_HEALTH_PORT = 8080;
  public static final int DEFAULT_STATUS_INTERVAL_S = 15;
  public static final int DEFAULT_MAX_PAYLOAD_BYTES = 1024 * 1024;
  public static final int DEFAULT_WORKERS = 16;
  public static final int DEFAULT_ACK_WAIT_S = 30;
  public static final int DEFAULT_MAX_DELIVER = 5;
  public static final int DEFAULT_SHUTDOWN_GRACE_S = 20;

  private static final Logger log = LoggerFactory.getLogger(AgentConfig.class);

  public AgentConfig {
    Objects.requireNonNull(agentName, "agentName");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(natsUrl, "natsUrl");
    Objects.requireNonNull(nats, "nats");
  }

  /** Reads and validates; throws {@link ConfigException} naming the first bad variable. */
  public static AgentConfig fromEnv(String agentName, Env env) {
    // Logged here, once per process: every agent reads its shared settings first.
    env.deprecations().forEach(log::warn);
    String host = env.get("HOSTNAME");
    String instanceId =
        host != null ? host : agentName + "-" + UUID.randomUUID().toString().substring(0, 8);
    NatsSettings nats =
        NatsSettings.fromEnv(
            env,
            DEFAULT_NATS_URL,
            instanceId.startsWith(agentName) ? instanceId : agentName + "-" + instanceId);
    return new AgentConfig(
        agentName,
        instanceId,
        nats.serversForLog(),
        env.integer(HEALTH_PORT, DEFAULT_HEALTH_PORT, 0, 65535),
        Duration.ofSeconds(env.integer(STATUS_INTERVAL_S, DEFAULT_STATUS_INTERVAL_S, 1, 3600)),
        env.integer(MAX_PAYLOAD_BYTES, DEFAULT_MAX_PAYLOAD_BYTES, 1024, 64 * 1024 * 1024),
        env.integer(WORKERS, DEFAULT_WORKERS, 1, 1024),
        env.oneOf(LOG_FORMAT, "text", Set.of("text", "json")),
        Duration.ofSeconds(env.integer(ACK_WAIT_S, DEFAULT_ACK_WAIT_S, 1, 3600)),
        env.integer(MAX_DELIVER, DEFAULT_MAX_DELIVER, 1, 100),
        Duration.ofSeconds(env.integer(SHUTDOWN_GRACE_S, DEFAULT_SHUTDOWN_GRACE_S, 0, 600)),
        nats);
  }

  /** The first directory that exists, for settings whose default differs in a pod and locally. */
  public static Path firstExisting(Path preferred, Path local) {
    return Files.isDirectory(preferred) || !Files.isDirectory(local) ? preferred : local;
  }

  public static AgentConfig fromEnv(String agentName, Map<String, String> env) {
    return fromEnv(agentName, new Env(env));
  }
}

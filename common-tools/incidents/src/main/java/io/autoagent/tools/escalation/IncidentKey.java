package io.autoagent.tools.escalation;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * What makes two escalations the same incident: one open ticket per namespace, service and
 * root-cause category. Tickets carry {@link #label()} (this incident) and {@link #serviceLabel()}
 * (any incident of the service, so a healthy analysis can close them all).
 */
public record IncidentKey(String namespace, String service, String category) {

  public static final String LABEL_PREFIX = "autoagent-incident:";
  public static final String SERVICE_LABEL_PREFIX = "autoagent-service:";

  public IncidentKey {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(category, "category");
  }

  /** {@code autoagent-incident:<12 hex of sha-256(namespace/service/category)>}. */
  public String label() {
    return LABEL_PREFIX + hash(namespace + "/" + service + "/" + category);
  }

  public String serviceLabel() {
    return SERVICE_LABEL_PREFIX + hash(namespace + "/" + service);
  }

  static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

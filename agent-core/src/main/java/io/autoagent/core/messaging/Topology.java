package io.autoagent.core.messaging;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.api.StreamInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the JetStream topology match the contract without ever deleting or shrinking anything:
 * missing streams are created, missing subjects are added to existing streams (their other subjects
 * and settings kept).
 */
public final class Topology {

  private static final Logger log = LoggerFactory.getLogger(Topology.class);

  /** JetStream API error code: stream not found. */
  static final int STREAM_NOT_FOUND = 10059;

  private Topology() {}

  /**
   * Creates (one replica) or extends each stream; idempotent and safe to run from many agents at
   * once.
   */
  public static void ensure(JetStreamManagement jsm, List<StreamSpec> specs)
      throws IOException, JetStreamApiException {
    for (StreamSpec spec : specs) {
      ensure(jsm, spec, null);
    }
  }

  /** Creates (with the stores' replica count, in their domain) or extends each stream. */
  public static void ensure(JetStreamStores stores, List<StreamSpec> specs)
      throws IOException, JetStreamApiException {
    JetStreamManagement jsm = stores.management();
    for (StreamSpec spec : specs) {
      ensure(jsm, spec, stores);
    }
  }

  static void ensure(JetStreamManagement jsm, StreamSpec spec, JetStreamStores stores)
      throws IOException, JetStreamApiException {
    StreamInfo info;
    try {
      info = jsm.getStreamInfo(spec.name());
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
        throw e;
      }
      create(jsm, spec, stores);
      return;
    }
    StreamConfiguration existing = info.getConfiguration();
    if (stores != null) {
      stores.checkReplicas(spec.name(), existing.getReplicas());
    }
    List<String> subjects = new ArrayList<>(existing.getSubjects());
    List<String> missing = spec.subjects().stream().filter(s -> !subjects.contains(s)).toList();
    if (missing.isEmpty()) {
      return;
    }
    subjects.addAll(missing);
    jsm.updateStream(StreamConfiguration.builder(existing).subjects(subjects).build());
    log.info(
        "Added subjects {} to stream {} (kept {})", missing, spec.name(), existing.getSubjects());
  }

  private static void create(JetStreamManagement jsm, StreamSpec spec, JetStreamStores stores)
      throws IOException, JetStreamApiException {
    int replicas = stores == null ? 1 : stores.replicas();
    StreamConfiguration.Builder config =
        StreamConfiguration.builder()
            .name(spec.name())
            .subjects(spec.subjects())
            .storageType(StorageType.File)
            .retentionPolicy(spec.workQueue() ? RetentionPolicy.WorkQueue : RetentionPolicy.Limits)
            .duplicateWindow(spec.duplicateWindow())
            .replicas(replicas);
    if (!spec.maxAge().isZero()) {
      config.maxAge(spec.maxAge());
    }
    try {
      jsm.addStream(config.build());
      log.info(
          "Created stream {} with subjects {} and {} replica(s)",
          spec.name(),
          spec.subjects(),
          replicas);
    } catch (JetStreamApiException e) {
      // Another replica created it between our lookup and our create: extend it instead.
      if (e.getApiErrorCode() == 10058) {
        ensure(jsm, spec, stores);
      } else {
        throw e;
      }
    }
  }
}

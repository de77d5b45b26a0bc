package io.autoagent.tools.archive;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.autoagent.core.AgentException;
import io.autoagent.core.Memo;
import io.autoagent.core.json.Json;
import io.autoagent.core.llm.RedactingJsonGenerator;
import io.autoagent.core.llm.Redactor;
import io.autoagent.tools.analysis.Alert;
import io.autoagent.tools.analysis.Change;
import io.autoagent.tools.analysis.Evidence;
import io.autoagent.tools.analysis.EvidenceRedaction;
import io.autoagent.tools.analysis.Finding;
import io.autoagent.tools.analysis.RootCause;
import io.autoagent.tools.analysis.SourceReport;
import io.autoagent.tools.analysis.WorkloadState;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds an analysis's evidence bundle (the alert, the published analysis with its findings, the
 * log lines and events they quote and the changes, and each source's report; see {@link
 * #archive(Evidence, RootCause, JsonNode)}), redacts every string in it with {@link Redactor}, and
 * stores it at {@code <namespace>/<workload>/<reason>/<yyyy-mm-dd>/<pod>.json}.
 *
 * <p>{@code <pod>} is the failing pod: the first pod in the alert's namespace named by a finding of
 * the root cause's category, else by any finding, else the alert's {@code pod} label; without one
 * the alert id stands in its place. The same pod can fail again the same day under another alert,
 * and the object store has no versions to keep the first bundle, so a name already taken by another
 * alert's bundle becomes {@code <pod>_<alert_id>.json}: the first incident keeps the plain name,
 * later ones stay beside it, and the same alert archived again (a redelivery) replaces its own
 * bundle. This costs one metadata read of the plain name (the alert id is stored beside each
 * archive) the first time this process meets the name, none after; when that read fails, the {@code
 * _<alert_id>} name is used, so nothing is overwritten. Two different alerts on the same pod
 * archived at the same instant can still both take the plain name (last writer wins; an S3 bucket
 * with versioning keeps both).
 *
 * <p>Thread-safe.
 */
public final class IncidentArchiver {

  private static final String POD_LABEL = "pod";

  /** Characters of remembered owners kept at most (both sides counted). */
  static final long MAX_REMEMBERED_CHARS = 4L * 1024 * 1024;

  private final ArchiveStore store;
  private final Redactor redactor;

  /**
   * The alert whose bundle holds each plain name, as this process wrote or read it. A name once
   * taken stays taken (bundles are only replaced by their own alert), so a repeat on the same pod
   * needs no metadata read; a name not known here is always read, since another replica may have
   * taken it.
   */
  private final Memo<String, String> owners =
      Memo.ofWeight(MAX_REMEMBERED_CHARS / 4, String::length, String::length);

  /**
   * Incidents and evidence this process handed to the archive worker ({@link
   * ArchiveJob#messageId}).
   */
  private final Memo<String, Boolean> handedOff =
      Memo.ofWeight(MAX_REMEMBERED_CHARS / 4, String::length, v -> 0);

  /** Incidents and evidence this process's worker stored or found stored. */
  private final Memo<String, Boolean> stored =
      Memo.ofWeight(MAX_REMEMBERED_CHARS / 4, String::length, v -> 0);

  private final Clock clock;
  private final ObjectMapper mapper = Json.newMapper();

  public IncidentArchiver(ArchiveStore store, Redactor redactor, Clock clock) {
    this.store = store;
    this.redactor = redactor;
    this.clock = clock;
  }

  /**
   * Archives one analysis and returns its key.
   *
   * @throws io.autoagent.core.AgentException from the store
   */
  public String archive(Evidence evidence, RootCause rootCause, String analysisJson) {
    return archive(evidence, rootCause, parse(analysisJson));
  }

  /**
   * Archives one analysis, given as the published document, and returns its key. The bundle is
   * written straight from the objects through a redacting generator: no intermediate trees.
   *
   * <p>The bundle holds each fact once: the alert as received, the analysis as published (root
   * cause, findings with the log lines and events they quote, changes, recommendations, each
   * source's status), and each source's report without the findings and changes the analysis
   * already carries (its status, detail and the workload's live state). An analysis that is not a
   * published document with findings (none given, or not JSON) is archived beside the root cause,
   * findings and changes themselves, so nothing is lost either way.
   *
   * @throws io.autoagent.core.AgentException from the store
   */
  public String archive(Evidence evidence, RootCause rootCause, JsonNode analysis) {
    byte[] bundle = bundle(evidence, rootCause, analysis);
    String alertId = evidence.alert().alertId();
    Key key = key(evidence, rootCause);
    store.put(key.name(), bundle, alertId);
    if (key.plain()) {
      owners.remember(key.name(), alertId);
    }
    return key.name();
  }

  /**
   * The archive of this analysis, unless this process already handed the same evidence of the same
   * incident (namespace, workload, reason, day, pod) to the archive worker: {@link #probe} then
   * {@link #withBundle} in one call, on one thread (the archive queue splits them between the
   * alert's worker and its hand-off thread). Call {@link #queued} once the job is stored.
   */
  public Optional<ArchiveJob> prepare(
      Evidence evidence, RootCause rootCause, java.util.function.Supplier<JsonNode> analysis) {
    return probe(evidence, rootCause).map(job -> withBundle(job, evidence, rootCause, analysis));
  }

  /**
   * The cheap half of {@link #prepare}, for the alert path: where this analysis's archive goes and
   * its evidence hash, with an empty bundle, unless this process already handed the same evidence
   * of the incident to the archive worker.
   */
  public Optional<ArchiveJob> probe(Evidence evidence, RootCause rootCause) {
    String pod = failingPod(evidence, rootCause);
    ArchiveJob probe =
        new ArchiveJob(
            folder(evidence, rootCause),
            pod == null ? null : safe(pod),
            evidence.alert().alertId(),
            evidenceHash(evidence, rootCause),
            mapper.nullNode());
    return handedOff.known(probe.messageId()) != null ? Optional.empty() : Optional.of(probe);
  }

  /**
   * The costly half of {@link #prepare}, which may run off the alert path: {@code probe} with the
   * redacted bundle of the analysis.
   */
  public ArchiveJob withBundle(
      ArchiveJob probe,
      Evidence evidence,
      RootCause rootCause,
      java.util.function.Supplier<JsonNode> analysis) {
    try {
      JsonNode bundle = mapper.readTree(bundle(evidence, rootCause, analysis.get()));
      return new ArchiveJob(
          probe.folder(), probe.pod(), probe.alertId(), probe.evidenceHash(), bundle);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read back the archive of " + probe.alertId(), e);
    }
  }

  /**
   * Remembers that {@code job} is stored for the worker: the same evidence of the incident is not
   * prepared again.
   */
  public void queued(ArchiveJob job) {
    handedOff.remember(job.messageId(), Boolean.TRUE);
  }

  /**
   * In the archive worker: stores a job's bundle once per incident and evidence. The first bundle
   * of an incident takes the plain {@code <pod>.json} name; the same evidence again (a storm, also
   * after a restart: the hash is kept beside the bundle) is not written; changed evidence from
   * another alert is kept beside it as {@code <pod>_<alert_id>.json}; the plain name's own alert
   * replaces its bundle.
   *
   * @return the key written, empty when the evidence was archived already
   * @throws io.autoagent.core.AgentException from the store (the worker retries a retriable one)
   */
  public Optional<String> store(ArchiveJob job) {
    if (stored.known(job.messageId()) != null) {
      return Optional.empty();
    }
    byte[] bundle;
    try {
      bundle = mapper.writeValueAsBytes(job.bundle());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the archive of " + job.alertId(), e);
    }
    String key = job.folder() + job.pod() + ".json";
    if (job.pod() == null) {
      key = job.folder() + safe(job.alertId()) + ".json";
    } else {
      ArchiveStore.Owner owner;
      try {
        owner = store.ownerAt(key).orElse(null);
      } catch (AgentException e) {
        // Unreadable (S3 without s3:ListBucket answers 403 for a missing key): never overwrite.
        owner = new ArchiveStore.Owner("", null);
      }
      if (owner != null && job.evidenceHash().equals(owner.evidenceHash())) {
        stored.remember(job.messageId(), Boolean.TRUE);
        return Optional.empty();
      }
      if (owner != null && !owner.alertId().equals(job.alertId())) {
        key = job.folder() + job.pod() + "_" + safe(job.alertId()) + ".json";
      }
    }
    store.put(key, bundle, job.alertId(), job.evidenceHash());
    stored.remember(job.messageId(), Boolean.TRUE);
    return Optional.of(key);
  }

  /**
   * What makes two analyses of an incident the same evidence: SHA-256 (first 16 bytes, hex) over
   * the root cause's category and the redacted findings (category, severity, resource, message,
   * quoted log lines and events, attributes but the restart count) and changes. Numbers in messages
   * and quoted lines count as one placeholder, so counters and timestamps (restarts, event counts,
   * log times) do not make a storm's evidence new; another message, log line, attribute or change
   * does.
   */
  public static String evidenceHash(Evidence evidence, RootCause rootCause) {
    StringBuilder text = new StringBuilder(1024).append(rootCause.category()).append('\n');
    for (Finding finding : evidence.findings()) {
      text.append(finding.category())
          .append('|')
          .append(finding.severity())
          .append('|')
          .append(finding.resource());
      uncounted(text.append('|'), finding.message());
      for (String line : finding.evidence()) {
        uncounted(text.append('|'), line);
      }
      new TreeMap<>(finding.attributes())
          .forEach(
              (name, value) -> {
                if (!Finding.ATTR_RESTART_COUNT.equals(name)) {
                  text.append('|').append(name).append('=').append(value);
                }
              });
      text.append('\n');
    }
    for (Change change : evidence.changes()) {
      text.append(change.source())
          .append('|')
          .append(change.revision())
          .append('|')
          .append(change.summary())
          .append('|')
          .append(change.files())
          .append('\n');
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(text.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Appends {@code text} with each run of digits as one {@code #}. */
  private static void uncounted(StringBuilder out, String text) {
    if (text == null) {
      return;
    }
    boolean inNumber = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean digit = c >= '0' && c <= '9';
      if (!digit) {
        out.append(c);
      } else if (!inNumber) {
        out.append('#');
      }
      inNumber = digit;
    }
  }

  /** The redacted bundle of an analysis (see {@link #archive(Evidence, RootCause, JsonNode)}). */
  private byte[] bundle(Evidence evidence, RootCause rootCause, JsonNode analysis) {
    boolean carriesEvidence =
        analysis != null
            && analysis.isObject()
            && analysis.has("findings")
            && analysis.has("changes");
    ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
    // The analysis's own redaction: its workload's Secret-backed variables and the values seen
    // beside them too.
    Redactor scoped = EvidenceRedaction.redactorFor(redactor, evidence);
    try (JsonGenerator json =
        new RedactingJsonGenerator(mapper.getFactory().createGenerator(out), scoped)) {
      json.writeStartObject();
      json.writeFieldName("alert");
      mapper.writeValue(json, evidence.alert());
      if (!carriesEvidence) {
        json.writeFieldName("root_cause");
        mapper.writeValue(json, rootCause);
        json.writeFieldName("findings");
        mapper.writeValue(json, evidence.findings());
        json.writeFieldName("changes");
        mapper.writeValue(json, evidence.changes());
      }
      json.writeFieldName("reports");
      json.writeStartArray();
      for (SourceReport report : evidence.reports()) {
        mapper.writeValue(json, carriesEvidence ? ReportState.of(report) : report);
      }
      json.writeEndArray();
      json.writeFieldName("analysis");
      mapper.writeTree(json, analysis == null ? mapper.nullNode() : analysis);
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot write the archive of " + evidence.alert().alertId(), e);
    }
    return out.toByteArray();
  }

  /** A source's report less its findings and changes, which the published analysis carries. */
  record ReportState(
      String source, SourceReport.Status status, WorkloadState workload, String detail) {
    static ReportState of(SourceReport report) {
      return new ReportState(report.source(), report.status(), report.workload(), report.detail());
    }
  }

  /** An archive's name, and whether it is the plain {@code <pod>.json} one. */
  private record Key(String name, boolean plain) {}

  /**
   * Where this analysis goes (see the class comment); reads the plain pod name's owner unless this
   * process already knows it.
   */
  private Key key(Evidence evidence, RootCause rootCause) {
    Alert alert = evidence.alert();
    String folder = folder(evidence, rootCause);
    String pod = failingPod(evidence, rootCause);
    if (pod == null) {
      return new Key(folder + safe(alert.alertId()) + ".json", false);
    }
    String plain = folder + safe(pod) + ".json";
    Key unique = new Key(folder + safe(pod) + "_" + safe(alert.alertId()) + ".json", false);
    String owner = owners.known(plain);
    if (owner == null) {
      try {
        owner = store.alertIdAt(plain).orElse(null);
      } catch (AgentException e) {
        // Unreadable (for example S3 without s3:ListBucket answers 403 for a missing key): never
        // overwrite.
        return unique;
      }
      if (owner != null) {
        owners.remember(plain, owner);
      }
    }
    return owner == null || owner.equals(alert.alertId()) ? new Key(plain, true) : unique;
  }

  /** {@code <namespace>/<workload>/<reason>/<yyyy-mm-dd>/}, today in UTC. */
  private String folder(Evidence evidence, RootCause rootCause) {
    Alert alert = evidence.alert();
    String reason = alert.reason() != null ? alert.reason() : rootCause.category().name();
    LocalDate day = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    return safe(alert.namespace())
        + "/"
        + safe(alert.service())
        + "/"
        + safe(reason)
        + "/"
        + day
        + "/";
  }

  /** The failing pod's name, or null when the evidence names none. */
  static String failingPod(Evidence evidence, RootCause rootCause) {
    Alert alert = evidence.alert();
    List<Finding> findings = evidence.findings();
    return findings.stream()
        .filter(f -> f.category() == rootCause.category())
        .map(f -> podOf(f, alert.namespace()))
        .filter(Objects::nonNull)
        .findFirst()
        .or(
            () ->
                findings.stream()
                    .map(f -> podOf(f, alert.namespace()))
                    .filter(Objects::nonNull)
                    .findFirst())
        .orElseGet(() -> blankToNull(alert.labels().get(POD_LABEL)));
  }

  /**
   * The pod a finding is about ({@code pod} attribute or a {@code Pod/ns/name} resource) in this
   * namespace.
   */
  private static String podOf(Finding finding, String namespace) {
    String[] resource = finding.resource().split("/", 3);
    if (resource.length == 3 && !resource[1].equals(namespace)) {
      return null;
    }
    String pod = blankToNull(finding.attributes().get(Finding.ATTR_POD));
    if (pod == null && resource.length == 3 && resource[0].equals("Pod")) {
      pod = blankToNull(resource[2]);
    }
    return pod;
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private JsonNode parse(String json) {
    if (json == null) {
      return mapper.nullNode();
    }
    try {
      return mapper.readTree(json);
    } catch (java.io.IOException e) {
      return TextNode.valueOf(json);
    }
  }

  /** {@link Redactor#redact} (which remembers redactions by input). */
  String redact(String text) {
    return redactor.redact(text);
  }

  /**
   * The part with every character outside {@code [A-Za-z0-9._=-]} made {@code _}; never empty, "."
   * or "..".
   */
  static String safe(String part) {
    String out = part;
    int i = 0;
    while (i < part.length() && allowed(part.charAt(i))) {
      i++;
    }
    if (i < part.length()) {
      StringBuilder cleaned = new StringBuilder(part.length());
      part.codePoints().forEach(c -> cleaned.append(allowed(c) ? (char) c : '_'));
      out = cleaned.toString();
    }
    return out.isEmpty() || out.equals(".") || out.equals("..") ? "_" : out;
  }

  private static boolean allowed(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '_'
        || c == '='
        || c == '-';
  }
}

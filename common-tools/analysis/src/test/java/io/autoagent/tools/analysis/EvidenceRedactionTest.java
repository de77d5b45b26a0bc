package io.autoagent.tools.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.core.llm.Redactor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvidenceRedactionTest {

  private final Redactor base = new Redactor();

  private static Evidence evidence(
      List<String> secretVariables,
      List<String> logLines,
      Map<String, String> labels,
      String commitMessage) {
    Alert alert =
        new Alert(
            "a-1",
            "c-1",
            "ledger",
            "vault",
            Severity.CRITICAL,
            "CrashLoopBackOff",
            "ledger restarting",
            labels,
            Map.of(),
            Instant.now(),
            Map.of("note", "see DB_CONN=ctx-value-9"),
            null);
    WorkloadState workload =
        new WorkloadState(
            "Deployment",
            "ledger",
            1,
            0,
            0,
            1,
            Map.of("app", "registry/ledger:v2"),
            "2",
            "complete",
            null,
            Map.of("app", "ledger"),
            secretVariables);
    Finding finding =
        new Finding(
            Category.CRASH_LOOP,
            Severity.HIGH,
            "Pod/vault/ledger-7d9c5b-crash",
            "container app exits with code 1",
            logLines,
            Map.of("pod", "ledger-7d9c5b-crash", "secret", "ledger-db"));
    Change change =
        new Change(
            "git",
            "3f9c2a1b8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b",
            "Dana",
            Instant.now(),
            commitMessage,
            List.of("apps/ledger/deployment.yaml"));
    return new Evidence(
        alert,
        List.of(
            SourceReport.ok("kubernetes", List.of(finding), List.of(), workload),
            SourceReport.ok("git", List.of(), List.of(change), null)));
  }

  @Test
  void redactsTheValuesOfSecretBackedVariablesWhereverTheyAppear() {
    // given DB_CONN comes from a Secret (its name alone is nothing credential-like)
    Evidence raw =
        evidence(
            List.of("DB_CONN"),
            List.of("start DB_CONN=ledgerConn77", "retry via ledgerConn77"),
            Map.of(),
            "rotate: ledgerConn77 was leaked");
    // when
    Evidence out = EvidenceRedaction.redact(base, raw);
    // then the value is gone from the log lines, the commit message and the alert context
    String text = out.toString();
    assertThat(text).doesNotContain("ledgerConn77").doesNotContain("ctx-value-9");
    assertThat(out.findings().getFirst().evidence())
        .containsExactly("start DB_CONN=[REDACTED]", "retry via [REDACTED]");
    assertThat(out.changes().getFirst().summary()).isEqualTo("rotate: [REDACTED] was leaked");
  }

  @Test
  void learnsValuesBesideCredentialKeysAndRedactsThemElsewhere() {
    Evidence raw =
        evidence(
            List.of(),
            List.of(
                "config {'user': 'svc', 'password': 'py-dict-s3cret'}",
                "auth failed for py-dict-s3cret"),
            Map.of("db_password", "label-pw-77"),
            "label-pw-77 was in the chart");
    Evidence out = EvidenceRedaction.redact(base, raw);
    assertThat(out.toString()).doesNotContain("py-dict-s3cret").doesNotContain("label-pw-77");
    assertThat(out.alert().labels()).containsEntry("db_password", "[REDACTED]");
  }

  @Test
  void redactsAPrivateKeyQuotedLineByLineWhole() {
    List<String> lines =
        List.of(
            "loading key",
            "-----BEGIN RSA PRIVATE KEY-----",
            "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMx",
            "Ab3x9Q==",
            "-----END RSA PRIVATE KEY-----",
            "listening on :8080");
    Evidence out = EvidenceRedaction.redact(base, evidence(List.of(), lines, Map.of(), "bump"));
    assertThat(out.findings().getFirst().evidence())
        .containsExactly(
            "loading key",
            "[REDACTED]",
            "[REDACTED]",
            "[REDACTED]",
            "[REDACTED]",
            "listening on :8080");
  }

  @Test
  void keepsNamesIdsAndOrdinaryText() {
    Evidence raw =
        evidence(
            List.of("DB_PASS"),
            List.of("Back-off restarting failed container app"),
            Map.of("team", "core"),
            "Bump ledger to v2");
    Evidence out = EvidenceRedaction.redact(base, raw);
    assertThat(out).isEqualTo(raw);
    assertThat(out.findings().getFirst().attributes()).containsEntry("secret", "ledger-db");
  }
}

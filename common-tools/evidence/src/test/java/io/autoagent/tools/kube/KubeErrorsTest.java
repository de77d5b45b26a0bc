package io.autoagent.tools.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.core.ApiFailure;
import io.autoagent.tools.analysis.SourceReport;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KubeErrorsTest {

  private static KubernetesClientException answered(int code) {
    return new KubernetesClientException("HTTP " + code, code, null);
  }

  @ParameterizedTest
  @ValueSource(ints = {408, 429, 500, 503, 504})
  void callsTimeoutsOverloadAndServerErrorsRetriable(int code) {
    assertThat(KubeErrors.classify(answered(code))).isEqualTo(ApiFailure.RETRIABLE);
    assertThat(KubeErrors.refused(answered(code))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 403, 404, 409, 422})
  void callsOtherAnswersRefusals(int code) {
    assertThat(KubeErrors.refused(answered(code))).isTrue();
  }

  @Test
  void findsTheKubernetesExceptionAnExecutorWrapped() {
    ExecutionException wrapped = new ExecutionException(answered(408));

    assertThat(KubeErrors.status(wrapped)).isEqualTo(408);
    assertThat(KubeErrors.classify(wrapped)).isEqualTo(ApiFailure.RETRIABLE);
  }

  @Test
  void callsAnIoFailureWithoutAnswerUnavailable() {
    KubernetesClientException e =
        new KubernetesClientException("connect failed", new IOException("refused"));

    assertThat(KubeErrors.classify(e)).isEqualTo(ApiFailure.UNAVAILABLE);
    assertThat(KubeErrors.refused(e)).isFalse();
  }

  @Test
  void distinguishesForbiddenAndMissing() {
    assertThat(KubeErrors.classify(answered(403))).isEqualTo(ApiFailure.FORBIDDEN);
    assertThat(KubeErrors.classify(answered(401))).isEqualTo(ApiFailure.FORBIDDEN);
    assertThat(KubeErrors.classify(answered(404))).isEqualTo(ApiFailure.NOT_FOUND);
  }

  @Test
  void reportsA408AsTheApiBeingUnavailableNotAsAnError() {
    SourceReport report = KubeFailures.report("kubernetes", answered(408));
    SourceReport rbac = KubeFailures.report("kubernetes", answered(403));

    assertThat(report.status()).isEqualTo(SourceReport.Status.UNAVAILABLE);
    assertThat(rbac.status()).isEqualTo(SourceReport.Status.ERROR);
    assertThat(report.detail()).startsWith("Kubernetes API unreachable");
    assertThat(rbac.detail()).contains("refused the agent (403)", "RBAC");
  }
}

package io.autoagent.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiFailureTest {

  @ParameterizedTest
  @CsvSource({
    "408, RETRIABLE",
    "429, RETRIABLE",
    "500, RETRIABLE",
    "502, RETRIABLE",
    "503, RETRIABLE",
    "504, RETRIABLE",
    "404, NOT_FOUND",
    "410, NOT_FOUND",
    "401, FORBIDDEN",
    "403, FORBIDDEN",
    "400, PERMANENT",
    "409, PERMANENT",
    "415, PERMANENT",
    "422, PERMANENT"
  })
  void classifiesAnAnswerByItsStatus(int status, ApiFailure expected) {
    assertThat(ApiFailure.of(status, new RuntimeException("HTTP " + status))).isEqualTo(expected);
  }

  @Test
  void treatsA408AsRetriableLikeA429() {
    assertThat(ApiFailure.of(408, null).retriable()).isTrue();
    assertThat(ApiFailure.of(408, null).toException("reading Pod a/b", 408, null))
        .isInstanceOf(RetriableException.class)
        .hasMessage("reading Pod a/b failed (HTTP 408)");
  }

  @Test
  void callsNoAnswerWithAnIoCauseUnavailable() {
    RuntimeException wrapped =
        new RuntimeException("Operation: [get] failed", new SocketTimeoutException("timeout"));

    assertThat(ApiFailure.of(0, wrapped)).isEqualTo(ApiFailure.UNAVAILABLE);
    assertThat(ApiFailure.of(0, new RuntimeException(new IOException("refused"))))
        .isEqualTo(ApiFailure.UNAVAILABLE);
    assertThat(ApiFailure.of(0, new TimeoutException())).isEqualTo(ApiFailure.UNAVAILABLE);
    assertThat(ApiFailure.UNAVAILABLE.retriable()).isTrue();
  }

  @Test
  void callsNoAnswerWithoutAnIoCauseAClientFailureNotWorthRetrying() {
    assertThat(ApiFailure.of(0, new IllegalStateException("cannot deserialize")))
        .isEqualTo(ApiFailure.PERMANENT);
  }

  @Test
  void makesAPermanentExceptionForRefusals() {
    assertThat(ApiFailure.of(403, null).toException("scaling Deployment a/b", 403, null))
        .isInstanceOf(PermanentException.class)
        .hasMessage("scaling Deployment a/b failed (HTTP 403)");
    assertThat(ApiFailure.NOT_FOUND.retriable()).isFalse();
    assertThat(ApiFailure.PERMANENT.retriable()).isFalse();
  }
}

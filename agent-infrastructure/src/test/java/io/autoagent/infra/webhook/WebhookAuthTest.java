package io.autoagent.infra.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.autoagent.infra.webhook.WebhookAuth.Verdict;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class WebhookAuthTest {

  private final WebhookAuth both = WebhookAuth.of("t0ken", "am:pass:word");

  private static String basic(String userColonPassword) {
    return "Basic "
        + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void acceptsTheRightBearerTokenOrBasicCredentials() {
    assertThat(both.check("Bearer t0ken")).isEqualTo(Verdict.ALLOWED);
    assertThat(both.check("bearer   t0ken ")).isEqualTo(Verdict.ALLOWED);
    assertThat(both.check(basic("am:pass:word"))).isEqualTo(Verdict.ALLOWED);
  }

  @Test
  void forbidsWrongCredentials() {
    assertThat(both.check("Bearer t0ke")).isEqualTo(Verdict.WRONG);
    assertThat(both.check("Bearer t0ken2")).isEqualTo(Verdict.WRONG);
    assertThat(both.check(basic("am:pass"))).isEqualTo(Verdict.WRONG);
    assertThat(WebhookAuth.of("t0ken", null).check(basic("am:pass:word"))).isEqualTo(Verdict.WRONG);
  }

  @Test
  void asksForCredentialsWhenNoneAreUsable() {
    assertThat(both.check(null)).isEqualTo(Verdict.MISSING);
    assertThat(both.check("")).isEqualTo(Verdict.MISSING);
    assertThat(both.check("t0ken")).isEqualTo(Verdict.MISSING);
    assertThat(both.check("Digest abc")).isEqualTo(Verdict.MISSING);
    assertThat(both.check("Basic %%%")).isEqualTo(Verdict.MISSING);
  }

  @Test
  void anonymousAllowsEverything() {
    assertThat(WebhookAuth.anonymous().check(null)).isEqualTo(Verdict.ALLOWED);
    assertThat(WebhookAuth.anonymous().check("Bearer anything")).isEqualTo(Verdict.ALLOWED);
  }
}

package io.autoagent.core.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedactorTest {

  private final Redactor redactor = new Redactor();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "aws access key | using key AKIAIOSFODNN7EXAMPLE for s3 | AKIAIOSFODNN7EXAMPLE",
        "aws secret | aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY | wJalrXUtnFEMI",
        "jwt | token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLXBhcnQ | eyJhbGciOiJIUzI1NiJ9",
        "bearer | Authorization: Bearer abcdef0123456789abcdef | abcdef0123456789abcdef",
        "basic | Authorization: Basic dXNlcjpwYXNzd29yZA== | dXNlcjpwYXNzd29yZA==",
        "postgres url | dial postgres://app:s3cr3t-Pa55@db.internal:5432/orders failed | s3cr3t-Pa55",
        "redis url | redis://:hunter22@cache:6379/0 | hunter22",
        "connection string | Server=db;User Id=sa;Password=Tr0ub4dor&3;Database=x | Tr0ub4dor",
        "azure storage | DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=abc123+def456/ghi==;EndpointSuffix=x | abc123+def456",
        "azure sas | https://acct.blob.core.windows.net/c?sv=2022&sig=AbCdEf123%2Bxyz&se=2026 | AbCdEf123",
        "gcp api key | key=AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY | AIzaSyD-9tSrke72PouQMnMX",
        "gcp oauth | ya29.a0AfH6SMBxxxxxxxxxxxxxxxxxx | ya29.a0AfH6SMB",
        "env var | DB_PASSWORD=correct-horse | correct-horse",
        "json field | {\"client_secret\": \"zz-top-secret\"} | zz-top-secret",
        "github token | ghp_1234567890abcdefghijklmnopqrstuvwxyzAB | ghp_1234567890",
      })
  void redacts(String kind, String text, String secret) {
    String out = redactor.redact(text);
    assertThat(out).doesNotContain(secret).contains("[REDACTED");
  }

  @Test
  void redactsAPrivateKeyBlock() {
    String text = "key:\n-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----\ndone";
    assertThat(redactor.redact(text)).isEqualTo("key:\n[REDACTED:private-key]\ndone");
  }

  @Test
  void keepsOrdinaryOperationalText() {
    String text = "Back-off restarting failed container api in pod payments-7d9f8b-x2k4p; exit code 137, "
        + "image registry.example.com/payments:v2.3.1 basic auth failed, secret \"db-creds\" not found";
    assertThat(redactor.redact(text)).isEqualTo(text);
  }

  @Test
  void redactsKnownSecretValuesAnywhere() {
    Redactor withValues = redactor.withLiterals(List.of("plain-value-42", "abc"));
    assertThat(withValues.redact("connecting with plain-value-42 as user abc"))
        .isEqualTo("connecting with [REDACTED:secret] as user abc");
  }

  @Test
  void noneLeavesTextAlone() {
    assertThat(Redactor.NONE.redact("AKIAIOSFODNN7EXAMPLE")).isEqualTo("AKIAIOSFODNN7EXAMPLE");
  }
}

package io.autoagent.tools.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.autoagent.core.AgentException;
import io.autoagent.core.PermanentException;
import io.autoagent.core.RetriableException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** S3's error answers, as S3 sends them (XML body), mapped to the agent's two failure kinds. */
class S3ArchiveStoreErrorsTest {

  private static final List<String> AWS_PROPERTIES =
      List.of(
          "aws.accessKeyId",
          "aws.secretAccessKey",
          "aws.disableEc2Metadata",
          "aws.configFile",
          "aws.sharedCredentialsFile");
  private final Map<String, String> savedProperties = new HashMap<>();
  private final LinkedBlockingQueue<RecordedRequest> puts = new LinkedBlockingQueue<>();
  private MockWebServer server;

  @BeforeEach
  void credentialsInTheDefaultChain(@TempDir Path home) throws Exception {
    AWS_PROPERTIES.forEach(p -> savedProperties.put(p, System.getProperty(p)));
    Path empty = Files.createFile(home.resolve("empty"));
    System.setProperty("aws.configFile", empty.toString());
    System.setProperty("aws.sharedCredentialsFile", empty.toString());
    System.setProperty("aws.disableEc2Metadata", "true");
    System.setProperty("aws.accessKeyId", "AKIAERRORSTEST");
    System.setProperty("aws.secretAccessKey", "secret");
    server = new MockWebServer();
  }

  @AfterEach
  void restore() throws Exception {
    server.close();
    savedProperties.forEach(
        (key, value) -> {
          if (value == null) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
  }

  @ParameterizedTest
  @CsvSource({
    "503, SlowDown, Please reduce your request rate., true",
    "500, InternalError, We encountered an internal error. Please try again., true",
    "400, RequestTimeout, Your socket connection to the server was not read from or written to within the timeout period., true",
    "403, AccessDenied, Access Denied, false",
    "404, NoSuchBucket, The specified bucket does not exist, false",
    "400, InvalidArgument, Invalid Argument, false"
  })
  void mapsTheAnswerToAPutToRetriableOrPermanent(
      int status, String code, String text, boolean retriable) throws Exception {
    // given a bucket that exists (HEAD 200) and answers every PUT with this error
    server.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            if (request.getMethod().equals("HEAD")) {
              return new MockResponse.Builder().code(200).build();
            }
            puts.add(request);
            return new MockResponse.Builder()
                .code(status)
                .addHeader("Content-Type", "application/xml")
                .body(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
                        + code
                        + "</Code><Message>"
                        + text
                        + "</Message><RequestId>R1</RequestId><HostId>H1</HostId></Error>")
                .build();
          }
        });
    server.start();
    S3ArchiveConfig config =
        new S3ArchiveConfig(
            "acme-incidents",
            "autoagent/incidents",
            "eu-west-1",
            server.url("/").uri(),
            true,
            Duration.ofSeconds(20));

    try (S3ArchiveStore store = S3ArchiveStore.open(config)) {
      // when / then
      assertThatThrownBy(
              () -> store.put("shop/a/b/2025-03-04/p.json", "{}".getBytes(StandardCharsets.UTF_8)))
          .isInstanceOf(retriable ? RetriableException.class : PermanentException.class)
          .isInstanceOf(AgentException.class)
          .hasMessage(
              "cannot archive to S3 bucket acme-incidents key autoagent/incidents/shop/a/b/2025-03-04/p.json: "
                  + "HTTP "
                  + status
                  + " "
                  + code
                  + ": "
                  + text);
    }

    // and the request S3 got was the signed, path-style, JSON-typed PUT
    RecordedRequest put = puts.take();
    assertThat(put.getMethod()).isEqualTo("PUT");
    assertThat(put.getUrl().encodedPath())
        .isEqualTo("/acme-incidents/autoagent/incidents/shop/a/b/2025-03-04/p.json");
    assertThat(put.getHeaders().get("Content-Type")).isEqualTo("application/json");
    assertThat(put.getHeaders().get("Authorization"))
        .startsWith("AWS4-HMAC-SHA256 Credential=AKIAERRORSTEST/")
        .contains("/eu-west-1/s3/aws4_request");
    // over plain HTTP the SDK signs the payload in aws-chunked framing
    assertThat(put.getBody().utf8()).startsWith("2;chunk-signature=").contains("\r\n{}\r\n");
  }
}

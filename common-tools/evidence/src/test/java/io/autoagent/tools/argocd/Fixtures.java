package io.autoagent.tools.argocd;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import mockwebserver3.MockResponse;

/** Argo CD JSON fixtures shaped after its OpenAPI description, and responses carrying them. */
final class Fixtures {

  private Fixtures() {}

  static String json(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/argocd/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static MockResponse ok(String body) {
    return new MockResponse.Builder()
        .code(200)
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }

  static MockResponse error(int code, String message) {
    int grpc =
        switch (code) {
          case 401 -> 16;
          case 403 -> 7;
          case 404 -> 5;
          default -> 13;
        };
    return new MockResponse.Builder()
        .code(code)
        .addHeader("Content-Type", "application/json")
        .body(
            "{\"error\":\"" + message + "\",\"code\":" + grpc + ",\"message\":\"" + message + "\"}")
        .build();
  }
}

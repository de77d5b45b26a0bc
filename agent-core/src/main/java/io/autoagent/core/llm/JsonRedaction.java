package io.autoagent.core.llm;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.BufferRecycler;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Redacts a serialized document: a JSON body string by string through {@link
 * RedactingJsonGenerator} (numbers, booleans, names and structure unchanged), anything else as
 * UTF-8 text. Thread-safe.
 */
public final class JsonRedaction {

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(2000).build())
          .build();

  private JsonRedaction() {}

  /** The body with every credential replaced; the same array when nothing changed. */
  public static byte[] redact(byte[] body, Redactor redactor) {
    if (body == null || body.length == 0 || !redactor.enabled()) {
      return body;
    }
    if (!looksLikeJson(body)) {
      String text = new String(body, StandardCharsets.UTF_8);
      String out = redactor.redact(text);
      return out.equals(text) ? body : out.getBytes(StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
    try (JsonParser parser = FACTORY.createParser(body);
        JsonGenerator json = new RedactingJsonGenerator(FACTORY.createGenerator(out), redactor)) {
      while (parser.nextToken() != null) {
        json.copyCurrentStructure(parser);
      }
    } catch (IOException | RuntimeException e) {
      // Not JSON after all (or cut off): redact it as text, never let it through unredacted.
      String text = new String(body, StandardCharsets.UTF_8);
      return redactor.redact(text).getBytes(StandardCharsets.UTF_8);
    }
    return out.toByteArray();
  }

  /**
   * {@code value} serialised by {@code mapper} with every string redacted on the way out: the same
   * bytes as {@code redact(Json.bytes(mapper, value), redactor)}, without parsing the serialised
   * document back and writing it a second time.
   */
  public static byte[] serialize(ObjectMapper mapper, Object value, Redactor redactor) {
    BufferRecycler buffers = mapper.getFactory()._getBufferRecycler();
    try (ByteArrayBuilder out = new ByteArrayBuilder(buffers)) {
      try (JsonGenerator json = new RedactingJsonGenerator(mapper.createGenerator(out), redactor)) {
        mapper.writeValue(json, value);
      }
      return out.getClearAndRelease();
    } catch (IOException e) {
      throw new IllegalStateException("cannot serialise " + value.getClass().getName(), e);
    } finally {
      buffers.releaseToPool();
    }
  }

  private static boolean looksLikeJson(byte[] body) {
    for (byte b : body) {
      if (b == '{' || b == '[') {
        return true;
      }
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return false;
      }
    }
    return false;
  }
}

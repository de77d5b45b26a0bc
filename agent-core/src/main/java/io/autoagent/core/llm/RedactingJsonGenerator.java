package io.autoagent.core.llm;

import com.fasterxml.jackson.core.Base64Variant;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * Writes every string value through a {@link Redactor}: a field named like a credential ({@link
 * Redactor#isSecretKey}) is replaced whole, other strings by pattern; the strings of one array are
 * redacted as one text would be, so a private key quoted line by line goes whole. Field names are
 * written as they are. Binary values are written as their base64 text and raw JSON values are
 * parsed and copied, so both are redacted like the strings a serialise-then-parse pass would have
 * seen. Not thread-safe, like any generator.
 */
public final class RedactingJsonGenerator extends JsonGeneratorDelegate {

  private static final JsonFactory RAW = new JsonFactory();

  private final Redactor redactor;

  /** Per open array: whether its previous string opened a private key that has not ended yet. */
  private final Deque<boolean[]> arrays = new ArrayDeque<>();

  public RedactingJsonGenerator(JsonGenerator delegate, Redactor redactor) {
    super(delegate, false);
    this.redactor = redactor;
  }

  @Override
  public void writeStartArray() throws IOException {
    arrays.push(new boolean[1]);
    super.writeStartArray();
  }

  @Override
  public void writeStartArray(Object forValue) throws IOException {
    arrays.push(new boolean[1]);
    super.writeStartArray(forValue);
  }

  @Override
  public void writeStartArray(Object forValue, int size) throws IOException {
    arrays.push(new boolean[1]);
    super.writeStartArray(forValue, size);
  }

  @Override
  public void writeStartArray(int size) throws IOException {
    arrays.push(new boolean[1]);
    super.writeStartArray(size);
  }

  @Override
  public void writeEndArray() throws IOException {
    arrays.poll();
    super.writeEndArray();
  }

  @Override
  public void writeString(String text) throws IOException {
    if (text == null) {
      super.writeNull();
      return;
    }
    JsonStreamContext context = getOutputContext();
    if (context.inArray() && !arrays.isEmpty()) {
      boolean[] inKey = arrays.peek();
      String out = inKey[0] ? redactor.continueKey(text) : redactor.redact(text);
      inKey[0] = inKey[0] ? !Redactor.closesPrivateKey(text) : Redactor.opensPrivateKey(text);
      super.writeString(out);
      return;
    }
    String name = context.inObject() ? context.getCurrentName() : null;
    super.writeString(
        name != null && redactor.isSecretKey(name) && !text.isEmpty()
            ? Redactor.MARK
            : redactor.redact(text));
  }

  @Override
  public void writeString(char[] text, int offset, int len) throws IOException {
    writeString(new String(text, offset, len));
  }

  @Override
  public void writeString(SerializableString text) throws IOException {
    writeString(text.getValue());
  }

  @Override
  public void writeString(Reader reader, int len) throws IOException {
    StringBuilder text = new StringBuilder();
    char[] buffer = new char[4096];
    int remaining = len < 0 ? Integer.MAX_VALUE : len;
    for (int n;
        remaining > 0 && (n = reader.read(buffer, 0, Math.min(buffer.length, remaining))) > 0;
        remaining -= n) {
      text.append(buffer, 0, n);
    }
    writeString(text.toString());
  }

  @Override
  public void writeUTF8String(byte[] text, int offset, int length) throws IOException {
    writeString(new String(text, offset, length, StandardCharsets.UTF_8));
  }

  @Override
  public void writeRawUTF8String(byte[] text, int offset, int length) throws IOException {
    writeString(new String(text, offset, length, StandardCharsets.UTF_8));
  }

  @Override
  public void writeBinary(Base64Variant variant, byte[] data, int offset, int len)
      throws IOException {
    writeString(variant.encode(Arrays.copyOfRange(data, offset, offset + len)));
  }

  @Override
  public int writeBinary(Base64Variant variant, InputStream data, int dataLength)
      throws IOException {
    byte[] bytes = dataLength < 0 ? data.readAllBytes() : data.readNBytes(dataLength);
    writeBinary(variant, bytes, 0, bytes.length);
    return bytes.length;
  }

  @Override
  public void writeEmbeddedObject(Object object) throws IOException {
    if (object instanceof byte[] bytes) {
      writeBinary(bytes);
    } else {
      super.writeEmbeddedObject(object);
    }
  }

  @Override
  public void writeArray(String[] array, int offset, int length) throws IOException {
    writeStartArray(array, length);
    for (int i = offset; i < offset + length; i++) {
      writeString(array[i]);
    }
    writeEndArray();
  }

  @Override
  public void writeRawValue(String text) throws IOException {
    try (JsonParser parser = RAW.createParser(text)) {
      parser.nextToken();
      copyCurrentStructure(parser);
    }
  }

  @Override
  public void writeRawValue(String text, int offset, int len) throws IOException {
    writeRawValue(text.substring(offset, offset + len));
  }

  @Override
  public void writeRawValue(char[] text, int offset, int len) throws IOException {
    writeRawValue(new String(text, offset, len));
  }
}

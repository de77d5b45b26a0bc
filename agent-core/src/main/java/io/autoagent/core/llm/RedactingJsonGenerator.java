package io.autoagent.core.llm;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes every string value through a {@link Redactor}: a field named like a credential ({@link
 * Redactor#isSecretKey}) is replaced whole, other strings by pattern; the strings of one array are
 * redacted as one text would be, so a private key quoted line by line goes whole. Field names are
 * written as they are. Not thread-safe, like any generator.
 */
public final class RedactingJsonGenerator extends JsonGeneratorDelegate {

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
}

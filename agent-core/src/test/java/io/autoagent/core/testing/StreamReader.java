package io.autoagent.core.testing;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.api.StreamState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads what a stream really stores (not what core subscribers saw), for exactly-once checks. */
public final class StreamReader {

  private StreamReader() {}

  /** A stored message: its subject and body as text. */
  public record Stored(String subject, String body) {}

  /** Every message the stream holds now, in order, optionally only those on one subject prefix. */
  public static List<Stored> readAll(Connection connection, String stream, String subjectPrefix) {
    try {
      JetStreamManagement jsm = connection.jetStreamManagement();
      StreamState state = jsm.getStreamInfo(stream).getStreamState();
      List<Stored> out = new ArrayList<>();
      if (state.getMsgCount() == 0) {
        return out;
      }
      for (long seq = state.getFirstSequence(); seq <= state.getLastSequence(); seq++) {
        MessageInfo info;
        try {
          info = jsm.getMessage(stream, seq);
        } catch (JetStreamApiException e) {
          continue; // deleted or removed by work-queue acks
        }
        if (subjectPrefix == null || info.getSubject().startsWith(subjectPrefix)) {
          out.add(
              new Stored(info.getSubject(), new String(info.getData(), StandardCharsets.UTF_8)));
        }
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (JetStreamApiException e) {
      throw new IllegalStateException(e);
    }
  }
}

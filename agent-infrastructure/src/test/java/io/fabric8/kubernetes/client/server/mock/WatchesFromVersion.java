package io.fabric8.kubernetes.client.server.mock;

import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;
import java.lang.reflect.Field;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * A watch on fabric8's CRUD mock that sends only the changes made after it opened (an API server's
 * watch from a {@code resourceVersion} sends those after the version: the same for a store that did
 * not change since the client's list, which is the benchmark's case). fabric8's own {@code
 * handleWatch} first sends every stored object that matches as ADDED, whatever version the client
 * asked from: at 50,000 pods that is the whole store again for every informer's watch, written
 * while the mock's event loop waits. This lives in fabric8's package because the listener class is
 * package-private; the benchmark's dispatcher is its only user.
 */
public final class WatchesFromVersion {

  private WatchesFromVersion() {}

  /** Opens a watch for {@code query} that sends later changes only. */
  @SuppressWarnings("unchecked")
  public static MockResponse watch(
      KubernetesCrudDispatcher dispatcher, Context context, AttributeSet query) {
    Set<WatchEventsListener> listeners;
    try {
      Field field = KubernetesCrudDispatcher.class.getDeclaredField("watchEventListeners");
      field.setAccessible(true);
      listeners = (Set<WatchEventsListener>) field.get(dispatcher);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("fabric8's CRUD dispatcher changed: " + e, e);
    }
    WatchEventsListener listener =
        new WatchEventsListener(
            context,
            query,
            listeners,
            LoggerFactory.getLogger(WatchesFromVersion.class),
            opened -> {});
    listeners.add(listener);
    return new MockResponse().withWebSocketUpgrade(listener);
  }
}

package io.autoagent.tools.runbook;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the runbook directory with a {@link WatchService} and asks for a rescan on any event.
 * Rescanning the whole directory (rather than the named file) also covers Kubernetes ConfigMap
 * mounts, which swap a {@code ..data} symlink instead of writing the files.
 */
final class DirectoryWatch implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DirectoryWatch.class);

  private final WatchService service;
  private final Thread thread;

  private DirectoryWatch(WatchService service, Path dir, Runnable onChange) {
    this.service = service;
    this.thread =
        Thread.ofPlatform().daemon().name("runbook-dir-watch").unstarted(() -> loop(dir, onChange));
  }

  /** Starts watching; null (with a warning) when the directory cannot be watched. */
  static DirectoryWatch start(Path dir, Runnable onChange) {
    if (!Files.isDirectory(dir)) {
      log.warn("Runbook directory {} does not exist; it is not watched", dir);
      return null;
    }
    try {
      WatchService ws = dir.getFileSystem().newWatchService();
      dir.register(
          ws,
          StandardWatchEventKinds.ENTRY_CREATE,
          StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
      DirectoryWatch w = new DirectoryWatch(ws, dir, onChange);
      w.thread.start();
      return w;
    } catch (IOException e) {
      log.warn(
          "Cannot watch runbook directory {}: {}; call reload() to pick up changes",
          dir,
          e.toString());
      return null;
    }
  }

  private void loop(Path dir, Runnable onChange) {
    try {
      while (true) {
        WatchKey key = service.take();
        key.pollEvents(); // any event, including OVERFLOW, means: rescan
        onChange.run();
        if (!key.reset()) {
          log.warn("Runbook directory {} is no longer watchable; keeping the runbooks loaded", dir);
          return;
        }
      }
    } catch (ClosedWatchServiceException | InterruptedException e) {
      // closed: stop quietly
    }
  }

  @Override
  public void close() {
    try {
      service.close();
    } catch (IOException e) {
      log.debug("Closing the runbook directory watch failed", e);
    }
    thread.interrupt();
  }
}

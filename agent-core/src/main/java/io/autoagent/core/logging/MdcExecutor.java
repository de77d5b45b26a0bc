package io.autoagent.core.logging;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.MDC;

/**
 * An executor that runs each task with the MDC of the thread that submitted it (alert id,
 * namespace, workload, ...), and restores the worker's own MDC afterwards, so that log lines
 * written for an alert on another thread (an evidence source, an on-demand read) still say which
 * alert they belong to. Wraps any {@link ExecutorService}; shutting it down shuts the delegate
 * down.
 */
public final class MdcExecutor extends AbstractExecutorService {

  private final ExecutorService delegate;

  private MdcExecutor(ExecutorService delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** {@code delegate}, with the submitter's MDC carried into every task. */
  public static ExecutorService wrap(ExecutorService delegate) {
    return delegate instanceof MdcExecutor ? delegate : new MdcExecutor(delegate);
  }

  /** {@code task}, to run with the MDC the calling thread has now. */
  public static Runnable carrying(Runnable task) {
    Map<String, String> context = MDC.getCopyOfContextMap();
    return () -> {
      Map<String, String> previous = MDC.getCopyOfContextMap();
      set(context);
      try {
        task.run();
      } finally {
        set(previous);
      }
    };
  }

  private static void set(Map<String, String> context) {
    if (context == null || context.isEmpty()) {
      MDC.clear();
    } else {
      MDC.setContextMap(context);
    }
  }

  @Override
  public void execute(Runnable command) {
    delegate.execute(carrying(command));
  }

  @Override
  public void shutdown() {
    delegate.shutdown();
  }

  @Override
  public List<Runnable> shutdownNow() {
    return delegate.shutdownNow();
  }

  @Override
  public boolean isShutdown() {
    return delegate.isShutdown();
  }

  @Override
  public boolean isTerminated() {
    return delegate.isTerminated();
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
    return delegate.awaitTermination(timeout, unit);
  }
}

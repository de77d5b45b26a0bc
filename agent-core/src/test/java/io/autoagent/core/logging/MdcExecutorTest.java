package io.autoagent.core.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class MdcExecutorTest {

  private final ExecutorService pool = MdcExecutor.wrap(Executors.newFixedThreadPool(1));

  @AfterEach
  void tearDown() {
    MDC.clear();
    pool.shutdownNow();
  }

  @Test
  void runsEachTaskWithTheSubmittersMdc() throws Exception {
    // given
    MDC.put("alert_id", "a-1");
    MDC.put("namespace", "shop");

    // when
    Map<String, String> seen = pool.submit(MDC::getCopyOfContextMap).get();

    // then
    assertThat(seen).containsEntry("alert_id", "a-1").containsEntry("namespace", "shop");
  }

  @Test
  void leavesNoMdcBehindOnTheWorkerThread() throws Exception {
    // given a task run for one alert
    MDC.put("alert_id", "a-1");
    pool.submit(() -> {}).get();

    // when the next task comes from a thread with no MDC
    MDC.clear();
    Map<String, String> seen = pool.submit(MDC::getCopyOfContextMap).get();

    // then it does not see the first alert's
    assertThat(seen == null || seen.isEmpty()).isTrue();
  }

  @Test
  void carriesTheMdcThroughInvokeAll() throws Exception {
    // given
    MDC.put("workload", "checkout");
    Callable<String> task = () -> MDC.get("workload");

    // when
    List<String> seen =
        pool.invokeAll(List.of(task, task)).stream()
            .map(
                f -> {
                  try {
                    return f.get();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                })
            .toList();

    // then
    assertThat(seen).containsExactly("checkout", "checkout");
  }

  @Test
  void wrappingTwiceWrapsOnce() {
    assertThat(MdcExecutor.wrap(pool)).isSameAs(pool);
  }
}

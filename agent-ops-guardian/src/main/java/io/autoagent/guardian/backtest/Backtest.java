package io.autoagent.guardian.backtest;

import io.autoagent.guardian.config.GuardianConfig;
import io.autoagent.guardian.decision.PredictiveSettings;
import io.autoagent.guardian.sim.Policies;
import io.autoagent.guardian.sim.ReplaySimulator;
import io.autoagent.guardian.sim.ServiceModel;
import io.autoagent.guardian.sim.SimResult;
import io.autoagent.guardian.sim.TrafficTrace;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One backtest: a window of a request trace, scaled to pods, replayed against each policy.
 *
 * @param model the simulated service
 * @param scale how requests become pods' worth of work
 * @param policies policy names, in report order
 * @param config the Guardian settings the engine-based policies start from
 * @param predictive the predictive policy's settings
 * @param fromDay first day of the window
 * @param days window length in days (0: to the end)
 */
public record Backtest(
    ServiceModel model,
    LoadScale scale,
    List<String> policies,
    GuardianConfig config,
    PredictiveSettings predictive,
    int fromDay,
    int days) {

  public Backtest {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(scale, "scale");
    policies = List.copyOf(policies);
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(predictive, "predictive");
    if (fromDay < 0 || days < 0) {
      throw new IllegalArgumentException("--from-day and --days must not be negative");
    }
    for (String p : policies) {
      Policies.create(p, config, predictive); // fails early on an unknown name
    }
  }

  /** The window of {@code requestsPerMinute} this backtest replays, still in requests. */
  public TrafficTrace window(TrafficTrace requestsPerMinute) {
    int from = fromDay * 1440;
    int to = days == 0 ? requestsPerMinute.minutes() : from + days * 1440;
    if (from >= requestsPerMinute.minutes()) {
      throw new IllegalArgumentException(
          "--from-day "
              + fromDay
              + " is past the trace's end ("
              + requestsPerMinute.minutes() / 1440.0
              + " days)");
    }
    return requestsPerMinute.window(
        from, Math.min(to, requestsPerMinute.minutes()), requestsPerMinute.name());
  }

  public Report run(TrafficTrace requestsPerMinute) {
    TrafficTrace requests = window(requestsPerMinute);
    double perPod = scale.requestsPerPod(requests);
    TrafficTrace load = scale.apply(requests);
    List<SimResult> results = new ArrayList<>();
    for (String name : policies) {
      results.add(ReplaySimulator.run(load, model, Policies.create(name, config, predictive)));
    }
    return new Report(load, perPod, model, results);
  }

  /**
   * @param load the replayed load, in pods
   * @param requestsPerPod requests per second one pod serves
   */
  public record Report(
      TrafficTrace load, double requestsPerPod, ServiceModel model, List<SimResult> results) {
    public Report {
      results = List.copyOf(results);
    }
  }
}

package io.autoagent.guardian.advisor;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.autoagent.core.llm.LlmPrompt;
import io.autoagent.core.llm.OutputSchema;
import io.autoagent.guardian.calendar.CalendarContext;
import io.autoagent.guardian.calendar.CalendarPeriod;
import io.autoagent.guardian.signals.AppSignals;
import io.autoagent.guardian.signals.WorkloadSample;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Every prompt template of the scaling advisor, and the answer's fixed shape. The user message is
 * one compact JSON document built only from numbers, enums and Kubernetes names (no free text from
 * the workload), so there is nothing to redact or fence.
 */
final class AdvisorPrompts {

  static final String TARGET = "target_replicas";
  static final String CONFIDENCE = "confidence";
  static final String REASON = "reason";

  /** The workload's name in the prompt when {@code LLM_ANONYMIZE} is on. */
  static final String MASK = "workload-1";

  static final OutputSchema SCHEMA =
      new OutputSchema(
          "scaling_advice",
          List.of(
              OutputSchema.Field.number(
                  TARGET,
                  "whole number of replicas to run now, within replicas.min..replicas.max and at most"
                      + " replicas.max_step away from replicas.current"),
              OutputSchema.Field.number(CONFIDENCE, "0 to 1, how sure the data makes you"),
              OutputSchema.Field.string(
                  REASON, "one sentence for an operator: the signals that decide it")));

  static final String SYSTEM =
      """
      You are the capacity advisor of a bank's Kubernetes platform (online banking, payments, ledgers).
      You receive one workload's state as a JSON document and suggest how many replicas it should run now.

      - current_metrics: CPU and memory in percent of the pods' requests (above 100 means beyond the request),
        latency in ms, error rate in percent of requests, request rate per second. A missing metric is unknown.
      - time_context: local time, day of week, and the business-calendar periods active now or starting soon
        (BUSINESS_HOURS, LUNCH_RUSH, PAYROLL_DAY, MONTH_END, WEEKEND).
      - forecast: predicted peak load in pods' worth of CPU for the coming minutes; null without a forecast.
      - recent_history: the last samples, oldest first; the last one is now.
      - replicas.rules_proposal: what deterministic rules would do; keep it unless the data shows better.

      Financial services need high availability: scale up ahead of lunch rush, payroll days and month-end,
      and when latency or errors climb. Save cost only off-hours, when every signal is calm. Prefer small steps.
      Never go below replicas.min or above replicas.max, nor change by more than replicas.max_step.

      Answer with the JSON object only.""";

  private static final DateTimeFormatter LOCAL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mmxxx");
  private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm");

  private AdvisorPrompts() {}

  static LlmPrompt prompt(
      ObjectMapper mapper, AdvisorRequest request, String workload, int maxOutputTokens) {
    ObjectNode doc = mapper.createObjectNode();
    doc.put("workload", workload);
    ObjectNode replicas = doc.putObject("replicas");
    replicas.put("current", request.currentReplicas());
    request.recent().stream()
        .reduce((a, b) -> b)
        .ifPresent(last -> replicas.put("ready", last.readyReplicas()));
    replicas.put("min", request.minReplicas());
    replicas.put("max", request.maxReplicas());
    replicas.put("max_step", request.maxStep());
    replicas.put("rules_proposal", request.proposedReplicas());
    request.recent().stream()
        .reduce((a, b) -> b)
        .ifPresent(last -> metrics(doc.putObject("current_metrics"), last));
    time(doc.putObject("time_context"), request.calendar());
    ObjectNode forecast = doc.putObject("forecast");
    if (Double.isFinite(request.forecastPeak())) {
      forecast.put("peak_load_pods", round(request.forecastPeak()));
    } else {
      forecast.putNull("peak_load_pods");
    }
    ArrayNode history = doc.putArray("recent_history");
    for (WorkloadSample s : request.recent()) {
      ObjectNode row = history.addObject();
      row.put("time", CLOCK.format(s.time().atZone(request.calendar().local().getZone())));
      row.put("replicas", s.desiredReplicas());
      metrics(row, s);
    }
    return new LlmPrompt(SYSTEM, doc.toString(), SCHEMA, maxOutputTokens);
  }

  private static void metrics(ObjectNode node, WorkloadSample s) {
    node.put("cpu_percent", round(s.cpuPercent()));
    node.put("memory_percent", round(s.memoryPercent()));
    AppSignals app = s.app();
    putIfKnown(node, "latency_p95_ms", app.latencyP95Ms());
    putIfKnown(node, "latency_avg_ms", app.latencyAvgMs());
    putIfKnown(node, "error_rate_percent", app.errorRatePercent());
    putIfKnown(node, "request_rate_rps", app.requestRate());
    putIfKnown(node, "queue_depth", app.queueDepth());
  }

  private static void time(ObjectNode node, CalendarContext cal) {
    node.put("local_time", LOCAL.format(cal.local()));
    node.put("day_of_week", cal.local().getDayOfWeek().name().toLowerCase(Locale.ROOT));
    node.put("hour_of_day", cal.local().getHour());
    node.put("day_of_month", cal.local().getDayOfMonth());
    node.put("is_business_hours", cal.isBusinessHours());
    node.put("is_weekend", cal.isWeekend());
    ArrayNode active = node.putArray("active_periods");
    cal.active().stream().map(CalendarPeriod::name).sorted().forEach(active::add);
    ArrayNode upcoming = node.putArray("upcoming_periods");
    cal.upcoming().stream().map(CalendarPeriod::name).sorted().forEach(upcoming::add);
  }

  private static void putIfKnown(ObjectNode node, String field, Double value) {
    if (value != null) {
      node.put(field, round(value));
    }
  }

  /** One decimal: enough for scaling, and it keeps the prompt short. */
  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}

package io.autoagent.guardian.sim;

import java.time.Instant;

/**
 * What a policy sees when it decides: the metrics of the period since its last decision.
 *
 * @param time now
 * @param elapsedSeconds seconds since the replay started
 * @param cpuPercent mean CPU of the ready pods against their request, capped at 100
 * @param desired replicas that exist (starting or ready)
 * @param ready replicas serving now
 * @param measuredReady replicas that served (and so reported CPU) in the last tick
 * @param load offered load in the last tick, in pods' worth of work (what a request rate divided by
 *     one pod's capacity reports)
 * @param errorPercent failed requests
 * @param latencyMaxMs worst tick latency
 * @param latencyAvgMs mean tick latency
 */
public record SimObservation(
    Instant time,
    long elapsedSeconds,
    double cpuPercent,
    int desired,
    int ready,
    int measuredReady,
    double load,
    double errorPercent,
    double latencyMaxMs,
    double latencyAvgMs) {}

package io.autoagent.guardian.sim;

import java.time.Instant;

/** What a policy sees at the start of a minute: the previous minute's metrics. */
record SimObservation(
    Instant time,
    double cpuPercent,
    double memoryPercent,
    int desired,
    int ready,
    double requestRate,
    double errorPercent,
    double latencyP95Ms,
    double latencyAvgMs) {}

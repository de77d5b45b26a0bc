package io.autoagent.guardian.decision;

import io.autoagent.guardian.forecast.Forecast;
import io.autoagent.guardian.signals.WorkloadRef;

/**
 * What the engine knows about a workload's predictability, for status replies.
 *
 * @param mape rolling forecast error as a fraction, NaN before any score
 * @param demoted prediction is off for this workload because its error is too high
 * @param method the latest forecast's method, or null before the first forecast
 * @param forecastPeak the latest forecast's peak load in pods, NaN without one
 * @param perPodRate learned requests per second per pod, NaN while unknown
 */
public record WorkloadInsight(
    WorkloadRef workload,
    double mape,
    boolean demoted,
    Forecast.Method method,
    double forecastPeak,
    double perPodRate) {}

package io.autoagent.guardian.calendar;

import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Set;

/**
 * Where an instant falls in the business calendar.
 *
 * @param local the instant in the configured zone
 * @param active periods in effect now
 * @param upcoming periods starting within the lead time (not yet active)
 */
public record CalendarContext(
    ZonedDateTime local, Set<CalendarPeriod> active, Set<CalendarPeriod> upcoming) {

  public CalendarContext {
    Objects.requireNonNull(local, "local");
    active = Set.copyOf(active);
    upcoming = Set.copyOf(upcoming);
  }

  public boolean isBusinessHours() {
    return active.contains(CalendarPeriod.BUSINESS_HOURS);
  }

  public boolean isWeekend() {
    return active.contains(CalendarPeriod.WEEKEND);
  }

  /** Active or about to start: the periods whose floors apply. */
  public boolean covers(CalendarPeriod period) {
    return active.contains(period) || upcoming.contains(period);
  }
}

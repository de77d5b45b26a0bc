package io.autoagent.guardian.calendar;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Set;

/**
 * The business calendar, with the seed's banking defaults: business hours 09:00 to 17:00, lunch
 * rush 12:00 to 14:00, payroll on the 1st, 15th and 30th (the last day in shorter months), month
 * end from the 28th, weekend on Saturday and Sunday. Floors rise {@code leadTime} before a period
 * starts, so pods are ready when it does.
 */
public record CalendarConfig(
    ZoneId zone,
    LocalTime businessStart,
    LocalTime businessEnd,
    LocalTime lunchStart,
    LocalTime lunchEnd,
    Set<Integer> payrollDays,
    int monthEndFromDay,
    Set<DayOfWeek> weekendDays,
    Duration leadTime) {

  public static final ZoneId DEFAULT_ZONE = ZoneId.of("UTC");
  public static final Duration DEFAULT_LEAD_TIME = Duration.ofMinutes(15);

  public CalendarConfig {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(businessStart, "businessStart");
    Objects.requireNonNull(businessEnd, "businessEnd");
    Objects.requireNonNull(lunchStart, "lunchStart");
    Objects.requireNonNull(lunchEnd, "lunchEnd");
    payrollDays = Set.copyOf(payrollDays);
    weekendDays = Set.copyOf(weekendDays);
    Objects.requireNonNull(leadTime, "leadTime");
    if (!businessStart.isBefore(businessEnd) || !lunchStart.isBefore(lunchEnd)) {
      throw new IllegalArgumentException("periods must start before they end");
    }
    if (monthEndFromDay < 1 || monthEndFromDay > 31) {
      throw new IllegalArgumentException("monthEndFromDay must be 1..31");
    }
  }

  public static CalendarConfig defaults(ZoneId zone) {
    return new CalendarConfig(
        zone,
        LocalTime.of(9, 0),
        LocalTime.of(17, 0),
        LocalTime.of(12, 0),
        LocalTime.of(14, 0),
        Set.of(1, 15, 30),
        28,
        Set.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY),
        DEFAULT_LEAD_TIME);
  }

  public static CalendarConfig defaults() {
    return defaults(DEFAULT_ZONE);
  }
}

package io.autoagent.guardian.calendar;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/** Places instants in the business calendar. Stateless apart from its config and clock. */
public final class BusinessCalendar {

  private final CalendarConfig config;
  private final Clock clock;

  public BusinessCalendar(CalendarConfig config, Clock clock) {
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  public CalendarContext now() {
    return at(clock.instant());
  }

  public CalendarContext at(Instant instant) {
    ZonedDateTime local = instant.atZone(config.zone());
    Set<CalendarPeriod> active = periodsAt(local);
    Set<CalendarPeriod> soon = periodsAt(local.plus(config.leadTime()));
    soon.removeAll(active);
    return new CalendarContext(local, active, soon);
  }

  private Set<CalendarPeriod> periodsAt(ZonedDateTime local) {
    Set<CalendarPeriod> periods = EnumSet.noneOf(CalendarPeriod.class);
    LocalDate date = local.toLocalDate();
    LocalTime time = local.toLocalTime();
    if (config.weekendDays().contains(local.getDayOfWeek())) {
      periods.add(CalendarPeriod.WEEKEND);
      return periods;
    }
    if (within(time, config.businessStart(), config.businessEnd())) {
      periods.add(CalendarPeriod.BUSINESS_HOURS);
      if (isPayrollDay(date)) {
        periods.add(CalendarPeriod.PAYROLL_DAY);
      }
      if (date.getDayOfMonth() >= Math.min(config.monthEndFromDay(), date.lengthOfMonth())) {
        periods.add(CalendarPeriod.MONTH_END);
      }
    }
    if (within(time, config.lunchStart(), config.lunchEnd())) {
      periods.add(CalendarPeriod.LUNCH_RUSH);
    }
    return periods;
  }

  /** A payroll day past the month's length (the 30th in February) falls on its last day. */
  boolean isPayrollDay(LocalDate date) {
    int day = date.getDayOfMonth();
    int last = date.lengthOfMonth();
    return config.payrollDays().stream().anyMatch(p -> Math.min(p, last) == day);
  }

  private static boolean within(LocalTime time, LocalTime start, LocalTime end) {
    return !time.isBefore(start) && time.isBefore(end);
  }
}

package io.autoagent.guardian.calendar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class BusinessCalendarTest {

  private final BusinessCalendar utc =
      new BusinessCalendar(CalendarConfig.defaults(), Clock.systemUTC());

  @Test
  void placesAPayrollLunchtimeInEveryPeriod() {
    CalendarContext c = utc.at(Instant.parse("2026-06-01T12:30:00Z"));

    assertThat(c.active())
        .containsExactlyInAnyOrder(
            CalendarPeriod.BUSINESS_HOURS, CalendarPeriod.LUNCH_RUSH, CalendarPeriod.PAYROLL_DAY);
  }

  @Test
  void announcesPeriodsWithinTheLeadTime() {
    CalendarContext c = utc.at(Instant.parse("2026-05-26T11:50:00Z"));

    assertThat(c.active()).doesNotContain(CalendarPeriod.LUNCH_RUSH);
    assertThat(c.upcoming()).contains(CalendarPeriod.LUNCH_RUSH);
    assertThat(c.covers(CalendarPeriod.LUNCH_RUSH)).isTrue();
  }

  @Test
  void weekendIsNeverBusinessHours() {
    CalendarContext c = utc.at(Instant.parse("2026-05-30T10:00:00Z"));

    assertThat(c.isWeekend()).isTrue();
    assertThat(c.isBusinessHours()).isFalse();
  }

  @Test
  void usesTheConfiguredZoneAndClock() {
    ZoneId paris = ZoneId.of("Europe/Paris");
    Instant eightUtc = Instant.parse("2026-05-26T08:00:00Z");
    BusinessCalendar calendar =
        new BusinessCalendar(CalendarConfig.defaults(paris), Clock.fixed(eightUtc, ZoneOffset.UTC));

    // 08:00 UTC is 10:00 in Paris in summer
    assertThat(calendar.now().isBusinessHours()).isTrue();
    assertThat(utc.at(eightUtc).isBusinessHours()).isFalse();
  }

  @Test
  void movesTheThirtiethPayrollToTheLastDayOfFebruaryAndMarksMonthEnd() {
    assertThat(utc.isPayrollDay(LocalDate.of(2026, 2, 28))).isTrue();
    CalendarContext c = utc.at(Instant.parse("2026-05-28T10:00:00Z"));
    assertThat(c.active()).contains(CalendarPeriod.MONTH_END);
  }
}

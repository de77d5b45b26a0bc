package io.autoagent.guardian.calendar;

/**
 * Known busy (or quiet) periods. Payroll and month-end periods cover the business hours of those
 * days: that is when the extra traffic arrives.
 */
public enum CalendarPeriod {
  BUSINESS_HOURS,
  LUNCH_RUSH,
  PAYROLL_DAY,
  MONTH_END,
  WEEKEND
}

package io.l2lake.calendar;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.Month;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The US equity exchange calendar (NYSE/Nasdaq full-day closures): weekends, the regular holidays
 * with their weekend observance rules, and the unscheduled closures since 1990. Dates before 1990
 * follow the rules of today's calendar and may miss historic closures; half days are trading days.
 *
 * <p>Holidays: New Year's Day (a Saturday New Year is not observed on the Friday before), Martin
 * Luther King Jr. Day (from 1998), Washington's Birthday, Good Friday, Memorial Day, Juneteenth
 * (from 2022), Independence Day, Labor Day, Thanksgiving and Christmas; a Saturday holiday closes the
 * Friday before and a Sunday holiday the Monday after.
 */
public final class ExchangeCalendar {
  private ExchangeCalendar() {}

  private static final Set<LocalDate> SPECIAL_CLOSURES = Set.of(
      LocalDate.of(1994, 4, 27), // Nixon funeral
      LocalDate.of(2001, 9, 11), LocalDate.of(2001, 9, 12), LocalDate.of(2001, 9, 13),
      LocalDate.of(2001, 9, 14), // September 11
      LocalDate.of(2004, 6, 11), // Reagan funeral
      LocalDate.of(2007, 1, 2), // Ford funeral
      LocalDate.of(2012, 10, 29), LocalDate.of(2012, 10, 30), // Hurricane Sandy
      LocalDate.of(2018, 12, 5), // G. H. W. Bush funeral
      LocalDate.of(2025, 1, 9)); // Carter funeral

  /** True when the exchanges are open on {@code d}. */
  public static boolean isTradingDay(LocalDate d) {
    DayOfWeek w = d.getDayOfWeek();
    return w != DayOfWeek.SATURDAY && w != DayOfWeek.SUNDAY && !isHoliday(d);
  }

  /** Trading days in [from, to]. */
  public static List<LocalDate> tradingDays(LocalDate from, LocalDate to) {
    List<LocalDate> out = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      if (isTradingDay(d)) {
        out.add(d);
      }
    }
    return out;
  }

  /** True when {@code d} is a weekday closure. */
  public static boolean isHoliday(LocalDate d) {
    if (SPECIAL_CLOSURES.contains(d)) {
      return true;
    }
    int y = d.getYear();
    if (d.equals(observed(LocalDate.of(y, 1, 1), false))
        || d.equals(observed(LocalDate.of(y + 1, 1, 1), false))) {
      return true;
    }
    if (y >= 1998 && d.equals(nth(y, Month.JANUARY, DayOfWeek.MONDAY, 3))) {
      return true;
    }
    if (d.equals(nth(y, Month.FEBRUARY, DayOfWeek.MONDAY, 3))) {
      return true;
    }
    if (d.equals(easter(y).minusDays(2))) {
      return true;
    }
    if (d.equals(LocalDate.of(y, 5, 31).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)))) {
      return true;
    }
    if (y >= 2022 && d.equals(observed(LocalDate.of(y, 6, 19), true))) {
      return true;
    }
    if (d.equals(observed(LocalDate.of(y, 7, 4), true))) {
      return true;
    }
    if (d.equals(nth(y, Month.SEPTEMBER, DayOfWeek.MONDAY, 1))) {
      return true;
    }
    if (d.equals(nth(y, Month.NOVEMBER, DayOfWeek.THURSDAY, 4))) {
      return true;
    }
    return d.equals(observed(LocalDate.of(y, 12, 25), true));
  }

  /**
   * The weekday a holiday is observed on; a Saturday New Year's Day is not observed ({@code
   * saturdayToFriday} false gives null for it).
   */
  private static LocalDate observed(LocalDate h, boolean saturdayToFriday) {
    return switch (h.getDayOfWeek()) {
      case SATURDAY -> saturdayToFriday ? h.minusDays(1) : null;
      case SUNDAY -> h.plusDays(1);
      default -> h;
    };
  }

  private static LocalDate nth(int year, Month m, DayOfWeek w, int n) {
    return LocalDate.of(year, m, 1).with(TemporalAdjusters.dayOfWeekInMonth(n, w));
  }

  /** Easter Sunday (Gregorian), by the anonymous Gregorian algorithm. */
  static LocalDate easter(int y) {
    int a = y % 19;
    int b = y / 100;
    int c = y % 100;
    int d = b / 4;
    int e = b % 4;
    int f = (b + 8) / 25;
    int g = (b - f + 1) / 3;
    int h = (19 * a + b - d - g + 15) % 30;
    int i = c / 4;
    int k = c % 4;
    int l = (32 + 2 * e + 2 * i - h - k) % 7;
    int m = (a + 11 * h + 22 * l) / 451;
    int month = (h + l - 7 * m + 114) / 31;
    int day = ((h + l - 7 * m + 114) % 31) + 1;
    return LocalDate.of(y, month, day);
  }
}

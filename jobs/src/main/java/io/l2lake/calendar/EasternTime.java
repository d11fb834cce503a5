package io.l2lake.calendar;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * Converts IQFeed's US/Eastern wall-clock fields to instants (microseconds since the epoch) with the
 * America/New_York rules, so that daylight-saving days are correct whatever the JVM's default zone.
 *
 * <p>Parsing is hand-written over the characters (no {@code DateTimeFormatter}) because it runs once
 * per raw line; the UTC offset is cached per calendar day and only the hours around the 02:00
 * transition take the slow exact path. One instance per thread: it caches the last day seen.
 */
public final class EasternTime {
  /** The exchange time zone. */
  public static final ZoneId ZONE = ZoneId.of("America/New_York");

  /** Minute of the Eastern day (0-1439) of a UTC timestamp column, daylight saving applied by Spark. */
  public static org.apache.spark.sql.Column minuteOfDay(org.apache.spark.sql.Column ts) {
    org.apache.spark.sql.Column eastern = org.apache.spark.sql.functions.from_utc_timestamp(ts, ZONE.getId());
    return org.apache.spark.sql.functions.hour(eastern).multiply(60)
        .plus(org.apache.spark.sql.functions.minute(eastern));
  }

  /**
   * Second of the Eastern day (0-86399, an int) of a UTC timestamp column: one zone conversion and integer
   * arithmetic, instead of a conversion for each of hour, minute and second (the session zone is UTC).
   */
  public static org.apache.spark.sql.Column secondOfDay(org.apache.spark.sql.Column ts) {
    return org.apache.spark.sql.functions.pmod(org.apache.spark.sql.functions.unix_seconds(
        org.apache.spark.sql.functions.from_utc_timestamp(ts, ZONE.getId())), org.apache.spark.sql.functions.lit(86_400L))
        .cast("int");
  }

  /**
   * The start of the minute holding a timestamp column (Eastern and UTC minutes coincide): what
   * {@code date_trunc('minute', ts)} gives, by integer arithmetic on the microseconds instead of a time-zone
   * conversion per row.
   */
  public static org.apache.spark.sql.Column minuteStart(org.apache.spark.sql.Column ts) {
    org.apache.spark.sql.Column us = org.apache.spark.sql.functions.unix_micros(ts);
    return org.apache.spark.sql.functions.timestamp_micros(
        us.minus(org.apache.spark.sql.functions.pmod(us, org.apache.spark.sql.functions.lit(60_000_000L))));
  }

  private static final ZoneRules RULES = ZONE.getRules();
  private static final long MICROS_PER_SECOND = 1_000_000L;

  private long cachedEpochDay = Long.MIN_VALUE;
  private int cachedYear;
  private int cachedMonth;
  private int cachedDay;
  private long cachedNoonOffsetSeconds;

  /** Epoch day of a validated calendar date, or throws {@link DateTimeException}. */
  public long epochDay(int year, int month, int day) {
    if (year == cachedYear && month == cachedMonth && day == cachedDay && cachedEpochDay != Long.MIN_VALUE) {
      return cachedEpochDay;
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    cachedYear = year;
    cachedMonth = month;
    cachedDay = day;
    cachedEpochDay = epochDay;
    cachedNoonOffsetSeconds =
        RULES.getOffset(LocalDateTime.of(year, month, day, 12, 0)).getTotalSeconds();
    return epochDay;
  }

  /**
   * Instant in microseconds of an Eastern wall-clock time on a date. Times in the skipped hour of a
   * spring-forward day move forward by the gap, as {@link java.time.ZonedDateTime} does.
   */
  public long toEpochMicros(int year, int month, int day, int secondOfDay, int micros) {
    long epochDay = epochDay(year, month, day);
    long epochSecond;
    if (secondOfDay >= 3 * 3600) {
      // US transitions happen at 02:00 local time, so from 03:00 on the day's noon offset holds.
      epochSecond = epochDay * 86_400L + secondOfDay - cachedNoonOffsetSeconds;
    } else {
      LocalDateTime ldt = LocalDate.ofEpochDay(epochDay).atStartOfDay().plusSeconds(secondOfDay);
      epochSecond = ldt.atZone(ZONE).toEpochSecond();
    }
    return epochSecond * MICROS_PER_SECOND + micros;
  }

  /** Parses {@code HH:MM:SS[.f...]} into [secondOfDay, micros] or returns null when malformed. */
  public static int[] parseTimeOfDay(String s, int from, int to) {
    if (to - from < 8 || s.charAt(from + 2) != ':' || s.charAt(from + 5) != ':') {
      return null;
    }
    int hh = twoDigits(s, from);
    int mm = twoDigits(s, from + 3);
    int ss = twoDigits(s, from + 6);
    if (hh < 0 || mm < 0 || ss < 0 || hh > 23 || mm > 59 || ss > 59) {
      return null;
    }
    int micros = 0;
    int p = from + 8;
    if (p < to) {
      if (s.charAt(p) != '.' || p + 1 == to || to - p - 1 > 9) {
        return null;
      }
      int digits = 0;
      for (int i = p + 1; i < to; i++) {
        char c = s.charAt(i);
        if (c < '0' || c > '9') {
          return null;
        }
        if (digits < 6) {
          micros = micros * 10 + (c - '0');
        }
        digits++;
      }
      for (int i = digits; i < 6; i++) {
        micros *= 10;
      }
    }
    return new int[] {hh * 3600 + mm * 60 + ss, micros};
  }

  /** Parses {@code YYYY-MM-DD} into [y, m, d] (syntax only) or returns null. */
  public static int[] parseIsoDate(String s, int from, int to) {
    if (to - from != 10 || s.charAt(from + 4) != '-' || s.charAt(from + 7) != '-') {
      return null;
    }
    int y = fourDigits(s, from);
    int m = twoDigits(s, from + 5);
    int d = twoDigits(s, from + 8);
    return (y < 0 || m < 0 || d < 0) ? null : new int[] {y, m, d};
  }

  /** Parses {@code MM/DD/YYYY} into [y, m, d] (syntax only) or returns null. */
  public static int[] parseUsDate(String s, int from, int to) {
    if (to - from != 10 || s.charAt(from + 2) != '/' || s.charAt(from + 5) != '/') {
      return null;
    }
    int m = twoDigits(s, from);
    int d = twoDigits(s, from + 3);
    int y = fourDigits(s, from + 6);
    return (y < 0 || m < 0 || d < 0) ? null : new int[] {y, m, d};
  }

  /** Parses {@code YYYYMMDD} into [y, m, d] (syntax only) or returns null. */
  public static int[] parseCompactDate(String s, int from, int to) {
    if (to - from != 8) {
      return null;
    }
    int y = fourDigits(s, from);
    int m = twoDigits(s, from + 4);
    int d = twoDigits(s, from + 6);
    return (y < 0 || m < 0 || d < 0) ? null : new int[] {y, m, d};
  }

  /** True when [y, m, d] is a real calendar date. */
  public static boolean isValidDate(int[] ymd) {
    if (ymd == null || ymd[1] < 1 || ymd[1] > 12 || ymd[2] < 1 || ymd[0] < 1900 || ymd[0] > 2200) {
      return false;
    }
    return ymd[2] <= LocalDate.of(ymd[0], ymd[1], 1).lengthOfMonth();
  }

  private static int twoDigits(String s, int at) {
    char a = s.charAt(at);
    char b = s.charAt(at + 1);
    if (a < '0' || a > '9' || b < '0' || b > '9') {
      return -1;
    }
    return (a - '0') * 10 + (b - '0');
  }

  private static int fourDigits(String s, int at) {
    int hi = twoDigits(s, at);
    int lo = twoDigits(s, at + 2);
    return (hi < 0 || lo < 0) ? -1 : hi * 100 + lo;
  }
}

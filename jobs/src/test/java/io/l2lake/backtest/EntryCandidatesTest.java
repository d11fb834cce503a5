package io.l2lake.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.l2lake.config.Strategy;
import io.l2lake.testing.SparkTestSession;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Which bars may enter: the previous day's state with a fired signal, or the day's own late READY from its
 * cutoff on, with the fired-signal count of late entries set on its own.
 */
@Timeout(300)
class EntryCandidatesTest {
  private static final StructType BARS = new StructType().add("symbol", "string").add("trade_date", "date")
      .add("bar_ts", "timestamp").add("next_ask", "double").add("next_bid", "double").add("atr", "double")
      .add("prev_state", "string").add("late_ready", "boolean").add("late_cutoff", "int")
      .add("day_open_return", "double").add("composite", "double").add("confluence", "int")
      .add("prev_score", "double").add("late_score", "double");

  /** March 2025 before daylight saving: Eastern is UTC-5, so minute 900 (15:00) is 20:00Z. */
  private static Row bar(String symbol, int day, String utcTime, String prevState, boolean lateReady,
      double openReturn, int confluence) {
    return bar(symbol, day, utcTime, prevState, lateReady, openReturn, confluence, 0.80, 0.80);
  }

  private static Row bar(String symbol, int day, String utcTime, String prevState, boolean lateReady,
      double openReturn, int confluence, Double prevScore, Double lateScore) {
    LocalDate d = LocalDate.of(2025, 3, day);
    return RowFactory.create(symbol, Date.valueOf(d), Timestamp.from(Instant.parse(d + "T" + utcTime + ":00Z")),
        1.01, 1.00, 0.05, prevState, lateReady, 900, openReturn, 0.1, confluence, prevScore, lateScore);
  }

  private static final List<Row> ROWS = List.of(
      // READY the day before: the first bar with a fired signal enters, whatever the time.
      bar("AAA", 3, "15:00", "READY", false, 0.0, 0),
      bar("AAA", 3, "15:01", "READY", false, 0.0, 1),
      // The day's own READY as of 15:00: nothing before the cutoff; from it, a fired signal unless 0 are asked.
      bar("BBB", 3, "19:59", "ACCUMULATING", true, 0.0, 2),
      bar("BBB", 3, "20:00", "ACCUMULATING", true, 0.0, 0),
      bar("BBB", 3, "20:01", "ACCUMULATING", true, 0.0, 1),
      // Late READY on a day that opened 25% up: the move has started, no late entry.
      bar("CCC", 3, "20:05", "ACCUMULATING", true, 0.25, 3),
      // Neither READY the day before nor late READY: no entry, however many signals fired.
      bar("DDD", 3, "20:05", "ACCUMULATING", false, 0.0, 3));

  private static List<String> entries(Map<String, String> settings) {
    return entries(ROWS, settings);
  }

  private static List<String> entries(List<Row> rows, Map<String, String> settings) {
    return BacktestEngine.candidates(SparkTestSession.get().createDataFrame(rows, BARS),
            Strategy.load(null, settings).backtest(), LocalDate.of(2025, 3, 3), LocalDate.of(2025, 3, 3), "signal", 0, 0)
        .orderBy("symbol").collectAsList().stream()
        .map(r -> r.getString(0) + " " + r.<Timestamp>getAs("bar_ts").toInstant()).toList();
  }

  @Test
  void lateEntriesNeedTheirOwnFiredSignalCount() {
    assertEquals(List.of("AAA 2025-03-03T15:01:00Z", "BBB 2025-03-03T20:01:00Z"),
        entries(Map.of("strategy.backtest.late-entry-min-firing", "1")));
    assertEquals(List.of("AAA 2025-03-03T15:01:00Z", "BBB 2025-03-03T20:00:00Z"), entries(Map.of()),
        "by default the late READY stands as the signal from the cutoff on; the previous-day rule keeps its count");
    assertEquals(List.of("AAA 2025-03-03T15:01:00Z"),
        entries(Map.of("strategy.backtest.entry-states", "READY", "strategy.backtest.late-entry-min-firing", "0")),
        "without LATE_READY among the entry states there is no late entry");
  }

  @Test
  void anEntryNeedsTheTrackerScoreKnownWhenItEnters() {
    List<Row> rows = List.of(
        // READY the day before with a score_10 of 0.74 then: the state entry reads the previous day's score.
        bar("AAA", 3, "15:01", "READY", false, 0.0, 1, 0.74, null),
        // READY the day before at 0.70: under a minimum of 0.72, no entry.
        bar("BBB", 3, "15:01", "READY", false, 0.0, 1, 0.70, 0.90),
        // A late READY at 0.73 as of the cutoff enters; the previous day's score is not what it reads.
        bar("CCC", 3, "20:00", "ACCUMULATING", true, 0.0, 0, 0.10, 0.73),
        // A late READY at 0.71 does not; nor does one whose late score is missing.
        bar("DDD", 3, "20:00", "ACCUMULATING", true, 0.0, 0, 0.90, 0.71),
        bar("EEE", 3, "20:00", "ACCUMULATING", true, 0.0, 0, 0.90, null));
    assertEquals(List.of("AAA 2025-03-03T15:01:00Z", "CCC 2025-03-03T20:00:00Z"),
        entries(rows, Map.of("strategy.backtest.entry-score-min", "0.72")));
    assertEquals(5, entries(rows, Map.of("strategy.backtest.entry-score-min", "0")).size(),
        "at 0 the state alone decides");
    assertEquals(List.of("AAA 2025-03-03T15:01:00Z", "BBB 2025-03-03T15:01:00Z", "CCC 2025-03-03T20:00:00Z",
        "DDD 2025-03-03T20:00:00Z"), entries(rows, Map.of()), "the default asks for 0.65");
  }
}

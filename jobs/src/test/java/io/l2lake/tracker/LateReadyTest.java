package io.l2lake.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.config.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The late READY: the READY rule with the day's score from its minutes before the late cutoff only, the days
 * before whole; the minutes after the cutoff change nothing of it.
 */
@Timeout(300)
class LateReadyTest {
  // Only the quote balance counts; the cutoff is 10:03 New York, so minutes 0-2 of the test's day (10:00-10:02)
  // are before it.
  static final Map<String, String> SETTINGS = Map.of("strategy.tracker.day-weights", "0,0,0,0,1,0",
      "strategy.tracker.quote-balance-scale", "0.1", "strategy.tracker.ask-step-weight", "1",
      "strategy.tracker.quote-balance-center", "0", "strategy.tracker.accumulating-score", "0.7",
      "strategy.tracker.ready-score", "0.7", "strategy.tracker.ready-days", "2",
      "strategy.tracker.accumulating-days", "1", "strategy.tracker.late-cutoff", "603");
  static final Strategy STRATEGY = Strategy.load(null, SETTINGS);

  /** Day 0: the ask steps up all day. Day 1: up in its first three minutes, then the bid falls {@code falls} times. */
  static Map<String, Row> track(int falls, double fallSize) {
    List<Row> s = new ArrayList<>();
    List<Row> b = new ArrayList<>();
    var d0 = DailyAccumulationTest.D0;
    var d1 = d0.plusDays(1);
    for (int m = 0; m < 6; m++) {
      s.add(DailyAccumulationTest.minute("X", d0, m, 100, 1.00, 1.02 + 0.01 * m, true));
    }
    for (int m = 0; m < 3; m++) {
      s.add(DailyAccumulationTest.minute("X", d1, m, 100, 1.00, 1.10 + 0.01 * m, true));
    }
    for (int m = 3; m < 3 + falls; m++) {
      s.add(DailyAccumulationTest.minute("X", d1, m, 100, 1.00 - fallSize * (m - 2), 1.12, true));
    }
    b.add(DailyAccumulationTest.bar("X", d0, 600));
    b.add(DailyAccumulationTest.bar("X", d1, 300 + 100L * falls));
    return DailyAccumulationTest.track(s, b, STRATEGY);
  }

  @Test
  void theLateReadyReadsTheDayUpToItsCutoffOnly() {
    Map<String, Row> out = track(6, 0.01);
    Row d1 = out.get(DailyAccumulationTest.D0.plusDays(1).toString());
    Row d0 = out.get(DailyAccumulationTest.D0.toString());
    // Before the cutoff day 1's ask stepped up twice in two moves: balance 1, late score logistic(10).
    double late = 1 / (1 + Math.exp(-10.0));
    assertEquals(late, d1.<Double>getAs("late_day_score"), 1e-12);
    // The whole day: 2 ask up-steps and 6 bid down-steps in 8 moves.
    assertEquals((2 - 6) / 8.0, d1.<Double>getAs("quote_balance"), 1e-12);
    // The decayed 10-day score with day 1's late score in its place (half-life 4 days).
    double w1 = Math.pow(0.5, 1 / 4.0);
    assertEquals((late + w1 * d0.<Double>getAs("day_score")) / (1 + w1), d1.<Double>getAs("late_score_10"), 1e-12);
    assertEquals(2L, d1.<Long>getAs("late_accumulating_days_10"));
    assertTrue(d1.<Boolean>getAs("late_ready"), "READY as of 10:03");
    assertFalse("READY".equals(d1.getAs("state")), "not READY on the whole day: " + d1.getAs("state"));
    assertEquals(603, d1.<Integer>getAs("late_cutoff"));
    // Day 0 has one accumulating day of its own: not READY, late or not.
    assertFalse(d0.<Boolean>getAs("late_ready"));

    // Other minutes after the cutoff: the late columns stay as they were.
    Row other = track(2, 0.05).get(DailyAccumulationTest.D0.plusDays(1).toString());
    for (String c : List.of("late_day_score", "late_score_10", "late_accumulating_days_10", "late_ready")) {
      assertEquals(d1.<Object>getAs(c), other.<Object>getAs(c), c);
    }
  }
}

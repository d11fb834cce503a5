package io.l2lake.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.config.Strategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * READY with {@code ready-day-score}: the days before may make a symbol READY only on a day whose own score
 * reaches that level; the late READY asks it of the late day score.
 */
@Timeout(300)
class ReadyDayScoreTest {
  /** The late READY test's tracker (the quote balance alone, cutoff 10:03) with a level asked of the day. */
  static Strategy strategy(String readyDayScore) {
    Map<String, String> s = new HashMap<>(LateReadyTest.SETTINGS);
    s.put("strategy.tracker.ready-day-score", readyDayScore);
    return Strategy.load(null, s);
  }

  /**
   * Day 0 and day 2: the ask steps up in every minute (balance 1). Day 1: the ask steps up in its first three
   * minutes (before the 10:03 cutoff), then the bid steps down once (balance 1/3, a day score of 0.966).
   */
  static Map<String, Row> track(Strategy strategy) {
    List<Row> s = new ArrayList<>();
    List<Row> b = new ArrayList<>();
    var d0 = DailyAccumulationTest.D0;
    for (int day = 0; day < 3; day += 2) {
      for (int m = 0; m < 6; m++) {
        s.add(DailyAccumulationTest.minute("X", d0.plusDays(day), m, 100, 1.00, 1.02 + 0.01 * m, true));
      }
    }
    var d1 = d0.plusDays(1);
    for (int m = 0; m < 3; m++) {
      s.add(DailyAccumulationTest.minute("X", d1, m, 100, 1.00, 1.10 + 0.01 * m, true));
    }
    s.add(DailyAccumulationTest.minute("X", d1, 3, 100, 0.99, 1.12, true));
    for (int day = 0; day < 3; day++) {
      b.add(DailyAccumulationTest.bar("X", d0.plusDays(day), 600));
    }
    return DailyAccumulationTest.track(s, b, strategy);
  }

  @Test
  void aReadyDayNeedsItsOwnScoreAtTheLevel() {
    String d1 = DailyAccumulationTest.D0.plusDays(1).toString();
    String d2 = DailyAccumulationTest.D0.plusDays(2).toString();
    Map<String, Row> off = track(strategy("0"));
    assertEquals(1 / (1 + Math.exp(-10.0 / 3)), off.get(d1).<Double>getAs("day_score"), 1e-12);
    assertEquals("READY", off.get(d1).getAs("state"), "two accumulating days and no level asked of the day");

    Map<String, Row> on = track(strategy("0.99"));
    Row day1 = on.get(d1);
    assertFalse("READY".equals(day1.getAs("state")), "day 1 scores 0.966 < 0.99: " + day1.getAs("state"));
    assertTrue(day1.<Boolean>getAs("late_ready"), "its minutes before 10:03 score 0.99995");
    assertEquals("READY", on.get(d2).getAs("state"), "day 2 scores 0.99995 with two accumulating days before");
    // Nothing else of the tracker changes with the level.
    for (String c : List.of("day_score", "score_10", "accumulating_days_10", "late_score_10")) {
      assertEquals(off.get(d1).<Object>getAs(c), day1.<Object>getAs(c), c);
    }
  }

  @Test
  void theLevelIsAUnitScore() {
    var e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> strategy("1.5"));
    assertTrue(e.getMessage().contains("strategy.tracker.ready-day-score"), e.getMessage());
  }
}

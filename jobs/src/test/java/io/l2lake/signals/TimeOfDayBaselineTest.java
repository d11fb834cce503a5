package io.l2lake.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.l2lake.config.Strategy;
import io.l2lake.testing.SparkTestSession;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Per-bar baselines by time of day: the bar's slot on prior days, the whole prior days where the slot is thin. */
@Timeout(120)
class TimeOfDayBaselineTest {
  static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  static final LocalDate D1 = LocalDate.of(2025, 3, 3);
  static final int OPEN = 9 * 60 + 30;
  static final int CLOSE = 16 * 60;

  static Timestamp at(LocalDate day, int hour, int minute) {
    return Timestamp.from(day.atTime(LocalTime.of(hour, minute)).atZone(NEW_YORK).toInstant());
  }

  /** {@code n} bars from hour:minute, each with this volume, sell volume, true range, spread and return at $1. */
  static void bars(List<Row> out, LocalDate day, int hour, int minute, int n, long volume, long sell, double range,
      double spread, double ret) {
    bars(out, day, hour, minute, n, volume, sell, range, spread, ret, 1.0);
  }

  static void bars(List<Row> out, LocalDate day, int hour, int minute, int n, long volume, long sell, double range,
      double spread, double ret, double price) {
    for (int i = 0; i < n; i++) {
      out.add(RowFactory.create("A", Date.valueOf(day), at(day, hour, minute + i), volume, 0L, 0L, sell, range,
          spread, ret, price));
    }
  }

  static Map<Timestamp, Row> baselines(List<Row> rows, Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(Map.of("strategy.signals.min-baseline-bars", "5"));
    all.putAll(settings);
    Dataset<Row> in = SparkTestSession.get().createDataFrame(rows, OffExchangeBaselineTest.BARS);
    return SignalInputs.withBaselines(in, Strategy.load(null, all).signals(), OPEN, CLOSE).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<Timestamp>getAs("bar_ts"), r -> r));
  }

  static List<Row> market() {
    List<Row> rows = new ArrayList<>();
    // Day 1: a busy, wide opening half hour; a quiet midday; three pre-market bars (a slot too thin to use).
    bars(rows, D1, 9, 30, 10, 1000, 600, 0.02, 0.04, 0.01);
    bars(rows, D1, 12, 0, 10, 100, 40, 0.005, 0.01, 0.002);
    bars(rows, D1, 8, 0, 3, 50, 10, 0.001, 0.05, 0.0);
    // Day 2: one bar in each of those slots and one after the close (no slot history at all).
    LocalDate d2 = D1.plusDays(1);
    bars(rows, d2, 9, 45, 1, 200, 0, 0.0, 0.0, 0.0);
    bars(rows, d2, 12, 15, 1, 300, 0, 0.0, 0.0, 0.0);
    bars(rows, d2, 8, 10, 1, 400, 0, 0.0, 0.0, 0.0);
    bars(rows, d2, 16, 5, 1, 500, 0, 0.0, 0.0, 0.0);
    // Day 3: the opening slot again.
    bars(rows, D1.plusDays(2), 9, 50, 1, 700, 0, 0.0, 0.0, 0.0);
    return rows;
  }

  @Test
  void aBarIsComparedWithItsOwnTimeOfDay() {
    Map<Timestamp, Row> got = baselines(market(), Map.of());
    assertBaselines(got.get(at(D1.plusDays(1), 9, 45)), 1000, 600, 0.02, 0.04, 0.01);
    assertBaselines(got.get(at(D1.plusDays(1), 12, 15)), 100, 40, 0.005, 0.01, 0.002);
    // Three pre-market bars are fewer than min-baseline-bars, and after the close there are none: the whole day.
    double dayVolume = (10 * 1000 + 10 * 100 + 3 * 50) / 23.0;
    assertEquals(dayVolume, got.get(at(D1.plusDays(1), 8, 10)).<Double>getAs("base_volume"), 1e-9);
    assertEquals(dayVolume, got.get(at(D1.plusDays(1), 16, 5)).<Double>getAs("base_volume"), 1e-9);
  }

  static void assertBaselines(Row r, double volume, double sell, double atr, double spread, double rv) {
    assertEquals(volume, r.<Double>getAs("base_volume"), 1e-9);
    assertEquals(sell, r.<Double>getAs("base_sell"), 1e-9);
    assertEquals(atr, r.<Double>getAs("base_atr"), 1e-12);
    assertEquals(spread, r.<Double>getAs("base_rel_spread"), 1e-12);
    assertEquals(rv, r.<Double>getAs("base_rv"), 1e-12);
  }

  /**
   * After a gap the ATR is the prior days' range as a fraction of their price, priced at today's: a day at
   * twice the price with the same relative ranges is not "contracted".
   */
  @Test
  void theAtrFollowsThePrice() {
    List<Row> rows = new ArrayList<>();
    bars(rows, D1, 10, 0, 10, 100, 0, 0.01, 0.01, 0.0, 0.5);
    bars(rows, D1.plusDays(1), 10, 0, 10, 100, 0, 0.03, 0.01, 0.0, 1.0);
    bars(rows, D1.plusDays(2), 10, 5, 1, 100, 0, 0.0, 0.01, 0.0, 2.0);
    Map<Timestamp, Row> got = baselines(rows, Map.of());
    // Day 2: 2% of $0.50 a bar, at $1. Day 3: the mean of 2% and 3% of the price, at $2.
    assertEquals(0.02, got.get(at(D1.plusDays(1), 10, 0)).<Double>getAs("base_atr"), 1e-12);
    assertEquals(0.05, got.get(at(D1.plusDays(2), 10, 5)).<Double>getAs("base_atr"), 1e-12);
  }

  @Test
  void slotsOffAndTheLookBackCountsTradingDays() {
    Map<Timestamp, Row> whole = baselines(market(), Map.of("strategy.signals.baseline-slot-minutes", "0"));
    assertEquals((10 * 1000 + 10 * 100 + 3 * 50) / 23.0,
        whole.get(at(D1.plusDays(1), 9, 45)).<Double>getAs("base_volume"), 1e-9);
    // One day back from day 3 is day 2, whose opening slot holds one bar: day 2's mean, not day 1's opening.
    Map<Timestamp, Row> oneDay = baselines(market(), Map.of("strategy.signals.baseline-days", "1"));
    assertEquals(350.0, oneDay.get(at(D1.plusDays(2), 9, 50)).<Double>getAs("base_volume"), 1e-9);
  }

  @Test
  void slotsNeverStraddleTheOpenOrTheClose() {
    List<Row> rows = new ArrayList<>();
    int[][] times = {{9, 29}, {9, 30}, {15, 59}, {16, 0}, {19, 59}, {4, 0}};
    for (int[] t : times) {
      bars(rows, D1, t[0], t[1], 1, 1, 0, 0.0, 0.0, 0.0);
    }
    Dataset<Row> in = SparkTestSession.get().createDataFrame(rows, OffExchangeBaselineTest.BARS);
    Map<Timestamp, Integer> slot = in.select(in.col("bar_ts"),
            SignalInputs.slot(in.col("bar_ts"), 30, OPEN, CLOSE).cast("int").as("slot")).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<Timestamp>getAs(0), r -> r.<Integer>getAs(1)));
    assertEquals(18, slot.get(at(D1, 9, 29)));
    assertEquals(1000, slot.get(at(D1, 9, 30)));
    assertEquals(1012, slot.get(at(D1, 15, 59)));
    assertEquals(2000, slot.get(at(D1, 16, 0)));
    assertEquals(2007, slot.get(at(D1, 19, 59)));
    assertEquals(8, slot.get(at(D1, 4, 0)));
  }
}

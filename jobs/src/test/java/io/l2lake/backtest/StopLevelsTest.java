package io.l2lake.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.config.Strategy;
import io.l2lake.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * Each stop component on constructed price paths: where it binds, and where it must not. Entry at
 * 1.00, daily ATR 0.05, k 2.5 (volatility distance 0.125) unless a test says otherwise.
 */
class StopLevelsTest {
  private static final StructType SCHEMA = new StructType().add("position_id", DataTypes.StringType)
      .add("bar_no", DataTypes.LongType).add("entry_bar_no", DataTypes.LongType)
      .add("entry_price", DataTypes.DoubleType).add("atr", DataTypes.DoubleType).add("k", DataTypes.DoubleType)
      .add("support_level", DataTypes.DoubleType).add("open", DataTypes.DoubleType).add("high", DataTypes.DoubleType)
      .add("low", DataTypes.DoubleType).add("close", DataTypes.DoubleType).add("ofi", DataTypes.DoubleType)
      .add("rel_spread", DataTypes.DoubleType).add("base_rel_spread", DataTypes.DoubleType)
      .add("fleeing", DataTypes.BooleanType).add("dumping", DataTypes.BooleanType);

  /** Bars from closes; high/low 0.005 around the close unless given; neutral flow and spread. */
  private static List<Row> path(double[] close, Double support, double[] lows, double[] ofi, boolean[] fleeing) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < close.length; i++) {
      double low = lows != null ? lows[i] : close[i] - 0.005;
      double high = lows != null ? low + 0.01 : close[i] + 0.005;
      rows.add(RowFactory.create("P", (long) (100 + i), 100L, 1.00, 0.05, 2.5, support, close[i], high, low, close[i],
          ofi != null ? ofi[i] : 10.0, 0.025, 0.01, fleeing != null && fleeing[i], false));
    }
    return rows;
  }

  /** The intraday mode's stops (unless the overrides name the mode). */
  private static List<Row> stops(List<Row> path, Map<String, String> overrides) {
    Map<String, String> o = new java.util.HashMap<>(Map.of("strategy.stops.mode", "intraday"));
    o.putAll(overrides);
    Strategy s = Strategy.load(null, o);
    return StopLevels.compute(SparkTestSession.get().createDataFrame(path, SCHEMA), s.stops()).orderBy("bar_no")
        .collectAsList();
  }

  private static final StructType SWING_SCHEMA = SCHEMA.add("day_no", DataTypes.IntegerType)
      .add("entry_day_no", DataTypes.IntegerType).add("prev_state", DataTypes.StringType);

  /** The swing mode's stops on {@link #path} rows laid out {@code perDay} bars a day, entry on day 1. */
  private static List<Row> swing(List<Row> path, int perDay, Map<String, String> overrides) {
    return swing(path, perDay, new String[0], overrides);
  }

  /** As above, {@code stateBefore[d - 1]} the tracker's state of the day before day d (none past its end). */
  private static List<Row> swing(List<Row> path, int perDay, String[] stateBefore, Map<String, String> overrides) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < path.size(); i++) {
      Object[] v = new Object[path.get(i).length() + 3];
      for (int j = 0; j < path.get(i).length(); j++) {
        v[j] = path.get(i).get(j);
      }
      int day = 1 + i / perDay;
      v[v.length - 3] = day;
      v[v.length - 2] = 1;
      v[v.length - 1] = day <= stateBefore.length ? stateBefore[day - 1] : null;
      rows.add(RowFactory.create(v));
    }
    Map<String, String> o = new java.util.HashMap<>(Map.of("strategy.stops.mode", "swing"));
    o.putAll(overrides);
    return StopLevels.compute(SparkTestSession.get().createDataFrame(rows, SWING_SCHEMA),
        Strategy.load(null, o).stops()).orderBy("bar_no").collectAsList();
  }

  private static boolean micro(Row r) {
    return r.getBoolean(r.fieldIndex("micro_exit"));
  }

  private static String reason(Row r) {
    return r.getString(r.fieldIndex("binding_reason"));
  }

  @Test
  void swingGraceIsCountedInDaysAndTheMicroExitNeedsConfirmation() {
    // Four bars a day, three days; fleeing on every bar of day 1, on bars 4-6 of day 2, and on 8, 9 and 11.
    double[] close = new double[12];
    java.util.Arrays.fill(close, 1.00);
    boolean[] flee = {true, true, true, true, true, true, true, false, true, true, false, true};
    List<Row> s = swing(path(close, null, null, null, flee), 4, Map.of("strategy.stops.micro-confirm-bars", "3"));
    for (int i = 0; i < 4; i++) {
      assertFalse(micro(s.get(i)), "the entry day is the grace period, bar " + i);
    }
    assertFalse(micro(s.get(4)), "fleeing bars of the grace day do not count towards the confirmation");
    assertFalse(micro(s.get(5)));
    assertTrue(micro(s.get(6)), "three fleeing bars after the grace period: 4, 5, 6");
    assertFalse(micro(s.get(7)));
    assertFalse(micro(s.get(9)), "two fleeing bars");
    assertFalse(micro(s.get(11)), "broken by bar 10");
    // The intraday mode would have sold on the first fleeing bar after 1 bar of grace.
    assertTrue(micro(stops(path(close, null, null, null, flee), Map.of("strategy.stops.grace-bars", "1")).get(1)));
  }

  @Test
  void swingHoldsWhileTheTrackerSaysTheBuyerIsAtWork() {
    // Two bars a day, four days; fleeing on every bar. The day before day 2 ended READY and the day before day 3
    // ACCUMULATING: both are grace days, so the confirmed fleeing run counts from day 4 only.
    double[] close = {1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00};
    boolean[] flee = {true, true, true, true, true, true, true, true};
    String[] before = {"WATCH", "READY", "ACCUMULATING", "DECAYED"};
    Map<String, String> confirm = Map.of("strategy.stops.micro-confirm-bars", "2",
        "strategy.stops.hold-while-accumulating", "true");
    List<Row> held = swing(path(close, null, null, null, flee), 2, before, confirm);
    for (int i = 0; i < 6; i++) {
      assertFalse(micro(held.get(i)), "entry day, then two days after READY and ACCUMULATING days: bar " + i);
    }
    assertFalse(micro(held.get(6)), "the first fleeing bar after the grace");
    assertTrue(micro(held.get(7)), "confirmed on day 4, after a DECAYED day");
    // The support stop waits as well; the volatility stop does not.
    List<Row> support = swing(path(close, 1.02, null, null, null), 2, before,
        Map.of("strategy.stops.hold-while-accumulating", "true"));
    for (int i = 0; i < 6; i++) {
      assertNull(d(support.get(i), "support_stop"), "bar " + i);
      assertEquals(1.00 - 0.125, d(support.get(i), "volatility_stop"), 1e-12);
    }
    assertEquals(1.02 - 0.05 * 0.25, d(support.get(6), "support_stop"), 1e-12);
    // Without the rule (the default), day 2 is already past the one-day grace.
    List<Row> plain = swing(path(close, null, null, null, flee), 2, before,
        Map.of("strategy.stops.micro-confirm-bars", "2"));
    assertTrue(micro(plain.get(3)), "bars 2 and 3 of day 2");
  }

  @Test
  void swingStopsRatchetTrailAfterAGapAndCountTimeInDays() {
    // Day 1 flat at 1.00; day 2 gaps to 1.22 and closes at 1.24; day 3 falls back to 1.10. The trailing stop keeps
    // half the gain, above the volatility stop's 1.24 - 0.125.
    double[] close = {1.00, 1.00, 1.22, 1.24, 1.10, 1.10};
    List<Row> s = swing(path(close, null, null, null, null), 2, Map.of("strategy.stops.time-days", "5"));
    assertNull(d(s.get(1), "trail_stop"));
    assertEquals(1.00 + 0.5 * 0.22, d(s.get(2), "trail_stop"), 1e-12, "half of the gain over the entry is kept");
    assertEquals("trail", reason(s.get(3)));
    assertEquals(1.00 + 0.5 * 0.24, d(s.get(3), "binding_stop"), 1e-12);
    assertEquals(1.00 + 0.5 * 0.24, d(s.get(4), "active_stop"), 1e-12, "set at bar 3, active at bar 4");
    // Past a larger gain the volatility stop is the higher one and binds.
    List<Row> big = swing(path(new double[] {1.00, 1.00, 1.50, 1.52}, null, null, null, null), 2, Map.of());
    assertEquals(1.52 - 0.125, d(big.get(3), "binding_stop"), 1e-12);
    assertEquals("volatility", reason(big.get(3)));
    for (int i = 1; i < s.size(); i++) {
      assertTrue(d(s.get(i), "binding_stop") >= d(s.get(i - 1), "binding_stop") - 1e-12, "the stop never moves down");
    }
    // The time stop counts days: flat for two days (1 bar a day would be 1 bar in the intraday count).
    double[] flat = {1.00, 1.00, 1.00, 1.00, 1.00, 1.00};
    List<Row> t = swing(path(flat, null, null, null, null), 2, Map.of("strategy.stops.time-days", "2"));
    assertNull(d(t.get(3), "time_stop"), "day 2 is one day after the entry");
    assertEquals(1.00 - 0.125 * 0.5, d(t.get(4), "time_stop"), 1e-12);
    assertEquals("time", reason(t.get(5)));
    // A stop that switches off again leaves the ratchet where it was: a time stop that a later gain lifts off.
    double[] up = {1.00, 1.00, 1.00, 1.00, 1.03, 1.03};
    List<Row> u = swing(path(up, null, null, null, null), 2, Map.of("strategy.stops.time-days", "1",
        "strategy.stops.time-progress-atr", "0.5"));
    assertEquals(1.00 - 0.125 * 0.5, d(u.get(3), "time_stop"), 1e-12, "day 2 without progress");
    assertNull(d(u.get(4), "time_stop"), "progress on day 3 lifts the time stop");
    assertEquals(1.00 - 0.125 * 0.5, d(u.get(4), "binding_stop"), 1e-12, "progress at 1.03 but the stop stays");
    assertEquals("time", reason(u.get(4)));
  }

  @Test
  void swingPatternsReadCoarseBars() {
    // Twelve minute bars sliding down by 0.005 each: with 3-minute bars and pattern-bars 3, the stop moves to the
    // low of the last nine minutes once two 3-minute bars in a row are lower than the one before.
    double[] close = new double[12];
    double[] lows = new double[12];
    for (int i = 0; i < 12; i++) {
      close[i] = 1.00 - 0.005 * i;
      lows[i] = close[i] - 0.005;
    }
    List<Row> s = swing(path(close, null, lows, null, null), 12, Map.of("strategy.stops.swing-grace-days", "0",
        "strategy.stops.coarse-bars", "3", "strategy.stops.pattern-bars", "3"));
    assertNull(d(s.get(5), "pattern_stop"), "one lower 3-minute bar");
    assertNull(d(s.get(7), "pattern_stop"));
    assertEquals(lows[8], d(s.get(8), "pattern_stop"), 1e-12, "bars 6-8 below 3-5, and 3-5 below 0-2");
    // Minute-bar noise inside a rising 3-minute sequence is not a pattern.
    double[] saw = {1.00, 0.99, 1.01, 1.00, 1.02, 1.01, 1.03, 1.02, 1.04, 1.03, 1.05, 1.04};
    List<Row> n = swing(path(saw, null, null, null, null), 12, Map.of("strategy.stops.swing-grace-days", "0",
        "strategy.stops.coarse-bars", "3", "strategy.stops.pattern-bars", "3"));
    assertTrue(n.stream().allMatch(r -> r.isNullAt(r.fieldIndex("pattern_stop"))));
  }

  private static Double d(Row r, String c) {
    return r.isNullAt(r.fieldIndex(c)) ? null : r.getDouble(r.fieldIndex(c));
  }

  @Test
  void volatilityStopTrailsTheHighestClose() {
    double[] close = {1.00, 1.05, 1.20, 1.10, 1.06};
    List<Row> s = stops(path(close, null, null, null, null), Map.of("strategy.stops.grace-bars", "100"));
    assertEquals(1.00 - 0.125, d(s.get(0), "volatility_stop"), 1e-12);
    assertEquals(1.20 - 0.125, d(s.get(4), "volatility_stop"), 1e-12); // the high close holds it up
    assertEquals("volatility", s.get(4).getString(s.get(4).fieldIndex("binding_reason")));
    assertNull(d(s.get(0), "active_stop"), "a stop applies from the bar after it was set");
    assertEquals(1.20 - 0.125, d(s.get(3), "active_stop"), 1e-12);
  }

  @Test
  void theRegimeSetsTheDistance() {
    List<Row> rows = new ArrayList<>();
    for (Row r : path(new double[] {1.0, 1.0}, null, null, null, null)) {
      Object[] v = new Object[r.length()];
      for (int i = 0; i < v.length; i++) {
        v[i] = r.get(i);
      }
      v[5] = 1.5; // low-volatility regime
      rows.add(RowFactory.create(v));
    }
    assertEquals(1.00 - 0.075, d(stops(rows, Map.of()).get(1), "volatility_stop"), 1e-12);
  }

  @Test
  void graceKeepsEveryOtherComponentOff() {
    double[] close = {1.00, 0.99, 0.98, 0.97, 0.96, 0.95, 0.94};
    List<Row> s = stops(path(close, 0.98, null, new double[] {-1, -1, -1, -1, -1, -1, -1},
        new boolean[] {false, true, true, true, true, true, true}), Map.of("strategy.stops.grace-bars", "100",
        "strategy.stops.time-bars", "1"));
    for (Row r : s) {
      assertNull(d(r, "support_stop"));
      assertNull(d(r, "time_stop"));
      assertNull(d(r, "pattern_stop"));
      assertFalse(r.getBoolean(r.fieldIndex("micro_exit")));
      assertEquals("volatility", r.getString(r.fieldIndex("binding_reason")));
    }
  }

  @Test
  void supportBindsWhenItIsAboveTheVolatilityStop() {
    double[] close = {1.00, 1.01, 1.00, 1.01};
    List<Row> s = stops(path(close, 0.98, null, null, null), Map.of("strategy.stops.grace-bars", "2"));
    assertNull(d(s.get(1), "support_stop"), "inside the grace period");
    assertEquals(0.98 - 0.25 * 0.05, d(s.get(2), "support_stop"), 1e-12);
    assertEquals("support", s.get(2).getString(s.get(2).fieldIndex("binding_reason")));
    // A support far below does not bind.
    List<Row> far = stops(path(close, 0.60, null, null, null), Map.of("strategy.stops.grace-bars", "2"));
    assertEquals("volatility", far.get(3).getString(far.get(3).fieldIndex("binding_reason")));
  }

  @Test
  void timeTightensAStopWithoutProgress() {
    double[] flat = {1.00, 1.00, 1.01, 1.00, 1.01, 1.00};
    List<Row> s = stops(path(flat, null, null, null, null), Map.of("strategy.stops.grace-bars", "0",
        "strategy.stops.time-bars", "3"));
    assertNull(d(s.get(2), "time_stop"));
    assertEquals(1.01 - 0.125 * 0.5, d(s.get(3), "time_stop"), 1e-12);
    assertEquals("time", s.get(3).getString(s.get(3).fieldIndex("binding_reason")));
    // Progress of half an ATR (0.025) keeps the full distance.
    double[] rising = {1.00, 1.01, 1.03, 1.04, 1.05, 1.06};
    List<Row> r = stops(path(rising, null, null, null, null), Map.of("strategy.stops.grace-bars", "0",
        "strategy.stops.time-bars", "3"));
    assertNull(d(r.get(4), "time_stop"));
  }

  @Test
  void lowerHighsAndLowsMoveTheStopToTheSwingLow() {
    double[] lows = {1.00, 0.99, 0.98, 0.97, 0.96, 0.955};
    double[] close = {1.005, 0.995, 0.985, 0.975, 0.965, 0.96};
    List<Row> s = stops(path(close, null, lows, null, null), Map.of("strategy.stops.grace-bars", "0"));
    assertNull(d(s.get(3), "pattern_stop"), "only three lower bars");
    assertEquals(0.955, d(s.get(5), "pattern_stop"), 1e-12); // 5 bars: 4 lower highs and lows in a row
    assertEquals("pattern", s.get(5).getString(s.get(5).fieldIndex("binding_reason")));
    double[] mixed = {1.00, 0.99, 1.00, 0.97, 0.96, 0.955};
    List<Row> m = stops(path(close, null, mixed, null, null), Map.of("strategy.stops.grace-bars", "0"));
    assertNull(d(m.get(5), "pattern_stop"), "a higher low breaks the pattern");
  }

  @Test
  void aFailedBreakoutTightensTheStop() {
    double[] close = {1.00, 1.00, 1.10, 0.99};
    double[] lows = {0.995, 0.995, 1.09, 0.985};
    List<Row> s = stops(path(close, null, lows, null, null), Map.of("strategy.stops.grace-bars", "0"));
    assertEquals(0.985, d(s.get(3), "pattern_stop"), 1e-12);
    // A new high of one tick is noise, not a breakout: its failure does not tighten anything.
    double[] small = {0.995, 0.995, 1.006, 0.985};
    List<Row> n = stops(path(new double[] {1.00, 1.00, 1.01, 0.99}, null, small, null, null),
        Map.of("strategy.stops.grace-bars", "0"));
    assertNull(d(n.get(3), "pattern_stop"));
  }

  @Test
  void microstructureExitOnFleeingOrNegativeFlowWithAWideSpread() {
    double[] close = {1.00, 1.00, 1.00, 1.00, 1.00, 1.00, 1.00};
    List<Row> flee = stops(path(close, null, null, null,
        new boolean[] {false, false, false, true, false, false, false}), Map.of("strategy.stops.grace-bars", "1"));
    assertTrue(flee.get(3).getBoolean(flee.get(3).fieldIndex("micro_exit")));
    assertFalse(flee.get(4).getBoolean(flee.get(4).fieldIndex("micro_exit")));
    double[] ofi = {-1, -1, -1, -1, -1, -1, -1};
    List<Row> flow = stops(path(close, null, null, ofi, null), Map.of("strategy.stops.grace-bars", "1"));
    assertFalse(flow.get(3).getBoolean(flow.get(3).fieldIndex("micro_exit")), "four negative bars");
    assertTrue(flow.get(4).getBoolean(flow.get(4).fieldIndex("micro_exit")), "five, spread 2x baseline");
    List<Row> narrow = stops(path(close, null, null, ofi, null), Map.of("strategy.stops.grace-bars", "1",
        "strategy.stops.micro-spread-multiple", "2.5"));
    assertFalse(narrow.get(6).getBoolean(narrow.get(6).fieldIndex("micro_exit")), "spread not wide enough");
  }
}

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

  private static List<Row> stops(List<Row> path, Map<String, String> overrides) {
    Strategy s = Strategy.load(null, overrides);
    return StopLevels.compute(SparkTestSession.get().createDataFrame(path, SCHEMA), s.stops()).orderBy("bar_no")
        .collectAsList();
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

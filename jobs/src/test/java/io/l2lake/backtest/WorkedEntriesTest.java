package io.l2lake.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.l2lake.config.Strategy;
import io.l2lake.testing.SparkTestSession;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Entry orders and exit sales worked over several bars, each filling at most the participation cap of its
 * volume.
 */
@Timeout(300)
class WorkedEntriesTest {
  private static final StructType BARS = new StructType().add("symbol", "string").add("bar_no", "int")
      .add("bar_ts", "timestamp").add("bid", "double").add("ask", "double").add("volume", "long");
  private static final StructType CANDIDATES = new StructType().add("symbol", "string").add("bar_ts", "timestamp")
      .add("bar_no", "int").add("day_no", "int").add("atr", "double").add("k", "double").add("regime", "string")
      .add("composite", "double").add("top_signal", "string").add("next_ask", "double");

  private static Timestamp ts(int bar) {
    return Timestamp.from(Instant.parse("2025-03-03T15:00:00Z").plusSeconds(60L * bar));
  }

  private static Row entry(Map<String, String> settings) {
    SparkSession spark = SparkTestSession.get();
    List<Row> bars = new ArrayList<>();
    for (int i = 1; i <= 6; i++) {
      bars.add(RowFactory.create("AAA", i, ts(i), 0.99, 1.00, 1_000L));
    }
    Dataset<Row> candidates = spark.createDataFrame(List.of(RowFactory.create("AAA", ts(1), 1, 1, 0.05, 2.0,
        "normal", 0.6, "creep", 1.00)), CANDIDATES);
    List<Row> e = BacktestEngine.entries(candidates, spark.createDataFrame(bars, BARS),
        Strategy.load(null, settings).backtest()).collectAsList();
    assertEquals(1, e.size());
    return e.get(0);
  }

  @Test
  void theOrderFillsBarByBarUpToTheCapOfEach() {
    // 1,000 / (2 x 0.05) = 10,000 shares wanted; 10% of 1,000 = 100 a bar over 3 bars.
    Row r = entry(Map.of("strategy.backtest.entry-work-bars", "3"));
    assertEquals(10_000L, r.<Long>getAs("order_shares"));
    assertEquals(300L, r.<Long>getAs("shares"));
    assertEquals(4, r.<Integer>getAs("entry_bar_no"), "the position starts at the last bar that filled");
    assertEquals(ts(4), r.getAs("entry_ts"));
    assertEquals(3L, r.<Long>getAs("fill_bars"));
    assertEquals(1.00 + 0.01 * 0.1 + 1.00 * 0.1 * 0.1, r.<Double>getAs("entry_price"), 1e-12);
    assertEquals(1.5, r.<Double>getAs("entry_commission"), 1e-12, "one order, one commission");
    // A 150-share order ($150 at most) completes on the second bar: 100 at 10% participation, then 50 at 5%.
    Row small = entry(Map.of("strategy.backtest.entry-work-bars", "3", "strategy.backtest.max-position-value",
        "150"));
    assertEquals(150L, small.<Long>getAs("shares"));
    assertEquals(3, small.<Integer>getAs("entry_bar_no"));
    double price = (100 * (1.001 + 0.1 * 0.1) + 50 * (1.001 + 0.1 * 0.05)) / 150;
    assertEquals(price, small.<Double>getAs("entry_price"), 1e-12);
    // One bar: the next bar alone, as a single-bar fill.
    Row one = entry(Map.of("strategy.backtest.entry-work-bars", "1"));
    assertEquals(100L, one.<Long>getAs("shares"));
    assertEquals(2, one.<Integer>getAs("entry_bar_no"));
  }

  private static final StructType SALE_BARS = new StructType().add("symbol", "string").add("bar_no", "int")
      .add("bar_ts", "timestamp").add("trade_date", "date").add("bid", "double").add("ask", "double")
      .add("volume", "long");
  private static final StructType TRIGGERED = new StructType().add("position_id", "string")
      .add("symbol", "string").add("shares", "long").add("exit_trigger_bar_no", "int")
      .add("exit_reference", "double");

  private static Row sale(long shares, int barsInData, Map<String, String> settings) {
    SparkSession spark = SparkTestSession.get();
    List<Row> bars = new ArrayList<>();
    for (int i = 1; i <= barsInData; i++) {
      bars.add(RowFactory.create("AAA", i, ts(i), java.sql.Date.valueOf("2025-03-03"), 0.99, 1.00, 1_000L));
    }
    Dataset<Row> triggered = spark.createDataFrame(List.of(RowFactory.create("AAA|1", "AAA", shares, 1, 0.95)),
        TRIGGERED);
    List<Row> r = BacktestEngine.sale(triggered, spark.createDataFrame(bars, SALE_BARS),
        Strategy.load(null, settings).backtest()).collectAsList();
    assertEquals(1, r.size());
    return r.get(0);
  }

  @Test
  void theSaleIsWorkedFromTheTriggerBarAndTheLastBarSellsTheRest() {
    double first = 0.95 - 0.01 * 0.1 - 0.95 * 0.1 * 0.1; // the stop's fill on the trigger bar, 10% of its volume
    double later = 0.99 - 0.01 * 0.1 - 0.99 * 0.1 * 0.1; // later bars at their bid
    Row even = sale(300, 6, Map.of("strategy.backtest.exit-work-bars", "3"));
    assertEquals(3, even.<Integer>getAs("exit_bar_no"));
    assertEquals(ts(3), even.getAs("exit_ts"));
    assertEquals(3L, even.<Long>getAs("exit_fill_bars"));
    assertEquals((first + 2 * later) / 3, even.<Double>getAs("exit_price"), 1e-12);
    // 1,000 shares: 100 and 100, then the window's last bar sells the remaining 800 at 80% participation.
    Row big = sale(1_000, 6, Map.of("strategy.backtest.exit-work-bars", "3"));
    double rest = 0.99 - 0.01 * 0.1 - 0.99 * 0.1 * 0.8;
    assertEquals((100 * first + 100 * later + 800 * rest) / 1_000, big.<Double>getAs("exit_price"), 1e-12);
    // The data ends at bar 2: its last bar sells what is left.
    Row end = sale(1_000, 2, Map.of("strategy.backtest.exit-work-bars", "5"));
    assertEquals(2, end.<Integer>getAs("exit_bar_no"));
    double rest9 = 0.99 - 0.01 * 0.1 - 0.99 * 0.1 * 0.9;
    assertEquals((100 * first + 900 * rest9) / 1_000, end.<Double>getAs("exit_price"), 1e-12);
    // One bar: everything on the trigger bar, as a single fill.
    Row one = sale(300, 6, Map.of("strategy.backtest.exit-work-bars", "1"));
    assertEquals(1, one.<Integer>getAs("exit_bar_no"));
    assertEquals(0.95 - 0.001 - 0.95 * 0.1 * 0.3, one.<Double>getAs("exit_price"), 1e-12);
  }
}

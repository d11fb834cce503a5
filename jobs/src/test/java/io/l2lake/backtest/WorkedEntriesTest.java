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

/** An entry order worked over several bars, each filling at most the participation cap of its volume. */
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
}

package io.l2lake.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.l2lake.config.BacktestSettings;
import io.l2lake.config.Strategy;
import io.l2lake.testing.SparkTestSession;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each gap's attribution (held, exited, not entered), which gaps count, and the oracle's fill. */
@Timeout(300)
class GapAttributionTest {
  private static final LocalDate D1 = LocalDate.of(2025, 3, 3);
  private static final StructType BARS = new StructType().add("symbol", "string").add("trade_date", "date")
      .add("day_no", "int").add("bar_no", "int").add("bar_ts", "timestamp").add("open", "double")
      .add("close", "double").add("bid", "double").add("ask", "double").add("volume", "long")
      .add("prev_state", "string").add("atr", "double").add("k", "double");
  private static final StructType TRADES = new StructType().add("symbol", "string").add("entry_ts", "timestamp")
      .add("entry_bar_no", "int").add("entry_day_no", "int").add("exit_ts", "timestamp").add("exit_bar_no", "int")
      .add("exit_reason", "string").add("return", "double").add("pnl", "double");

  private static Timestamp ts(int day, int bar) {
    return Timestamp.from(Instant.parse(D1.plusDays(day - 1) + (bar == 0 ? "T14:30:00Z" : "T20:59:00Z")));
  }

  /** Two bars a day over three days: day d's first bar opens at {@code opens[d-1]}, both close at closes[d-1]. */
  private static void days(List<Row> rows, String symbol, double[] opens, double[] closes, String[] states) {
    for (int d = 1; d <= 3; d++) {
      for (int b = 0; b < 2; b++) {
        double px = b == 0 ? opens[d - 1] : closes[d - 1];
        rows.add(RowFactory.create(symbol, Date.valueOf(D1.plusDays(d - 1)), d, (d - 1) * 2 + b + 1, ts(d, b),
            px, closes[d - 1], Math.round((px - 0.01) * 100) / 100.0, px, (d == 3 && b == 0) ? 200_000L : 100_000L,
            states[d - 1], 0.05, 2.0));
      }
    }
  }

  @Test
  void everyGapIsHeldExitedOrNotEnteredAndTheOracleBuysTheReadyEve() {
    SparkSession spark = SparkTestSession.get();
    List<Row> bars = new ArrayList<>();
    days(bars, "AAA", new double[] {1.0, 1.0, 1.5}, new double[] {1.0, 1.0, 1.6}, new String[] {null, "WATCH", "READY"});
    days(bars, "BBB", new double[] {2.0, 2.0, 2.6}, new double[] {2.0, 2.0, 2.5},
        new String[] {null, "WATCH", "ACCUMULATING"});
    days(bars, "CCC", new double[] {1.0, 1.25, 1.25}, new double[] {1.0, 1.25, 1.25}, new String[] {null, null, null});
    days(bars, "DDD", new double[] {1.0, 1.4, 1.54}, new double[] {1.0, 1.4, 1.4}, new String[] {null, null, "READY"});
    days(bars, "EEE", new double[] {1.0, 1.1, 1.1}, new double[] {1.0, 1.1, 1.1}, new String[] {null, null, null});
    Dataset<Row> b = spark.createDataFrame(bars, BARS);
    Dataset<Row> trades = spark.createDataFrame(List.of(
        RowFactory.create("AAA", ts(2, 0), 3, 2, ts(3, 0), 5, "max_hold", 0.4, 4000.0),
        RowFactory.create("BBB", ts(2, 0), 3, 2, ts(2, 1), 4, "support", -0.01, -20.0)), TRADES);
    BacktestSettings p = Strategy.defaults().backtest();
    LocalDate from = D1;
    LocalDate to = D1.plusDays(2);

    Map<String, Row> found = byKey(GapAttribution.attribute(b, trades, null, p, 0.2, from, to));
    assertEquals(List.of("AAA|2025-03-05", "BBB|2025-03-05", "CCC|2025-03-04", "DDD|2025-03-04"),
        List.copyOf(found.keySet()), "gaps of 20% or more; EEE's 10% and DDD's 10% on the 5th are not");
    Row a = found.get("AAA|2025-03-05");
    assertEquals("held", a.getAs("status"));
    assertEquals("READY", a.getAs("state_before"));
    assertEquals("max_hold", a.getAs("exit_reason"));
    assertEquals(0.5, a.<Double>getAs("gap"), 1e-12);
    Row bb = found.get("BBB|2025-03-05");
    assertEquals("exited", bb.getAs("status"));
    assertEquals("support", bb.getAs("exit_reason"));
    assertEquals(ts(2, 1), bb.getAs("exit_ts"));
    assertNull(bb.getAs("oracle_pnl"), "no oracle trade without READY the day before");
    assertEquals("not_entered", found.get("CCC|2025-03-04").getAs("status"));
    assertNull(found.get("CCC|2025-03-04").getAs("exit_reason"));

    // The oracle: 10,000 shares (1% of 100,000 over 2 x 0.05; 10% of the eve's last bar's 100,000), bought at
    // the 1.00 ask plus a tenth of the cent spread and 0.1 x 10% impact; sold at the 1.50 open less a tenth of
    // the 1-cent spread and 0.1 x 5% impact; two $50 commissions, the SEC fee and the TAF (under its cap).
    double buy = 1.00 + 0.01 * 0.1 + 1.00 * 0.1 * 0.1;
    double sell = 1.50 - 0.01 * 0.1 - 1.50 * 0.1 * 0.05;
    double pnl = 10_000 * (sell - buy) - 100 - (10_000 * sell * p.secFeeRate() + 10_000 * p.tafPerShare());
    assertEquals(10_000L, a.<Long>getAs("oracle_shares"));
    assertEquals(buy, a.<Double>getAs("oracle_buy"), 1e-9);
    assertEquals(sell, a.<Double>getAs("oracle_sell"), 1e-9);
    assertEquals(pnl, a.<Double>getAs("oracle_pnl"), 1e-6);
    assertEquals(pnl / (10_000 * buy), a.<Double>getAs("oracle_return"), 1e-9);
    assertEquals(ts(2, 1), a.getAs("oracle_buy_ts"));

    // With the simulator's truth, its symbols' gaps are the planted ones only: DDD's 10% planted gap counts,
    // its unplanted 40% does not; symbols outside the truth keep the threshold.
    StructType episodes = new StructType().add("symbol", "string").add("gap_date", "date");
    Dataset<Row> truth = spark.createDataFrame(List.of(RowFactory.create("DDD", Date.valueOf(D1.plusDays(2))),
        RowFactory.create("EEE", null)), episodes);
    Map<String, Row> planted = byKey(GapAttribution.attribute(b, trades, truth, p, 0.2, from, to));
    assertEquals(List.of("AAA|2025-03-05", "BBB|2025-03-05", "CCC|2025-03-04", "DDD|2025-03-05"),
        List.copyOf(planted.keySet()));
    assertEquals("truth", planted.get("DDD|2025-03-05").getAs("source"));
    assertEquals("bars", planted.get("AAA|2025-03-05").getAs("source"));
    assertEquals("not_entered", planted.get("DDD|2025-03-05").getAs("status"));

    Row summary = BacktestJob.gapSummary(GapAttribution.attribute(b, trades, null, p, 0.2, from, to)
        .withColumn("entries", org.apache.spark.sql.functions.lit("signal"))).collectAsList().get(0);
    assertEquals(4L, summary.<Long>getAs("gaps"));
    assertEquals(1L, summary.<Long>getAs("after_ready"));
    assertEquals(1L, summary.<Long>getAs("held_after_ready"));
    assertEquals(1L, summary.<Long>getAs("oracle_trades"));
  }

  private static Map<String, Row> byKey(Dataset<Row> gaps) {
    Map<String, Row> m = new TreeMap<>();
    for (Row r : gaps.collectAsList()) {
      m.put(r.getAs("symbol") + "|" + r.getAs("gap_date"), r);
    }
    return m;
  }
}

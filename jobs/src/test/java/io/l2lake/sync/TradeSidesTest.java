package io.l2lake.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.l2lake.testing.SparkTestSession;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Lee-Ready, the tick rule, the quote rule, EMO and the sweep rule on hand-built trades, row by row. */
class TradeSidesTest {
  static final StructType SCHEMA = new StructType().add("symbol", DataTypes.StringType)
      .add("trade_date", DataTypes.DateType).add("ts", DataTypes.TimestampType).add("seq", DataTypes.LongType)
      .add("price", DataTypes.DoubleType).add("bid", DataTypes.DoubleType).add("ask", DataTypes.DoubleType);

  static Row t(long seq, double price, Double bid, Double ask) {
    return at(seq, seq, price, bid, ask);
  }

  /** A trade at {@code second} past 15:00 UTC: trades of one second are printed at one time. */
  static Row at(long second, long seq, double price, Double bid, Double ask) {
    return RowFactory.create("A", Date.valueOf("2021-03-01"),
        Timestamp.from(Instant.parse("2021-03-01T15:00:00Z").plusSeconds(second)), seq, price, bid, ask);
  }

  static List<String> run(List<Row> in, String rule, String... columns) {
    List<String> got = new ArrayList<>();
    for (Row r : TradeSides.classify(SparkTestSession.get().createDataFrame(in, SCHEMA), "bid", "ask", rule)
        .orderBy("seq").selectExpr(columns).collectAsList()) {
      Object[] v = new Object[r.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = r.get(i);
      }
      got.add(Arrays.toString(v));
    }
    return got;
  }

  /**
   * EMO: the touch decides at or through it, the tick rule everywhere else (the quote rule never); the sweep
   * rule: the touch, then the touch trades printed at the same time, then the price path of those trades, then
   * Lee-Ready. The side column follows the configured rule.
   */
  @Test
  void emoAndSweepOnEachCase() {
    List<Row> in = List.of(
        at(0, 1, 10.00, 9.99, 10.01),  // alone at the midpoint, no prior trade: all null
        at(1, 2, 10.01, 9.99, 10.01),  // at the ask: buy by every quote rule (up-tick too)
        at(2, 3, 10.006, 9.99, 10.01), // inside above the midpoint, alone, a down-tick: EMO -1, LR and sweep +1
        at(3, 4, 10.004, 9.99, 10.01), // a sweep at t=3: inside above the midpoint (LR +1) ...
        at(3, 5, 9.99, 9.99, 10.01),   // ... with a trade at the bid: the sweep sells
        at(3, 6, 9.98, 9.99, 10.01),   // through the bid: sell
        at(4, 7, 9.996, 9.99, 10.01),  // t=4 inside below the midpoint (LR -1), the price walks up to ...
        at(4, 8, 9.998, 9.99, 10.01),  // ... 9.998, no touch trade: the path (+1) buys both
        at(5, 9, 10.02, 9.99, 10.01),  // t=5 through the ask ...
        at(5, 10, 9.99, 9.99, 10.01),  // ... and at the bid: the touch sides sum to 0, the path decides ...
        at(5, 11, 10.00, 9.99, 10.01), // ... at the midpoint: the path (10.02 -> 10.00) sells; EMO and LR tick +1
        at(6, 12, 10.00, null, null)); // no quote: the tick rule (zero tick, last different 9.99: +1) for all
    assertEquals(List.of(
        "[1, null, null, null, null, null]",
        "[2, 1, 1, 1, 1, touch]",
        "[3, -1, 1, -1, 1, quote]",
        "[4, -1, 1, -1, -1, sweep]",
        "[5, -1, -1, -1, -1, touch]",
        "[6, -1, -1, -1, -1, touch]",
        "[7, 1, -1, 1, 1, sweep]",
        "[8, 1, -1, 1, 1, sweep]",
        "[9, 1, 1, 1, 1, touch]",
        "[10, -1, -1, -1, -1, touch]",
        "[11, 1, 1, 1, -1, sweep]",
        "[12, 1, 1, 1, 1, tick]"),
        run(in, "sweep", "seq", "tick_side", "lee_ready_side", "emo_side", "sweep_side", "side_rule"));
    assertEquals(List.of("[null, null]", "[1, touch]", "[-1, tick]", "[-1, tick]", "[-1, touch]", "[-1, touch]",
        "[1, tick]", "[1, tick]", "[1, touch]", "[-1, touch]", "[1, tick]", "[1, tick]"),
        run(in, "emo", "side", "side_rule"));
    assertEquals(List.of("[null, null]", "[1, quote]", "[1, quote]", "[1, quote]", "[-1, quote]", "[-1, quote]",
        "[-1, quote]", "[-1, quote]", "[1, quote]", "[-1, quote]", "[1, tick]", "[1, tick]"),
        run(in, "lee-ready", "side", "side_rule"));
  }

  @Test
  void anUnknownRuleIsNamed() {
    IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> TradeSides.classify(SparkTestSession.get().createDataFrame(List.of(t(1, 1.0, 0.99, 1.01)), SCHEMA),
            "bid", "ask", "majority"));
    assertEquals("unknown trade-side rule 'majority': allowed are lee-ready, emo, sweep", e.getMessage());
  }

  @Test
  void eachRuleOnEachCase() {
    List<Row> in = List.of(
        t(1, 1.00, 0.99, 1.01),  // at the midpoint, no prior trade: unclassified
        t(2, 1.01, 0.99, 1.01),  // at the ask: buy by the quote rule; up-tick
        t(3, 1.00, 0.99, 1.01),  // at the midpoint after a down-tick: tick rule sells
        t(4, 1.00, 0.99, 1.01),  // zero-tick: the last different price (1.01) is above: sell
        t(5, 0.99, 0.99, 1.01),  // at the bid: sell
        t(6, 1.00, 1.00, 1.00),  // locked quote, trade at it: midpoint -> up-tick from 0.99: buy
        t(7, 1.02, null, null),  // no quote: tick rule, buy
        t(8, 1.01, 1.03, 1.00),  // crossed quote: not a usable quote, tick rule: sell
        t(9, 1.0101, 1.00, 1.02)); // inside the spread above the midpoint: buy
    List<Row> out = TradeSides.classify(SparkTestSession.get().createDataFrame(in, SCHEMA), "bid", "ask")
        .orderBy("seq").select("seq", "tick_side", "quote_side", "side", "side_rule").collectAsList();
    List<String> got = new ArrayList<>();
    out.forEach(r -> got.add(Arrays.toString(new Object[] {r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)})));
    assertEquals(List.of(
        "[1, null, null, null, null]",
        "[2, 1, 1, 1, quote]",
        "[3, -1, null, -1, tick]",
        "[4, -1, null, -1, tick]",
        "[5, -1, -1, -1, quote]",
        "[6, 1, null, 1, tick]",
        "[7, 1, null, 1, tick]",
        "[8, -1, null, -1, tick]",
        "[9, 1, 1, 1, quote]"), got);
  }
}

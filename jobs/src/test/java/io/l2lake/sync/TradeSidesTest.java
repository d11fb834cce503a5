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

/** Lee-Ready, the tick rule and the quote rule on hand-built trades, row by row. */
class TradeSidesTest {
  static final StructType SCHEMA = new StructType().add("symbol", DataTypes.StringType)
      .add("trade_date", DataTypes.DateType).add("ts", DataTypes.TimestampType).add("seq", DataTypes.LongType)
      .add("price", DataTypes.DoubleType).add("bid", DataTypes.DoubleType).add("ask", DataTypes.DoubleType);

  static Row t(long seq, double price, Double bid, Double ask) {
    return RowFactory.create("A", Date.valueOf("2021-03-01"),
        Timestamp.from(Instant.parse("2021-03-01T15:00:00Z").plusSeconds(seq)), seq, price, bid, ask);
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

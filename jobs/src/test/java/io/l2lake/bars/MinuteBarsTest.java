package io.l2lake.bars;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.l2lake.config.L2Config;
import io.l2lake.lake.Schemas;
import io.l2lake.sync.TradeSync;
import io.l2lake.testing.SparkTestSession;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

/** Every column of a minute bar on a hand-built minute, exactly. */
class MinuteBarsTest {
  static final L2Config.Sync SYNC = L2Config.load(null, Map.of()).sync();
  static final Instant T0 = Instant.parse("2021-03-01T15:00:00Z"); // 10:00 Eastern

  static Row tick(double secs, long seq, double price, long size, double bid, double ask, int mc, String... cond) {
    return RowFactory.create("A", Date.valueOf("2021-03-01"), ts(secs), seq, price, size, null, bid, ask, null,
        null, seq, "C", mc, CollectionConverters.asScala(List.of(cond)).toSeq(), 0, 1, "history", false,
        "h|" + seq, "f", seq, "r");
  }

  static Row quote(double secs, long seq, Double bid, Long bidSize, Double ask, Long askSize) {
    return RowFactory.create("A", Date.valueOf("2021-03-01"), ts(secs), seq, bid, bidSize, ask, askSize, "Q",
        "ba", "quote_time", "q", seq, "r");
  }

  static Timestamp ts(double secs) {
    return Timestamp.from(T0.plusNanos((long) (secs * 1e9)));
  }

  @Test
  void tradeColumnsOfOneMinute() {
    Dataset<Row> ticks = SparkTestSession.get().createDataFrame(List.of(
        tick(1, 1, 1.00, 100, 0.99, 1.01, 5, "01"),     // at the midpoint, first: unclassified
        tick(2, 2, 1.01, 300, 0.99, 1.01, 19, "01"),    // buy at the ask, off-exchange
        tick(3, 3, 0.99, 50, 0.99, 1.01, 5, "87"),      // sell at the bid, odd lot
        tick(61, 4, 1.02, 200, 1.01, 1.03, 5)),         // next minute
        Schemas.TICKS);
    Dataset<Row> quotes = SparkTestSession.get().createDataFrame(List.of(), Schemas.QUOTES);
    Dataset<Row> trades = TradeSync.synchronise(ticks, quotes, SYNC);
    List<Row> bars = MinuteBars.build(trades, quotes).orderBy("bar_ts").collectAsList();
    assertEquals(2, bars.size());
    Row b = bars.get(0);
    assertEquals(Timestamp.from(T0), b.getAs("bar_ts"));
    assertEquals(List.of(1.00, 1.01, 0.99, 0.99), List.of(b.<Double>getAs("open"), b.<Double>getAs("high"),
        b.<Double>getAs("low"), b.<Double>getAs("close")));
    assertEquals(450L, b.<Long>getAs("volume"));
    assertEquals((100 * 1.00 + 300 * 1.01 + 50 * 0.99) / 450, b.<Double>getAs("vwap"), 1e-12);
    assertEquals(3L, b.<Long>getAs("trade_count"));
    assertEquals(300L, b.<Long>getAs("buy_volume"));
    assertEquals(50L, b.<Long>getAs("sell_volume"));
    assertEquals(100L, b.<Long>getAs("unclassified_volume"));
    assertEquals((300 - 50) / 350.0, b.<Double>getAs("trade_imbalance"), 1e-12);
    assertEquals(300L, b.<Long>getAs("off_exchange_volume"));
    assertEquals(50L, b.<Long>getAs("odd_lot_volume"));
    double r1 = Math.log(1.01 / 1.00);
    double r2 = Math.log(0.99 / 1.01);
    assertEquals(r1 * r1 + r2 * r2, b.<Double>getAs("realized_variance"), 1e-15);
    assertEquals(0.02, b.<Double>getAs("spread"), 1e-12);
    assertEquals("trades", b.getAs("spread_source"));
    assertEquals(0L, b.<Long>getAs("quote_updates"));
    // The second minute's return is from the first minute's close.
    double r3 = Math.log(1.02 / 0.99);
    assertEquals(r3 * r3, bars.get(1).<Double>getAs("realized_variance"), 1e-15);
  }

  @Test
  void quoteColumnsAreTimeWeightedAndOfiFollowsCks() {
    Dataset<Row> quotes = SparkTestSession.get().createDataFrame(List.of(
        quote(0, 1, 1.00, 100L, 1.02, 200L),   // stands 15 s: spread 0.02
        quote(15, 2, 1.01, 300L, 1.02, 150L),  // stands 45 s to the minute's end: spread 0.01
        quote(65, 3, 1.01, 200L, 1.03, 100L)), Schemas.QUOTES);
    Dataset<Row> ticks = SparkTestSession.get().createDataFrame(List.of(), Schemas.TICKS);
    List<Row> bars = MinuteBars.build(TradeSync.synchronise(ticks, quotes, SYNC), quotes).orderBy("bar_ts")
        .collectAsList();
    Row b = bars.get(0);
    assertEquals((0.02 * 15 + 0.01 * 45) / 60, b.<Double>getAs("spread"), 1e-12);
    assertEquals("quotes", b.getAs("spread_source"));
    assertEquals((100.0 * 15 + 300 * 45) / 60, b.<Double>getAs("tw_bid_size"), 1e-9);
    assertEquals((200.0 * 15 + 150 * 45) / 60, b.<Double>getAs("tw_ask_size"), 1e-9);
    // Update 2: bid up (+300), ask unchanged (-150 +200) -> e = 300 - 150 + 200 = 350.
    assertEquals(350.0, b.<Double>getAs("ofi"), 1e-12);
    // Update 3 (next minute): bid same (+200 -300), ask up (+150) -> e = 50.
    assertEquals(50.0, bars.get(1).<Double>getAs("ofi"), 1e-12);
    assertEquals(0L, b.<Long>getAs("volume"));
  }
}

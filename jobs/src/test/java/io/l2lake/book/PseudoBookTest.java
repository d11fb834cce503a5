package io.l2lake.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.l2lake.config.L2Config;
import io.l2lake.testing.SparkTestSession;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The pseudo book on hand-built quotes and trades of one symbol-day: the levels remembered beyond the
 * touch (the last sighting of each price, ties in time ordered by seq), their decayed sizes, the
 * typical level size from retreating touches, the cumulative depth and the touch activity.
 */
class PseudoBookTest {
  static final L2Config.Book BOOK = new L2Config.Book(60, 3, 300);
  static final double TAU = 300;
  static final String DAY = "2021-03-01";
  static final Instant OPEN = Instant.parse(DAY + "T14:30:00Z"); // 09:30 New York, a bucket boundary

  static final StructType QUOTES = new StructType().add("symbol", DataTypes.StringType)
      .add("trade_date", DataTypes.DateType).add("ts", DataTypes.TimestampType).add("seq", DataTypes.LongType)
      .add("bid", DataTypes.DoubleType).add("bid_size", DataTypes.LongType)
      .add("ask", DataTypes.DoubleType).add("ask_size", DataTypes.LongType);
  static final StructType TRADES = new StructType().add("symbol", DataTypes.StringType)
      .add("trade_date", DataTypes.DateType).add("ts", DataTypes.TimestampType).add("seq", DataTypes.LongType)
      .add("price", DataTypes.DoubleType).add("size", DataTypes.LongType).add("side", DataTypes.IntegerType)
      .add("bid", DataTypes.DoubleType).add("bid_size", DataTypes.LongType)
      .add("ask", DataTypes.DoubleType).add("ask_size", DataTypes.LongType)
      .add("tick_bid", DataTypes.DoubleType).add("tick_ask", DataTypes.DoubleType);

  static Row q(int second, long seq, double bid, long bidSize, double ask, long askSize) {
    return RowFactory.create("A", Date.valueOf(DAY), Timestamp.from(OPEN.plusSeconds(second)), seq,
        bid, bidSize, ask, askSize);
  }

  static Row trade(int second, long seq, double price, long size, int side, double bid, long bidSize,
      double ask, long askSize) {
    return RowFactory.create("A", Date.valueOf(DAY), Timestamp.from(OPEN.plusSeconds(second)), seq,
        price, size, side, bid, bidSize, ask, askSize, bid, ask);
  }

  static Dataset<Row> frame(List<Row> rows, StructType schema) {
    List<Row> shuffled = new ArrayList<>(rows);
    Collections.shuffle(shuffled, new Random(5)); // the order of the input rows must not matter
    return SparkTestSession.get().createDataFrame(shuffled, schema).repartition(3);
  }

  /** Rows by "bucket minute/side/level". */
  static Map<String, Row> book(List<Row> quotes, List<Row> trades) {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> t = frame(trades, TRADES);
    Map<String, Row> out = new HashMap<>();
    for (Row r : PseudoBook.estimate(PseudoBook.withTickQuotes(frame(quotes, QUOTES), t), t, BOOK)
        .collectAsList()) {
      long minute = (r.<Timestamp>getAs("bucket_ts").toInstant().getEpochSecond() - OPEN.getEpochSecond()) / 60;
      out.put(minute + "/" + r.getAs("side") + "/" + r.getAs("level"), r);
    }
    return out;
  }

  static double decayedTowards(double size, double typical, double ageSeconds) {
    double w = Math.exp(-ageSeconds / TAU);
    return size * w + (1 - w) * typical;
  }

  @Test
  void remembersTheLastSightingOfEachPriceBeyondTheTouch() {
    Map<String, Row> got = book(List.of(
        q(0, 1, 1.00, 500, 1.02, 300),
        q(10, 2, 1.00, 500, 1.03, 400),   // the ask retreats: 400 shown behind 1.02, gap 0.01
        q(10, 3, 1.00, 500, 1.04, 100),   // same time, later seq: retreats again, 100, gap 0.01
        q(20, 4, 1.00, 500, 1.03, 450),
        q(20, 5, 1.00, 500, 1.03, 470),   // same time as seq 4: the last sighting of 1.03; +20 refilled
        q(30, 6, 1.00, 500, 1.02, 350),   // back to 1.02: the touch at the end of the first minute
        q(65, 7, 1.00, 500, 1.02, 250)),  // the second minute: only the touch is seen
        List.of(trade(25, 1, 1.03, 600, 1, 1.00, 500, 1.03, 470)));  // lifts the 1.03 offer: 130 hidden

    assertEquals(12, got.size()); // 2 buckets x 2 sides x 3 levels
    double typical = Math.sqrt(400.0 * 100.0); // geometric mean of the revealed sizes, equal weights
    Row touch = got.get("0/A/1");
    assertEquals(1.02, touch.<Double>getAs("est_price"), 1e-12);
    assertEquals(350.0, touch.<Double>getAs("est_size"), 1e-9);
    assertEquals("displayed", touch.getAs("est_source"));
    assertEquals(typical, touch.<Double>getAs("typical_level_size"), 1e-9);
    assertEquals(0.01, touch.<Double>getAs("typical_level_gap"), 1e-12);
    assertEquals(600L, (long) touch.<Long>getAs("executed"));
    assertEquals(130L, (long) touch.<Long>getAs("hidden_volume"));
    assertEquals(20L, (long) touch.<Long>getAs("refill_volume"));
    assertEquals(20.0 / 60, touch.<Double>getAs("refill_rate"), 1e-12);

    // Level 2: 1.03, last seen at second 20 with 470 (seq 5 after seq 4), aged 40 s at the bucket end.
    Row l2 = got.get("0/A/2");
    assertEquals(1.03, l2.<Double>getAs("est_price"), 1e-12);
    assertEquals("memory", l2.getAs("est_source"));
    double l2Size = decayedTowards(470, typical, 40);
    assertEquals(l2Size, l2.<Double>getAs("est_size"), 1e-9);
    Row l3 = got.get("0/A/3");
    assertEquals(1.04, l3.<Double>getAs("est_price"), 1e-12);
    double l3Size = decayedTowards(100, typical, 50);
    assertEquals(l3Size, l3.<Double>getAs("est_size"), 1e-9);
    assertEquals(350 + l2Size + l3Size, l3.<Double>getAs("est_cum_depth"), 1e-9);

    // The next minute remembers the same sightings, older; nothing traded or refilled in it.
    Row next = got.get("1/A/2");
    assertEquals(1.03, next.<Double>getAs("est_price"), 1e-12);
    assertEquals(decayedTowards(470, typical, 100), next.<Double>getAs("est_size"), 1e-9);
    assertEquals(250.0, got.get("1/A/1").<Double>getAs("est_size"), 1e-9);
    assertEquals(0L, (long) got.get("1/A/1").<Long>getAs("executed"));

    // The bid never moved: no price beyond it was seen or revealed, so deeper levels have no price
    // and the touch size stands in for their size.
    Row bid2 = got.get("0/B/2");
    assertEquals("touch", bid2.getAs("est_source"));
    assertNull(bid2.getAs("est_price"));
    assertEquals(500.0, bid2.<Double>getAs("est_size"), 1e-9);
    assertEquals(1000.0, bid2.<Double>getAs("est_cum_depth"), 1e-9);
  }
}

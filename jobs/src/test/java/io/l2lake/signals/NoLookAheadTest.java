package io.l2lake.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.testing.SparkTestSession;
import io.l2lake.tracker.TrackerStage;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Changing every bar after a time t (prices, volumes, flow, book) leaves every signal score, flag and
 * baseline at or before t unchanged, and every tracker day before t's day: nothing reads the future.
 */
public class NoLookAheadTest {
  private static final int DAYS = 4;
  private static final int BARS = 150;
  private static final LocalDate FIRST = LocalDate.of(2025, 3, 3);
  private static final Instant CUT = Instant.parse("2025-03-05T15:40:00Z"); // day 3, bar 70
  private static final Strategy STRATEGY = Strategy.defaults();
  private static final L2Config CONFIG = L2Config.load(null, Map.of());

  public static final StructType BARS_SCHEMA = new StructType().add("symbol", DataTypes.StringType)
      .add("trade_date", DataTypes.DateType).add("bar_ts", DataTypes.TimestampType)
      .add("open", DataTypes.DoubleType).add("high", DataTypes.DoubleType).add("low", DataTypes.DoubleType)
      .add("close", DataTypes.DoubleType).add("volume", DataTypes.LongType).add("vwap", DataTypes.DoubleType)
      .add("buy_volume", DataTypes.LongType).add("sell_volume", DataTypes.LongType)
      .add("off_exchange_volume", DataTypes.LongType).add("subpenny_volume", DataTypes.LongType)
      .add("off_exchange_above_mid_volume", DataTypes.LongType).add("off_exchange_block_volume", DataTypes.LongType)
      .add("sell_price_levels", DataTypes.LongType).add("bid", DataTypes.DoubleType).add("ask", DataTypes.DoubleType)
      .add("bid_low", DataTypes.DoubleType).add("ask_high", DataTypes.DoubleType)
      .add("rel_spread", DataTypes.DoubleType).add("ofi", DataTypes.DoubleType);
  public static final StructType BOOK_SCHEMA = new StructType().add("symbol", DataTypes.StringType)
      .add("trade_date", DataTypes.DateType).add("bar_ts", DataTypes.TimestampType)
      .add("bid_touch_size", DataTypes.LongType).add("ask_touch_size", DataTypes.LongType)
      .add("bid_depth", DataTypes.DoubleType).add("ask_depth", DataTypes.DoubleType)
      .add("bid_refill", DataTypes.LongType).add("bid_executed", DataTypes.LongType)
      .add("ask_executed", DataTypes.LongType);

  private static Map<String, Row> baseSignals;
  private static Map<String, Row> baseDays;

  /** Minute bars and the book minutes of the same market. */
  public record Market(Dataset<Row> bars, Dataset<Row> book) {}

  /** Random bars (seeded); after {@code cut} (if not null) every value is redrawn from another seed. */
  public static Market market(Instant cut) {
    List<Row> bars = new ArrayList<>();
    List<Row> book = new ArrayList<>();
    for (String symbol : List.of("AAA", "BBB")) {
      SplittableRandom base = new SplittableRandom(symbol.hashCode());
      SplittableRandom other = new SplittableRandom(symbol.hashCode() * 31L + 7);
      double price = symbol.equals("AAA") ? 0.45 : 2.30;
      for (int d = 0; d < DAYS; d++) {
        LocalDate date = FIRST.plusDays(d);
        for (int b = 0; b < BARS; b++) {
          Instant ts = date.atTime(14, 30).toInstant(java.time.ZoneOffset.UTC).plusSeconds(60L * b);
          SplittableRandom r = cut != null && ts.isAfter(cut) ? other : base;
          if (r.nextDouble() < 0.1) {
            continue; // minutes without activity: bars are sparse
          }
          double open = price;
          price = Math.max(0.05, price * Math.exp(0.01 * (r.nextDouble() - 0.5)));
          double high = Math.max(open, price) * (1 + 0.004 * r.nextDouble());
          double low = Math.min(open, price) * (1 - 0.004 * r.nextDouble());
          long volume = 100 + r.nextInt(5000);
          long buy = (long) (volume * r.nextDouble());
          long sell = volume - buy;
          long off = (long) (volume * 0.6 * r.nextDouble());
          long sub = (long) (off * 0.2 * r.nextDouble());
          double spread = price * (0.002 + 0.02 * r.nextDouble());
          double bid = price - spread / 2;
          double ask = price + spread / 2;
          bars.add(RowFactory.create(symbol, Date.valueOf(date), Timestamp.from(ts), open, high, low, price, volume,
              (high + low + price) / 3, buy, sell, off, sub, (long) (off * r.nextDouble()),
              r.nextDouble() < 0.1 ? off / 2 : 0L, (long) r.nextInt(5), bid, ask, bid * (1 - 0.003 * r.nextDouble()),
              ask * (1 + 0.003 * r.nextDouble()), spread / price, 2000 * (r.nextDouble() - 0.5)));
          book.add(RowFactory.create(symbol, Date.valueOf(date), Timestamp.from(ts), (long) r.nextInt(20000),
              (long) r.nextInt(20000), 50000 * r.nextDouble(), 50000 * r.nextDouble(), (long) r.nextInt(3000),
              (long) r.nextInt(3000), (long) r.nextInt(3000)));
        }
      }
    }
    var spark = SparkTestSession.get();
    return new Market(spark.createDataFrame(bars, BARS_SCHEMA), spark.createDataFrame(book, BOOK_SCHEMA));
  }

  private static Map<String, Row> byKey(Dataset<Row> rows, String timeColumn) {
    Map<String, Row> m = new TreeMap<>();
    for (Row r : rows.collectAsList()) {
      m.put(r.getString(r.fieldIndex("symbol")) + "|" + r.get(r.fieldIndex(timeColumn)), r);
    }
    return m;
  }

  private static Dataset<Row> signals(Market m) {
    return SignalsStage.compute(m.bars(), m.book(), STRATEGY, CONFIG.quality(), 5);
  }

  @BeforeAll
  static void baseline() {
    Market m = market(null);
    Dataset<Row> s = signals(m).cache();
    baseSignals = byKey(s, "bar_ts");
    baseDays = byKey(TrackerStage.compute(s, m.bars(), STRATEGY.tracker()), "trade_date");
  }

  @Test
  void scoresAtOrBeforeTDoNotDependOnLaterBars() {
    Market m = market(CUT);
    Dataset<Row> s = signals(m).cache();
    Map<String, Row> changed = byKey(s, "bar_ts");
    int compared = 0;
    int differentAfter = 0;
    for (Map.Entry<String, Row> e : baseSignals.entrySet()) {
      Timestamp ts = e.getValue().getTimestamp(e.getValue().fieldIndex("bar_ts"));
      Row other = changed.get(e.getKey());
      if (!ts.toInstant().isAfter(CUT)) {
        assertEquals(e.getValue(), other, "signals at " + e.getKey());
        compared++;
      } else if (other == null || !other.equals(e.getValue())) {
        differentAfter++;
      }
    }
    assertTrue(compared > 500, "bars compared: " + compared);
    assertTrue(differentAfter > 100, "the perturbation changed later bars: " + differentAfter);
    Map<String, Row> days = byKey(TrackerStage.compute(s, m.bars(), STRATEGY.tracker()), "trade_date");
    int daysCompared = 0;
    for (Map.Entry<String, Row> e : baseDays.entrySet()) {
      LocalDate day = e.getValue().getDate(e.getValue().fieldIndex("trade_date")).toLocalDate();
      if (day.isBefore(LocalDate.of(2025, 3, 5))) {
        assertEquals(e.getValue(), days.get(e.getKey()), "tracker day " + e.getKey());
        daysCompared++;
      }
    }
    assertEquals(4, daysCompared);
    assertNotEquals(baseDays.get("AAA|2025-03-06"), days.get("AAA|2025-03-06"));
  }

  @Test
  void scoresAreFiniteAndVary() {
    long distinct = baseSignals.values().stream().map(r -> r.get(r.fieldIndex("composite")))
        .filter(v -> v != null).distinct().count();
    assertTrue(distinct > 100, "distinct composites " + distinct);
    for (Row r : baseSignals.values()) {
      for (String n : StealthSignals.NAMES) {
        int i = r.fieldIndex(n + "_score");
        if (!r.isNullAt(i)) {
          double v = r.getDouble(i);
          assertTrue(v >= 0 && v <= 1, n + " " + v);
        }
      }
    }
  }
}

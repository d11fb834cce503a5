package io.l2lake.tracker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.l2lake.config.Strategy;
import io.l2lake.lake.Columns;
import io.l2lake.testing.SparkTestSession;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The day columns of the tracker that read the book's steps and the volume's trend, and their day-score weights. */
@Timeout(120)
class DailyAccumulationTest {
  static final LocalDate D0 = LocalDate.of(2025, 3, 3);

  static StructType signalsSchema() {
    StructType t = new StructType().add("symbol", DataTypes.StringType).add("trade_date", DataTypes.DateType)
        .add("bar_ts", DataTypes.TimestampType).add("regular", DataTypes.BooleanType)
        .add("volume", DataTypes.LongType).add("bid", DataTypes.DoubleType).add("ask", DataTypes.DoubleType)
        .add("high", DataTypes.DoubleType).add("low", DataTypes.DoubleType).add("close", DataTypes.DoubleType)
        .add("fleeing", DataTypes.BooleanType).add("dumping", DataTypes.BooleanType)
        .add("composite", DataTypes.DoubleType);
    for (String n : Columns.Signals1m.SIGNALS) {
      t = t.add(n + "_fires", DataTypes.BooleanType);
    }
    return t;
  }

  static final StructType BARS = new StructType().add("symbol", DataTypes.StringType)
      .add("trade_date", DataTypes.DateType).add("bar_ts", DataTypes.TimestampType)
      .add("volume", DataTypes.LongType).add("off_exchange_volume", DataTypes.LongType)
      .add("subpenny_volume", DataTypes.LongType).add("open", DataTypes.DoubleType)
      .add("close", DataTypes.DoubleType);

  /** A regular-session minute: {@code minute} after 10:00 New York (15:00 UTC in March before the switch). */
  static Row minute(String symbol, LocalDate day, int minute, long volume, Double bid, Double ask, boolean regular) {
    Object[] v = new Object[signalsSchema().size()];
    v[0] = symbol;
    v[1] = Date.valueOf(day);
    v[2] = Timestamp.valueOf(LocalDateTime.of(day.getYear(), day.getMonth(), day.getDayOfMonth(), 15, 0)
        .plusMinutes(minute));
    v[3] = regular;
    v[4] = volume;
    v[5] = bid;
    v[6] = ask;
    v[7] = 1.0;
    v[8] = 1.0;
    v[9] = 1.0;
    v[10] = false;
    v[11] = false;
    v[12] = 0.0;
    for (int i = 13; i < v.length; i++) {
      v[i] = false;
    }
    return RowFactory.create(v);
  }

  static Row bar(String symbol, LocalDate day, long volume) {
    return RowFactory.create(symbol, Date.valueOf(day), Timestamp.valueOf(day.atTime(15, 0)), volume, 0L, 0L, 1.0,
        1.0);
  }

  static Map<String, Row> aggregate(List<Row> signals, List<Row> bars, Strategy strategy) {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> s = spark.createDataFrame(signals, signalsSchema());
    Dataset<Row> b = spark.createDataFrame(bars, BARS);
    return DailyAccumulation.aggregate(s, b, strategy.tracker()).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.<String>getAs("symbol") + " " + r.getAs("trade_date"), r -> r));
  }

  /** The tracker's rows of one symbol's minutes and bars, by trade date. */
  static Map<String, Row> track(List<Row> signals, List<Row> bars, Strategy strategy) {
    SparkSession spark = SparkTestSession.get();
    return TrackerStage.compute(spark.createDataFrame(signals, signalsSchema()),
            spark.createDataFrame(bars, BARS), strategy.tracker())
        .collectAsList().stream().collect(Collectors.toMap(r -> r.getAs("trade_date").toString(), r -> r));
  }

  @Test
  void quoteBalanceCountsStepsOfTradedQuotedSessionMinutes() {
    List<Row> s = new ArrayList<>();
    // Bids 1.00, 1.00, 0.99, (no trade: 0.90 ignored), 0.99, 1.01, (no quote), 1.00;
    // asks 1.02, 1.03, 1.03, (1.10 ignored), 1.02, 1.04, (no quote), 1.05.
    s.add(minute("UP", D0, 0, 100, 1.00, 1.02, true));
    s.add(minute("UP", D0, 1, 100, 1.00, 1.03, true)); // ask up
    s.add(minute("UP", D0, 2, 100, 0.99, 1.03, true)); // bid down
    s.add(minute("UP", D0, 3, 0, 0.90, 1.10, true)); // no trade: skipped
    s.add(minute("UP", D0, 4, 100, 0.99, 1.02, true)); // ask down: moved, neither step counted
    s.add(minute("UP", D0, 5, 100, 1.01, 1.04, true)); // bid up, ask up
    s.add(minute("UP", D0, 6, 100, null, null, true)); // no quote: skipped
    s.add(minute("UP", D0, 7, 100, 1.00, 1.05, true)); // bid down, ask up
    s.add(minute("UP", D0, 8, 100, 0.50, 0.60, false)); // extended hours: skipped
    // A day whose quote never moves.
    s.add(minute("FLAT", D0, 0, 100, 1.00, 1.02, true));
    s.add(minute("FLAT", D0, 1, 100, 1.00, 1.02, true));
    Map<String, Row> out = aggregate(s, List.of(bar("UP", D0, 700), bar("FLAT", D0, 200)), Strategy.defaults());
    Row up = out.get("UP " + D0);
    assertEquals(2L, up.<Long>getAs("bid_down_steps"));
    assertEquals(3L, up.<Long>getAs("ask_up_steps"));
    assertEquals(5L, up.<Long>getAs("quote_steps"));
    assertEquals((3 - 2) / 5.0, up.<Double>getAs("quote_balance"), 1e-12);
    Row flat = out.get("FLAT " + D0);
    assertEquals(0L, flat.<Long>getAs("quote_steps"));
    assertNull(flat.getAs("quote_balance"));
  }

  @Test
  void volumeTrendComparesTheLastFiveDaysWithTheTwentyBefore() {
    List<Row> s = new ArrayList<>();
    List<Row> b = new ArrayList<>();
    LocalDate day = D0;
    for (int i = 0; i < 26; i++) {
      s.add(minute("V", day, 0, 100, 1.0, 1.02, true));
      // Days 0-20 trade 1,000 shares; from day 21 on, 3,000.
      b.add(bar("V", day, i < 21 ? 1000 : 3000));
      day = day.plusDays(1);
    }
    Map<String, Row> out = aggregate(s, b, Strategy.defaults());
    // Day 8: 4 days before it, too few (fewer than 5) before the last five days.
    assertNull(out.get("V " + D0.plusDays(8)).getAs("volume_trend"));
    // Day 9: 5 days (0-4) before the last five (5-9), all 1,000 shares: no trend.
    assertEquals(0.0, out.get("V " + D0.plusDays(9)).<Double>getAs("volume_trend"), 1e-12);
    // Day 23: the last five are days 19-23 (1,000, 1,000, 3,000, 3,000, 3,000); days 0-18 before them, 1,000 each.
    assertEquals(Math.log(11000 / 5.0 / 1000), out.get("V " + D0.plusDays(23)).<Double>getAs("volume_trend"), 1e-12);
  }

  @Test
  void dayScoreIsTheWeightedMeanOfItsComponents() {
    List<Row> s = new ArrayList<>();
    s.add(minute("UP", D0, 0, 100, 1.00, 1.02, true));
    s.add(minute("UP", D0, 1, 100, 1.00, 1.03, true));
    s.add(minute("UP", D0, 2, 100, 1.01, 1.04, true));
    s.add(minute("UP", D0, 3, 100, 1.00, 1.04, true));
    // Quote balance (2 - 1) / 3; with only its weight, a weight of 1 and a center of 0, the day score is its
    // logistic.
    Strategy onlyBalance = Strategy.load(null, Map.of("strategy.tracker.day-weights", "0,0,0,0,1,0",
        "strategy.tracker.quote-balance-scale", "0.1", "strategy.tracker.ask-step-weight", "1",
        "strategy.tracker.quote-balance-center", "0"));
    double expected = 1 / (1 + Math.exp(-(1 / 3.0) / 0.1));
    assertEquals(expected, aggregate(s, List.of(bar("UP", D0, 400)), onlyBalance).get("UP " + D0)
        .<Double>getAs("day_score"), 1e-12);
    // Weighted: the ask's 2 up-steps count 0.6 each against the bid's one down-step, centered on -0.175.
    Strategy weighted = Strategy.load(null, Map.of("strategy.tracker.day-weights", "0,0,0,0,1,0",
        "strategy.tracker.quote-balance-scale", "0.05", "strategy.tracker.ask-step-weight", "0.6",
        "strategy.tracker.quote-balance-center", "-0.175"));
    Row w = aggregate(s, List.of(bar("UP", D0, 400)), weighted).get("UP " + D0);
    assertEquals(1 / (1 + Math.exp(-((0.6 * 2 - 1) / 3.0 + 0.175) / 0.05)), w.<Double>getAs("day_score"), 1e-12);
    assertEquals(1 / 3.0, w.<Double>getAs("quote_balance"), 1e-12, "the stored balance stays the plain one");
    // Half the weight on the volume trend, null on a first day: neutral 0.5.
    Strategy withTrend = Strategy.load(null, Map.of("strategy.tracker.day-weights", "0,0,0,0,1,1",
        "strategy.tracker.quote-balance-scale", "0.1", "strategy.tracker.ask-step-weight", "1",
        "strategy.tracker.quote-balance-center", "0"));
    assertEquals((expected + 0.5) / 2, aggregate(s, List.of(bar("UP", D0, 400)), withTrend).get("UP " + D0)
        .<Double>getAs("day_score"), 1e-12);
  }
}

package io.l2lake.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.lake.Columns;
import io.l2lake.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
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
import org.junit.jupiter.api.io.TempDir;

class SignalScoresTest {
  static final LocalDate D0 = LocalDate.of(2025, 3, 3);

  static StructType signalsSchema() {
    StructType t = new StructType().add("symbol", DataTypes.StringType).add("trade_date", DataTypes.DateType)
        .add("bar_ts", DataTypes.TimestampType).add("regular", DataTypes.BooleanType);
    for (String n : Columns.Signals1m.SIGNALS) {
      t = t.add(n + "_score", DataTypes.DoubleType).add(n + "_fires", DataTypes.BooleanType);
    }
    return t.add("composite", DataTypes.DoubleType);
  }

  static final StructType ACC = new StructType().add("symbol", DataTypes.StringType)
      .add("trade_date", DataTypes.DateType).add("day_score", DataTypes.DoubleType)
      .add("score_5", DataTypes.DoubleType).add("score_10", DataTypes.DoubleType).add("state", DataTypes.StringType);
  static final StructType TRUTH = new StructType().add("symbol", DataTypes.StringType)
      .add("trade_date", DataTypes.DateType).add("buyer_active", DataTypes.BooleanType)
      .add("strength", DataTypes.DoubleType).add("seller_active", DataTypes.BooleanType)
      .add("episode_kind", DataTypes.StringType);
  static final StructType EPISODES = new StructType().add("symbol", DataTypes.StringType)
      .add("start_date", DataTypes.DateType).add("gap_date", DataTypes.DateType)
      .add("strength", DataTypes.DoubleType);

  /** A minute of {@code symbol} on day {@code d}: every signal scores {@code s}; absorption fires when s > 0.5. */
  static Row minute(String symbol, int d, int minute, boolean regular, double s) {
    List<Object> v = new ArrayList<>(List.of(symbol, Date.valueOf(D0.plusDays(d)),
        Timestamp.valueOf(D0.plusDays(d).atTime(10, minute)), regular));
    for (String n : Columns.Signals1m.SIGNALS) {
      v.add(s);
      v.add(n.equals("absorption") && s > 0.5);
    }
    v.add(s / 2);
    return RowFactory.create(v.toArray());
  }

  static Date day(int d) {
    return Date.valueOf(D0.plusDays(d));
  }

  record Market(Dataset<Row> signals, Dataset<Row> acc, Dataset<Row> truth, Dataset<Row> episodes) {}

  /**
   * BUY: a buyer on days 1-2 (strength 0.05), a gap on day 3, and day 0 labelled as a day the buyer rested inside
   * its episode, READY; CTL: never a buyer, fires on day 1, READY on day 3.
   */
  static Market market() {
    SparkSession spark = SparkTestSession.get();
    List<Row> m = new ArrayList<>();
    for (int d = 0; d < 4; d++) {
      boolean buyer = d == 1 || d == 2;
      m.add(minute("BUY", d, 0, true, buyer ? 0.9 : 0.1));
      m.add(minute("BUY", d, 1, true, buyer ? 0.7 : 0.3));
      m.add(minute("BUY", d, 2, false, 1.0)); // outside the session: never counted
      m.add(minute("CTL", d, 0, true, d == 1 ? 0.6 : 0.2));
      m.add(minute("CTL", d, 1, true, 0.2));
    }
    List<Row> a = new ArrayList<>();
    List<Row> t = new ArrayList<>();
    for (int d = 0; d < 4; d++) {
      boolean buyer = d == 1 || d == 2;
      a.add(RowFactory.create("BUY", day(d), buyer ? 0.8 : 0.1, 0.5, 0.4, d == 2 || d == 0 ? "READY" : "WATCH"));
      // CTL day 1: the hidden seller at work, with the highest day score of all.
      a.add(RowFactory.create("CTL", day(d), d == 1 ? 0.9 : 0.2, 0.1, 0.1, d == 3 ? "READY" : "WATCH"));
      t.add(RowFactory.create("BUY", day(d), buyer, buyer ? 0.05 : null, false,
          d <= 2 ? "accumulation" : null));
      t.add(RowFactory.create("CTL", day(d), false, null, d == 1, null));
    }
    t.add(RowFactory.create("CTL", day(4), false, null, false, null)); // a day without tracker row: left out
    List<Row> e = List.of(RowFactory.create("BUY", day(1), day(3), 0.05));
    return new Market(spark.createDataFrame(m, signalsSchema()), spark.createDataFrame(a, ACC),
        spark.createDataFrame(t, TRUTH), spark.createDataFrame(e, EPISODES));
  }

  @Test
  void symbolDaysCarryTheLabelAndTheSessionMeans() {
    Market m = market();
    Map<String, Row> rows = SignalScores.symbolDays(m.signals(), m.acc(), m.truth()).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs("symbol") + "@" + r.getAs("trade_date"), r -> r));
    assertEquals(8, rows.size());
    Row buyDay = rows.get("BUY@" + day(1));
    assertTrue(buyDay.<Boolean>getAs("positive"));
    assertEquals(0.05, buyDay.<Double>getAs("strength"), 1e-12);
    assertEquals(0.8, buyDay.<Double>getAs("absorption"), 1e-12); // mean of 0.9 and 0.7, not the 1.0 after hours
    assertEquals(0.4, buyDay.<Double>getAs("composite"), 1e-12);
    assertEquals(0.8, buyDay.<Double>getAs("day_score"), 1e-12);
    Row control = rows.get("CTL@" + day(3));
    assertFalse(control.<Boolean>getAs("positive"));
    assertNull(control.getAs("strength"));
    assertTrue(control.<Boolean>getAs("ready"));
    assertFalse(control.<Boolean>getAs("in_episode"));
    Row resting = rows.get("BUY@" + day(0));
    assertFalse(resting.<Boolean>getAs("positive"));
    assertTrue(resting.<Boolean>getAs("in_episode"));
  }

  @Test
  void falseFiresCountNegativeSessionMinutes() {
    Market m = market();
    Map<String, Row> rows = SignalScores.negativeMinuteFires(m.signals(), m.truth())
        .filter("signal = 'absorption'").collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs("symbol"), r -> r));
    assertEquals(8L, rows.get("CTL").<Long>getAs("negative_minutes"));
    assertEquals(1L, rows.get("CTL").<Long>getAs("fired_minutes"));
    assertEquals(4L, rows.get("BUY").<Long>getAs("negative_minutes")); // days 0 and 3, session minutes only
    assertEquals(0L, rows.get("BUY").<Long>getAs("fired_minutes"));
  }

  @Test
  void aGapIsReadyBeforeWhenTheTrackerWasReadyInItsEpisode() {
    Market m = market();
    List<Row> g = SignalScores.gaps(m.acc(), m.episodes()).collectAsList();
    assertEquals(1, g.size());
    assertTrue(g.get(0).<Boolean>getAs("ready_before"));
    assertTrue(g.get(0).<Boolean>getAs("ready_eve"));
    assertEquals(1, ((Number) g.get(0).getAs("lead_days")).intValue());
  }

  @Test
  void theReportCarriesEveryMeasure(@TempDir Path dir) throws Exception {
    Market m = market();
    List<SignalEvaluation.Measure> ms = SignalEvaluation.measure("test", "all",
        SignalScores.symbolDays(m.signals(), m.acc(), m.truth()), SignalScores.negativeMinuteFires(m.signals(),
            m.truth()), SignalScores.gaps(m.acc(), m.episodes()), 50, 1);
    SignalEvaluation.Measure composite = ms.stream().filter(x -> x.measure().equals("auc")
        && x.score().equals("composite") && x.strength() == null).findFirst().orElseThrow();
    // Buyer days: composite 0.4 each; the six negatives are 0.1, 0.1 (BUY) and 0.1, 0.2, 0.1, 0.1 (CTL).
    assertEquals(1.0, composite.value().estimate(), 1e-12);
    SignalEvaluation.Measure falseReady = ms.stream().filter(x -> x.measure().equals("ready_rate_negative"))
        .findFirst().orElseThrow();
    // READY on BUY's resting day 0 and on CTL's day 3, of six days without a buyer; outside the episode, only
    // CTL's, of five.
    assertEquals(2.0 / 6, falseReady.value().estimate(), 1e-12);
    SignalEvaluation.Measure outside = ms.stream().filter(x -> x.measure().equals("ready_rate_outside"))
        .findFirst().orElseThrow();
    assertEquals(1.0 / 5, outside.value().estimate(), 1e-12);
    // Day score: buyer days 0.8, 0.8 against 0.1, 0.1 (BUY), 0.2, 0.9 (the seller's day), 0.2, 0.2 (CTL): 10 of 12
    // pairs; without the seller's day 10 of 10.
    java.util.function.BiFunction<String, String, Double> auc = (measure, score) -> ms.stream()
        .filter(x -> x.measure().equals(measure) && x.score().equals(score) && x.strength() == null).findFirst()
        .orElseThrow().value().estimate();
    assertEquals(10.0 / 12, auc.apply("auc", "day_score"), 1e-12);
    assertEquals(1.0, auc.apply("auc_seller_free", "day_score"), 1e-12);
    assertEquals(1.0, auc.apply("auc_seller_free", "composite"), 1e-12);
    String md = SignalEvalReport.markdown(ms);
    assertTrue(md.contains("| composite | 1.000 ["), md);
    assertTrue(md.contains("| day_score | 0.833 [") && md.contains("without the seller's days"), md);
    assertTrue(md.contains("READY on days without a buyer | 33.33% ["), md);
    assertTrue(md.contains("outside every buyer's episode (its resting days left out) | 20.00% ["), md);
    String json = SignalEvalReport.json("e1", ms);
    assertTrue(json.contains("\"measure\" : \"false_fire_rate\""), json);
    assertEquals(ms.size(), SignalEvalReport.rows(SparkTestSession.get(), "e1", ms, 50).count());
    Path png = dir.resolve("detection.png");
    SignalEvalReport.detectionChart(ms, "composite", png);
    assertTrue(Files.size(png) > 1_000);
  }
}

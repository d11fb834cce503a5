package io.l2lake.pregap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.l2lake.lake.Schemas;
import io.l2lake.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** AUC with average ranks for ties, deciles and lift, against direct computations. */
class RankStatsTest {
  static final StructType SCHEMA = Schemas.struct(
      Schemas.field("g", DataTypes.StringType, false, "group"),
      Schemas.field("score", DataTypes.DoubleType, true, "score"),
      Schemas.field("y", DataTypes.IntegerType, false, "label"),
      Schemas.field("z", DataTypes.IntegerType, false, "second label"));

  /** AUC by comparing every (event, non-event) pair, ties counting one half. */
  static double pairwise(List<double[]> rows) {
    double u = 0;
    long pairs = 0;
    for (double[] e : rows) {
      if (e[1] != 1) {
        continue;
      }
      for (double[] n : rows) {
        if (n[1] != 0) {
          continue;
        }
        pairs++;
        u += e[0] > n[0] ? 1 : e[0] == n[0] ? 0.5 : 0;
      }
    }
    return u / pairs;
  }

  @Test
  void aucIsOneForAPerfectRankingZeroReversedHalfForTiesAndMatchesPairwiseCounting() {
    List<Row> rows = new ArrayList<>();
    for (int v = 1; v <= 10; v++) {
      rows.add(RowFactory.create("perfect", (double) v, v >= 7 ? 1 : 0, v <= 2 ? 1 : 0));
      rows.add(RowFactory.create("reversed", (double) v, v <= 4 ? 1 : 0, 0));
      rows.add(RowFactory.create("ties", 5.0, v % 3 == 0 ? 1 : 0, 1));
    }
    Random r = new Random(5);
    List<double[]> mixed = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      double score = Math.round(r.nextGaussian() * 10) / 10.0; // one decimal: many ties
      int y = r.nextDouble() < 0.2 + 0.1 * score ? 1 : 0;
      mixed.add(new double[] {score, y});
      rows.add(RowFactory.create("mixed", score, y, 0));
    }
    rows.add(RowFactory.create("mixed", null, 1, 0)); // no score: not ranked
    Dataset<Row> in = SparkTestSession.get().createDataFrame(rows, SCHEMA);
    Map<String, Row> auc = new HashMap<>();
    for (Row a : RankStats.auc(RankStats.valueTable(in, List.of("g"), "score", List.of("y", "z")), List.of("g"),
        List.of("y", "z")).collectAsList()) {
      auc.put(a.getString(0) + "/" + a.getString(1), a);
    }
    assertEquals(1.0, auc.get("perfect/y").<Double>getAs("auc"), 1e-15);
    assertEquals(0.0, auc.get("perfect/z").<Double>getAs("auc"), 1e-15);
    assertEquals(0.0, auc.get("reversed/y").<Double>getAs("auc"), 1e-15);
    assertNull(auc.get("reversed/z").getAs("auc"), "no events: no AUC");
    assertEquals(0.5, auc.get("ties/y").<Double>getAs("auc"), 1e-15);
    assertNull(auc.get("ties/z").getAs("auc"), "no non-events: no AUC");
    assertEquals(pairwise(mixed), auc.get("mixed/y").<Double>getAs("auc"), 1e-12);
    assertEquals(300L, auc.get("mixed/y").<Long>getAs("rows"));
    assertEquals(4L, auc.get("perfect/y").<Long>getAs("events"));
    assertEquals(24.0, auc.get("perfect/y").<Double>getAs("pairs"), 0);
  }

  @Test
  void decilesByRankGiveTheEventRatesAndTheTopDecileLift() {
    List<Row> rows = new ArrayList<>();
    // values 1..200 (shuffled order does not matter); events: 15 of the top 20 values, 5 of the others
    for (int v = 1; v <= 200; v++) {
      int y = v > 180 ? (v % 4 == 0 ? 0 : 1) : (v % 36 == 0 ? 1 : 0);
      rows.add(RowFactory.create("f", (double) v, y, 0));
    }
    Dataset<Row> in = SparkTestSession.get().createDataFrame(rows, SCHEMA);
    Dataset<Row> vt = RankStats.valueTable(in, List.of("g"), "score", List.of("y"));
    double[] rate = new double[10];
    long[] count = new long[10];
    for (Row d : RankStats.deciles(vt, List.of("g"), List.of("y")).collectAsList()) {
      int decile = d.<Integer>getAs("decile");
      rate[decile - 1] = d.<Double>getAs("rate");
      count[decile - 1] = d.<Long>getAs("rows");
    }
    for (int d = 0; d < 10; d++) {
      assertEquals(20, count[d], "decile " + (d + 1));
    }
    assertEquals(15 / 20.0, rate[9], 1e-15);
    // 36, 72, 108, 144, 180 are events: deciles 2 (21..40), 4, 6, 8, 9
    assertEquals(List.of(0.0, 0.05, 0.0, 0.05, 0.0, 0.05, 0.0, 0.05, 0.05, 0.75),
        java.util.Arrays.stream(rate).boxed().toList());
    double base = 20 / 200.0;
    assertEquals(7.5, rate[9] / base, 1e-12, "top-decile lift");
  }

  @Test
  void approximateDecilesOfDistinctValuesAreExactOnSmallData() {
    List<Row> rows = new ArrayList<>();
    for (int v = 1; v <= 100; v++) {
      rows.add(RowFactory.create("f", (double) v, 0, 0));
    }
    Dataset<Row> in = SparkTestSession.get().createDataFrame(rows, SCHEMA);
    for (Row r : RankStats.approxDeciles(in, "score", "decile", 100_000).collectAsList()) {
      double v = r.<Double>getAs("score");
      assertEquals((int) Math.ceil(v / 10), r.<Integer>getAs("decile"), "value " + v);
    }
  }

  @Test
  void perTickerPartsAddUpToTheMannWhitneyCountAndSplitItByTicker() {
    Random r = new Random(9);
    List<Row> rows = new ArrayList<>();
    List<double[]> all = new ArrayList<>(); // score, y, ticker
    for (int i = 0; i < 240; i++) {
      double score = Math.round(r.nextGaussian() * 5) / 5.0; // many ties
      int y = r.nextDouble() < 0.25 + 0.1 * score ? 1 : 0;
      int ticker = i % 4;
      all.add(new double[] {score, y, ticker});
      rows.add(RowFactory.create("T" + ticker, score, y, 0));
    }
    Dataset<Row> in = SparkTestSession.get().createDataFrame(rows, SCHEMA).withColumnRenamed("g", "symbol")
        .withColumn("grp", org.apache.spark.sql.functions.lit("one"));
    double sumA = 0;
    double sumB = 0;
    long events = 0;
    long nonEvents = 0;
    for (Row p : RankStats.tickerParts(in, List.of("grp"), "symbol", "score", List.of("y")).collectAsList()) {
      int t = Integer.parseInt(p.<String>getAs("symbol").substring(1));
      // direct: a = this ticker's events against every non-event; b = this ticker's non-events against every event
      double a = 0;
      double b = 0;
      for (double[] e : all) {
        for (double[] n : all) {
          if (e[1] == 1 && n[1] == 0) {
            double w = e[0] > n[0] ? 1 : e[0] == n[0] ? 0.5 : 0;
            a += e[2] == t ? w : 0;
            b += n[2] == t ? w : 0;
          }
        }
      }
      assertEquals(a, p.<Double>getAs("a"), 1e-9, "a of T" + t);
      assertEquals(b, p.<Double>getAs("b"), 1e-9, "b of T" + t);
      sumA += a;
      sumB += b;
      events += p.<Long>getAs("events");
      nonEvents += p.<Long>getAs("non_events");
    }
    assertEquals(240, events + nonEvents);
    assertEquals(sumA, sumB, 1e-9);
    assertEquals(pairwise(all.stream().map(x -> new double[] {x[0], x[1]}).toList()), sumA / (events * nonEvents),
        1e-12);
  }
}

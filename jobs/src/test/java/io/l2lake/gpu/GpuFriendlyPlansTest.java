package io.l2lake.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.bars.MinuteBars;
import io.l2lake.book.PseudoBook;
import io.l2lake.config.L2Config;
import io.l2lake.lake.Schemas;
import io.l2lake.pregap.DailyBars;
import io.l2lake.pregap.EventStudy;
import io.l2lake.pregap.GapFeatures;
import io.l2lake.pregap.PregapParams;
import io.l2lake.pregap.RankStats;
import io.l2lake.sync.TradeSync;
import io.l2lake.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The silver and pre-gap stages' physical plans use none of the operators the RAPIDS plugin runs on the CPU:
 * typed object operators (map, flatMap, mapPartitions, groupByKey), JVM or Python UDFs and aggregates,
 * ntile, and lag/lead with ignoreNulls. The one known exception is the sync stage's running median of
 * trade sizes (see {@code VenueFlags}): it appears exactly once.
 */
class GpuFriendlyPlansTest {
  static final List<String> FORBIDDEN = List.of("mapelements", "mappartitions", "flatmapgroups",
      "deserializetoobject", "serializefromobject", "scalaudf", "pythonudf", "batchevalpython",
      "arrowevalpython", "ntile(", "io.l2lake.");

  /** How a plan names the block flag's running median, a JVM aggregate in a window. */
  static final String RUNNING_MEDIAN = "io.l2lake.udfs.runningmedian@";

  @TempDir Path dir;

  @Test
  void syncBarsAndBookPlansAvoidCpuFallbacks() {
    L2Config c = L2Config.load(null, Map.of());
    // Tables on disk, so the optimiser cannot fold the stages away as it does with local rows.
    SparkTestSession.get().createDataFrame(List.of(), Schemas.TICKS).write().parquet(dir.resolve("t").toString());
    SparkTestSession.get().createDataFrame(List.of(), Schemas.QUOTES).write().parquet(dir.resolve("q").toString());
    Dataset<Row> ticks = SparkTestSession.get().read().schema(Schemas.TICKS).parquet(dir.resolve("t").toString());
    Dataset<Row> quotes = SparkTestSession.get().read().schema(Schemas.QUOTES).parquet(dir.resolve("q").toString());
    // The detector sees a typed operator when there is one.
    Dataset<Row> typed = ticks.map((org.apache.spark.api.java.function.MapFunction<Row, Row>) r -> r,
        org.apache.spark.sql.Encoders.row(Schemas.TICKS));
    assertTrue(typed.queryExecution().executedPlan().toString().toLowerCase(Locale.ROOT).contains("mapelements"));
    Dataset<Row> trades = TradeSync.synchronise(ticks, quotes, c.sync());
    for (Dataset<Row> stage : List.of(trades, MinuteBars.build(trades, quotes),
        PseudoBook.estimate(PseudoBook.withTickQuotes(quotes, trades), trades, c.book()))) {
      String plan = stage.queryExecution().executedPlan().toString().toLowerCase(Locale.ROOT);
      assertTrue(plan.contains("window"), "the stages are window functions");
      // Bars and the book are built on the trades: their plans hold the running median where they use it.
      int medians = plan.split(java.util.regex.Pattern.quote(RUNNING_MEDIAN), -1).length - 1;
      assertTrue(medians <= 1, "the running median, at most once:\n" + plan);
      if (stage == trades) {
        assertEquals(1, medians, "the running median, once:\n" + plan);
      }
      plan = plan.replace(RUNNING_MEDIAN, "");
      assertNoCpuFallback(plan);
    }
  }

  @Test
  void signalStopAndTrackerPlansAvoidCpuFallbacks() {
    var spark = SparkTestSession.get();
    spark.createDataFrame(List.of(), io.l2lake.signals.NoLookAheadTest.BARS_SCHEMA).write()
        .parquet(dir.resolve("b").toString());
    spark.createDataFrame(List.of(), io.l2lake.signals.NoLookAheadTest.BOOK_SCHEMA).write()
        .parquet(dir.resolve("m").toString());
    Dataset<Row> bars = spark.read().schema(io.l2lake.signals.NoLookAheadTest.BARS_SCHEMA)
        .parquet(dir.resolve("b").toString());
    Dataset<Row> book = spark.read().schema(io.l2lake.signals.NoLookAheadTest.BOOK_SCHEMA)
        .parquet(dir.resolve("m").toString());
    io.l2lake.config.Strategy s = io.l2lake.config.Strategy.defaults();
    Dataset<Row> signals = io.l2lake.signals.SignalsStage.compute(bars, book, s, L2Config.load(null, Map.of()).quality(), 5);
    Dataset<Row> days = io.l2lake.tracker.TrackerStage.compute(signals, bars, s.tracker());
    for (Dataset<Row> stage : List.of(signals, days, io.l2lake.stops.VolatilityRegime.daily(days, s.stops()))) {
      String plan = stage.queryExecution().executedPlan().toString().toLowerCase(Locale.ROOT);
      assertTrue(plan.contains("window"), "the stages are window functions");
      assertNoCpuFallback(plan);
    }
  }

  @Test
  void preGapPlansAvoidCpuFallbacks() {
    PregapParams p = PregapParams.defaults();
    SparkTestSession.get().createDataFrame(List.of(), Schemas.DAILY_BARS).write().parquet(dir.resolve("d").toString());
    Dataset<Row> bars = DailyBars.validate(SparkTestSession.get().read().schema(Schemas.DAILY_BARS)
        .parquet(dir.resolve("d").toString()).select(DailyBars.COLUMNS.stream()
            .map(org.apache.spark.sql.functions::col).toArray(org.apache.spark.sql.Column[]::new)));
    Dataset<Row> usable = DailyBars.usable(bars);
    Dataset<Row> pregap = GapFeatures.build(usable, null, p);
    Dataset<Row> ranked = RankStats.auc(RankStats.valueTable(pregap, List.of(Schemas.SYMBOL), "rvol_20", p.labels()),
        List.of(Schemas.SYMBOL), p.labels());
    Dataset<Row> study = EventStudy.study(GapFeatures.labels(usable, p), org.apache.spark.sql.functions.lit(true), p);
    Dataset<Row> deciles = RankStats.approxDeciles(pregap, "rvol_20", "vol_decile", 10_000);
    for (Dataset<Row> stage : List.of(bars, pregap, ranked, study, deciles)) {
      String plan = stage.queryExecution().executedPlan().toString().toLowerCase(Locale.ROOT);
      assertTrue(plan.contains("window") || stage == deciles, "the stage is window functions:\n" + plan);
      assertNoCpuFallback(plan);
    }
  }

  /** None of the operators the RAPIDS plugin leaves on the CPU appears in {@code plan} (lower case). */
  static void assertNoCpuFallback(String plan) {
    for (String op : FORBIDDEN) {
      assertFalse(plan.contains(op), op + " in plan:\n" + plan);
    }
    assertFalse(plan.matches("(?s).*\\b(lag|lead)\\([^)]*\\)\\s*ignore nulls.*"), "lag/lead ignoreNulls:\n" + plan);
  }
}

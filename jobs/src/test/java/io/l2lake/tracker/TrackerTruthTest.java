package io.l2lake.tracker;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.format_string;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.generate.GenerateJob;
import io.l2lake.generate.MarketPlan;
import io.l2lake.lake.Lake;
import io.l2lake.lake.TableId;
import io.l2lake.lake.RunContext;
import io.l2lake.testing.SparkTestSession;
import io.l2lake.testing.TestLakes;
import io.l2lake.run.Stages;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain on a simulated market with planted episodes (seed fixed): generate, ingest, check,
 * silver, signals, tracker; then the tracker against the ground truth, with the goals of the design:
 * day-score ROC AUC >= 0.80 (accumulation days vs control days), READY before the gap in >= 70% of
 * accumulation-then-gap episodes, READY on <= 10% of control symbol-days. Re-running the gold stages
 * for a sub-range leaves the same rows (idempotent, look-back included).
 */
class TrackerTruthTest {
  @TempDir static Path dir;
  static Path lake;
  static L2Config config;
  static TruthEvaluation.Result result;

  @BeforeAll
  static void pipeline() {
    var spark = SparkTestSession.get();
    lake = dir.resolve("lake");
    config = TestLakes.config(lake);
    MarketPlan.Options o = new MarketPlan.Options(3, 8, 25, LocalDate.of(2025, 1, 2), 0.05,
        MarketPlan.FaultRates.none(), 3600, 5);
    GenerateJob.run(spark, new Lake(spark, lake.toString()), lake.resolve("raw").toString(), o, RunContext.create());
    TestLakes.ingest(lake, lake.resolve("raw"), false);
    Stages.run(Stages.ALL, spark, config, Strategy.defaults(), null, null);
    result = TruthEvaluation.evaluate(new Lake(spark, lake.toString()));
  }

  @Test
  void theTrackerFindsThePlantedAccumulation() {
    assertTrue(result.accumulationDays() > 20 && result.controlDays() > 50, result.toString());
    assertTrue(result.dayScoreAuc() >= 0.80, "day-score AUC " + result.dayScoreAuc());
    assertTrue(result.gapEpisodes() >= 2, result.toString());
    assertTrue(result.readyBeforeGapRate() >= 0.70, "READY before the gap " + result.readyBeforeGapRate());
    assertTrue(result.controlReadyRate() <= 0.10, "READY on control days " + result.controlReadyRate());
  }

  /**
   * Rows as sorted strings with doubles at 9 significant digits: a sub-range run reads other files,
   * so partial sums may add in another order and differ in the last bits.
   */
  static List<String> rounded(Dataset<Row> df) {
    Column[] cols = java.util.Arrays.stream(df.schema().fields()).map(f -> f.dataType().equals(DataTypes.DoubleType)
        ? format_string("%.9g", col(f.name())).as(f.name()) : col(f.name())).toArray(Column[]::new);
    return TestLakes.rows(df.select(cols));
  }

  @Test
  void rerunningASubRangeLeavesTheSameRows() {
    var spark = SparkTestSession.get();
    List<String> signals = rounded(TestLakes.table(lake, TableId.GOLD_SIGNALS_1M));
    List<String> days = rounded(TestLakes.table(lake, TableId.GOLD_ACCUMULATION).drop("tracker_run"));
    LocalDate from = LocalDate.of(2025, 1, 21);
    LocalDate to = LocalDate.of(2025, 1, 24);
    Strategy strategy = Strategy.defaults();
    Stages.run(Stages.inZone("gold"), spark, config, strategy, from, to);
    assertEquals(signals, rounded(TestLakes.table(lake, TableId.GOLD_SIGNALS_1M)));
    assertEquals(days, rounded(TestLakes.table(lake, TableId.GOLD_ACCUMULATION).drop("tracker_run")));
    List<Row> watch = TestLakes.table(lake, TableId.GOLD_WATCHLIST).collectAsList();
    assertEquals(8, watch.size());
    // 25 trading days from 2025-01-02 end on 2025-02-07 (the exchange closed on 2025-01-09).
    assertTrue(watch.stream().allMatch(r -> r.getDate(r.fieldIndex("trade_date")).toLocalDate()
        .equals(LocalDate.of(2025, 2, 7))), "the watchlist stays on the newest day: " + watch);
  }
}

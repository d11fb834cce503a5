package io.l2lake.pregap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.lake.Lake;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import io.l2lake.lake.RunContext;
import io.l2lake.testing.SparkTestSession;
import io.l2lake.testing.TestLakes;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on the lake's own tables: bars from bronze.daily_bars, the tracker's row of D-1 from
 * gold.accumulation, a date range with its look-back, and a re-run that replaces the same rows.
 */
class PregapJobLakeTest {
  @TempDir Path dir;

  @Test
  void readsBronzeDailyBarsAndTheAccumulationTableAndIsIdempotent() {
    Lake lake = new Lake(SparkTestSession.get(), dir.resolve("lake").toString());
    List<Bars.Bar> bars = new ArrayList<>(Bars.irregular("AAA", 40, 1));
    bars.addAll(Bars.irregular("BBB", 40, 2));
    List<Row> bronze = new ArrayList<>();
    List<Row> acc = new ArrayList<>();
    int line = 0;
    for (Bars.Bar b : bars) {
      bronze.add(RowFactory.create(b.symbol(), java.sql.Date.valueOf(b.day()), b.open(), b.high(), b.low(), b.close(),
          b.volume(), 0L, "raw/" + b.symbol(), (long) ++line, "ingest"));
      acc.add(RowFactory.create(b.symbol(), java.sql.Date.valueOf(b.day()), 0.5, 0.4, 0.3, "WATCH", 0.25));
    }
    bronze.add(RowFactory.create("AAA", java.sql.Date.valueOf(LocalDate.of(2024, 2, 27)), 1.0, 0.9, 1.1, 1.0, 10L, 0L,
        "raw/AAA", 999L, "ingest")); // high below low: counted, excluded
    SparkTestSession.get().createDataFrame(bronze, Schemas.DAILY_BARS).write().format("delta")
        .partitionBy(Schemas.TRADE_DATE).save(lake.path(TableId.BRONZE_DAILY_BARS));
    SparkTestSession.get().createDataFrame(acc, Schemas.struct(
            Schemas.field(Schemas.SYMBOL, DataTypes.StringType, false, "s"),
            Schemas.field(Schemas.TRADE_DATE, DataTypes.DateType, false, "d"),
            Schemas.field("day_score", DataTypes.DoubleType, true, "x"),
            Schemas.field("score_5", DataTypes.DoubleType, true, "x"),
            Schemas.field("score_10", DataTypes.DoubleType, true, "x"),
            Schemas.field("state", DataTypes.StringType, true, "x"),
            Schemas.field("off_exchange_share", DataTypes.DoubleType, true, "x")))
        .write().format("delta").save(lake.path(TableId.GOLD_ACCUMULATION));

    LocalDate from = bars.get(25).day();
    LocalDate to = bars.get(39).day();
    PregapParams p = PregapParams.defaults();
    PregapJob.Result r = PregapJob.run(SparkTestSession.get(), TestLakes.config(dir.resolve("lake")),
        RunContext.create(), null, from, to, p, true);
    assertEquals(java.util.Map.of("high_below_low", 1L), r.excluded());
    assertTrue(r.accumulation());
    assertEquals(30, r.pregapRows(), "15 days x 2 symbols");
    List<Row> out = TestLakes.table(dir.resolve("lake"), TableId.GOLD_PREGAP).collectAsList();
    assertEquals(30, out.size());
    for (Row row : out) {
      // the look-back was read: the first analysed day already has its 20-bar features
      assertNotNull(row.getAs("rvol_20"));
      assertEquals(0.5, row.<Double>getAs("acc_day_score"), 0);
      assertEquals(1, row.<Integer>getAs("acc_state_level"));
    }
    assertTrue(r.report().blocks().isEmpty(), "one year of rows: no out-of-sample period");
    assertTrue(r.report().note().contains("no out-of-sample test"), r.report().note());
    assertTrue(r.report().lines().stream().anyMatch(l -> l.feature().equals("acc_day_score")));

    PregapJob.run(SparkTestSession.get(), TestLakes.config(dir.resolve("lake")), RunContext.create(), null, from, to, p, true);
    assertEquals(TestLakes.rows(SparkTestSession.get().createDataFrame(out, GapFeatures.schema(p))),
        TestLakes.rows(TestLakes.table(dir.resolve("lake"), TableId.GOLD_PREGAP)), "a re-run replaces the same rows");
    assertEquals(r.report().lines().size(), TestLakes.table(dir.resolve("lake"), TableId.GOLD_PREGAP_REPORT).count());
    assertEquals(2, TestLakes.table(dir.resolve("lake"), TableId.OPS_JOB_RUNS).count());
  }
}

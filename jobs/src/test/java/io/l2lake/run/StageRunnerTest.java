package io.l2lake.run;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.config.Setting;
import io.l2lake.config.Strategy;
import io.l2lake.lake.Lake;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import io.l2lake.lake.RunContext;
import io.l2lake.stage.Stage;
import io.l2lake.stage.StageContext;
import io.l2lake.stage.StageData;
import io.l2lake.stage.StageInput;
import io.l2lake.stage.StageOutput;
import io.l2lake.stage.StageResult;
import io.l2lake.testing.SparkTestSession;
import io.l2lake.testing.TestLakes;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner around any stage: it reads the range (and look-back) of the inputs, writes the outputs for exactly
 * the range, and records the run in {@code ops.job_runs} as {@code succeeded} or, with the error's first line,
 * {@code failed}; the graph orders stages by what they read and write.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StageRunnerTest {
  @TempDir Path dir;

  static final StructType DAYS = new StructType().add(Schemas.SYMBOL, "string").add(Schemas.TRADE_DATE, "date")
      .add("x", "long");

  /** A stage copying gold.pregap's rows of the range (its look-back read too) into gold.pregap_event_study. */
  static final class Copy implements Stage {
    final boolean fail;
    long inputRows;

    final boolean planUndeclared;

    Copy(boolean fail) {
      this(fail, false);
    }

    Copy(boolean fail, boolean planUndeclared) {
      this.fail = fail;
      this.planUndeclared = planUndeclared;
    }

    @Override
    public String name() {
      return "copy";
    }

    @Override
    public List<StageInput> inputs() {
      return List.of(StageInput.required(TableId.GOLD_PREGAP).withLookBack());
    }

    @Override
    public List<StageOutput> outputs() {
      return List.of(StageOutput.replaceRange(TableId.GOLD_PREGAP_EVENT_STUDY));
    }

    @Override
    public List<Setting<?>> settings() {
      return List.of();
    }

    @Override
    public int lookBackTradingDays(StageContext c) {
      return 1;
    }

    @Override
    public StageResult transform(StageContext c, StageData data) {
      if (fail) {
        throw new IllegalStateException("the transform broke\nsecond line");
      }
      inputRows = data.get(TableId.GOLD_PREGAP).count();
      // Checkpointed as a stage may do; the runner drops such blocks when the stage ends.
      Dataset<Row> rows = data.get(TableId.GOLD_PREGAP).filter(data.range()).localCheckpoint();
      return planUndeclared ? StageResult.of(TableId.GOLD_PREGAP_EVENT_STUDY, rows, TableId.GOLD_PREGAP_REPORT, rows)
          : StageResult.of(TableId.GOLD_PREGAP_EVENT_STUDY, rows);
    }
  }

  private StageContext context(SparkSession spark, Path lake, LocalDate from, LocalDate to) {
    return new StageContext(spark, TestLakes.config(lake), Strategy.defaults(), RunContext.create(), from, to);
  }

  @Test
  void readsTheLookBackWritesTheRangeAndRecordsTheRun() {
    SparkSession spark = SparkTestSession.get();
    Path lake = dir.resolve("lake");
    List<Row> rows = List.of(
        RowFactory.create("A", Date.valueOf("2025-03-03"), 1L), RowFactory.create("A", Date.valueOf("2025-03-04"), 2L),
        RowFactory.create("A", Date.valueOf("2025-03-05"), 3L), RowFactory.create("A", Date.valueOf("2025-03-06"), 4L));
    new Lake(spark, lake.toString()).append(TableId.GOLD_PREGAP, spark.createDataFrame(rows, DAYS),
        Schemas.TRADE_DATE);

    Copy copy = new Copy(false);
    java.util.Set<Integer> heldBefore = io.l2lake.lake.WorkBlocks.persisted(spark);
    StageRunner.Report r = StageRunner.run(copy, context(spark, lake, LocalDate.of(2025, 3, 5),
        LocalDate.of(2025, 3, 5)));
    assertEquals(heldBefore, io.l2lake.lake.WorkBlocks.persisted(spark),
        "the stage's checkpointed blocks are dropped when it ends");
    assertEquals(1, r.rows(TableId.GOLD_PREGAP_EVENT_STUDY));
    assertEquals(1, r.rowsIn());
    assertTrue(copy.inputRows >= 2, "the look-back day was read: " + copy.inputRows);
    assertEquals(List.of(3L), TestLakes.table(lake, TableId.GOLD_PREGAP_EVENT_STUDY).select("x").as(
        org.apache.spark.sql.Encoders.LONG()).collectAsList());
    Row run = TestLakes.table(lake, TableId.OPS_JOB_RUNS).filter(col("stage").equalTo("copy")).first();
    assertEquals("succeeded", run.getAs("status"));
    assertEquals(1L, run.<Long>getAs("rows_out"));
  }

  @Test
  void aFailedStageRecordsAFailedRunAndRethrows() {
    SparkSession spark = SparkTestSession.get();
    Path lake = dir.resolve("failing");
    new Lake(spark, lake.toString()).append(TableId.GOLD_PREGAP,
        spark.createDataFrame(List.of(RowFactory.create("A", Date.valueOf("2025-03-03"), 1L)), DAYS),
        Schemas.TRADE_DATE);
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> StageRunner.run(new Copy(true), context(spark, lake, null, null)));
    assertEquals("the transform broke\nsecond line", e.getMessage());
    Row run = TestLakes.table(lake, TableId.OPS_JOB_RUNS).first();
    assertEquals("copy", run.getAs("stage"));
    assertEquals("failed", run.getAs("status"));
    Map<String, String> detail = run.getJavaMap(run.fieldIndex("detail"));
    assertEquals("the transform broke", detail.get("error"));
    assertTrue(!new Lake(spark, lake.toString()).exists(TableId.GOLD_PREGAP_EVENT_STUDY), "nothing written");

    IllegalStateException undeclared = assertThrows(IllegalStateException.class,
        () -> StageRunner.run(new Copy(false, true), context(spark, lake, null, null)));
    assertTrue(undeclared.getMessage().endsWith("nothing was written"), undeclared.getMessage());
    assertTrue(!new Lake(spark, lake.toString()).exists(TableId.GOLD_PREGAP_EVENT_STUDY),
        "no declared output written either");
  }

  @Test
  void aMissingRequiredInputNamesTheStageThatWritesIt() {
    SparkSession spark = SparkTestSession.get();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> StageRunner.run(Stages.named("signals"), context(spark, dir.resolve("empty"), null, null)));
    // (signals reads silver.bars_1m, written by the bars stage)
    assertTrue(e.getMessage().startsWith("silver.bars_1m does not exist in ") && e.getMessage().endsWith(
        ": run 'bars' first"), e.getMessage());
  }

  @Test
  void theGraphRunsEachStageAfterTheStagesWritingItsInputs() {
    assertEquals(List.of("check", "sync", "bars", "book", "signals", "tracker", "stops"),
        Stages.ALL.stream().map(Stage::name).toList());
    List<Stage> reversed = new java.util.ArrayList<>(Stages.ALL);
    java.util.Collections.reverse(reversed);
    List<String> order = Stages.order(reversed).stream().map(Stage::name).toList();
    for (Stage s : Stages.ALL) {
      for (StageInput in : s.inputs()) {
        String producer = Stages.producerOf(in.table());
        if (!producer.equals("ingest")) {
          assertTrue(order.indexOf(producer) < order.indexOf(s.name()), producer + " before " + s.name());
        }
      }
    }
    assertEquals(List.of("sync", "bars", "book"), Stages.inZone("silver").stream().map(Stage::name).toList());
    assertEquals(List.of("signals", "tracker", "stops"), Stages.inZone("gold").stream().map(Stage::name).toList());
    IllegalStateException twice = assertThrows(IllegalStateException.class,
        () -> Stages.order(List.of(new Copy(false), new Copy(false))));
    assertTrue(twice.getMessage().contains("gold.pregap_event_study is written by both"), twice.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Stages.named("nope"));
  }
}

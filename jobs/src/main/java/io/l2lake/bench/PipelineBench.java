package io.l2lake.bench;

import io.l2lake.backtest.BacktestJob;
import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.ingest.IngestJob;
import io.l2lake.lake.Lake;
import io.l2lake.lake.TableId;
import io.l2lake.lake.RunContext;
import io.l2lake.run.Stages;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the whole chain once on a fresh lake (tick ingest, Level-1/depth/daily ingest, checks, sync,
 * bars, book, signals, tracker, backtest) and measures each stage: input rows, wall-clock seconds and
 * heap high-water mark. Costs one pipeline run plus a count of each stage's input table (not timed).
 */
public final class PipelineBench {
  private PipelineBench() {}

  /** Stage names in run order; the report keeps this order. */
  public static final List<String> STAGES = List.of("ingest ticks", "ingest l1+depth+daily", "check", "sync",
      "bars", "book", "signals", "tracker", "backtest");

  /** What each stage's input rows are, for the report. */
  public static final List<String> INPUTS = List.of("raw tick lines", "raw L1, depth and daily lines",
      "bronze ticks + quotes", "bronze ticks + quotes", "silver trades + bronze quotes",
      "silver trades + bronze quotes", "minute bars + book rows", "signal rows + minute bars", "signal rows");

  /** Runs the chain on {@code config}'s (empty) lake, recording one measurement per stage in {@code step}. */
  public static void run(SparkSession spark, L2Config config, Strategy strategy, BenchData.Market m,
      StepTimer step) {
    Lake lake = new Lake(spark, config.lake().root());
    step.time(Measurement.STAGE, "ingest ticks", () -> IngestJob.run(spark, config, RunContext.create(),
        new IngestJob.Options(m.ticksRoot().toString(), true)).linesRead(), null);
    step.time(Measurement.STAGE, "ingest l1+depth+daily", () -> IngestJob.run(spark, config, RunContext.create(),
        new IngestJob.Options(m.restRoot().toString(), true)).linesRead(), null);
    long bronze = count(lake, TableId.BRONZE_TICKS) + count(lake, TableId.BRONZE_QUOTES);
    long quotes = count(lake, TableId.BRONZE_QUOTES);
    step.time(Measurement.STAGE, "check", () -> {
      Stages.run(Stages.named("check"), spark, config, strategy, null, null);
      return bronze;
    }, null);
    step.time(Measurement.STAGE, "sync", () -> {
      Stages.run(Stages.named("sync"), spark, config, strategy, null, null);
      return bronze;
    }, null);
    long trades = count(lake, TableId.SILVER_TRADES);
    step.time(Measurement.STAGE, "bars", () -> {
      Stages.run(Stages.named("bars"), spark, config, strategy, null, null);
      return trades + quotes;
    }, null);
    step.time(Measurement.STAGE, "book", () -> {
      Stages.run(Stages.named("book"), spark, config, strategy, null, null);
      return trades + quotes;
    }, null);
    long bars = count(lake, TableId.SILVER_BARS_1M);
    long book = count(lake, TableId.SILVER_BOOK);
    step.time(Measurement.STAGE, "signals", () -> {
      Stages.run(Stages.named("signals"), spark, config, strategy, null, null);
      return bars + book;
    }, null);
    long signals = count(lake, TableId.GOLD_SIGNALS_1M);
    step.time(Measurement.STAGE, "tracker", () -> {
      Stages.run(Stages.named("tracker"), spark, config, strategy, null, null);
      return signals + bars;
    }, null);
    step.time(Measurement.STAGE, "backtest", () -> {
      BacktestJob.run(spark, lake, strategy, RunContext.create(), m.from(), m.to(), true, 1L);
      return signals;
    }, null);
  }

  private static long count(Lake lake, TableId id) {
    return lake.spark().read().format("delta").load(lake.path(id)).count();
  }
}

package io.l2lake.bench;

import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.lake.Lake;
import io.l2lake.lake.TableId;
import io.l2lake.lake.RunContext;
import io.l2lake.run.Stages;
import io.l2lake.stage.Stage;
import java.util.ArrayList;
import java.util.stream.Collectors;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the whole chain once on a fresh lake (tick ingest, Level-1/depth/daily ingest, every stage of the
 * graph in its order, backtest) and measures each step: input rows, wall-clock seconds and
 * heap high-water mark. Costs one pipeline run plus a count of each stage's input table (not timed).
 */
public final class PipelineBench {
  private PipelineBench() {}

  /**
   * Step names in run order, the report keeps this order: the two ingests, every stage of the graph in its
   * order ({@link Stages#ALL}), and the backtest.
   */
  public static final List<String> STAGES = stepNames();

  /** What each step's input rows are, for the report: a stage's are the rows of its input tables. */
  public static final List<String> INPUTS = inputNames();

  private static List<String> stepNames() {
    List<String> names = new ArrayList<>(List.of("ingest ticks", "ingest l1+depth+daily"));
    Stages.ALL.forEach(s -> names.add(s.name()));
    names.add("backtest");
    return List.copyOf(names);
  }

  private static List<String> inputNames() {
    List<String> names = new ArrayList<>(List.of("raw tick lines", "raw L1, depth and daily lines"));
    for (Stage s : Stages.ALL) {
      names.add(s.inputs().stream().map(i -> i.table().qualifiedName()).collect(Collectors.joining(" + ")));
    }
    names.add("gold.signals_1m");
    return List.copyOf(names);
  }

  /** Runs the chain on {@code config}'s (empty) lake, recording one measurement per step in {@code step}. */
  public static void run(SparkSession spark, L2Config config, Strategy strategy, BenchSteps steps,
      BenchData.Market m, StepTimer step) {
    Lake lake = new Lake(spark, config.lake().root());
    step.time(Measurement.STAGE, "ingest ticks", () -> steps.ingest(spark, config, m.ticksRoot()), null);
    step.time(Measurement.STAGE, "ingest l1+depth+daily", () -> steps.ingest(spark, config, m.restRoot()), null);
    for (Stage stage : Stages.ALL) {
      long inputRows = stage.inputs().stream().map(i -> i.table()).filter(lake::exists)
          .mapToLong(t -> count(lake, t)).sum();
      step.time(Measurement.STAGE, stage.name(), () -> {
        Stages.run(stage, spark, config, strategy, null, null);
        return inputRows;
      }, null);
    }
    long signals = count(lake, TableId.GOLD_SIGNALS_1M);
    step.time(Measurement.STAGE, "backtest", () -> {
      steps.backtest(spark, config, strategy, m.from(), m.to());
      return signals;
    }, null);
  }

  private static long count(Lake lake, TableId id) {
    return lake.spark().read().format("delta").load(lake.path(id)).count();
  }
}

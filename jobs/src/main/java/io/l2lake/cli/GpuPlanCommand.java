package io.l2lake.cli;

import io.l2lake.backtest.BacktestJob;
import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.generate.GenerateJob;
import io.l2lake.generate.MarketPlan;
import io.l2lake.gpu.ExplainCapture;
import io.l2lake.gpu.GpuPlanReport;
import io.l2lake.gpu.PlanTally;
import io.l2lake.ingest.IngestJob;
import io.l2lake.lake.Lake;
import io.l2lake.lake.RunContext;
import io.l2lake.lake.Sessions;
import io.l2lake.pregap.PregapJob;
import io.l2lake.pregap.PregapParams;
import io.l2lake.run.Stages;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.MutableURLClassLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code l2lake gpu-plan --rapids-jar JAR}: every stage of the pipeline run once on the demo universe with
 * the RAPIDS Accelerator in explain-only mode (no GPU needed), and the share of each stage's operators
 * that would run on a GPU, with every fallback and its reason, written as Markdown.
 *
 * <p>The plugin jar is loaded by a child class loader set as the thread's context loader before the
 * session starts, not put on the JVM class path: with the jar on the class path the plugin fails at
 * start-up (it looks up its own classes through the context loader). Adaptive execution is off while
 * explaining, so that joins are planned as they would be without run-time statistics.
 */
@Command(name = "gpu-plan", mixinStandardHelpOptions = true,
    description = "Run every stage on the demo universe with the RAPIDS plugin in explain-only mode and write, per "
        + "stage, the share of operators that would run on a GPU and every fallback with its reason.")
final class GpuPlanCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--rapids-jar", required = true, paramLabel = "JAR",
      description = "The RAPIDS Accelerator jar (com.nvidia:rapids-4-spark_2.13).")
  Path rapidsJar;

  @Option(names = "--out", paramLabel = "FILE", description = "Markdown output (default docs/gpu-plan.md).")
  Path out = Path.of("docs/gpu-plan.md");

  @Option(names = "--work", paramLabel = "DIR",
      description = "Scratch directory of the run's lake (default: a new temporary directory, deleted afterwards);"
          + " the profile's lake is never touched.")
  Path work;

  @Option(names = "--explain-log", paramLabel = "FILE",
      description = "Also write every plan explanation, under its stage, to FILE.")
  Path explainLog;

  @Option(names = "--require-targets",
      description = "Exit with status 3 when a target is not met (>= 90%% of operators on the GPU and no window, "
          + "join, aggregate, scan or write fallback in bars, signals, stops and pre-gap).")
  boolean requireTargets;

  /** Settings of the explain-only run. */
  static Map<String, String> explainSettings() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("spark.plugins", "com.nvidia.spark.SQLPlugin");
    m.put("spark.rapids.sql.mode", "explainOnly");
    m.put("spark.rapids.sql.explain", "ALL");
    m.put("spark.rapids.sql.enabled", "true");
    m.put("spark.kryo.registrator", "com.nvidia.spark.rapids.GpuKryoRegistrator");
    // The one windowed collect_list (the stop context's volatility percentile) spans at most regime-history-days
    // rows, a small window; conf/rapids.conf enables it on a GPU cluster too.
    m.put("spark.rapids.sql.window.collectList.enabled", "true");
    // Cached tables as GPU-readable Parquet batches (as conf/rapids.conf sets for a GPU cluster).
    m.put("spark.sql.cache.serializer", "com.nvidia.spark.ParquetCachedBatchSerializer");
    m.put("spark.sql.adaptive.enabled", "false");
    return m;
  }

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(rapidsJar)) {
      throw new IllegalArgumentException("--rapids-jar has value '" + rapidsJar + "': no such file (the profile "
          + "-Pgpu-plan downloads it)");
    }
    boolean temporary = work == null;
    Path dir = temporary ? Files.createTempDirectory("l2lake-gpu-plan") : work;
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put(L2Config.LAKE_ROOT.key(), dir.resolve("lake").toString());
    overrides.put("l2lake.catalog.metastore", "none");
    overrides.put("l2lake.raw-root", "");
    L2Config config = common.load(overrides);
    Strategy strategy = common.strategy();

    ClassLoader parent = Thread.currentThread().getContextClassLoader();
    PlanTally tally = new PlanTally();
    ExplainCapture capture = ExplainCapture.install(tally);
    java.io.Writer log = null;
    try {
      Thread.currentThread().setContextClassLoader(
          new MutableURLClassLoader(new URL[] {rapidsJar.toUri().toURL()}, parent));
      SparkSession spark = Sessions.createWithCatalog(config, explainSettings());
      capture.attach(spark.sparkContext());
      if (explainLog != null) {
        log = Files.newBufferedWriter(explainLog, StandardCharsets.UTF_8);
        capture.copyTo(log);
      }
      try {
        runPipeline(spark, config, strategy);
      } finally {
        spark.stop();
      }
    } finally {
      capture.uninstall();
      if (log != null) {
        log.close();
      }
      Thread.currentThread().setContextClassLoader(parent);
      if (temporary) {
        io.l2lake.bench.BenchData.deleteTree(dir);
      }
    }
    if (capture.captured() == 0) {
      throw new IllegalStateException("the RAPIDS plugin explained no plan: is " + rapidsJar + " the plugin jar?");
    }
    Map<String, PlanTally.Stage> stages = tally.stages();
    String md = GpuPlanReport.markdown(stages, header());
    if (out.getParent() != null) {
      Files.createDirectories(out.getParent());
    }
    Files.writeString(out, md, StandardCharsets.UTF_8);
    System.out.printf("%-10s %6s %10s %7s %7s%n", "stage", "plans", "operators", "on GPU", "share");
    stages.forEach((k, s) -> System.out.printf("%-10s %6d %10d %7d %6.1f%%%n", k, s.plans(), s.operators(),
        s.onGpu(), 100 * s.share()));
    List<String> v = GpuPlanReport.violations(stages);
    v.forEach(x -> System.out.println("target not met: " + x));
    System.out.println("wrote " + out);
    return requireTargets && !v.isEmpty() ? 3 : 0;
  }

  static void runPipeline(SparkSession spark, L2Config config, Strategy strategy) {
    Lake lake = new Lake(spark, config.lake().root());
    MarketPlan.Options universe = DemoCommand.demoUniverse();
    GenerateJob.run(spark, lake, config.lake().rawRoot(), universe, RunContext.create());
    IngestJob.run(spark, config, RunContext.create(), new IngestJob.Options(config.lake().rawRoot(), false));
    Stages.run(Stages.ALL, spark, config, strategy, null, null);
    LocalDate first = universe.start();
    BacktestJob.run(spark, lake, strategy, RunContext.create(), first, first.plusDays(30), true, 1);
    PregapJob.run(spark, config, RunContext.create(), null, null, null, PregapParams.from(strategy), true);
  }

  private static String header() {
    return """
        # GPU plan

        Generated by `./l2lake gpu-plan --rapids-jar JAR` (run by `mvn -B verify -Pgpu-plan`, which downloads \
        the RAPIDS Accelerator `com.nvidia:rapids-4-spark_2.13:26.08.1`). Every stage runs once on the demo \
        universe (3 simulated symbols x 10 days) with the plugin in explain-only mode on the CPU: the plugin \
        plans each query as it would for a GPU and logs, node by node, what would run on the GPU and why \
        anything would not. Counts are of physical operators over all the plans a stage executes; \
        expressions and types are listed where they make their operator fall back. Nodes the GPU plan \
        drops as redundant (the sorts of a sort-merge join it turns into a hash join) are not counted, \
        and the plans Delta Lake runs over its own transaction log (snapshot reconstruction from \
        `_delta_log`, on the CPU whatever the stage does) are counted apart, in the last column. The stops row is \
        the stops stage (the daily stop context, `gold.stops`) and the backtest's stop-level plans (each \
        position's stop path bar by bar); the backtest row is the rest of the backtest, writing \
        `gold.backtest_stops` among its tables.\
        """;
  }
}

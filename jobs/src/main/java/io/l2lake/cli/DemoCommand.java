package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.generate.GenerateJob;
import io.l2lake.generate.MarketPlan;
import io.l2lake.lake.Lake;
import io.l2lake.lake.TableId;
import io.l2lake.run.Stages;
import java.time.LocalDate;
import io.l2lake.ingest.IngestJob;
import io.l2lake.lake.RunContext;
import io.l2lake.lake.Sessions;
import io.l2lake.quality.IntegrityStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code l2lake demo}: ingests the real sample shipped in {@code data-lake/samples/} (an IQFeed tick
 * answer for NEPT) and a small simulated market (3 symbols x 10 days with planted episodes and a few
 * faults, generated once into the landing zone) into the lake, runs the integrity checks and the
 * silver stages (synchronised trades, minute bars, pseudo-L2 book) and prints what each found.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the pipeline end to end on the shipped sample data and print a summary.")
final class DemoCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--samples", paramLabel = "DIR",
      description = "Sample landing zone (holds iqfeed/). Default: data-lake/samples under L2LAKE_HOME.")
  Path samples;

  @Option(names = "--regenerate", description = "Simulate the synthetic symbols again even if the lake has them.")
  boolean regenerate;

  @Override
  public Integer call() throws Exception {
    L2Config config = common.load();
    String home = System.getenv("L2LAKE_HOME");
    Path sampleRoot = samples != null ? samples
        : (home == null ? Path.of("") : Path.of(home)).resolve("data-lake").resolve("samples");
    if (!Files.isDirectory(sampleRoot.resolve("iqfeed"))) {
      throw new IllegalArgumentException("no sample landing zone at " + sampleRoot.toAbsolutePath()
          + " (expected iqfeed/<feed>/<SYMBOL>/<file>)");
    }
    return LakeWriter.run(config, "demo", () -> {
      SparkSession spark = Sessions.create(config);
      System.out.println("l2lake demo: lake " + config.lake().root() + ", samples " + sampleRoot);
      Lake lake = new Lake(spark, config.lake().root());
      if (regenerate || !lake.exists(TableId.TRUTH_EPISODES)) {
        GenerateJob.Result g = GenerateJob.run(spark, lake, config.lake().rawRoot(), demoUniverse(),
            RunContext.create());
        System.out.printf("generated %d simulated symbol-days (%,d book events, %,d faults) into %s%n",
            g.symbolDays(), g.events(), g.faults(), config.lake().rawRoot());
      }
      IngestJob.Result ingest = IngestJob.run(spark, config, RunContext.create(),
          new IngestJob.Options(sampleRoot.toAbsolutePath().toString(), false));
      Summary.printIngest(System.out, ingest);
      IngestJob.Result simulated = IngestJob.run(spark, config, RunContext.create(),
          new IngestJob.Options(config.lake().rawRoot(), false));
      Summary.printIngest(System.out, simulated);
      IntegrityStage.Result check = IntegrityStage.Result.of(
          Stages.run(Stages.named("check"), spark, config, null, null, null).detail());
      Summary.printIntegrity(System.out, check);
      SilverCommand.run(spark, config, null, null);
      GoldCommand.run(spark, config, common.strategy(), null, null);
      System.out.println("next: ./l2lake watchlist --all   |   ./l2lake signal-report");
      return 0;
    });
  }

  /** The demo's simulated universe: 3 symbols x 10 days from 2025-03-03, with every fault kind. */
  static MarketPlan.Options demoUniverse() {
    return new MarketPlan.Options(1, 3, 10, LocalDate.of(2025, 3, 3), 0.2,
        new MarketPlan.FaultRates(0.0005, 0.0005, 0.0005, 0.0005, 0.0005, 0.0005, 0.0005, 0.05), 60, 5);
  }
}

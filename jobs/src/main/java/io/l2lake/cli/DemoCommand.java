package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.ingest.IngestJob;
import io.l2lake.pipeline.RunContext;
import io.l2lake.pipeline.Sessions;
import io.l2lake.quality.IntegrityJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code l2lake demo}: ingests the real sample shipped in {@code data-lake/samples/} (an IQFeed tick
 * answer for NEPT) into the lake, runs the integrity checks and the silver stages (synchronised
 * trades, minute bars, pseudo-L2 book) and prints what each found.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Run the pipeline end to end on the shipped sample data and print a summary.")
final class DemoCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--samples", paramLabel = "DIR",
      description = "Sample landing zone (holds iqfeed/). Default: data-lake/samples under L2LAKE_HOME.")
  Path samples;

  @Override
  public Integer call() {
    L2Config config = common.load();
    Path sampleRoot = samples;
    if (sampleRoot == null) {
      String home = System.getenv("L2LAKE_HOME");
      sampleRoot = (home == null ? Path.of("") : Path.of(home)).resolve("data-lake").resolve("samples");
    }
    if (!Files.isDirectory(sampleRoot.resolve("iqfeed"))) {
      throw new IllegalArgumentException("no sample landing zone at " + sampleRoot.toAbsolutePath()
          + " (expected iqfeed/<feed>/<SYMBOL>/<file>)");
    }
    SparkSession spark = Sessions.create(config);
    System.out.println("l2lake demo: lake " + config.lake().root() + ", samples " + sampleRoot);
    IngestJob.Result ingest = IngestJob.run(spark, config, RunContext.create(),
        new IngestJob.Options(sampleRoot.toAbsolutePath().toString(), false));
    Summary.printIngest(System.out, ingest);
    IntegrityJob.Result check = IntegrityJob.run(spark, config, RunContext.create(), null, null);
    Summary.printIntegrity(System.out, check);
    SilverCommand.run(spark, config, null, null);
    return 0;
  }
}

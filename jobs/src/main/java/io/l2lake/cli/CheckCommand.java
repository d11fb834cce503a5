package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.pipeline.RunContext;
import io.l2lake.pipeline.Sessions;
import io.l2lake.quality.IntegrityJob;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code l2lake check [--from D] [--to D]}. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Run the integrity checks and write ops.integrity per symbol-day.")
final class CheckCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First trading date (default: all).")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Last trading date (default: all).")
  LocalDate to;

  @Override
  public Integer call() {
    if (from != null && to != null && from.isAfter(to)) {
      throw new IllegalArgumentException("--from " + from + " is after --to " + to);
    }
    L2Config config = common.load();
    SparkSession spark = Sessions.create(config);
    IntegrityJob.Result r = IntegrityJob.run(spark, config, RunContext.create(), from, to);
    Summary.printIntegrity(System.out, r);
    return 0;
  }
}

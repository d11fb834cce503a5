package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.pipeline.RunContext;
import io.l2lake.pipeline.Sessions;
import io.l2lake.quality.IntegrityJob;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code l2lake check [--from D] [--to D]}. */
@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Run the integrity checks and write ops.integrity per symbol-day.")
final class CheckCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin DateRangeOptions dates;

  @Override
  public Integer call() throws Exception {
    dates.validate();
    L2Config config = common.load();
    return LakeWriter.run(config, "check", () -> {
      SparkSession spark = Sessions.create(config);
      IntegrityJob.Result r = IntegrityJob.run(spark, config, RunContext.create(), dates.from, dates.to);
      Summary.printIntegrity(System.out, r);
      return 0;
    });
  }
}

package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.run.Stages;
import io.l2lake.lake.Sessions;
import io.l2lake.quality.IntegrityStage;
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
      IntegrityStage.Result r = IntegrityStage.Result.of(
          Stages.run(Stages.named("check"), spark, config, null, dates.from, dates.to).detail());
      Summary.printIntegrity(System.out, r);
      return 0;
    });
  }
}

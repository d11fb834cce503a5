package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.pipeline.RunContext;
import io.l2lake.pipeline.Sessions;
import io.l2lake.signals.SignalsJob;
import io.l2lake.tracker.TrackerJob;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code l2lake gold [--from D] [--to D]}: signals and the accumulation tracker for a date range. */
@Command(name = "gold", mixinStandardHelpOptions = true,
    description = "Build gold.signals_1m (five accumulation signals, composite, exits) and gold.accumulation "
        + "(per symbol-day tracker; gold.watchlist holds each symbol's current state).")
final class GoldCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin DateRangeOptions dates;

  @Override
  public Integer call() throws Exception {
    dates.validate();
    L2Config config = common.load();
    Strategy strategy = common.strategy();
    return LakeWriter.run(config, "gold", () -> {
      SparkSession spark = Sessions.create(config);
      run(spark, config, strategy, dates.from, dates.to);
      return 0;
    });
  }

  static void run(SparkSession spark, L2Config config, Strategy strategy, LocalDate from, LocalDate to) {
    System.out.printf("gold.signals_1m: %,d bars scored%n",
        SignalsJob.run(spark, config, strategy, RunContext.create(), from, to));
    System.out.printf("gold.accumulation: %,d symbol-days tracked%n",
        TrackerJob.run(spark, config, strategy, RunContext.create(), from, to));
  }
}

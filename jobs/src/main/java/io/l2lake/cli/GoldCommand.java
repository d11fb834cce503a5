package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.lake.TableId;
import io.l2lake.run.StageRunner;
import io.l2lake.run.Stages;
import io.l2lake.lake.Sessions;
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
    for (StageRunner.Report r : Stages.run(Stages.inZone("gold"), spark, config, strategy, from, to)) {
      switch (r.stage()) {
        case "signals" -> System.out.printf("gold.signals_1m: %,d bars scored%n", r.rows(TableId.GOLD_SIGNALS_1M));
        case "tracker" -> System.out.printf("gold.accumulation: %,d symbol-days tracked%n",
            r.rows(TableId.GOLD_ACCUMULATION));
        case "stops" -> System.out.printf("gold.stops: %,d symbol-days of stop context%n", r.rows(TableId.GOLD_STOPS));
        default -> System.out.printf("%s: %s%n", r.stage(), r.rowsOut());
      }
    }
  }
}

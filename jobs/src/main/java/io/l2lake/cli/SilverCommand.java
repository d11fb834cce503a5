package io.l2lake.cli;

import io.l2lake.bars.BarsJob;
import io.l2lake.book.BookJob;
import io.l2lake.config.L2Config;
import io.l2lake.pipeline.RunContext;
import io.l2lake.pipeline.Sessions;
import io.l2lake.sync.SyncJob;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code l2lake silver [--from D] [--to D]}: sync, bars and book for a date range. */
@Command(name = "silver", mixinStandardHelpOptions = true,
    description = "Build silver.trades (as-of quotes, aggressor side, flags), silver.bars_1m and silver.book.")
final class SilverCommand implements Callable<Integer> {
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
    run(spark, config, from, to);
    return 0;
  }

  static void run(SparkSession spark, L2Config config, LocalDate from, LocalDate to) {
    SyncJob.Result s = SyncJob.run(spark, config, RunContext.create(), from, to);
    System.out.printf("silver.trades: %,d trades; prevailing quote from %s%s; %d unusable symbol-days skipped%n",
        s.trades(), s.bySource(), s.agreementRate() == null ? ""
            : String.format("; tick/L1 quote agreement %.1f%%", 100 * s.agreementRate()), s.skippedDays());
    System.out.printf("silver.bars_1m: %,d bars%n", BarsJob.run(spark, config, RunContext.create(), from, to));
    System.out.printf("silver.book: %,d rows%n", BookJob.run(spark, config, RunContext.create(), from, to));
  }
}

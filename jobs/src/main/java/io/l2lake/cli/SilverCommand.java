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

/** {@code l2lake silver [--from D] [--to D]}: sync, bars and book for a date range. */
@Command(name = "silver", mixinStandardHelpOptions = true,
    description = "Build silver.trades (as-of quotes, aggressor side, flags), silver.bars_1m and silver.book.")
final class SilverCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin DateRangeOptions dates;

  @Override
  public Integer call() throws Exception {
    dates.validate();
    L2Config config = common.load();
    return LakeWriter.run(config, "silver", () -> {
      SparkSession spark = Sessions.create(config);
      run(spark, config, dates.from, dates.to);
      return 0;
    });
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

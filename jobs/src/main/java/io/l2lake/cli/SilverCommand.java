package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.lake.TableId;
import io.l2lake.run.StageRunner;
import io.l2lake.run.Stages;
import io.l2lake.lake.Sessions;
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
    for (StageRunner.Report r : Stages.run(Stages.inZone("silver"), spark, config, null, from, to)) {
      print(r);
    }
  }

  static void print(StageRunner.Report r) {
    switch (r.stage()) {
      case "sync" -> System.out.printf("silver.trades: %,d trades; prevailing quote from {l1=%d, none=%d, tick=%d}%s; "
          + "%d unusable symbol-days skipped%n", r.rows(TableId.SILVER_TRADES), r.count("quote_source.l1"),
          r.count("quote_source.none"), r.count("quote_source.tick"),
          r.detail().containsKey("tick_l1_quote_agreement") ? String.format("; tick/L1 quote agreement %.1f%%",
              100 * Double.parseDouble(r.detail().get("tick_l1_quote_agreement"))) : "",
          r.count("skipped_symbol_days"));
      case "bars" -> System.out.printf("silver.bars_1m: %,d bars%n", r.rows(TableId.SILVER_BARS_1M));
      case "book" -> System.out.printf("silver.book: %,d rows%n", r.rows(TableId.SILVER_BOOK));
      default -> System.out.printf("%s: %s%n", r.stage(), r.rowsOut());
    }
  }
}

package io.l2lake.cli;

import static org.apache.spark.sql.functions.col;

import io.l2lake.config.L2Config;
import io.l2lake.lake.Lake;
import io.l2lake.lake.TableId;
import io.l2lake.lake.Sessions;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code l2lake watchlist}: each symbol's current tracker state, most advanced first. */
@Command(name = "watchlist", mixinStandardHelpOptions = true,
    description = "Print gold.watchlist: each symbol's newest tracker state and scores.")
final class WatchlistCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--all", description = "Include symbols in WATCH (default: only the others).")
  boolean all;

  @Override
  public Integer call() {
    L2Config config = common.load();
    SparkSession spark = Sessions.create(config);
    Lake lake = new Lake(spark, config.lake().root());
    if (!lake.exists(TableId.GOLD_WATCHLIST)) {
      throw new IllegalArgumentException("gold.watchlist does not exist in " + lake.root() + ": run 'gold' first");
    }
    var rows = spark.read().format("delta").load(lake.path(TableId.GOLD_WATCHLIST));
    if (!all) {
      rows = rows.filter(col("state").notEqual("WATCH"));
    }
    List<Row> list = rows.withColumn("_rank", org.apache.spark.sql.functions.expr(
            "CASE state WHEN 'TRIGGERED' THEN 0 WHEN 'READY' THEN 1 WHEN 'ACCUMULATING' THEN 2 "
                + "WHEN 'EXITED' THEN 3 WHEN 'DECAYED' THEN 4 ELSE 5 END"))
        .orderBy(col("_rank"), col("score_10").desc(), col("symbol"))
        .select("symbol", "trade_date", "state", "score_5", "score_10", "score_20", "day_score",
            "accumulating_days_10", "days_since_trigger", "close")
        .collectAsList();
    System.out.printf("%-8s %-10s %-12s %7s %8s %8s %9s %8s %8s %10s%n", "symbol", "as of", "state", "score5",
        "score10", "score20", "day_score", "acc_days", "trig_ago", "close");
    for (Row r : list) {
      System.out.printf("%-8s %-10s %-12s %7.3f %8.3f %8.3f %9.3f %8d %8s %10.4f%n", r.getString(0), r.get(1),
          r.getString(2), num(r, 3), num(r, 4), num(r, 5), num(r, 6), r.isNullAt(7) ? 0L : r.getLong(7),
          r.isNullAt(8) ? "-" : r.get(8).toString(), num(r, 9));
    }
    System.out.printf("%d symbols%s%n", list.size(), all ? "" : " not in WATCH (--all lists every symbol)");
    return 0;
  }

  private static double num(Row r, int i) {
    return r.isNullAt(i) ? Double.NaN : ((Number) r.get(i)).doubleValue();
  }
}

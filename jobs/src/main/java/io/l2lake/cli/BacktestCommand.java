package io.l2lake.cli;

import io.l2lake.backtest.BacktestJob;
import io.l2lake.backtest.MatchedControls;
import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.lake.Lake;
import io.l2lake.lake.RunContext;
import io.l2lake.lake.Sessions;
import io.l2lake.report.RunReport;
import java.io.OutputStream;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code l2lake backtest --from D1 --to D2}: the strategy and its random-entry control, to Delta. */
@Command(name = "backtest", mixinStandardHelpOptions = true,
    description = "Backtest the accumulation strategy over a date range (and the same trades entered at random "
        + "times as a control); writes gold.backtest_trades/_equity/_runs/_stops, prints the metrics "
        + "and writes an equity chart (PNG) under <lake>/reports/.")
final class BacktestCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "First entry date.")
  LocalDate from;

  @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "Last date.")
  LocalDate to;

  @Option(names = "--no-random", description = "Skip the random-entry control run.")
  boolean noRandom;

  @Option(names = "--seed", description = "Seed of the random entries (default 1).")
  long seed = 1;

  @Override
  public Integer call() throws Exception{
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("--from " + from + " is after --to " + to);
    }
    L2Config config = common.load();
    Strategy strategy = common.strategy();
    return LakeWriter.run(config, "backtest", () -> {
      SparkSession spark = Sessions.create(config);
      Lake lake = new Lake(spark, config.lake().root());
      BacktestJob.Result r = BacktestJob.run(spark, lake, strategy, RunContext.create(), from, to, !noRandom, seed);
      print(r);
      String chart = chart(spark, lake, r.runId());
      System.out.println("equity chart: " + chart);
      return 0;
    });
  }

  static void print(BacktestJob.Result r) {
    System.out.println("backtest run " + r.runId());
    String[] names = {"trade_count", "total_return", "cagr", "sharpe", "sortino", "max_drawdown", "win_rate",
        "profit_factor", "average_hold_bars", "exposure", "turnover", "net_pnl", "total_costs"};
    System.out.printf("  %-18s", "metric");
    r.metrics().keySet().forEach(k -> System.out.printf(" %14s", k + " entries"));
    System.out.println();
    for (String n : names) {
      System.out.printf("  %-18s", n);
      for (Row row : r.metrics().values()) {
        Object v = row.get(row.fieldIndex(n));
        System.out.printf(" %14s", v == null ? "-" : v instanceof Double d ? String.format("%.4f", d) : v.toString());
      }
      System.out.println();
    }
    for (Map.Entry<String, Row> e : r.gaps().entrySet()) {
      Row g = e.getValue();
      long ready = g.getLong(g.fieldIndex("after_ready"));
      System.out.printf("  %s entries, gaps: %d, READY the day before %d, held at the open %d (%d of the READY ones,"
          + " %s); oracle (buy the READY eve's close, sell the open): %d trades, mean net return %s, PnL %s%n",
          e.getKey(), g.getLong(g.fieldIndex("gaps")), ready, g.getLong(g.fieldIndex("held")),
          g.getLong(g.fieldIndex("held_after_ready")),
          ready == 0 ? "-" : percent(g.getLong(g.fieldIndex("held_after_ready")) / (double) ready),
          g.getLong(g.fieldIndex("oracle_trades")), percentOrDash(g.get(g.fieldIndex("oracle_mean_return"))),
          g.isNullAt(g.fieldIndex("oracle_pnl")) ? "-" : String.format("%.2f", g.getDouble(g.fieldIndex("oracle_pnl"))));
    }
    if (r.returns() != null && r.returns().trades() > 0) {
      MatchedControls.Test t = r.returns();
      MatchedControls.Test c = r.capital();
      System.out.printf("  mean net return per trade: %s of the position [%s, %s] (%s of capital [%s, %s]);"
          + " %d matched random draws (%d alternatives for %d trades): mean %s, 5-95%% %s..%s; p = %.4f"
          + " (of capital: p = %.4f)%n", percent(t.strategyMean()), percent(t.ciLow()), percent(t.ciHigh()),
          percent(c.strategyMean()), percent(c.ciLow()), percent(c.ciHigh()), t.draws(), t.alternatives(),
          t.trades(), percent(t.drawMean()), percent(t.drawP05()), percent(t.drawP95()), t.pValue(), c.pValue());
    }
    for (Map.Entry<String, Row> e : r.metrics().entrySet()) {
      Row row = e.getValue();
      System.out.println("  " + e.getKey() + " entries, by exit reason (trades, pnl): "
          + row.get(row.fieldIndex("attribution_by_exit")));
      System.out.println("  " + e.getKey() + " entries, by entry signal (trades, pnl): "
          + row.get(row.fieldIndex("attribution_by_signal")));
    }
  }

  private static String percent(double v) {
    return Double.isNaN(v) ? "-" : String.format("%+.3f%%", 100 * v);
  }

  private static String percentOrDash(Object v) {
    return v == null ? "-" : percent(((Number) v).doubleValue());
  }

  /** Writes the run's equity curves to {@code <lake>/reports/backtest-<run>/equity.png}. */
  static String chart(SparkSession spark, Lake lake, String runId) throws Exception {
    Path out = new Path(lake.root() + "/reports/backtest-" + runId + "/equity.png");
    FileSystem fs = out.getFileSystem(spark.sparkContext().hadoopConfiguration());
    try (OutputStream o = fs.create(out, true)) {
      javax.imageio.ImageIO.write(RunReport.equityChart(spark, lake, runId), "png", o);
    }
    return out.toString();
  }
}

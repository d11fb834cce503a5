package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.lake.Lake;
import io.l2lake.lake.Sessions;
import io.l2lake.report.RunReport;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code l2lake report --run RUN_ID}: HTML with PNG charts for one backtest run. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = "Write an HTML report with PNG charts for a backtest run: equity and drawdown, trades on price "
        + "with their stops, a symbol's signal scores by day, the pre-gap event study and the data-quality heat "
        + "map. Default output: <lake>/reports/run-<RUN_ID>/index.html.")
final class ReportCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--run", required = true, paramLabel = "RUN_ID",
      description = "Backtest run id (gold.backtest_runs.run_id), or 'latest'.")
  String run;

  @Option(names = "--symbol", paramLabel = "SYMBOL",
      description = "Symbol shown in the trade and signal charts (default: the one with the most trades).")
  String symbol;

  @Option(names = "--out", paramLabel = "DIR", description = "Output directory (any Hadoop path).")
  String out;

  @Override
  public Integer call() throws Exception {
    L2Config config = common.load();
    SparkSession spark = Sessions.create(config);
    Lake lake = new Lake(spark, config.lake().root());
    String runId = run.equals("latest") ? RunReport.latestRun(spark, lake) : run;
    String dir = out != null ? out : lake.root() + "/reports/run-" + runId;
    RunReport.Result r = RunReport.write(spark, lake, runId, symbol, dir);
    System.out.println("report of backtest run " + r.runId() + (r.symbol() == null ? " (no trades)"
        : ", detail symbol " + r.symbol()));
    r.charts().forEach(c -> System.out.println("  chart: " + c));
    System.out.println("  page:  " + r.index());
    return 0;
  }
}

package io.l2lake.cli;

import io.l2lake.backtest.BacktestJob;
import io.l2lake.backtest.calibrate.CalibrationGrid;
import io.l2lake.backtest.calibrate.CalibrationJob;
import io.l2lake.backtest.calibrate.WalkForward;
import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.lake.Lake;
import io.l2lake.lake.RunContext;
import io.l2lake.lake.Sessions;
import io.l2lake.run.WhatIfGold;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code l2lake calibrate --grid FILE}: a walk-forward parameter sweep of the backtest, to Delta. */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
    description = "Backtest every combination of a parameter grid (backtest, stop, signal and tracker settings) on "
        + "walk-forward in-sample and out-of-sample windows (in parallel), write both sides' metrics per "
        + "combination, fold and symbol to gold.calibration and the stitched out-of-sample equity of the in-sample "
        + "choices to gold.calibration_equity; print the combinations in the order of the in-sample choice.")
final class CalibrateCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin DateRangeOptions dates;

  @Option(names = "--grid", required = true, paramLabel = "FILE",
      description = "Grid file (HOCON): calibration { train-days, test-days, anchored, metric, parallel-runs } "
          + "and grid { strategy.KEY = [values] }; see conf/calibration-grid.conf.")
  Path grid;

  @Option(names = "--top", description = "Combinations to print (default 10).")
  int top = 10;

  @Override
  public Integer call() throws Exception {
    dates.validate();
    if (top < 1) {
      throw new IllegalArgumentException("--top must be at least 1, got " + top);
    }
    L2Config config = common.load();
    CalibrationGrid g = CalibrationGrid.load(grid, WhatIfGold.sweepable());
    Strategy base = common.strategy(); // the base strategy must be valid on its own
    int reach = g.combinations().stream().map(common::strategy).mapToInt(BacktestJob::lookbackDays).max().orElse(0)
        + 7;
    return LakeWriter.run(config, "calibrate", () -> {
      SparkSession spark = Sessions.create(config);
      Lake lake = new Lake(spark, config.lake().root());
      CalibrationJob.Result r = CalibrationJob.run(spark, lake, g, common::strategy,
          new WhatIfGold(spark, config, base, dates.from, dates.to, reach), RunContext.create(), dates.from, dates.to);
      print(r, g, top);
      return 0;
    });
  }

  static void print(CalibrationJob.Result r, CalibrationGrid g, int top) {
    System.out.printf("calibration %s: %d combinations x %d folds = %d backtests, ranked by %s%n", r.calibrationId(),
        r.combinations(), r.folds().size(), r.runs(), g.metric());
    for (WalkForward.Fold f : r.folds()) {
      System.out.printf("  fold %d: in-sample %s..%s, out-of-sample %s..%s%n", f.fold(), f.trainFrom(), f.trainTo(),
          f.testFrom(), f.testTo());
    }
    System.out.printf("combinations in the order of the in-sample choice (folds selected, then mean in-sample %s):%n",
        g.metric());
    System.out.printf("  %5s %10s %10s %10s %8s %8s %9s  %s%n", "combo", "mean IS", "mean OOS", "IS - OOS",
        "IS trd", "OOS trd", "selected", "parameters");
    int n = 0;
    for (Row row : r.summary()) {
      if (n++ >= top) {
        break;
      }
      System.out.printf("  %5d %10s %10s %10s %8d %8d %9d  %s%n", row.<Integer>getAs("combo_id"),
          fmt(row.getAs("mean_is")), fmt(row.getAs("mean_oos")), fmt(row.getAs("is_minus_oos")),
          row.<Long>getAs("is_trades"), row.<Long>getAs("oos_trades"), row.<Long>getAs("selected_folds"),
          params(row.getJavaMap(row.fieldIndex("parameters"))));
    }
    System.out.println("walk-forward choice (best in-sample) per fold and how it did out of sample:");
    for (Row row : r.selected()) {
      System.out.printf("  fold %d: combo %d, IS %s, OOS %s (rank %s of %d)  %s%n", row.<Integer>getAs("fold"),
          row.<Integer>getAs("combo_id"), fmt(row.getAs("is_" + g.metric())), fmt(row.getAs("oos_" + g.metric())),
          row.getAs("oos_rank"), r.combinations(), params(row.getJavaMap(row.fieldIndex("parameters"))));
    }
    CalibrationJob.Stitched st = r.stitched();
    System.out.printf("stitched out-of-sample equity of those choices: %d days, total return %+.2f%%, max drawdown "
        + "%.2f%%, ending at %,.2f%n", st.days(), 100 * st.totalReturn(), 100 * st.maxDrawdown(), st.endEquity());
    System.out.println("all rows: ./l2lake sql \"SELECT * FROM gold.calibration WHERE calibration_id = '"
        + r.calibrationId() + "'\"");
    System.out.println("the curve: ./l2lake sql \"SELECT * FROM gold.calibration_equity WHERE calibration_id = '"
        + r.calibrationId() + "' ORDER BY trade_date\"");
  }

  private static String fmt(Object v) {
    return v == null ? "-" : String.format("%.4f", ((Number) v).doubleValue());
  }

  private static String params(Map<Object, Object> m) {
    StringBuilder b = new StringBuilder();
    m.forEach((k, v) -> b.append(b.length() == 0 ? "" : " ").append(k.toString().replace("strategy.", "")).append('=')
        .append(v));
    return b.toString();
  }
}

package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.lake.Lake;
import io.l2lake.lake.Sessions;
import io.l2lake.tracker.TruthEvaluation;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code l2lake signal-report}: the tracker against the simulator's planted episodes. */
@Command(name = "signal-report", mixinStandardHelpOptions = true,
    description = "Score gold.accumulation against truth.episodes of a generated lake: day-score ROC AUC "
        + "(accumulation vs control days), READY before the gap, READY rate on control days.")
final class SignalReportCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    L2Config config = common.load();
    SparkSession spark = Sessions.create(config);
    print(TruthEvaluation.evaluate(new Lake(spark, config.lake().root())));
    return 0;
  }

  static void print(TruthEvaluation.Result r) {
    System.out.printf("accumulation days %d, control days %d%n", r.accumulationDays(), r.controlDays());
    System.out.printf("  ROC AUC, day score            %.3f   (goal >= 0.80)%n", r.dayScoreAuc());
    System.out.printf("  ROC AUC, decayed 5-day score  %.3f%n", r.score5Auc());
    System.out.printf("  READY before the gap          %d of %d episodes = %.1f%%   (goal >= 70%%)%n",
        r.readyBeforeGap(), r.gapEpisodes(), 100 * r.readyBeforeGapRate());
    System.out.printf("  READY on control symbol-days  %.1f%%   (goal <= 10%%)%n", 100 * r.controlReadyRate());
  }
}

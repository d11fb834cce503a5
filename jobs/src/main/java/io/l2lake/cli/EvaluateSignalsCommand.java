package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.evaluation.SignalEvalReport;
import io.l2lake.evaluation.SignalEvaluation;
import io.l2lake.lake.RunContext;
import io.l2lake.lake.Sessions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code l2lake evaluate signals [--seeds 11-20] ...}. */
@Command(name = "signals", mixinStandardHelpOptions = true,
    description = "Score the five signals, the composite and the tracker on generated markets (hidden buyers, "
        + "confounders, a null market, both feed modes): ROC AUC with bootstrap intervals per strength, false fires "
        + "per minute, READY before gaps and on days without a buyer. Writes gold.signal_eval; prints JSON.")
final class EvaluateSignalsCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin MarketOptions market;

  @Option(names = "--symbols", paramLabel = "N",
      description = "Symbols per seed (default: 5; 10 seeds x 5 symbols x 15 days in 4 markets is the run sized "
          + "to 30 minutes on 2 cores).")
  int symbols = 5;

  @Option(names = "--days", paramLabel = "N", description = "Trading days per seed (default: 15).")
  int days = 15;

  @Option(names = "--feeds", split = ",", paramLabel = "MODE",
      description = "Feed modes to evaluate: all (ticks, Level-1, depth) and/or ticks (history ticks only); "
          + "default: all,ticks.")
  List<String> feeds = List.of("all", "ticks");

  @Option(names = "--resamples", paramLabel = "B", description = "Bootstrap resamples (default: 500).")
  int resamples = 500;

  @Option(names = "--docs", paramLabel = "DIR",
      description = "Also write DIR/signals.md and DIR/signals-detection.png (the README's are in docs/).")
  Path docs;

  @Override
  public Integer call() throws Exception {
    if (symbols < 1 || days < 5 || resamples < 50) {
      throw new IllegalArgumentException("need --symbols >= 1, --days >= 5, --resamples >= 50");
    }
    EvaluationMarkets.Spec spec = market.spec(symbols, days);
    for (String f : feeds) {
      if (!f.equals("all") && !f.equals("ticks")) {
        throw new IllegalArgumentException("--feeds must be all and/or ticks, got " + f);
      }
    }
    L2Config config = common.load();
    Strategy strategy = common.strategy();
    SignalEvaluationRun.Options o = new SignalEvaluationRun.Options(spec.seeds(), spec.seedLabel(), symbols, days,
        spec.intensity(), spec.strengths(), feeds, !market.noNullMarket, resamples, market.work.toAbsolutePath(),
        docs);
    return LakeWriter.run(config, "evaluate signals", () -> {
      SparkSession spark = Sessions.create(config);
      List<SignalEvaluation.Measure> measures = SignalEvaluationRun.run(spark, config, strategy, o);
      String id = RunContext.create().runId();
      SignalEvaluationRun.publish(spark, config, o, id, measures);
      System.out.println(SignalEvalReport.json(id, measures));
      return 0;
    });
  }

  /** "11-20" or "1,3,5". */
  static List<Long> parseSeeds(String text) {
    List<Long> out = new ArrayList<>();
    try {
      for (String part : text.split(",")) {
        String p = part.trim();
        int dash = p.indexOf('-', 1);
        if (dash > 0) {
          long a = Long.parseLong(p.substring(0, dash).trim());
          long b = Long.parseLong(p.substring(dash + 1).trim());
          if (b < a || b - a > 1000) {
            throw new IllegalArgumentException("--seeds range " + p + " must go up, by at most 1000");
          }
          for (long s = a; s <= b; s++) {
            out.add(s);
          }
        } else {
          out.add(Long.parseLong(p));
        }
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--seeds must be a range A-B or a list of numbers, got '" + text + "'");
    }
    if (out.isEmpty() || out.stream().distinct().count() != out.size()) {
      throw new IllegalArgumentException("--seeds must name distinct seeds, got '" + text + "'");
    }
    return out;
  }
}

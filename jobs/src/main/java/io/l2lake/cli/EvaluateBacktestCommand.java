package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.lake.Sessions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code l2lake evaluate backtest [--seeds 11-20] ...}. */
@Command(name = "backtest", mixinStandardHelpOptions = true,
    description = "Backtest the strategy on generated markets with hidden buyers and on their null market (the same "
        + "gaps, no buyer): trades, the planted gaps held at the open, the oracle, and the mean net return a trade "
        + "against matched random draws with its p-value. Prints Markdown; writes gold.backtest_* in each market's "
        + "lake.")
final class EvaluateBacktestCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Mixin MarketOptions market;

  @Option(names = "--symbols", paramLabel = "N", description = "Symbols per seed (default: 10).")
  int symbols = 10;

  @Option(names = "--days", paramLabel = "N",
      description = "Trading days per seed (default: 50; the stops need 14 days of ATR before a first entry).")
  int days = 50;

  @Option(names = "--feeds", paramLabel = "MODE",
      description = "all (ticks, Level-1, depth) or ticks (history ticks only, as most real history); default ticks.")
  String feeds = "ticks";

  @Option(names = "--seed", description = "Seed of the random draws (default 1).")
  long seed = 1;

  @Option(names = "--docs", paramLabel = "DIR",
      description = "Also write DIR/backtest.md, DIR/backtest-luck.png and DIR/backtest-gaps.png (the README's are "
          + "in docs/).")
  Path docs;

  @Override
  public Integer call() throws Exception {
    if (symbols < 1 || days < 20) {
      throw new IllegalArgumentException("need --symbols >= 1 and --days >= 20 (the stops' ATR needs 14 days before "
          + "an entry)");
    }
    EvaluationMarkets.Spec spec = market.spec(symbols, days);
    if (!feeds.equals("all") && !feeds.equals("ticks")) {
      throw new IllegalArgumentException("--feeds must be all or ticks, got " + feeds);
    }
    L2Config config = common.load();
    Strategy strategy = common.strategy();
    BacktestEvaluationRun.Options o = new BacktestEvaluationRun.Options(spec, feeds, !market.noNullMarket, seed,
        market.work.toAbsolutePath(), docs);
    return LakeWriter.run(config, "evaluate backtest", () -> {
      SparkSession spark = Sessions.create(config);
      List<BacktestEvaluationRun.Outcome> outcomes = BacktestEvaluationRun.run(spark, config, strategy, o);
      if (docs != null) {
        BacktestEvaluationRun.publish(spark, strategy, o, outcomes);
      }
      System.out.print(BacktestEvaluationRun.header(o, strategy) + BacktestEvaluationRun.markdown(outcomes));
      return 0;
    });
  }
}

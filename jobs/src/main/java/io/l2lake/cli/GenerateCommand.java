package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.generate.GenerateJob;
import io.l2lake.generate.MarketPlan;
import io.l2lake.lake.Lake;
import io.l2lake.lake.RunContext;
import io.l2lake.lake.Sessions;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code l2lake generate}: a synthetic penny-stock market in IQFeed format, with ground truth. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Simulate penny stocks (true order books, hidden buyers and sellers, confounders, faults) into"
        + " the landing zone, with truth.episodes, truth.days, truth.buyer_minutes, truth.book and truth.faults.")
final class GenerateCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--symbols", defaultValue = "8", description = "Symbols (default ${DEFAULT-VALUE}).")
  int symbols;

  @Option(names = "--days", defaultValue = "20", description = "Trading days (default ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--start", defaultValue = "2025-01-02", description = "First day (default ${DEFAULT-VALUE}).")
  LocalDate start;

  @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--intensity", defaultValue = "1.0",
      description = "Order-flow rate multiplier; 1.0 is about 60,000 book events a symbol-day (default ${DEFAULT-VALUE}).")
  double intensity;

  @Option(names = "--fault-rate", defaultValue = "0.0005",
      description = "Rate per line of each fault kind (malformed, truncated, duplicate, out of order, crossed quote,"
          + " zero quote, missing sizes) (default ${DEFAULT-VALUE}).")
  double faultRate;

  @Option(names = "--missing-day-rate", defaultValue = "0.02",
      description = "Share of symbol-days whose files are missing (default ${DEFAULT-VALUE}).")
  double missingDayRate;

  @Option(names = "--book-snapshot-seconds", defaultValue = "10",
      description = "Interval of truth.book snapshots (default ${DEFAULT-VALUE}; 1 for every second).")
  int snapshotSeconds;

  @Option(names = "--book-levels", defaultValue = "5", description = "Levels per side in truth.book (default ${DEFAULT-VALUE}).")
  int levels;

  @Option(names = "--accumulation-strength", defaultValue = "0.02,0.05,0.10,0.20", split = ",",
      paramLabel = "RATE",
      description = "Participation rates (share of volume in its windows) an episode's hidden buyer or seller draws"
          + " from, one or a comma-separated list in [0, 0.5] (default ${DEFAULT-VALUE}).")
  List<Double> strengths;

  @Option(names = "--feeds", defaultValue = "all",
      description = "all: tick answers, Level-1 and depth dumps, daily bars; ticks: tick answers (quote at the"
          + " trade, no sizes, no depth) and daily bars only (default ${DEFAULT-VALUE}).")
  String feeds;

  @Option(names = "--null-market",
      description = "No buyer anywhere (episodes and gaps kept with a zero-rate buyer; confounders kept; the hidden sellers drawn"
          + " on one symbol in eight regardless of the buyers' labels).")
  boolean nullMarket;

  @Option(names = "--frenzy-rate", defaultValue = "0.06",
      description = "Share of agent-free symbol-days with a retail frenzy (default ${DEFAULT-VALUE}).")
  double frenzyRate;

  @Option(names = "--quiet-rate", defaultValue = "0.08",
      description = "Share of agent-free symbol-days that are quiet (default ${DEFAULT-VALUE}).")
  double quietRate;

  @Option(names = "--news-rate", defaultValue = "0.04",
      description = "Share of agent-free symbol-days with a news jump (default ${DEFAULT-VALUE}).")
  double newsRate;

  @Option(names = "--halt-rate", defaultValue = "0.04",
      description = "Share of agent-free symbol-days with trading halts (default ${DEFAULT-VALUE}).")
  double haltRate;

  @Option(names = "--market-vol-rate", defaultValue = "0.10",
      description = "Share of trading days with market-wide higher volatility and volume (default ${DEFAULT-VALUE}).")
  double marketVolRate;

  @Option(names = "--raw", paramLabel = "DIR", description = "Landing zone root. Default: l2lake.raw-root, else <lake>/raw.")
  String raw;

  @Override
  public Integer call() throws Exception {
    check(symbols >= 1 && symbols <= 100_000, "--symbols must be 1..100000");
    check(days >= 1 && days <= 2_520, "--days must be 1..2520");
    check(intensity > 0 && intensity <= 100, "--intensity must be in (0, 100]");
    check(faultRate >= 0 && faultRate * 7 <= 1, "--fault-rate must be in [0, 1/7]");
    check(missingDayRate >= 0 && missingDayRate <= 1, "--missing-day-rate must be in [0, 1]");
    check(snapshotSeconds >= 1 && snapshotSeconds <= 3600, "--book-snapshot-seconds must be 1..3600");
    check(levels >= 1 && levels <= 50, "--book-levels must be 1..50");
    L2Config config = common.load();
    MarketPlan.FaultRates rates = new MarketPlan.FaultRates(faultRate, faultRate, faultRate, faultRate, faultRate,
        faultRate, faultRate, missingDayRate);
    MarketPlan.Market market = new MarketPlan.Market(strengths, feeds, nullMarket, new MarketPlan.Confounders(
        frenzyRate, quietRate, newsRate, haltRate, marketVolRate));
    MarketPlan.Options o = new MarketPlan.Options(seed, symbols, days, start, intensity, rates, snapshotSeconds,
        levels, market);
    return LakeWriter.run(config, "generate", () -> {
      var spark = Sessions.create(config);
      String rawRoot = raw != null ? raw : config.lake().rawRoot();
      GenerateJob.Result r = GenerateJob.run(spark, new Lake(spark, config.lake().root()), rawRoot, o,
          RunContext.create());
      int cores = spark.sparkContext().defaultParallelism();
      System.out.printf("generated %d symbol-days into %s: %,d book events, %,d trades, %,d quote changes,"
          + " %,d faults in %.1f s = %,.0f events/s = %,.0f events/s/core (%d cores)%n", r.symbolDays(), rawRoot,
          r.events(), r.trades(), r.quotes(), r.faults(), r.seconds(), r.events() / r.seconds(),
          r.events() / r.seconds() / cores, cores);
      return 0;
    });
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}

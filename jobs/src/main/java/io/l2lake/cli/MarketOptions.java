package io.l2lake.cli;

import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The options of the generated evaluation markets that every evaluation shares: seeds, book rate, strengths,
 * whether the null market is made too, and where the markets are kept.
 */
final class MarketOptions {
  @Option(names = "--seeds", paramLabel = "A-B",
      description = "Seeds of the markets, a range A-B or a list (default: 11-20, the seeds never tuned on; tune on 1-10).")
  String seeds = "11-20";

  @Option(names = "--intensity", paramLabel = "X", description = "Event rate of the simulated book (default: 0.15).")
  double intensity = 0.15;

  @Option(names = "--accumulation-strength", split = ",", paramLabel = "R",
      description = "Participation rates an episode's buyer draws from (default: 0.02,0.05,0.10,0.20).")
  List<Double> strengths = List.of(0.02, 0.05, 0.10, 0.20);

  @Option(names = "--no-null-market", description = "Skip the market without buyers.")
  boolean noNullMarket;

  @Option(names = "--work", paramLabel = "DIR",
      description = "Where the markets and their working lakes go; a market already built there with the same seeds, "
          + "sizes and feeds is reused by every evaluation (default: target/signal-eval).")
  Path work = Path.of("target", "signal-eval");

  /** The markets' description for {@code symbols} symbols of {@code days} days per seed. */
  EvaluationMarkets.Spec spec(int symbols, int days) {
    if (intensity <= 0) {
      throw new IllegalArgumentException("--intensity must be > 0, got " + intensity);
    }
    return new EvaluationMarkets.Spec(EvaluateSignalsCommand.parseSeeds(seeds), seeds, symbols, days, intensity,
        strengths);
  }
}

package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.lake.Sessions;
import io.l2lake.lobster.LobsterEvaluation;
import io.l2lake.lobster.LobsterReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code l2lake evaluate lobster --data DIR [options]}. */
@Command(name = "lobster", mixinStandardHelpOptions = true,
    description = "Score the sync, trade-side, OFI and pseudo-L2 stages on real order books; prints JSON.")
final class EvaluateLobsterCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Directory of LOBSTER files.")
  Path data;

  @Option(names = "--quote-delay-ms", split = ",", paramLabel = "MS",
      description = "Delays of the Level-1 stream behind the trades, comma-separated (default: 0,5,20,50,200).")
  List<Integer> delays = LobsterEvaluation.Options.defaults().delaysMs();

  @Option(names = "--jitter-ms", paramLabel = "MS",
      description = "A uniform random extra delay in [0, MS] per quote, on top of each delay (default: 0).")
  int jitter = 0;

  @Option(names = "--seed", paramLabel = "N", description = "Seed of the jitter (default: 1).")
  long seed = 1;

  @Option(names = "--feeds", split = ",", paramLabel = "FEED",
      description = "l1 (Level-1 stream and trades) and/or ticks (trades with the quote they carry, no sizes); "
          + "default: l1,ticks.")
  List<String> feeds = LobsterEvaluation.Options.FEEDS;

  @Option(names = "--memory-grid", split = ",", paramLabel = "S",
      description = "Book memory values (s, 120-7200) fitted on the other files (default: 120,300,900,1800).")
  List<Integer> memoryGrid = LobsterEvaluation.Options.defaults().memoryGrid();

  @Option(names = "--baseline-minutes", paramLabel = "N",
      description = "Window of the mean-touch-size depth baseline, minutes (default: 5).")
  int baselineMinutes = 5;

  @Option(names = "--markdown", paramLabel = "FILE",
      description = "Also write the tables as markdown (the README's are docs/lobster.md).")
  Path markdown;

  @Override
  public Integer call() {
    if (!Files.isDirectory(data)) {
      throw new IllegalArgumentException("--data " + data + " is not a directory");
    }
    for (int m : memoryGrid) {
      if (m < 120 || m > 7200) {
        throw new IllegalArgumentException("--memory-grid values must be 120 to 7200 s (book memory-seconds): " + m);
      }
    }
    LobsterEvaluation.Options options = new LobsterEvaluation.Options(delays, jitter, seed, feeds, memoryGrid,
        baselineMinutes);
    L2Config config = common.load();
    LobsterEvaluation.Result result = LobsterEvaluation.run(Sessions.create(config), data, config, options);
    System.out.println(LobsterReport.toJson(result));
    if (markdown != null) {
      try {
        Files.writeString(markdown, LobsterReport.toMarkdown(result), StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + markdown, e);
      }
    }
    return 0;
  }
}

package io.l2lake.cli;

import io.l2lake.bench.BenchData;
import io.l2lake.bench.BenchProjection;
import io.l2lake.bench.BenchReport;
import io.l2lake.bench.BenchRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code l2lake bench}: every stage on a simulated market, DuckDB head-to-head, scaling over cores and
 * data sizes, and the projection, written to {@code docs/performance.md}.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Benchmark every stage on a simulated market (median of --repeat runs), compare with DuckDB on the"
        + " same files, measure scaling over --cores and --scales, project the cores needed; writes docs/performance.md.")
final class PipelineBenchCommand implements Callable<Integer> {
  @Option(names = "--symbols", defaultValue = "4", description = "Symbols at scale x1 (default ${DEFAULT-VALUE}).")
  int symbols;

  @Option(names = "--days", defaultValue = "3", description = "Trading days (default ${DEFAULT-VALUE}).")
  int days;

  @Option(names = "--intensity", defaultValue = "0.4",
      description = "Simulator order-flow multiplier (default ${DEFAULT-VALUE}: about 11,000 trades a symbol-day).")
  double intensity;

  @Option(names = "--seed", defaultValue = "1", description = "Simulator seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--start", defaultValue = "2025-03-03", description = "First day (default ${DEFAULT-VALUE}).")
  LocalDate start;

  @Option(names = "--repeat", defaultValue = "3", description = "Runs of the main cell; the median is reported"
      + " (default ${DEFAULT-VALUE}).")
  int repeat;

  @Option(names = "--scaling-repeat", defaultValue = "1", description = "Runs of every other cell (default ${DEFAULT-VALUE}).")
  int scalingRepeat;

  @Option(names = "--scaling-warmup", defaultValue = "1", description = "Untimed runs of the chain on the x1 data"
      + " in every other cell before its timed ones, so they are measured warm like the main cell's median"
      + " (default ${DEFAULT-VALUE}).")
  int scalingWarmup;

  @Option(names = "--cores", split = ",", defaultValue = "1,2", description = "Core counts, one JVM each (default ${DEFAULT-VALUE}).")
  List<Integer> cores;

  @Option(names = "--scales", split = ",", defaultValue = "1,2,4",
      description = "Data multiples of the symbols (default ${DEFAULT-VALUE}); the first is the main cell's.")
  List<Integer> scales;

  @Option(names = "--head-to-head-scale", defaultValue = "8", description = "Data multiple of the comparisons with"
      + " DuckDB, run in their own cell on the most cores (default ${DEFAULT-VALUE}; 0: none).")
  int headToHeadScale;

  @Option(names = "--head-to-head-warmup", defaultValue = "2", description = "Untimed repetitions of the comparisons"
      + " before the timed ones, in the same JVM; the first is reported as the cold run (default ${DEFAULT-VALUE}).")
  int headToHeadWarmup;

  @Option(names = "--work", paramLabel = "DIR", description = "Scratch directory (default: a new temporary one;"
      + " markets are kept there and reused).")
  Path work;

  @Option(names = "--doc", paramLabel = "FILE", description = "Report (default: docs/performance.md under L2LAKE_HOME).")
  Path doc;

  @Option(names = "--heap", defaultValue = "4g", description = "Heap of each worker JVM (default ${DEFAULT-VALUE}).")
  String heap;

  @Option(names = "--project-symbols", defaultValue = "2000", description = "Universe of the projection (default ${DEFAULT-VALUE}).")
  int projectSymbols;

  @Option(names = "--project-trades", defaultValue = "10876",
      description = "Trades per symbol-day of the projection (default ${DEFAULT-VALUE}: the NEPT sample, 32,627 over 3 days).")
  long projectTrades;

  @Option(names = "--project-quotes", defaultValue = "54380",
      description = "Level-1 quote updates per symbol-day of the projection (default ${DEFAULT-VALUE}: 5 per trade).")
  long projectQuotes;

  @Option(names = "--conf", paramLabel = "FILE", description = "Profile passed to the workers.")
  Path conf;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override passed to the workers (repeatable).")
  List<String> overrides = List.of();

  @Override
  public Integer call() throws IOException {
    check(symbols >= 1 && days >= 1 && intensity > 0, "--symbols, --days and --intensity must be positive");
    check(repeat >= 1 && scalingRepeat >= 1, "--repeat and --scaling-repeat must be at least 1");
    check(!cores.isEmpty() && cores.stream().allMatch(c -> c >= 1 && c <= 256), "--cores must be 1..256 each");
    check(!scales.isEmpty() && scales.stream().allMatch(s -> s >= 1 && s <= 64), "--scales must be 1..64 each");
    check(headToHeadScale >= 0 && headToHeadScale <= 64, "--head-to-head-scale must be 0..64");
    check(headToHeadWarmup >= 0 && headToHeadWarmup <= 10, "--head-to-head-warmup must be 0..10");
    check(scalingWarmup >= 0 && scalingWarmup <= 10, "--scaling-warmup must be 0..10");
    String home = System.getenv("L2LAKE_HOME");
    Path base = home == null ? Path.of("") : Path.of(home);
    Path w = work != null ? work : Files.createTempDirectory("l2lake-bench");
    List<String> jvm = new ArrayList<>();
    jvm.add("-Xmx" + heap);
    Path options = base.resolve("conf/jvm.options");
    if (Files.isRegularFile(options)) {
      for (String l : Files.readAllLines(options)) {
        if (!l.isBlank() && !l.strip().startsWith("#")) {
          jvm.add(l.strip());
        }
      }
    }
    Path log4j = base.resolve("conf/log4j2.properties");
    if (Files.isRegularFile(log4j)) {
      jvm.add("-Dlog4j2.configurationFile=" + log4j.toAbsolutePath());
    }
    List<String> workerArgs = new ArrayList<>();
    if (conf != null) {
      workerArgs.addAll(List.of("--conf", conf.toString()));
    }
    overrides.forEach(s -> workerArgs.addAll(List.of("--set", s)));
    String command = String.format(java.util.Locale.ROOT,
        "./l2lake bench --symbols %d --days %d --intensity %s --repeat %d --cores %s --scales %s"
        + " --scaling-repeat %d --scaling-warmup %d --head-to-head-scale %d --head-to-head-warmup %d", symbols, days,
        intensity, repeat, join(cores), join(scales), scalingRepeat, scalingWarmup, headToHeadScale, headToHeadWarmup);
    BenchProjection.Projection projection = new BenchProjection.Projection(projectSymbols, projectTrades, projectQuotes,
        "trades: the real NEPT sample in data-lake/samples, 32,627 trades over 3 days; quote updates: "
            + (projectQuotes == projectTrades * 5 ? "assumed 5 per trade (no real Level-1 dump in the project)"
            : "given with --project-quotes"));
    BenchRunner.Options o = new BenchRunner.Options(w.toAbsolutePath(), new BenchData.Size(symbols, days, intensity,
        seed, start), cores, scales, repeat, scalingRepeat, scalingWarmup, headToHeadScale, headToHeadWarmup, jvm,
        workerArgs,
        doc != null ? doc : base.resolve("docs/performance.md"), projection, command);
    System.out.print(BenchRunner.run(o));
    System.out.println("bench: report written to " + o.doc() + "; scratch " + w);
    return 0;
  }

  private static String join(List<Integer> v) {
    return String.join(",", v.stream().map(String::valueOf).toList());
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }
}

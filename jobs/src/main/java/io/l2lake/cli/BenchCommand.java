package io.l2lake.cli;

import io.l2lake.bench.IngestBenchmark;
import io.l2lake.config.L2Config;
import io.l2lake.lake.Sessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code l2lake bench-ingest}: ingest throughput on a large tick landing zone. */
@Command(name = "bench-ingest", mixinStandardHelpOptions = true,
    description = "Measure ingest throughput (lines/s/core) on a large landing zone built from a real tick answer.")
final class BenchCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--lines", defaultValue = "2000000", description = "Lines to ingest (default ${DEFAULT-VALUE}).")
  long lines;

  @Option(names = "--sample", paramLabel = "FILE", description = "Tick answer to replay. Default: the shipped NEPT sample.")
  Path sample;

  @Option(names = "--work", paramLabel = "DIR", description = "Scratch directory (default: a new temporary one).")
  Path work;

  @Override
  public Integer call() throws Exception {
    if (lines < 1) {
      throw new IllegalArgumentException("--lines must be positive");
    }
    L2Config config = common.load();
    String home = System.getenv("L2LAKE_HOME");
    Path s = sample != null ? sample : (home == null ? Path.of("") : Path.of(home))
        .resolve("data-lake/samples/iqfeed/ticks/NEPT/NEPT_ticks_2021-03-01_2021-03-03_oldest_first_p61.csv.gz");
    Path w = work != null ? work : Files.createTempDirectory("l2lake-bench");
    SparkSession spark = Sessions.create(config);
    IngestBenchmark.Figures f = IngestBenchmark.run(spark, new BenchJobs(), s, w, lines);
    System.out.printf("ingest benchmark: %,d lines in %d gzipped tick answers (one per symbol), %d cores%n", f.lines(),
        f.files(), f.cores());
    System.out.printf("  parser alone (1 thread): %,.0f lines/s%n", f.parseLinesPerSecond());
    System.out.printf("  full ingest to Delta:    %.1f s = %,.0f lines/s = %,.0f lines/s/core%n",
        f.ingestSeconds(), f.lines() / f.ingestSeconds(), f.ingestLinesPerSecondPerCore());
    System.out.println("  scratch: " + w);
    return 0;
  }
}

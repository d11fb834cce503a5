package io.l2lake.cli;

import io.l2lake.bench.BenchData;
import io.l2lake.bench.BenchWorker;
import io.l2lake.config.L2Config;
import io.l2lake.lake.Sessions;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code l2lake bench-worker}: one cell of {@code l2lake bench} in this JVM (started by the bench). */
@Command(name = "bench-worker", hidden = true, mixinStandardHelpOptions = true,
    description = "One cell of the benchmark (cores x data scale), appending measurements to --results.")
final class BenchWorkerCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--work", required = true) Path work;

  @Option(names = "--results", required = true) Path results;

  @Option(names = "--symbols", required = true) int symbols;

  @Option(names = "--days", required = true) int days;

  @Option(names = "--intensity", required = true) double intensity;

  @Option(names = "--seed", required = true) long seed;

  @Option(names = "--start", required = true) LocalDate start;

  @Option(names = "--cores", required = true) int cores;

  @Option(names = "--scale", required = true) int scale;

  @Option(names = "--repeat", required = true) int repeat;

  @Option(names = "--warmup", defaultValue = "0") int warmup;

  @Option(names = "--head-to-head") boolean headToHead;

  @Override
  public Integer call() {
    L2Config config = common.load();
    SparkSession spark = Sessions.create(config);
    BenchWorker.run(spark, config, common.strategy(), new BenchJobs(), new BenchWorker.Options(work, new BenchData.Size(symbols, days,
        intensity, seed, start), cores, scale, repeat, warmup, headToHead, results));
    return 0;
  }
}

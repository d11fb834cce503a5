package io.l2lake.bench;

import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.apache.spark.sql.SparkSession;

/**
 * One cell of the benchmark in its own JVM (one SparkContext, {@code local[cores]}): prepares the
 * scale's landing zones, then per repetition runs, on a fresh lake, either the whole chain or (a
 * head-to-head cell) the comparisons with DuckDB, appending the measurements to the results file after
 * each repetition. The cell first runs {@code warmup} repetitions whose measurements are marked
 * {@link Measurement#asWarmup()}: in the head-to-head cell the first of them is the cold-JVM figure and
 * the timed ones after it the warm figures; a chain cell runs its warm-ups on the x1 market (the JIT
 * compiles the same code on less data), so its timed runs at x2 or x4 do not pay a new JVM's
 * compilation on the cores they are measured on. Costs {@code warmup + repeat} runs; the lake of a
 * repetition is deleted before the next.
 */
public final class BenchWorker {
  private BenchWorker() {}

  /** What one cell runs. */
  public record Options(Path work, BenchData.Size size, int cores, int scale, int repeat, int warmup,
      boolean headToHead, Path results) {}

  public static void run(SparkSession spark, L2Config config, Strategy strategy, BenchSteps steps, Options o) {
    try (HeapSampler heap = new HeapSampler()) {
      BenchData.Market m = BenchData.prepare(spark, steps, o.work().resolve("data"), o.size(), o.scale());
      int warmupScale = o.headToHead() ? o.scale() : 1;
      BenchData.Market warmupMarket = warmupScale == o.scale() || o.warmup() == 0 ? m
          : BenchData.prepare(spark, steps, o.work().resolve("data"), o.size(), warmupScale);
      StepTimer facts = new StepTimer(heap, o.cores(), o.scale(), 0);
      facts.info("symbols", m.symbols(), "");
      facts.info("symbol-days", m.symbolDays(), "");
      facts.info("simulated trades", m.trades(), "");
      facts.info("simulated quote changes", m.quotes(), "");
      facts.info("simulated book events", m.events(), "");
      facts.info("max heap", Runtime.getRuntime().maxMemory(), "bytes");
      append(o.results(), facts.measurements());
      String cell = (o.headToHead() ? "h2h-c" : "c") + o.cores() + "-x" + o.scale();
      Path lakeDir = o.work().resolve("lakes").resolve(cell);
      for (int run = 1; run <= o.warmup() + o.repeat(); run++) {
        boolean warming = run <= o.warmup();
        int rep = warming ? run : run - o.warmup();
        BenchData.deleteTree(lakeDir);
        L2Config c = config.withLakeRoot(lakeDir.toString());
        StepTimer step = new StepTimer(heap, o.cores(), warming ? warmupScale : o.scale(), rep);
        BenchData.Market market = warming ? warmupMarket : m;
        if (o.headToHead()) {
          HeadToHead.run(spark, c, steps, market, o.work().resolve("h2h").resolve(cell), step, o.cores());
        } else {
          PipelineBench.run(spark, c, strategy, steps, market, step);
        }
        append(o.results(), warming ? step.measurements().stream().map(Measurement::asWarmup).toList()
            : step.measurements());
      }
      BenchData.deleteTree(lakeDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void append(Path results, List<Measurement> ms) throws IOException {
    StringBuilder b = new StringBuilder();
    for (Measurement x : ms) {
      b.append(x.toLine()).append('\n');
    }
    Files.createDirectories(results.toAbsolutePath().getParent());
    Files.writeString(results, b, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }
}

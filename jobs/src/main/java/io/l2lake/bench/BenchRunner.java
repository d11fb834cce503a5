package io.l2lake.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the benchmark's cells, each in a child JVM ({@code io.l2lake.cli.Main bench-worker}) with its
 * own {@code local[cores]} SparkContext, one after the other, then renders the report from the
 * measurements they wrote. The main cell (most cores, first scale) runs the chain {@code repeat}
 * times, then the head-to-head cell (most cores, {@code headToHeadScale}) runs the comparisons with
 * DuckDB {@code headToHeadWarmup} untimed and {@code repeat} timed times, then every other cell runs
 * the chain {@code scalingWarmup} times untimed on the x1 market and {@code scalingRepeat} times
 * timed. Costs the sum of the cells plus a JVM and Spark start per cell.
 */
public final class BenchRunner {
  private BenchRunner() {}

  /**
   * What to run.
   *
   * @param workerArgs arguments every worker gets (profile, --set overrides)
   * @param headToHeadScale data scale of the head-to-head cell; 0 runs no comparison
   * @param headToHeadWarmup warm-up repetitions of the head-to-head cell before its timed ones
   * @param scalingWarmup untimed runs of the chain on the x1 market in each scaling cell before its timed ones
   * @param jvmFlags JVM flags of a worker (heap, the JDK 17 flags Spark needs)
   */
  public record Options(Path work, BenchData.Size size, List<Integer> cores, List<Integer> scales, int repeat,
      int scalingRepeat, int scalingWarmup, int headToHeadScale, int headToHeadWarmup, List<String> jvmFlags,
      List<String> workerArgs, Path doc, BenchProjection.Projection projection, String command) {}

  /** Runs every cell and writes the report; returns the generated Markdown. */
  public static String run(Options o) {
    try {
      Files.createDirectories(o.work());
      Path results = o.work().resolve("measurements.tsv");
      Files.deleteIfExists(results);
      String loadBefore = loadAverage();
      int mainCores = o.cores().stream().mapToInt(Integer::intValue).max().orElseThrow();
      int mainScale = o.scales().get(0);
      // {cores, scale, kind}: 0 the main cell, 1 the head-to-head cell, 2 a scaling cell
      List<int[]> order = new ArrayList<>();
      order.add(new int[] {mainCores, mainScale, 0});
      if (o.headToHeadScale() > 0) {
        order.add(new int[] {mainCores, o.headToHeadScale(), 1});
      }
      for (int scale : o.scales()) {
        for (int cores : o.cores()) {
          if (cores != mainCores || scale != mainScale) {
            order.add(new int[] {cores, scale, 2});
          }
        }
      }
      for (int[] cell : order) {
        boolean main = cell[2] < 2;
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(o.jvmFlags());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("io.l2lake.cli.Main");
        cmd.add("bench-worker");
        cmd.addAll(List.of("--work", o.work().toString(), "--results", results.toString(),
            "--symbols", Integer.toString(o.size().symbols()), "--days", Integer.toString(o.size().days()),
            "--intensity", Double.toString(o.size().intensity()), "--seed", Long.toString(o.size().seed()),
            "--start", o.size().start().toString(), "--cores", Integer.toString(cell[0]),
            "--scale", Integer.toString(cell[1]),
            "--repeat", Integer.toString(main ? o.repeat() : o.scalingRepeat())));
        if (cell[2] == 1) {
          cmd.add("--head-to-head");
          cmd.addAll(List.of("--warmup", Integer.toString(o.headToHeadWarmup())));
        } else if (cell[2] == 2) {
          cmd.addAll(List.of("--warmup", Integer.toString(o.scalingWarmup())));
        }
        cmd.addAll(o.workerArgs());
        cmd.addAll(List.of("--set", "spark.master=local[" + cell[0] + "]"));
        System.out.printf(Locale.ROOT, "bench: %s %d cores x%d (load %s)%n", cell[2] == 1 ? "head-to-head" : "cell",
            cell[0], cell[1], loadAverage());
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        int status = p.waitFor();
        if (status != 0) {
          throw new IllegalStateException("bench worker " + cell[0] + " cores x" + cell[1] + " failed with status "
              + status);
        }
      }
      List<Measurement> ms = Measurement.parseAll(Files.readAllLines(results, StandardCharsets.UTF_8));
      BenchReport.Context ctx = new BenchReport.Context(o.command(),
          DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC).format(Instant.now()),
          Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage(), o.size(), o.projection());
      String md = BenchReport.render(ms, ctx);
      BenchReport.writeInto(o.doc(), md);
      return md;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  /** The 1, 5 and 15 minute load averages, or {@code unknown}. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (IOException | RuntimeException e) {
      double l = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      return l < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f", l);
    }
  }
}

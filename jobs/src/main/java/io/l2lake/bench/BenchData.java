package io.l2lake.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.SparkSession;

/**
 * The benchmark's landing zones for one data scale, made once by the simulator and reused by every
 * cell of that scale: the gzipped history tick answers in {@code ticks/} and the Level-1, depth and
 * daily answers in {@code rest/}, so the tick ingest can be measured alone against DuckDB on the
 * same files. Costs one simulator run ({@link BenchSteps#simulate}) and one gzip pass over the tick answers.
 */
public final class BenchData {
  private BenchData() {}

  /** Size of the simulated market of scale 1: {@code scale} multiplies the symbols. */
  public record Size(int symbols, int days, double intensity, long seed, LocalDate start) {}

  /** A generated scale: its landing zones, dates and what the simulator reported. */
  public record Market(Path ticksRoot, Path restRoot, int symbols, LocalDate from, LocalDate to, long symbolDays,
      long events, long trades, long quotes) {}

  /** The landing zones of {@code scale} under {@code dir}, generated when absent. */
  public static Market prepare(SparkSession spark, BenchSteps steps, Path dir, Size size, int scale) {
    Path home = dir.resolve("x" + scale);
    Path done = home.resolve("market.properties");
    BenchSteps.MarketDraw o = steps.draw(size, scale);
    try {
      if (!Files.isRegularFile(done)) {
        deleteTree(home);
        Path rest = home.resolve("rest");
        BenchSteps.Simulated r = steps.simulate(spark, size, scale, rest, home.resolve("truth-lake"));
        moveGzipped(rest.resolve("iqfeed/ticks"), home.resolve("ticks/iqfeed/ticks"));
        Properties p = new Properties();
        p.setProperty("symbolDays", Long.toString(r.symbolDays()));
        p.setProperty("events", Long.toString(r.events()));
        p.setProperty("trades", Long.toString(r.trades()));
        p.setProperty("quotes", Long.toString(r.quotes()));
        p.setProperty("options", o.description());
        try (OutputStream out = Files.newOutputStream(done)) {
          p.store(out, "l2lake bench market");
        }
      }
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(done)) {
        p.load(in);
      }
      if (!o.description().equals(p.getProperty("options"))) {
        throw new IllegalStateException(home + " holds another market (" + p.getProperty("options")
            + "); delete it or use another --work directory");
      }
      return new Market(home.resolve("ticks"), home.resolve("rest"), o.symbols(), o.from(), o.to(),
          Long.parseLong(p.getProperty("symbolDays")), Long.parseLong(p.getProperty("events")),
          Long.parseLong(p.getProperty("trades")), Long.parseLong(p.getProperty("quotes")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The gzipped tick answers of a market, sorted. */
  public static List<Path> tickFiles(Market m) {
    try (Stream<Path> s = Files.walk(m.ticksRoot())) {
      return s.filter(p -> p.getFileName().toString().endsWith(".csv.gz")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Moves every answer under {@code from} to the same place under {@code to}, gzipped. */
  private static void moveGzipped(Path from, Path to) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.walk(from)) {
      s.filter(p -> p.getFileName().toString().endsWith(".csv")).forEach(files::add);
    }
    for (Path f : files) {
      Path target = to.resolve(from.relativize(f).toString() + ".gz");
      Files.createDirectories(target.getParent());
      try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(target), 1 << 16)) {
        Files.copy(f, out);
      }
    }
    deleteTree(from);
  }

  /** Deletes a directory tree if it exists. */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}

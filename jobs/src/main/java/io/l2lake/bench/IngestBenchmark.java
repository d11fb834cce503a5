package io.l2lake.bench;

import io.l2lake.config.L2Config;
import io.l2lake.lake.Feed;
import io.l2lake.iqfeed.FileStats;
import io.l2lake.iqfeed.RawFileParser;
import io.l2lake.iqfeed.RawRecords;
import io.l2lake.iqfeed.RecordSink;
import io.l2lake.lake.RunContext;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.SparkSession;

/**
 * Ingest throughput on a large landing zone made from a real tick answer: the sample is replayed as
 * the answers of many symbols over the same days (the shape of a nightly run), one gzipped answer
 * per symbol. Measures the single-thread parser alone and the whole Spark ingest (parse, de-duplicate,
 * MERGE into Delta), reported as lines per second and per core.
 */
public final class IngestBenchmark {
  private IngestBenchmark() {}

  /** Measured figures. */
  public record Figures(long lines, int files, int cores, double parseSeconds, double ingestSeconds) {
    public double parseLinesPerSecond() {
      return lines / parseSeconds;
    }

    public double ingestLinesPerSecondPerCore() {
      return lines / ingestSeconds / cores;
    }
  }

  public static Figures run(SparkSession spark, BenchSteps steps, Path sample, Path work, long lines) {
    try {
      List<String> base = readLines(sample);
      Path raw = work.resolve("raw");
      List<Path> written = writeLandingZone(base, raw, lines);
      long parseStart = System.nanoTime();
      long parsed = 0;
      for (Path p : written) {
        FileStats s = new RawFileParser(65_536).parse(Feed.TICKS, "BENCH", true, p.toString(),
            () -> new GZIPInputStream(Files.newInputStream(p), 1 << 16), new CountingSink());
        parsed += s.linesRead;
      }
      double parseSeconds = (System.nanoTime() - parseStart) / 1e9;
      L2Config config = L2Config.load(null, Map.of("l2lake.lake-root", work.resolve("lake").toString()));
      long start = System.nanoTime();
      long read = steps.ingest(spark, config, raw);
      double seconds = (System.nanoTime() - start) / 1e9;
      if (read != parsed) {
        throw new IllegalStateException("ingest read " + read + " lines, parser " + parsed);
      }
      return new Figures(parsed, written.size(), spark.sparkContext().defaultParallelism(), parseSeconds,
          seconds);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> readLines(Path sample) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(sample))) {
      List<String> lines = new ArrayList<>();
      for (String l : new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).split("\r?\n")) {
        if (!l.startsWith("!ENDMSG!") && !l.isEmpty()) {
          lines.add(l);
        }
      }
      return lines;
    }
  }

  /**
   * Replays the sample as many symbols' answers over the same days (the shape of a nightly run: many
   * symbols, few dates), one gzipped answer per symbol, until {@code lines} lines are written.
   */
  private static List<Path> writeLandingZone(List<String> base, Path raw, long lines) throws IOException {
    List<Path> out = new ArrayList<>();
    long written = 0;
    for (int symbol = 0; written < lines; symbol++) {
      String name = String.format("BN%04d", symbol);
      Path p = raw.resolve("iqfeed/ticks").resolve(name).resolve(name + "_ticks.csv.gz");
      Files.createDirectories(p.getParent());
      try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(
          new GZIPOutputStream(Files.newOutputStream(p), 1 << 16), StandardCharsets.ISO_8859_1), 1 << 16)) {
        for (int i = 0; i < base.size() && written < lines; i++, written++) {
          w.write(base.get(i));
          w.write("\r\n");
        }
        w.write("!ENDMSG!,\r\n");
      }
      out.add(p);
    }
    return out;
  }

  private static final class CountingSink implements RecordSink {
    long n;

    @Override
    public void tick(RawRecords.Tick t) {
      n++;
    }

    @Override
    public void quote(RawRecords.Quote q) {
      n++;
    }

    @Override
    public void depth(RawRecords.Depth d) {
      n++;
    }

    @Override
    public void dailyBar(RawRecords.DailyBar b) {
      n++;
    }

    @Override
    public void tradeDelete(RawRecords.TradeDelete d) {
      n++;
    }

    @Override
    public void rejected(RawRecords.Rejected r) {
      n++;
    }
  }
}

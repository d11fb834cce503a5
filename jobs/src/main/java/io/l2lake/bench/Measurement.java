package io.l2lake.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One timed step of a benchmark cell: which cell (cores, data scale), which repetition, what was
 * measured, how many input rows it read, how long it took and the highest heap use seen meanwhile.
 * Lines of tab-separated text carry measurements from a worker JVM to the runner; encoding one costs
 * a string format.
 *
 * @param kind {@link #STAGE}, {@link #PEER} (a head-to-head side), {@link #INFO} (a fact, value in rows), or
 *     {@link #WARMUP_STAGE} / {@link #WARMUP_PEER} / {@link #WARMUP_INFO} for those of an untimed warm-up
 *     repetition
 * @param cores Spark cores of the cell (local[n]); DuckDB is given the same number of threads
 * @param scale data multiple of the cell (1, 2, 4: symbols times the base)
 * @param rep repetition, from 1
 * @param name stage, head-to-head side or fact
 * @param rows input rows (or the fact's value)
 * @param seconds wall-clock seconds (0 for a fact)
 * @param peakHeapBytes highest heap use sampled during the step (0 when not sampled)
 * @param note free text (what the rows are, a check result)
 */
public record Measurement(String kind, int cores, int scale, int rep, String name, long rows, double seconds,
    long peakHeapBytes, String note) {
  public static final String STAGE = "stage";
  public static final String PEER = "peer";
  public static final String INFO = "info";
  /** A stage measured in a warm-up repetition of the chain: in no table. */
  public static final String WARMUP_STAGE = "warmup-stage";
  /** A head-to-head side measured in a warm-up repetition: reported as the cold first run, not in the median. */
  public static final String WARMUP_PEER = "warmup-peer";
  /** A fact of a warm-up repetition. */
  public static final String WARMUP_INFO = "warmup-info";

  public Measurement {
    note = note == null ? "" : note.replace('\t', ' ').replace('\n', ' ');
  }

  /** The same measurement, marked as taken in a warm-up repetition. */
  public Measurement asWarmup() {
    String k = switch (kind) {
      case STAGE -> WARMUP_STAGE;
      case PEER -> WARMUP_PEER;
      case INFO -> WARMUP_INFO;
      default -> kind;
    };
    return new Measurement(k, cores, scale, rep, name, rows, seconds, peakHeapBytes, note);
  }

  /** Taken in a warm-up repetition. */
  public boolean warmup() {
    return kind.equals(WARMUP_STAGE) || kind.equals(WARMUP_PEER) || kind.equals(WARMUP_INFO);
  }

  /** Rows per second per core. */
  public double rowsPerSecondPerCore() {
    return seconds <= 0 ? 0 : rows / seconds / cores;
  }

  /** The measurement as one tab-separated line. */
  public String toLine() {
    return String.join("\t", kind, Integer.toString(cores), Integer.toString(scale), Integer.toString(rep), name,
        Long.toString(rows), String.format(Locale.ROOT, "%.4f", seconds), Long.toString(peakHeapBytes), note);
  }

  /** Parses a line written by {@link #toLine()}. */
  public static Measurement parse(String line) {
    String[] f = line.split("\t", -1);
    if (f.length != 9) {
      throw new IllegalArgumentException("not a measurement line: " + line);
    }
    return new Measurement(f[0], Integer.parseInt(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]), f[4],
        Long.parseLong(f[5]), Double.parseDouble(f[6]), Long.parseLong(f[7]), f[8]);
  }

  /** Parses every non-empty line. */
  public static List<Measurement> parseAll(List<String> lines) {
    List<Measurement> out = new ArrayList<>();
    for (String l : lines) {
      if (!l.isBlank()) {
        out.add(parse(l));
      }
    }
    return out;
  }
}

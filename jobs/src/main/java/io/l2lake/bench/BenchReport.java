package io.l2lake.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns the measurements of a benchmark run into Markdown: the per-stage table of the main cell
 * (medians over the repetitions), the head-to-head against DuckDB, the scaling table over cores and
 * data sizes, and the projection of cores needed for a nightly run and a re-backfill. Pure: text in
 * memory from the measurements; {@link #writeInto} replaces only the generated part of a document.
 */
public final class BenchReport {
  private BenchReport() {}

  public static final String BEGIN = "<!-- l2lake bench: generated from here -->";
  public static final String END = "<!-- l2lake bench: generated up to here -->";

  /** Stages whose input grows with the trades and quotes of a symbol-day (the others read minute bars). */
  static final List<String> VOLUME_STAGES = List.of("ingest ticks", "ingest l1+depth+daily", "check", "sync", "bars",
      "book");

  /**
   * The volumes and deadlines the projection uses.
   *
   * @param symbols symbols of the universe
   * @param tradesPerSymbolDay trades per symbol-day assumed
   * @param quotesPerSymbolDay Level-1 quote updates per symbol-day assumed
   * @param source where the volumes come from
   */
  public record Projection(int symbols, long tradesPerSymbolDay, long quotesPerSymbolDay, String source) {}

  /** What the run was: the command, machine, load, and the projection's assumptions. */
  public record Context(String command, String when, int machineCores, String loadBefore, String loadAfter,
      BenchData.Size size, Projection projection) {}

  /** Median of the values (the mean of the middle two for an even count). */
  static double median(List<Double> v) {
    List<Double> s = v.stream().sorted().toList();
    int n = s.size();
    if (n == 0) {
      return Double.NaN;
    }
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  /** A cell of the run: cores and scale. */
  record Cell(int cores, int scale) implements Comparable<Cell> {
    /** The measurement was taken in this cell. */
    boolean holds(Measurement m) {
      return m.cores() == cores && m.scale() == scale;
    }

    @Override
    public int compareTo(Cell o) {
      return Comparator.comparingInt(Cell::cores).thenComparingInt(Cell::scale).compare(this, o);
    }

    String label() {
      return cores + (cores == 1 ? " core" : " cores") + ", x" + scale;
    }
  }

  /** Median figures of one step in one cell. */
  record Figure(String name, long rows, double seconds, double minSeconds, double maxSeconds, long peakHeap, int reps,
      int cores) {
    double perCore() {
      return seconds <= 0 ? 0 : rows / seconds / cores;
    }
  }

  static Map<String, Figure> figures(List<Measurement> ms, Cell cell, String kind) {
    Map<String, List<Measurement>> byName = ms.stream()
        .filter(m -> m.kind().equals(kind) && cell.holds(m))
        .collect(Collectors.groupingBy(Measurement::name, TreeMap::new, Collectors.toList()));
    Map<String, Figure> out = new TreeMap<>();
    byName.forEach((name, l) -> {
      List<Double> s = l.stream().map(Measurement::seconds).toList();
      out.put(name, new Figure(name, l.get(0).rows(), median(s), s.stream().min(Double::compare).orElseThrow(),
          s.stream().max(Double::compare).orElseThrow(),
          (long) median(l.stream().map(m -> (double) m.peakHeapBytes()).toList()), l.size(), cell.cores()));
    });
    return out;
  }

  static Optional<Long> fact(List<Measurement> ms, Cell cell, String name) {
    return ms.stream().filter(m -> m.kind().equals(Measurement.INFO) && cell.holds(m) && m.name().equals(name))
        .map(Measurement::rows).findFirst();
  }

  static List<Cell> cells(List<Measurement> ms) {
    return new ArrayList<>(ms.stream().filter(m -> m.kind().equals(Measurement.STAGE))
        .map(m -> new Cell(m.cores(), m.scale())).collect(Collectors.toCollection(TreeSet::new)));
  }

  /** The cell with the most repetitions (ties: more cores, then the smaller scale). */
  static Cell mainCell(List<Measurement> ms) {
    return cells(ms).stream().max(Comparator.<Cell>comparingInt(c -> figures(ms, c, Measurement.STAGE).values()
            .stream().mapToInt(Figure::reps).max().orElse(0))
        .thenComparingInt(Cell::cores).thenComparing(Comparator.comparingInt(Cell::scale).reversed()))
        .orElseThrow(() -> new IllegalArgumentException("no stage measurements"));
  }

  /** The cell of the head-to-head comparisons (the one with the most of them), if any ran. */
  static Optional<Cell> headToHeadCell(List<Measurement> ms) {
    return ms.stream().filter(m -> m.kind().equals(Measurement.PEER)).map(m -> new Cell(m.cores(), m.scale()))
        .collect(Collectors.groupingBy(c -> c, TreeMap::new, Collectors.counting())).entrySet().stream()
        .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
  }

  /** The generated Markdown (between {@link #BEGIN} and {@link #END}). */
  public static String render(List<Measurement> ms, Context ctx) {
    StringBuilder b = new StringBuilder();
    b.append(BEGIN).append("\n\n");
    Cell main = mainCell(ms);
    Map<String, Figure> stages = figures(ms, main, Measurement.STAGE);
    b.append("### Run\n\n");
    b.append("* command: `").append(ctx.command()).append("`\n");
    b.append("* when: ").append(ctx.when()).append("; machine: ").append(ctx.machineCores())
        .append(" cores; load average (1, 5, 15 min) before: ").append(ctx.loadBefore()).append(", after: ")
        .append(ctx.loadAfter()).append('\n');
    BenchData.Size s = ctx.size();
    b.append(String.format(Locale.ROOT, "* data x1: %d symbols x %d trading days from %s, intensity %.2f, seed %d, "
        + "no faults; x2 and x4 have 2 and 4 times the symbols%n", s.symbols(), s.days(), s.start(), s.intensity(),
        s.seed()));
    Optional<Cell> h2h = headToHeadCell(ms);
    List<Cell> dataCells = new ArrayList<>(cells(ms).stream().filter(c -> c.cores() == main.cores()).toList());
    h2h.filter(c -> dataCells.stream().noneMatch(d -> d.scale() == c.scale())).ifPresent(dataCells::add);
    for (Cell c : dataCells) {
      b.append(String.format(Locale.ROOT, "* x%d%s: %,d symbol-days, %,d simulated trades, %,d quote changes, "
          + "%,d book events%n", c.scale(), h2h.filter(c::equals).isPresent() ? " (head-to-head)" : "",
          fact(ms, c, "symbol-days").orElse(0L),
          fact(ms, c, "simulated trades").orElse(0L), fact(ms, c, "simulated quote changes").orElse(0L),
          fact(ms, c, "simulated book events").orElse(0L)));
    }
    fact(ms, main, "max heap").ifPresent(h -> b.append(String.format(Locale.ROOT, "* worker heap: -Xmx %.1f GiB%n",
        h / (double) (1L << 30))));
    b.append('\n');

    b.append("### Per stage (").append(main.label()).append(", median of ")
        .append(stages.values().stream().mapToInt(Figure::reps).max().orElse(0)).append(")\n\n");
    b.append("| stage | input rows | rows | seconds (min-max) | share | rows/s | rows/s/core | peak heap MiB |\n");
    b.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
    double total = stages.values().stream().mapToDouble(Figure::seconds).sum();
    for (int i = 0; i < PipelineBench.STAGES.size(); i++) {
      Figure f = stages.get(PipelineBench.STAGES.get(i));
      if (f == null) {
        continue;
      }
      b.append(String.format(Locale.ROOT, "| %s | %s | %,d | %.1f (%.1f-%.1f) | %.0f%% | %,.0f | %,.0f | %,d |%n",
          f.name(), PipelineBench.INPUTS.get(i), f.rows(), f.seconds(), f.minSeconds(), f.maxSeconds(),
          100 * f.seconds() / total, f.rows() / f.seconds(), f.perCore(), f.peakHeap() >> 20));
    }
    b.append(String.format(Locale.ROOT, "| **all stages** | | | %.1f | 100%% | | | |%n%n", total));

    if (h2h.isPresent()) {
      Cell hc = h2h.get();
      Map<String, Figure> peers = figures(ms, hc, Measurement.PEER);
      int reps = peers.values().stream().mapToInt(Figure::reps).max().orElse(0);
      int warmups = figures(ms, hc, Measurement.WARMUP_PEER).values().stream().mapToInt(Figure::reps).max().orElse(0);
      b.append("### Head-to-head with DuckDB 1.4.1 (same files, ").append(hc.label())
          .append(", DuckDB with as many threads, ")
          .append(warmups == 0 ? "median of " + reps : "median of " + reps + " timed runs after " + warmups
              + " warm-up " + (warmups == 1 ? "run" : "runs") + " in the same JVM").append(")\n\n");
      b.append("| comparison | l2lake s | DuckDB s | l2lake / DuckDB | first run: l2lake s | DuckDB s | l2lake / DuckDB"
          + " | rows | l2lake rows/s/core | DuckDB rows/s/core | check |\n");
      b.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
      String firstKind = warmups > 0 ? Measurement.WARMUP_PEER : Measurement.PEER;
      Figure ingest = peers.get(HeadToHead.L2LAKE_INGEST);
      Figure duckCsv = peers.get("duckdb csv->parquet");
      if (ingest != null && duckCsv != null) {
        b.append(row("(a) gzipped tick answers -> typed table", ingest, duckCsv,
            first(ms, hc, firstKind, HeadToHead.L2LAKE_INGEST), first(ms, hc, firstKind, "duckdb csv->parquet"),
            "same row count: " + note(ms, hc, "duckdb csv->parquet")));
      }
      Figure asOf = peers.get("l2lake as-of");
      Figure duckAsOf = peers.get("duckdb as-of");
      if (asOf != null && duckAsOf != null) {
        long mismatched = fact(ms, hc, "as-of mismatched").orElse(-1L);
        String check = String.format(Locale.ROOT, "%,d trades on both sides, %,d with a quote, %d differ (%s)",
            fact(ms, hc, "as-of trades").orElse(0L), fact(ms, hc, "as-of trades with quote").orElse(0L),
            mismatched, note(ms, hc, "as-of mismatched"));
        b.append(row("(b) trades as-of joined to quotes", asOf, duckAsOf, first(ms, hc, firstKind, "l2lake as-of"),
            first(ms, hc, firstKind, "duckdb as-of"), check));
      }
      if (warmups > 0) {
        b.append("\nThe first columns are the median of the timed runs; \"first run\" is the cell's first"
            + " repetition in a new JVM (a warm-up run, not in the median).\n");
      }
      b.append('\n');
      b.append(gapSplit(peers, ingest, duckCsv, asOf, duckAsOf));
    }

    List<Cell> cells = cells(ms);
    if (cells.size() > 1) {
      int warmups = ms.stream().filter(m -> m.kind().equals(Measurement.WARMUP_STAGE)).mapToInt(Measurement::rep)
          .max().orElse(0);
      b.append("### Scaling (seconds; median where repeated").append(warmups == 0 ? ""
          : "; the cells other than the main one timed after " + warmups + " untimed "
              + (warmups == 1 ? "run" : "runs") + " of the chain on the x1 data in the same JVM").append(")\n\n");
      b.append("| stage |");
      cells.forEach(c -> b.append(' ').append(c.label()).append(" |"));
      b.append("\n|---|");
      cells.forEach(c -> b.append("---:|"));
      b.append('\n');
      List<Map<String, Figure>> byCell = cells.stream().map(c -> figures(ms, c, Measurement.STAGE)).toList();
      for (String stage : PipelineBench.STAGES) {
        b.append("| ").append(stage).append(" |");
        for (Map<String, Figure> f : byCell) {
          Figure x = f.get(stage);
          b.append(x == null ? " |" : String.format(Locale.ROOT, " %.1f |", x.seconds()));
        }
        b.append('\n');
      }
      b.append("| **all stages** |");
      for (Map<String, Figure> f : byCell) {
        b.append(String.format(Locale.ROOT, " **%.1f** |", f.values().stream().mapToDouble(Figure::seconds).sum()));
      }
      b.append("\n| raw lines / s / core |");
      for (int i = 0; i < cells.size(); i++) {
        b.append(String.format(Locale.ROOT, " %,.0f |", rawLines(byCell.get(i))
            / byCell.get(i).values().stream().mapToDouble(Figure::seconds).sum() / cells.get(i).cores()));
      }
      b.append("\n\n");
      List<String> speedups = new ArrayList<>();
      for (Cell c : cells) {
        Optional<Cell> twice = cells.stream().filter(o -> o.scale() == c.scale() && o.cores() == 2 * c.cores())
            .findFirst();
        twice.ifPresent(t -> speedups.add(String.format(Locale.ROOT, "x%d: %.2f", c.scale(),
            totalSeconds(ms, c) / totalSeconds(ms, t))));
      }
      if (!speedups.isEmpty()) {
        b.append("Speed-up from doubling the cores (all stages): ").append(String.join(", ", speedups))
            .append(" (2.00 would be linear).\n\n");
      }
    }
    b.append(projection(ms, ctx.projection()));
    b.append(END).append('\n');
    return b.toString();
  }

  private static String note(List<Measurement> ms, Cell cell, String name) {
    return ms.stream().filter(m -> cell.holds(m) && m.name().equals(name) && !m.warmup())
        .map(Measurement::note).findFirst().orElse("");
  }

  /**
   * How much of each head-to-head gap is the engine's: Spark's own CSV source doing the DuckDB
   * statement of (a), and the as-of plan of (b) with nothing written (medians of the same runs).
   */
  static String gapSplit(Map<String, Figure> peers, Figure ingest, Figure duckCsv, Figure asOf, Figure duckAsOf) {
    Figure sparkCsv = peers.get(HeadToHead.SPARK_CSV);
    Figure asOfNoop = peers.get(HeadToHead.AS_OF_NOOP);
    if ((sparkCsv == null || ingest == null || duckCsv == null) && (asOfNoop == null || asOf == null
        || duckAsOf == null)) {
      return "";
    }
    StringBuilder b = new StringBuilder("Where each gap is (medians of the same runs):\n\n"
        + "| step | s | / DuckDB | the l2lake side / this step |\n|---|---:|---:|---:|\n");
    if (sparkCsv != null && ingest != null && duckCsv != null) {
      b.append(String.format(Locale.ROOT, "| (a) Spark's own CSV source doing the DuckDB statement (types only, no "
          + "validation, accounting, de-duplication or Delta) -> Parquet | %.2f | %.1f | %.1f |%n",
          sparkCsv.seconds(), sparkCsv.seconds() / duckCsv.seconds(), ingest.seconds() / sparkCsv.seconds()));
    }
    if (asOfNoop != null && asOf != null && duckAsOf != null) {
      b.append(String.format(Locale.ROOT, "| (b) l2lake's as-of plan to Spark's noop sink (read, shuffle, sort, "
          + "window; no Parquet written) | %.2f | %.1f | %.1f |%n",
          asOfNoop.seconds(), asOfNoop.seconds() / duckAsOf.seconds(), asOf.seconds() / asOfNoop.seconds()));
    }
    return b.append('\n').toString();
  }

  private static String row(String what, Figure l2lake, Figure duck, double l2lakeFirst, double duckFirst,
      String check) {
    return String.format(Locale.ROOT,
        "| %s | %.2f | %.2f | **%.1f** | %.2f | %.2f | %.1f | %,d | %,.0f | %,.0f | %s |%n",
        what, l2lake.seconds(), duck.seconds(), l2lake.seconds() / duck.seconds(), l2lakeFirst, duckFirst,
        l2lakeFirst / duckFirst, l2lake.rows(), l2lake.perCore(), duck.perCore(), check);
  }

  /** Seconds of {@code name} in the cell's first repetition of {@code kind}, NaN when it has none. */
  private static double first(List<Measurement> ms, Cell cell, String kind, String name) {
    return ms.stream().filter(m -> m.kind().equals(kind) && cell.holds(m) && m.name().equals(name))
        .min(Comparator.comparingInt(Measurement::rep)).map(Measurement::seconds).orElse(Double.NaN);
  }

  private static long rawLines(Map<String, Figure> f) {
    return f.values().stream().filter(x -> x.name().startsWith("ingest")).mapToLong(Figure::rows).sum();
  }

  private static double totalSeconds(List<Measurement> ms, Cell c) {
    return figures(ms, c, Measurement.STAGE).values().stream().mapToDouble(Figure::seconds).sum();
  }

  /**
   * A stage's cost as {@code seconds = fixed + rows / (rate x cores)}: least squares over the cells
   * with the most cores (one point per data scale); with a single scale, or a fit whose slope is not
   * positive, fixed is 0 and the rate is the largest cell's rows/s/core.
   */
  record Cost(double fixedSeconds, double rowsPerSecondPerCore, boolean fitted) {}

  static Cost cost(List<Measurement> ms, String stage, int cores) {
    List<Figure> points = cells(ms).stream().filter(c -> c.cores() == cores)
        .map(c -> figures(ms, c, Measurement.STAGE).get(stage)).filter(java.util.Objects::nonNull).toList();
    Figure largest = points.stream().max(Comparator.comparingLong(Figure::rows)).orElseThrow();
    if (points.stream().map(Figure::rows).distinct().count() >= 2) {
      double mx = points.stream().mapToDouble(Figure::rows).average().orElseThrow();
      double my = points.stream().mapToDouble(Figure::seconds).average().orElseThrow();
      double sxy = points.stream().mapToDouble(f -> (f.rows() - mx) * (f.seconds() - my)).sum();
      double sxx = points.stream().mapToDouble(f -> (f.rows() - mx) * (f.rows() - mx)).sum();
      double slope = sxy / sxx;
      double intercept = my - slope * mx;
      if (slope > 0 && intercept >= 0) {
        return new Cost(intercept, 1 / slope / cores, true);
      }
    }
    return new Cost(0, largest.perCore(), false);
  }

  /**
   * The projection: per stage, the input rows of one realistic symbol-day (the benchmark's rows per
   * symbol-day scaled by the trade and quote volumes for the stages that read them; the bar stages
   * read at most one row per minute whatever the volume) over the stage's marginal rows/s/core (from
   * {@link #cost}), summed to core-seconds per symbol-day; cores needed = that times the symbol-days
   * over the deadline less the stages' fixed seconds, divided by the measured parallel efficiency of
   * doubling the cores.
   */
  static String projection(List<Measurement> ms, Projection p) {
    List<Cell> cells = cells(ms);
    int maxCores = cells.stream().mapToInt(Cell::cores).max().orElseThrow();
    Cell basis = cells.stream().filter(c -> c.cores() == maxCores).max(Comparator.comparingInt(Cell::scale))
        .orElseThrow();
    Map<String, Figure> f = figures(ms, basis, Measurement.STAGE);
    long symbolDays = fact(ms, basis, "symbol-days").orElse(1L);
    long trades = fact(ms, basis, "simulated trades").orElse(1L);
    long quotes = fact(ms, basis, "simulated quote changes").orElse(1L);
    double efficiency = 1.0;
    Optional<Cell> half = cells.stream().filter(c -> c.scale() == basis.scale() && 2 * c.cores() == basis.cores())
        .findFirst();
    if (half.isPresent()) {
      efficiency = Math.min(1.0, totalSeconds(ms, half.get()) / totalSeconds(ms, basis) / 2);
    }
    StringBuilder b = new StringBuilder();
    b.append("### Projection\n\n");
    b.append(String.format(Locale.ROOT, "Assumed volumes: %,d symbols, %,d trades and %,d Level-1 quote updates per "
        + "symbol-day (%s). Benchmark basis: %s (%,d trades and %,d quote changes per symbol-day). Each stage's "
        + "cost is fitted as fixed seconds + rows / (marginal rows/s/core x cores) over the data scales at %d cores "
        + "(fit: yes); where the fit fails the largest cell's plain rows/s/core is used (fit: no). Parallel "
        + "efficiency %.2f (measured speed-up of doubling the cores / 2, capped at 1; 1 when not measured).%n%n",
        p.symbols(), p.tradesPerSymbolDay(), p.quotesPerSymbolDay(), p.source(), basis.label(), trades / symbolDays,
        quotes / symbolDays, maxCores, efficiency));
    b.append("| stage | rows per symbol-day (bench) | rows per symbol-day (assumed) | fixed s | marginal rows/s/core "
        + "| fit | core-s per symbol-day |\n|---|---:|---:|---:|---:|---|---:|\n");
    double tradeFactor = p.tradesPerSymbolDay() / (trades / (double) symbolDays);
    double volumeFactor = (p.tradesPerSymbolDay() + p.quotesPerSymbolDay()) / ((trades + quotes) / (double) symbolDays);
    double coreSeconds = 0;
    double fixed = 0;
    for (String stage : PipelineBench.STAGES) {
      Figure x = f.get(stage);
      if (x == null) {
        continue;
      }
      Cost c = cost(ms, stage, maxCores);
      double benchRows = x.rows() / (double) symbolDays;
      double factor = stage.equals("ingest ticks") ? tradeFactor : VOLUME_STAGES.contains(stage) ? volumeFactor : 1;
      double rows = benchRows * factor;
      double cs = rows / c.rowsPerSecondPerCore();
      coreSeconds += cs;
      fixed += c.fixedSeconds();
      b.append(String.format(Locale.ROOT, "| %s | %,.0f | %,.0f | %.1f | %,.0f | %s | %.3f |%n", stage, benchRows, rows,
          c.fixedSeconds(), c.rowsPerSecondPerCore(), c.fitted() ? "yes" : "no", cs));
    }
    b.append(String.format(Locale.ROOT, "| **all** | | | **%.1f** | | | **%.3f** |%n%n", fixed, coreSeconds));
    b.append("| run | symbol-days | deadline | core-seconds | cores needed |\n|---|---:|---:|---:|---:|\n");
    b.append(runRow("nightly: " + p.symbols() + " symbols x 1 day", p.symbols(), 15 * 60, fixed, coreSeconds,
        efficiency));
    b.append(runRow("re-backfill: " + p.symbols() + " symbols x 126 days", p.symbols() * 126L, 2 * 3600, fixed,
        coreSeconds, efficiency));
    b.append('\n');
    return b.toString();
  }

  private static String runRow(String what, long symbolDays, int deadlineSeconds, double fixedSeconds,
      double coreSecondsPerSymbolDay, double efficiency) {
    double total = coreSecondsPerSymbolDay * symbolDays;
    double left = deadlineSeconds - fixedSeconds;
    String cores = left <= 0 ? "fixed costs alone exceed the deadline"
        : "**" + (long) Math.ceil(total / left / efficiency) + "**";
    return String.format(Locale.ROOT, "| %s | %,d | %d min | %,.0f | %s |%n", what, symbolDays, deadlineSeconds / 60,
        total, cores);
  }

  /**
   * Writes {@code generated} into {@code doc} between the markers, keeping the rest of the document;
   * a document without the markers gets them appended (a new one gets a title first).
   */
  public static void writeInto(Path doc, String generated) {
    try {
      String text = Files.isRegularFile(doc) ? Files.readString(doc, StandardCharsets.UTF_8)
          : "# Performance\n\nWritten by `./l2lake bench`; the text outside the generated part is kept.\n\n";
      int from = text.indexOf(BEGIN);
      int to = text.indexOf(END);
      String out;
      if (from >= 0 && to > from) {
        out = text.substring(0, from) + generated + text.substring(to + END.length()).replaceFirst("^\n", "");
      } else {
        out = text + (text.endsWith("\n") ? "" : "\n") + "\n" + generated;
      }
      Files.createDirectories(doc.toAbsolutePath().getParent());
      Files.writeString(doc, out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package io.l2lake.bench;

import static io.l2lake.bench.BenchFigures.*;
import static io.l2lake.bench.BenchProjection.*;

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
 * memory from the measurements; {@link #writeInto} replaces only the generated part of a document. The figures
 * per cell are {@link BenchFigures}'s, the projection {@link BenchProjection}'s.
 */
public final class BenchReport {
  private BenchReport() {}

  public static final String BEGIN = "<!-- l2lake bench: generated from here -->";
  public static final String END = "<!-- l2lake bench: generated up to here -->";

  /** What the run was: the command, machine, load, and the projection's assumptions. */
  public record Context(String command, String when, int machineCores, String loadBefore, String loadAfter,
      BenchData.Size size, BenchProjection.Projection projection) {}

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

package io.l2lake.bench;

import static io.l2lake.bench.BenchFigures.*;

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
 * The projection from a benchmark run to a real universe: each stage's cost fitted over the data scales, and
 * the cores a nightly run and a re-backfill need.
 */
public final class BenchProjection {
  private BenchProjection() {}

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

  /**
   * A stage's cost as {@code seconds = fixed + rows / (rate x cores)}: least squares over the cells
   * with the most cores (one point per data scale). {@code fit}: {@code yes} for such a fit; {@code flat} when
   * the time did not grow with the rows (a slope that is not positive): the cost per row is then below what the
   * cells resolve, and is bounded by the spread of their times (at least {@link #TIMER_RESOLUTION_SECONDS}) over
   * the rows between the smallest and the largest cell, the rest being fixed; {@code no} with a single scale or
   * a negative intercept: no fixed part, the largest cell's plain rows/s/core.
   */
  record Cost(double fixedSeconds, double rowsPerSecondPerCore, String fit) {}

  /** The smallest time spread a flat stage's per-row bound assumes: what one run's timing can tell apart. */
  static final double TIMER_RESOLUTION_SECONDS = 0.05;

  static Cost cost(List<Measurement> ms, String stage, int cores) {
    List<Figure> points = cells(ms).stream().filter(c -> c.cores() == cores)
        .map(c -> figures(ms, c, Measurement.STAGE).get(stage)).filter(java.util.Objects::nonNull).toList();
    return cost(points, cores);
  }

  static Cost cost(List<Figure> points, int cores) {
    Figure largest = points.stream().max(Comparator.comparingLong(Figure::rows)).orElseThrow();
    if (points.stream().map(Figure::rows).distinct().count() >= 2) {
      double mx = points.stream().mapToDouble(Figure::rows).average().orElseThrow();
      double my = points.stream().mapToDouble(Figure::seconds).average().orElseThrow();
      double sxy = points.stream().mapToDouble(f -> (f.rows() - mx) * (f.seconds() - my)).sum();
      double sxx = points.stream().mapToDouble(f -> (f.rows() - mx) * (f.rows() - mx)).sum();
      double slope = sxy / sxx;
      double intercept = my - slope * mx;
      if (slope > 0 && intercept >= 0) {
        return new Cost(intercept, 1 / slope / cores, "yes");
      }
      if (slope <= 0) {
        long rowSpan = largest.rows() - points.stream().mapToLong(Figure::rows).min().orElseThrow();
        java.util.DoubleSummaryStatistics times = points.stream().mapToDouble(Figure::seconds).summaryStatistics();
        double spread = Math.max(TIMER_RESOLUTION_SECONDS, times.getMax() - times.getMin());
        return new Cost(times.getMin(), rowSpan / spread / cores, "flat");
      }
    }
    return new Cost(0, largest.perCore(), "no");
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
        + "(fit: yes); where the time does not grow with the rows, the cost per row is bounded by the spread of the "
        + "cells' times over the rows between them (fit: flat); otherwise the largest cell's plain rows/s/core is "
        + "used (fit: no). Parallel "
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
          c.fixedSeconds(), c.rowsPerSecondPerCore(), c.fit(), cs));
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

  static String runRow(String what, long symbolDays, int deadlineSeconds, double fixedSeconds,
      double coreSecondsPerSymbolDay, double efficiency) {
    double total = coreSecondsPerSymbolDay * symbolDays;
    double left = deadlineSeconds - fixedSeconds;
    String cores = left <= 0 ? "fixed costs alone exceed the deadline"
        : "**" + (long) Math.ceil(total / left / efficiency) + "**";
    return String.format(Locale.ROOT, "| %s | %,d | %d min | %,.0f | %s |%n", what, symbolDays, deadlineSeconds / 60,
        total, cores);
  }

}

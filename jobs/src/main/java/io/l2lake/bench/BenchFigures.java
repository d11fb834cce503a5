package io.l2lake.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The benchmark's measurements by cell (cores, scale): the median figure of each step, and the run's facts. */
final class BenchFigures {
  private BenchFigures() {}

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

  /** Seconds of {@code name} in the cell's first repetition of {@code kind}, NaN when it has none. */
  static double first(List<Measurement> ms, Cell cell, String kind, String name) {
    return ms.stream().filter(m -> m.kind().equals(kind) && cell.holds(m) && m.name().equals(name))
        .min(Comparator.comparingInt(Measurement::rep)).map(Measurement::seconds).orElse(Double.NaN);
  }

  static long rawLines(Map<String, Figure> f) {
    return f.values().stream().filter(x -> x.name().startsWith("ingest")).mapToLong(Figure::rows).sum();
  }

  static double totalSeconds(List<Measurement> ms, Cell c) {
    return figures(ms, c, Measurement.STAGE).values().stream().mapToDouble(Figure::seconds).sum();
  }

}

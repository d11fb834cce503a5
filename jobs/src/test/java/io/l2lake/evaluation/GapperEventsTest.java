package io.l2lake.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.calendar.ExchangeCalendar;
import io.l2lake.testing.SparkTestSession;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Event and control selection on hand-made daily bars; the statistics' small cases. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class GapperEventsTest {
  static final List<LocalDate> DAYS = ExchangeCalendar.tradingDays(LocalDate.of(2025, 1, 2), LocalDate.of(2025, 3, 31));
  static final StructType BARS = new StructType().add("symbol", DataTypes.StringType).add("trade_date",
      DataTypes.DateType).add("open", DataTypes.DoubleType).add("close", DataTypes.DoubleType)
      .add("volume", DataTypes.LongType);

  /** A quiet symbol: closes wobble by 1%, opens at the previous close, except the given jumps. */
  static void symbol(List<Row> rows, String sym, double level, int jumpDay, double jump, Set<Integer> missing) {
    double close = level;
    for (int i = 0; i < DAYS.size(); i++) {
      if (missing.contains(i)) {
        continue;
      }
      double open = i == jumpDay ? close * (1 + jump) : close;
      close = open * (1 + 0.01 * ((i % 3) - 1));
      rows.add(RowFactory.create(sym, java.sql.Date.valueOf(DAYS.get(i)), open, close, 100_000L + 1000L * (i % 7)));
    }
  }

  @Test
  void gappersHaveNearestControlsOfTheirDateWithoutReplacementAndNoGapAcrossAHole() {
    List<Row> rows = new ArrayList<>();
    int d = 40;
    symbol(rows, "GAPA", 1.0, d, 0.30, Set.of());
    symbol(rows, "GAPB", 1.0, d, 0.60, Set.of());
    // A halt: ten bars missing, then an open 30% above the stale close: not a gap.
    Set<Integer> hole = new HashSet<>();
    for (int i = d - 10; i < d; i++) {
      hole.add(i);
    }
    symbol(rows, "HALT", 1.0, d, 0.30, hole);
    // Candidates: two near the gappers' deciles, one that gapped three bars before (not a control), one far away.
    symbol(rows, "CTLA", 1.0, -1, 0, Set.of());
    symbol(rows, "CTLB", 1.0, -1, 0, Set.of());
    symbol(rows, "NEAR", 1.0, d - 3, 0.25, Set.of());
    symbol(rows, "CTLC", 40.0, -1, 0, Set.of());
    Dataset<Row> bars = SparkTestSession.get().createDataFrame(rows, BARS);
    GapperEvents.Settings s = new GapperEvents.Settings(List.of(0.2, 0.5), 10, 5, 20, 2, LocalDate.of(2024, 10, 1),
        LocalDate.of(2025, 3, 31), 7);
    List<GapperEvents.Event> events = GapperEvents.select(bars, s);
    List<String> gappers = events.stream().filter(GapperEvents.Event::gapper).map(e -> e.symbol() + "@" + e.gapDate())
        .toList();
    // NEAR's own gap is an event too; HALT's jump across the hole is not.
    assertEquals(List.of("NEAR@" + DAYS.get(d - 3), "GAPA@" + DAYS.get(d), "GAPB@" + DAYS.get(d)), gappers);
    Set<String> controlDays = new HashSet<>();
    for (GapperEvents.Event e : events) {
      if (!e.gapper()) {
        assertTrue(controlDays.add(e.symbol() + "@" + e.gapDate()), "a control used twice: " + e);
        assertTrue(!e.symbol().equals("NEAR") || !e.gapDate().equals(DAYS.get(d)), "NEAR gapped 3 bars before");
      }
    }
    // GAPA takes the two nearest (CTLA, CTLB in some order), GAPB gets what is left (HALT, CTLC).
    List<String> ofA = events.stream().filter(e -> !e.gapper() && e.setId().startsWith("GAPA@")).map(
        GapperEvents.Event::symbol).sorted().toList();
    assertEquals(2, ofA.size());
    List<String> ofB = events.stream().filter(e -> !e.gapper() && e.setId().startsWith("GAPB@")).map(
        GapperEvents.Event::symbol).sorted().toList();
    assertTrue(ofB.stream().noneMatch(ofA::contains));
    GapperEvents.Event a = events.stream().filter(e -> e.symbol().equals("GAPA") && e.gapper()).findFirst().orElseThrow();
    assertEquals(0.30, a.gap(), 1e-9);
    assertEquals(DAYS.get(d - 10), a.leadFrom());
    // Only GAPB reaches 50%.
    assertEquals(1, GapperStudy.inSets(events, 0.5).stream().filter(GapperEvents.Event::gapper).count());
  }

  @Test
  void weightedAucAndTheLogisticFit() {
    boolean[] y = {true, false, true, false};
    assertEquals(0.75, RocAuc.weighted(new double[] {3, 2, 1, 0}, y, new double[] {1, 1, 1, 1}), 1e-12);
    assertEquals(0.5, RocAuc.weighted(new double[] {1, 1, 1, 1}, y, new double[] {1, 1, 1, 1}), 1e-12);
    // A doubled row counts twice: positives {3 (x2), 1}, negatives {2, 0}: (2 x 2 + 1) / (3 x 2).
    assertEquals(5.0 / 6, RocAuc.weighted(new double[] {3, 2, 1, 0}, y, new double[] {2, 1, 1, 1}), 1e-12);
    // The fit meets its first-order conditions, and a separable sample stays finite.
    double[][] x = {{-2}, {-1}, {0}, {1}, {2}, {0.5}, {-0.5}, {1.5}};
    boolean[] yy = {false, false, true, true, true, false, false, true};
    double[] w = {1, 1, 1, 1, 1, 1, 1, 1};
    double[] b = SmallLogistic.fit(x, yy, w);
    double g0 = 0;
    double g1 = 0;
    for (int i = 0; i < x.length; i++) {
      double r = (yy[i] ? 1 : 0) - 1 / (1 + Math.exp(-SmallLogistic.score(b, x[i])));
      g0 += r;
      g1 += r * x[i][0];
    }
    assertEquals(0, g0, 1e-6);
    assertEquals(SmallLogistic.RIDGE * b[1], g1, 1e-6);
    assertTrue(b[1] > 0);
    double[] sep = SmallLogistic.fit(new double[][] {{-1}, {-0.5}, {0.5}, {1}}, new boolean[] {false, false, true, true},
        new double[] {1, 1, 1, 1});
    assertTrue(Double.isFinite(sep[1]) && sep[1] > 1, "separable: " + sep[1]);
  }
}

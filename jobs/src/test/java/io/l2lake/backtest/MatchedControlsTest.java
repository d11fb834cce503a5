package io.l2lake.backtest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.config.Strategy;
import io.l2lake.testing.ScoredMarkets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The matched random-entry control: its draws and p-value, and the alternatives it draws from. */
@Timeout(600)
class MatchedControlsTest {
  private static final Map<String, String> PERMISSIVE = Map.of("strategy.tracker.accumulating-score", "0.001",
      "strategy.tracker.ready-score", "0.001", "strategy.tracker.accumulating-days", "1",
      "strategy.tracker.ready-days", "1", "strategy.backtest.entry-composite-min", "0.05",
      "strategy.stops.atr-days", "1", "strategy.stops.grace-bars", "5");

  @Test
  void theTestCountsDrawsAtLeastAsGoodAsTheStrategy() {
    // Every alternative equals the strategy's trade: every draw ties it, p = 1.
    MatchedControls.Test tie = MatchedControls.test(new double[] {0.1, -0.2},
        new double[][] {{0.1, 0.1}, {-0.2}}, 200, 200, 1);
    assertEquals(1.0, tie.pValue(), 1e-12);
    assertEquals(-0.05, tie.strategyMean(), 1e-12);
    assertTrue(tie.ciLow() <= tie.strategyMean() && tie.strategyMean() <= tie.ciHigh());
    // The strategy beats every alternative: p is the smallest the draws allow, 1 / (draws + 1).
    MatchedControls.Test best = MatchedControls.test(new double[] {0.05, 0.05},
        new double[][] {{0.05, -0.01, -0.02}, {0.05, -0.03}}, 999, 100, 7);
    double allOwn = 1.0 / 6; // both draws pick the trade itself
    assertEquals(allOwn, best.pValue(), 0.04, "draws that tie the strategy by picking its own trades");
    MatchedControls.Test clear = MatchedControls.test(new double[] {0.05, 0.05},
        new double[][] {{-0.01, -0.02}, {-0.03}}, 999, 100, 7);
    assertEquals(1.0 / 1000, clear.pValue(), 1e-12);
    assertEquals(999, clear.drawMeans().length);
    assertTrue(clear.drawP05() <= clear.drawMean() && clear.drawMean() <= clear.drawP95());
    assertEquals(3, clear.alternatives());
    // Two trades whose alternatives are {0, 1}, the strategy 1 and 1: a draw reaches 1 with probability 1/4.
    MatchedControls.Test quarter = MatchedControls.test(new double[] {1, 1}, new double[][] {{0, 1}, {0, 1}},
        4000, 10, 3);
    assertEquals(0.25, quarter.pValue(), 0.02);
    assertEquals(0.5, quarter.drawMean(), 0.02);
    // A trade without alternatives is left out of both sides.
    MatchedControls.Test partial = MatchedControls.test(new double[] {1, 100}, new double[][] {{0, 1}, {}}, 50, 50,
        3);
    assertEquals(1, partial.trades());
    assertEquals(1.0, partial.strategyMean(), 1e-12);
    // Seeded: the same inputs give the same figures.
    MatchedControls.Test again = MatchedControls.test(new double[] {0.05, 0.05},
        new double[][] {{0.05, -0.01, -0.02}, {0.05, -0.03}}, 999, 100, 7);
    assertArrayEquals(best.drawMeans(), again.drawMeans());
    assertEquals(best.ciHigh(), again.ciHigh());
    assertThrows(IllegalArgumentException.class, () -> MatchedControls.test(new double[] {1}, new double[][] {},
        10, 10, 1));
    assertThrows(IllegalArgumentException.class, () -> MatchedControls.test(new double[] {1},
        new double[][] {{1}}, 0, 10, 1));
  }

  @Test
  void alternativesAreTheSameSymbolNearbyDaysAndMinuteAndTheTradeItselfIsOne() {
    Strategy strategy = Strategy.load(null, PERMISSIVE);
    ScoredMarkets.Scored m = ScoredMarkets.of(null, strategy);
    Dataset<Row> bars = BacktestEngine.bars(m.signals(), m.days(),
        io.l2lake.stops.VolatilityRegime.daily(m.days(), strategy.stops()), strategy.stops()).localCheckpoint();
    LocalDate from = LocalDate.of(2025, 3, 4);
    LocalDate to = LocalDate.of(2025, 3, 6);
    Dataset<Row> trades = BacktestEngine.signalTrades(bars, strategy, from, to).localCheckpoint();
    List<Row> own = trades.select("position_id", "symbol", "signal_ts", "return", "pnl").collectAsList();
    assertTrue(own.size() >= 2, "strategy trades " + own.size());
    int days = 1;
    List<Row> alternatives = MatchedControls.outcomes(trades, bars, strategy, days, from, to)
        .join(bars.select(col("symbol"), col("bar_ts").as("signal_ts"), col("day_no"), col("trade_date")),
            io.l2lake.lake.Schemas.names("symbol", "signal_ts"))
        .collectAsList();
    Map<String, Row> signalBar = new HashMap<>();
    for (Row r : bars.select("symbol", "bar_ts", "day_no").collectAsList()) {
      signalBar.put(r.getString(0) + "|" + r.getTimestamp(1), r);
    }
    Map<String, List<Row>> byTrade = alternatives.stream().collect(Collectors.groupingBy(r -> r.getAs("trade_id")));
    ZoneId eastern = ZoneId.of("America/New_York");
    for (Row t : own) {
      String id = t.getString(0);
      List<Row> alts = byTrade.getOrDefault(id, List.of());
      assertTrue(alts.size() <= 2 * days + 1, id + ": " + alts.size() + " alternatives");
      Row anchor = signalBar.get(t.getString(1) + "|" + t.getTimestamp(2));
      int anchorDay = anchor.getInt(anchor.fieldIndex("day_no"));
      var anchorTime = t.getTimestamp(2).toInstant().atZone(eastern).toLocalTime();
      boolean itself = false;
      java.util.Set<Integer> seenDays = new java.util.HashSet<>();
      for (Row a : alts) {
        assertEquals(t.getString(1), a.getAs("symbol"));
        int day = a.<Integer>getAs("day_no");
        assertTrue(Math.abs(day - anchorDay) <= days, "day " + day + " against " + anchorDay);
        assertTrue(seenDays.add(day), "one alternative per day");
        var time = a.<java.sql.Timestamp>getAs("signal_ts").toInstant().atZone(eastern).toLocalTime();
        assertTrue(!time.isBefore(anchorTime.withSecond(0).withNano(0)), time + " before " + anchorTime);
        LocalDate date = a.<java.sql.Date>getAs("trade_date").toLocalDate();
        assertTrue(!date.isBefore(from) && !date.isAfter(to));
        if (a.getAs("signal_ts").equals(t.getTimestamp(2))) {
          itself = true;
          assertEquals(t.getDouble(3), a.<Double>getAs("return"), 1e-12, "the trade's own outcome");
          assertEquals(t.getDouble(4), a.<Double>getAs("pnl"), 1e-9);
        }
      }
      assertTrue(itself, id + ": the trade is among its own alternatives");
    }
    assertTrue(alternatives.size() > own.size(), "alternatives beyond the trades themselves");
  }
}

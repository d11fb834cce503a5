package io.l2lake.backtest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.config.BacktestSettings;
import io.l2lake.config.Strategy;
import io.l2lake.testing.ScoredMarkets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The whole backtest decides nothing from the future: with every bar after t redrawn, the entries
 * decided at or before t are the same, and every trade that ended at or before t is the same trade
 * (prices, size, exit, reason, PnL). Also a check that the trades respect the fill model's rules, and the
 * matched control's alternatives on the same market.
 */
class BacktestNoLookAheadTest {
  private static final Instant CUT = Instant.parse("2025-03-05T15:40:00Z");
  // Permissive tracker, and the earlier dark-pool and sinkhole thresholds, so that the signal mode has entries
  // on a small random market.
  private static final Map<String, String> PERMISSIVE = permissive(Map.of("strategy.tracker.accumulating-score", "0.001",
      "strategy.tracker.ready-score", "0.001", "strategy.tracker.accumulating-days", "1",
      "strategy.tracker.ready-days", "1", "strategy.backtest.entry-composite-min", "0.05",
      "strategy.stops.atr-days", "1", "strategy.stops.grace-bars", "5", "strategy.darkpool.z-min", "2.0",
      "strategy.sinkhole.absorb-multiple", "2.0", "strategy.sinkhole.ask-depth-ratio-max", "0.9"));
  private static final Strategy STRATEGY = Strategy.load(null, PERMISSIVE);

  /** {@code m} with no tracker score asked of an entry besides its state (the tracker's scores stay low here). */
  private static Map<String, String> permissive(Map<String, String> m) {
    Map<String, String> all = new java.util.HashMap<>(m);
    all.put("strategy.backtest.entry-score-min", "0");
    all.put("strategy.tracker.ready-day-score", "0");
    return Map.copyOf(all);
  }

  /** Entry candidates and resolved trades of one market. */
  private record Run(Dataset<Row> candidates, Dataset<Row> trades) {}

  /** The scored markets, whole and redrawn after the cut: the modes below differ only in the backtest. */
  private static final Map<String, ScoredMarkets.Scored> MARKETS = new java.util.concurrent.ConcurrentHashMap<>();

  private static Run trades(Instant cut) {
    return trades(cut, STRATEGY);
  }

  /** The runs already made, by cut and strategy: the swing mode's whole-market run serves two tests. */
  private static final Map<String, Run> RUNS = new java.util.concurrent.ConcurrentHashMap<>();

  private static Run trades(Instant cut, Strategy strategy) {
    return RUNS.computeIfAbsent(cut + "|" + new java.util.TreeMap<>(strategy.values()), k -> run(cut, strategy));
  }

  private static Run run(Instant cut, Strategy strategy) {
    ScoredMarkets.Scored m = MARKETS.computeIfAbsent(String.valueOf(cut), k -> ScoredMarkets.of(cut, STRATEGY));
    Dataset<Row> signals = m.signals();
    Dataset<Row> days = m.days();
    Dataset<Row> bars = BacktestEngine.bars(signals, days,
        io.l2lake.stops.VolatilityRegime.daily(days, strategy.stops()), strategy.stops()).localCheckpoint();
    BacktestSettings p = strategy.backtest();
    LocalDate from = LocalDate.of(2025, 3, 4);
    LocalDate to = LocalDate.of(2025, 3, 6);
    Dataset<Row> candidates = BacktestEngine.candidates(bars, p, from, to, "signal", 1, 0).localCheckpoint();
    Dataset<Row> path = BacktestEngine.stopPath(BacktestEngine.entries(candidates, bars, p), bars, strategy);
    Dataset<Row> trades = BacktestEngine.resolve(BacktestEngine.exits(path, bars, p), p.cooldownBars()).localCheckpoint();
    return new Run(candidates, trades);
  }

  private static List<String> rows(Dataset<Row> d, String timeColumn) {
    return d.filter(col(timeColumn).leq(Timestamp.from(CUT))).orderBy("symbol", timeColumn).collectAsList().stream()
        .map(Row::toString).toList();
  }

  /** The swing exits (default), the intraday exits, and entries on TRIGGERED days too. */
  static java.util.stream.Stream<String> modes() {
    return java.util.stream.Stream.of("swing", "intraday", "triggered");
  }

  private static Strategy mode(String mode) {
    Map<String, String> m = new java.util.LinkedHashMap<>(PERMISSIVE);
    switch (mode) {
      case "intraday" -> m.put("strategy.stops.mode", "intraday");
      case "triggered" -> m.put("strategy.backtest.entry-states", "READY,TRIGGERED");
      default -> { }
    }
    return Strategy.load(null, m);
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("modes")
  void noDecisionAtOrBeforeTDependsOnLaterData(String mode) {
    Run base = trades(null, mode(mode));
    Run changed = trades(CUT, mode(mode));
    List<String> decided = rows(base.candidates().select("symbol", "bar_ts", "composite", "prev_state", "atr", "k"), "bar_ts");
    assertTrue(decided.size() >= 3, "entries decided before t: " + decided.size());
    assertEquals(decided, rows(changed.candidates().select("symbol", "bar_ts", "composite", "prev_state", "atr", "k"), "bar_ts"));
    List<String> closed = rows(base.trades(), "exit_ts");
    assertTrue(closed.size() >= 1, "trades closed before t: " + closed.size());
    assertEquals(closed, rows(changed.trades(), "exit_ts"));
    assertTrue(base.trades().count() > closed.size(), "some trades end after t");
  }

  @Test
  void anEntryNeedsAFiredSignal() {
    ScoredMarkets.Scored m = ScoredMarkets.of(null, STRATEGY);
    Dataset<Row> bars = BacktestEngine.bars(m.signals(), m.days(),
        io.l2lake.stops.VolatilityRegime.daily(m.days(), STRATEGY.stops()), STRATEGY.stops()).localCheckpoint();
    LocalDate from = LocalDate.of(2025, 3, 4);
    LocalDate to = LocalDate.of(2025, 3, 6);
    Map<String, String> any = new java.util.HashMap<>(PERMISSIVE);
    any.put("strategy.backtest.entry-min-firing", "0");
    List<Row> loose = BacktestEngine.candidates(bars, Strategy.load(null, any).backtest(), from, to, "signal", 1, 0)
        .select("symbol", "bar_ts", "confluence").collectAsList();
    Map<String, String> fired = new java.util.HashMap<>(PERMISSIVE);
    fired.put("strategy.backtest.late-entry-min-firing", "1"); // late READY entries too (0 by default)
    List<Row> strict = BacktestEngine.candidates(bars, Strategy.load(null, fired).backtest(), from, to, "signal", 1, 0)
        .select("symbol", "bar_ts", "confluence").collectAsList();
    assertTrue(loose.stream().anyMatch(r -> r.getInt(2) == 0), "a composite without a fired signal would enter");
    assertTrue(strict.stream().allMatch(r -> r.getInt(2) >= 1));
    assertTrue(!strict.isEmpty());
  }

  private static long num(Row r, String c) {
    return ((Number) r.get(r.fieldIndex(c))).longValue();
  }

  @Test
  void tradesFollowTheRules() {
    Dataset<Row> t = trades(null).trades();
    BacktestSettings p = STRATEGY.backtest();
    for (Row r : t.collectAsList()) {
      long shares = r.getLong(r.fieldIndex("shares"));
      assertTrue(shares > 0 && shares <= r.getLong(r.fieldIndex("order_shares")));
      assertTrue(num(r, "exit_bar_no") > num(r, "entry_bar_no"));
      assertTrue(r.getDouble(r.fieldIndex("entry_price")) * shares <= p.maxPositionValue() * 1.3);
      double costs = r.getDouble(r.fieldIndex("costs"));
      assertTrue(costs >= 2 * p.commissionMin());
      double pnl = shares * (r.getDouble(r.fieldIndex("exit_price")) - r.getDouble(r.fieldIndex("entry_price"))) - costs;
      assertEquals(pnl, r.getDouble(r.fieldIndex("pnl")), 1e-6);
    }
    // One position per symbol at a time.
    List<Row> sorted = t.orderBy("symbol", "entry_bar_no").collectAsList();
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).<String>getAs("symbol").equals(sorted.get(i - 1).<String>getAs("symbol"))) {
        assertTrue(num(sorted.get(i), "entry_bar_no") > num(sorted.get(i - 1), "exit_bar_no"));
      }
    }
  }

  @Test
  void alternativesAreTheSameSymbolNearbyDaysAndMinuteAndTheTradeItselfIsOne() {
    Strategy strategy = STRATEGY;
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
    Map<String, Row> signalBar = new java.util.HashMap<>();
    for (Row r : bars.select("symbol", "bar_ts", "day_no").collectAsList()) {
      signalBar.put(r.getString(0) + "|" + r.getTimestamp(1), r);
    }
    Map<String, List<Row>> byTrade = alternatives.stream().collect(java.util.stream.Collectors.groupingBy(r -> r.getAs("trade_id")));
    java.time.ZoneId eastern = java.time.ZoneId.of("America/New_York");
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

package io.l2lake.backtest.calibrate;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.backtest.BacktestEngine;
import io.l2lake.config.Strategy;
import io.l2lake.lake.RunContext;
import io.l2lake.testing.ScoredMarkets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The calibration on a small random market (2 symbols x 4 days, a fold of 2 in-sample days and 1
 * out-of-sample day): its rows agree with a plain backtest of the same window, the per-symbol rows
 * add up to the portfolio, the walk-forward choice is the best in-sample combination, and an
 * in-sample window's metrics do not change when every bar after it is redrawn.
 */
class CalibrationJobTest {
  private static final Map<String, String> BASE = Map.ofEntries(Map.entry("strategy.tracker.ready-day-score", "0"),
      Map.entry("strategy.tracker.accumulating-score", "0.001"), Map.entry("strategy.tracker.ready-score", "0.001"),
      Map.entry("strategy.tracker.accumulating-days", "1"), Map.entry("strategy.tracker.ready-days", "1"),
      Map.entry("strategy.stops.atr-days", "1"), Map.entry("strategy.stops.grace-bars", "5"),
      Map.entry("strategy.darkpool.z-min", "2.0"), Map.entry("strategy.sinkhole.absorb-multiple", "2.0"),
      Map.entry("strategy.sinkhole.ask-depth-ratio-max", "0.9"), Map.entry("strategy.backtest.entry-score-min", "0"));
  // Bars of the third day (fold 1's out-of-sample day) after 15:40 UTC are redrawn (as in the backtest test).
  private static final Instant CUT = Instant.parse("2025-03-05T15:40:00Z");
  private static final List<String> ENTRY = List.of("0.05", "0.3");

  private static List<WalkForward.Fold> folds;
  private static List<Map<String, String>> combos;
  private static List<Strategy> strategies;
  private static Dataset<Row> signals;
  private static Dataset<Row> days;
  private static Dataset<Row> metrics;
  private static CalibrationJob.Evaluated evaluated;
  private static Dataset<Row> table;

  private record Inputs(Dataset<Row> signals, Dataset<Row> days) {}

  private static Inputs inputs(Instant cut, Strategy s) {
    ScoredMarkets.Scored m = ScoredMarkets.of(cut, s);
    return new Inputs(m.signals(), m.days());
  }

  private static Strategy strategy(Map<String, String> combo) {
    Map<String, String> m = new LinkedHashMap<>(BASE);
    m.putAll(combo);
    return Strategy.load(null, m);
  }

  @BeforeAll
  static void calibrate() {
    combos = ENTRY.stream().map(v -> Map.of("strategy.backtest.entry-composite-min", v)).toList();
    strategies = combos.stream().map(CalibrationJobTest::strategy).toList();
    Inputs in = inputs(null, strategies.get(0));
    signals = in.signals();
    days = in.days();
    List<LocalDate> d = List.of(LocalDate.of(2025, 3, 3), LocalDate.of(2025, 3, 4), LocalDate.of(2025, 3, 5),
        LocalDate.of(2025, 3, 6));
    List<WalkForward.Fold> all = WalkForward.folds(d, 2, 1, false);
    assertEquals(2, all.size());
    folds = all.subList(0, 1); // one fold keeps the test short; the splits have their own test
    evaluated = CalibrationJob.evaluate(GoldInputs.fixed(signals, days), stopContext(days), strategies, folds, 2,
        "calibration-test");
    metrics = evaluated.metrics().localCheckpoint();
    table = CalibrationJob.table(metrics, combos, folds, "net_pnl", RunContext.create(), null, null).localCheckpoint();
  }

  /** The stops stage's context for the test's days and stop settings. */
  private static Dataset<Row> stopContext(Dataset<Row> days) {
    return io.l2lake.stops.VolatilityRegime.daily(days, strategies.get(0).stops());
  }

  private static Row portfolio(Dataset<Row> t, int combo, int fold) {
    return t.filter(col("scope").equalTo("portfolio").and(col("combo_id").equalTo(combo))
        .and(col("fold").equalTo(fold))).first();
  }

  @Test
  void rowsAreThoseOfAPlainBacktestOfTheWindow() {
    // One portfolio row per combination and fold, in- and out-of-sample side by side.
    assertEquals(2, table.filter(col("scope").equalTo("portfolio")).count());
    Strategy s = strategies.get(0);
    WalkForward.Fold f = folds.get(0);
    Dataset<Row> bars = BacktestEngine.truncate(BacktestEngine.bars(signals, days, stopContext(days), s.stops()),
        f.testTo());
    List<Row> trades = BacktestEngine.signalTrades(bars, s, f.testFrom(), f.testTo()).collectAsList();
    Row row = portfolio(table, 1, 1);
    assertEquals(trades.size(), row.<Long>getAs("oos_trade_count"));
    double pnl = trades.stream().mapToDouble(r -> r.<Double>getAs("pnl")).sum();
    assertEquals(pnl, row.<Double>getAs("oos_net_pnl"), 1e-6);
    assertEquals(java.sql.Date.valueOf(f.trainFrom()), row.getAs("train_from"));
    assertEquals(java.sql.Date.valueOf(f.testTo()), row.getAs("test_to"));
    assertEquals(Map.of("strategy.backtest.entry-composite-min", "0.05"), row.getJavaMap(row.fieldIndex("parameters")));
    long total = table.filter(col("scope").equalTo("portfolio")).collectAsList().stream()
        .mapToLong(r -> r.<Long>getAs("is_trade_count") + r.<Long>getAs("oos_trade_count")).sum();
    assertTrue(total >= 2, "the permissive strategy trades: " + total);
  }

  @Test
  void symbolRowsAddUpToThePortfolio() {
    for (Row p : table.filter(col("scope").equalTo("portfolio")).collectAsList()) {
      List<Row> sym = table.filter(col("scope").equalTo("symbol").and(col("combo_id").equalTo(p.<Integer>getAs("combo_id")))
          .and(col("fold").equalTo(p.<Integer>getAs("fold")))).collectAsList();
      assertEquals(2, sym.size(), "one row per symbol");
      for (String side : List.of("is_", "oos_")) {
        assertEquals(p.<Long>getAs(side + "trade_count"),
            sym.stream().mapToLong(r -> r.<Long>getAs(side + "trade_count")).sum());
        assertEquals(p.<Double>getAs(side + "net_pnl"),
            sym.stream().mapToDouble(r -> r.<Double>getAs(side + "net_pnl")).sum(), 1e-6);
      }
    }
  }

  @Test
  void theWalkForwardChoiceIsTheBestInSampleCombination() {
    for (WalkForward.Fold f : folds) {
      Row a = portfolio(table, 1, f.fold());
      Row b = portfolio(table, 2, f.fold());
      double ia = a.<Double>getAs("is_net_pnl");
      double ib = b.<Double>getAs("is_net_pnl");
      int best = ia >= ib ? 1 : 2;
      assertTrue((best == 1 ? a : b).<Boolean>getAs("selected"));
      assertTrue(!(best == 1 ? b : a).<Boolean>getAs("selected"));
      double oa = a.<Double>getAs("oos_net_pnl");
      double ob = b.<Double>getAs("oos_net_pnl");
      assertEquals(oa >= ob ? 1 : 2, a.<Integer>getAs("oos_rank"));
    }
    assertEquals(0, table.filter(col("scope").equalTo("symbol").and(col("selected"))).count());
  }

  @Test
  void anInSampleWindowDoesNotSeeTheDaysAfterIt() {
    Inputs changed = inputs(CUT, strategies.get(0));
    Dataset<Row> m = CalibrationJob.evaluate(GoldInputs.fixed(changed.signals(), changed.days()),
        stopContext(changed.days()), strategies.subList(0, 1), folds.subList(0, 1), 2, "calibration-test").metrics();
    List<String> columns = List.of("combo_id", "fold", "scope", "symbol", "trade_count", "net_pnl", "total_return",
        "max_drawdown", "sharpe");
    Dataset<Row> base = metrics.filter(col("combo_id").equalTo(1).and(col("fold").equalTo(1))
        .and(col("sample").equalTo("in_sample")));
    Dataset<Row> after = m.filter(col("sample").equalTo("in_sample"));
    assertEquals(rows(base, columns), rows(after, columns));
  }

  private static List<String> rows(Dataset<Row> d, List<String> columns) {
    return d.selectExpr(columns.toArray(String[]::new)).orderBy("scope", "symbol").collectAsList().stream()
        .map(Row::toString).toList();
  }

  @Test
  void theStitchedCurveChainsTheChosenCombinationsOutOfSampleWindows() {
    double capital = strategies.get(0).backtest().initialCapital();
    List<Row> curve = CalibrationJob.stitch(evaluated.outOfSampleEquity(), table, capital).orderBy("trade_date")
        .collectAsList();
    WalkForward.Fold f = folds.get(0);
    int chosen = table.filter(col("scope").equalTo("portfolio").and(col("selected"))).first().getAs("combo_id");
    List<Row> own = evaluated.outOfSampleEquity().filter(col("combo_id").equalTo(chosen)).orderBy("trade_date")
        .collectAsList();
    assertEquals(own.size(), curve.size(), "one row per out-of-sample day of the one fold");
    for (int i = 0; i < curve.size(); i++) {
      // One fold: the stitched curve is the chosen combination's own out-of-sample equity.
      assertEquals(own.get(i).<Double>getAs("equity"), curve.get(i).<Double>getAs("stitched_equity"), 1e-9);
      assertEquals(chosen, curve.get(i).<Integer>getAs("combo_id"));
    }
    assertEquals(java.sql.Date.valueOf(f.testFrom()), curve.get(0).getAs("trade_date"));
    double oosPnl = portfolio(table, chosen, 1).<Double>getAs("oos_net_pnl");
    CalibrationJob.Stitched st = CalibrationJob.stitchedFigures(CalibrationJob.stitch(evaluated.outOfSampleEquity(),
        table, capital), capital);
    assertEquals(oosPnl / capital, st.totalReturn(), 1e-9, "one fold's return is its net PnL over the capital");
    assertTrue(st.maxDrawdown() <= 0);
  }

  @Test
  void twoFoldsCompoundTheSecondOntoTheFirstsEnd() {
    org.apache.spark.sql.SparkSession spark = signals.sparkSession();
    org.apache.spark.sql.types.StructType eq = new org.apache.spark.sql.types.StructType().add("combo_id", "int")
        .add("fold", "int").add("trade_date", "date").add("equity", "double");
    Dataset<Row> equity = spark.createDataFrame(List.of(
        org.apache.spark.sql.RowFactory.create(2, 1, java.sql.Date.valueOf("2025-03-05"), 110.0),
        org.apache.spark.sql.RowFactory.create(1, 1, java.sql.Date.valueOf("2025-03-05"), 90.0),
        org.apache.spark.sql.RowFactory.create(1, 2, java.sql.Date.valueOf("2025-03-06"), 120.0),
        org.apache.spark.sql.RowFactory.create(1, 2, java.sql.Date.valueOf("2025-03-07"), 105.0)), eq);
    org.apache.spark.sql.types.StructType t = new org.apache.spark.sql.types.StructType().add("combo_id", "int")
        .add("fold", "int").add("scope", "string").add("selected", "boolean").add("parameters",
            "map<string,string>");
    scala.collection.immutable.Map<String, String> none = scala.collection.immutable.Map$.MODULE$.empty();
    Dataset<Row> chosen = spark.createDataFrame(List.of(
        org.apache.spark.sql.RowFactory.create(2, 1, "portfolio", true, none),
        org.apache.spark.sql.RowFactory.create(1, 1, "portfolio", false, none),
        org.apache.spark.sql.RowFactory.create(1, 2, "portfolio", true, none)), t);
    List<Row> curve = CalibrationJob.stitch(equity, chosen, 100).orderBy("trade_date").collectAsList();
    assertEquals(3, curve.size());
    assertEquals(110.0, curve.get(0).<Double>getAs("stitched_equity"), 1e-9);
    assertEquals(132.0, curve.get(1).<Double>getAs("stitched_equity"), 1e-9);
    assertEquals(115.5, curve.get(2).<Double>getAs("stitched_equity"), 1e-9);
    CalibrationJob.Stitched st = CalibrationJob.stitchedFigures(CalibrationJob.stitch(equity, chosen, 100), 100);
    assertEquals(0.155, st.totalReturn(), 1e-9);
    assertEquals(115.5 / 132 - 1, st.maxDrawdown(), 1e-9);
    assertEquals(3, st.days());
  }
}

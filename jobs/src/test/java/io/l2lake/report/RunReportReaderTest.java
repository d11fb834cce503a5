package io.l2lake.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.l2lake.lake.Lake;
import io.l2lake.lake.TableId;
import io.l2lake.report.RunReportModel.Attribution;
import io.l2lake.report.RunReportModel.Trade;
import io.l2lake.testing.SparkTestSession;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The report's model read from a small lake of hand-written tables (two runs, four trades, two days). */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class RunReportReaderTest {
  @TempDir static Path dir;
  static Lake lake;
  static RunReportModel model;

  static final LocalDate D1 = LocalDate.of(2021, 3, 1);
  static final LocalDate D2 = LocalDate.of(2021, 3, 2);
  static final LocalDate D3 = LocalDate.of(2021, 3, 3);
  static final double NAN = Double.NaN;

  private static void write(SparkSession spark, TableId id, String sql) {
    spark.sql(sql).write().format("delta").save(lake.path(id));
  }

  @BeforeAll
  static void writeTheLake() {
    SparkSession spark = SparkTestSession.get();
    lake = new Lake(spark, dir.resolve("lake").toString());
    String metrics = "trade_count, total_return, cagr, sharpe, sortino, max_drawdown, win_rate, profit_factor, "
        + "average_hold_bars, exposure, turnover, net_pnl, total_costs";
    write(spark, TableId.GOLD_BACKTEST_RUNS, "SELECT run_id, entries, from_date, to_date, code_version, "
        + "map('strategy.signals.trigger', trigger) AS parameters, " + metrics + ", "
        + "map('stop', named_struct('n', stops, 'pnl', stop_pnl), 'max_hold', named_struct('n', 1L, 'pnl', -2.5D))"
        + " AS attribution_by_exit, map('composite', named_struct('n', stops + 1L, 'pnl', 2.5D))"
        + " AS attribution_by_signal, created_at FROM VALUES "
        + "('r0', 'signal', DATE'2021-02-01', DATE'2021-02-05', 'v0', '0.5', 1L, 0.1D, 0.1D, 0.1D, 0.1D, 0.1D, 0.1D, "
        + "0.1D, 0.1D, 0.1D, 0.1D, 0.1D, 0.1D, 1L, 0.1D, TIMESTAMP'2021-02-06 00:00:00'), "
        + "('r1', 'signal', DATE'2021-03-01', DATE'2021-03-03', 'v1', '0.55', 3L, 0.012D, 0.5D, 1.25D, 2.0D, -0.03D, "
        + "0.5D, CAST(NULL AS DOUBLE), 3.0D, 0.4D, 1.5D, 2500.0D, 1.5D, 1L, 5.0D, TIMESTAMP'2021-03-04 00:00:00'), "
        + "('r1', 'random', DATE'2021-03-01', DATE'2021-03-03', 'v1', '0.55', 1L, -0.004D, -0.1D, -0.5D, -0.6D, "
        + "-0.02D, 0.0D, 0.0D, 5.0D, 0.2D, 0.5D, -40.0D, 0.5D, 1L, -40.0D, TIMESTAMP'2021-03-04 00:00:00') "
        + "AS t(run_id, entries, from_date, to_date, code_version, trigger, " + metrics + ", stops, stop_pnl, "
        + "created_at)");
    write(spark, TableId.GOLD_BACKTEST_TRADES, "SELECT * FROM VALUES "
        + "('r1', 'signal', 'ABC', 'p2', TIMESTAMP'2021-03-02 15:00:00', TIMESTAMP'2021-03-02 15:02:00', "
        + "DATE'2021-03-02', DATE'2021-03-02', 'creep', 'max_hold', 200L, 1.1D, 1.0875D, 0.5D, -2.5D, -0.0114D), "
        + "('r1', 'signal', 'ABC', 'p1', TIMESTAMP'2021-03-01 15:00:00', TIMESTAMP'2021-03-01 15:05:00', "
        + "DATE'2021-03-01', DATE'2021-03-01', 'composite', 'stop', 500L, 1.0D, 1.01D, 0.0D, 5.0D, 0.01D), "
        + "('r1', 'signal', 'XYZ', 'p3', TIMESTAMP'2021-03-02 16:00:00', TIMESTAMP'2021-03-02 16:30:00', "
        + "DATE'2021-03-02', DATE'2021-03-02', 'composite', 'stop', 100L, 2.0D, 2.0D, 1.0D, -1.0D, -0.005D), "
        + "('r1', 'random', 'ABC', 'p4', TIMESTAMP'2021-03-01 18:00:00', TIMESTAMP'2021-03-01 18:10:00', "
        + "DATE'2021-03-01', DATE'2021-03-01', 'random', 'stop', 100L, 1.0D, 0.6D, 0.0D, -40.0D, -0.4D) "
        + "AS t(run_id, entries, symbol, position_id, entry_ts, exit_ts, entry_date, exit_date, entry_signal, "
        + "exit_reason, shares, entry_price, exit_price, costs, pnl, `return`)");
    write(spark, TableId.GOLD_BACKTEST_EQUITY, "SELECT * FROM VALUES "
        + "('r1', 'random', DATE'2021-03-01', 100000.0D), ('r1', 'signal', DATE'2021-03-01', 100000.0D), "
        + "('r1', 'signal', DATE'2021-03-02', 100005.0D), ('r1', 'random', DATE'2021-03-02', 99960.0D), "
        + "('r1', 'signal', DATE'2021-03-03', 100002.5D), ('r0', 'signal', DATE'2021-02-01', 1.0D) "
        + "AS t(run_id, entries, trade_date, equity)");
    // Minute bars of ABC: 15:03 has no trade (no close) and 15:07 is after hours; both stay out of the windows.
    write(spark, TableId.GOLD_SIGNALS_1M, "SELECT symbol, trade_date, bar_ts, regular, close, 0.1D AS "
        + "absorption_score, 0.2D AS creep_score, 0.3D AS darkpool_score, CAST(NULL AS DOUBLE) AS sinkhole_score, "
        + "0.05D AS contraction_score, composite FROM VALUES "
        + "('ABC', DATE'2021-03-01', TIMESTAMP'2021-03-01 14:58:00', true, 0.98D, 0.1D), "
        + "('ABC', DATE'2021-03-01', TIMESTAMP'2021-03-01 14:59:00', true, 0.99D, 0.2D), "
        + "('ABC', DATE'2021-03-01', TIMESTAMP'2021-03-01 15:00:00', true, 1.00D, 0.7D), "
        + "('ABC', DATE'2021-03-01', TIMESTAMP'2021-03-01 15:01:00', true, 1.02D, 0.6D), "
        + "('ABC', DATE'2021-03-01', TIMESTAMP'2021-03-01 15:02:00', true, 1.03D, 0.5D), "
        + "('ABC', DATE'2021-03-01', TIMESTAMP'2021-03-01 15:03:00', true, CAST(NULL AS DOUBLE), 0.5D), "
        + "('ABC', DATE'2021-03-01', TIMESTAMP'2021-03-01 15:04:00', true, 1.02D, 0.4D), "
        + "('ABC', DATE'2021-03-01', TIMESTAMP'2021-03-01 15:05:00', true, 1.01D, 0.3D), "
        + "('ABC', DATE'2021-03-01', TIMESTAMP'2021-03-01 15:06:00', true, 1.00D, 0.3D), "
        + "('ABC', DATE'2021-03-01', TIMESTAMP'2021-03-01 21:07:00', false, 1.50D, 0.0D), "
        + "('ABC', DATE'2021-03-02', TIMESTAMP'2021-03-02 15:00:00', true, 1.10D, 0.4D), "
        + "('ABC', DATE'2021-03-02', TIMESTAMP'2021-03-02 15:01:00', true, 1.09D, 0.35D), "
        + "('ABC', DATE'2021-03-02', TIMESTAMP'2021-03-02 15:02:00', true, 1.08D, 0.3D), "
        + "('XYZ', DATE'2021-03-02', TIMESTAMP'2021-03-02 16:00:00', true, 2.00D, 0.9D) "
        + "AS t(symbol, trade_date, bar_ts, regular, close, composite)");
    write(spark, TableId.GOLD_BACKTEST_STOPS, "SELECT * FROM VALUES "
        + "('r1', 'signal', 'ABC', 'p1', TIMESTAMP'2021-03-01 15:01:00', 0.95D), "
        + "('r1', 'signal', 'ABC', 'p1', TIMESTAMP'2021-03-01 15:02:00', 0.96D), "
        + "('r1', 'signal', 'ABC', 'p1', TIMESTAMP'2021-03-01 15:04:00', CAST(NULL AS DOUBLE)), "
        + "('r1', 'random', 'ABC', 'p4', TIMESTAMP'2021-03-01 15:02:00', 0.5D) "
        + "AS t(run_id, entries, symbol, position_id, bar_ts, active_stop)");
    write(spark, TableId.GOLD_PREGAP_EVENT_STUDY, "SELECT * FROM VALUES "
        + "('a', 's-a', 'gap_up_20', -1, 9L, 0.5D, 9.0D), "
        + "('b', 's-b', 'gap_up_20', 0, 3L, 0.2D, 4.0D), ('b', 's-b', 'gap_up_20', -1, 2L, 0.01D, 1.5D), "
        + "('b', 's-b', 'gap_down_20', -1, 2L, CAST(NULL AS DOUBLE), 1.2D), ('b', 's-b', 'gap_down_20', 0, 2L, -0.1D, "
        + "2.0D) AS t(run_id, study, label, `offset`, events, mean_return, mean_volume_ratio)");
    write(spark, TableId.OPS_INTEGRITY, "SELECT * FROM VALUES "
        + "('ABC', DATE'2021-03-01', 'duplicates', 'error', false), "
        + "('ABC', DATE'2021-03-02', 'crossed_quotes', 'error', true), "
        + "('ABC', DATE'2021-03-02', 'gaps', 'warn', true), "
        + "('XYZ', DATE'2021-03-01', 'gaps', 'warn', true), "
        + "('XYZ', DATE'2021-03-02', 'missing_day', 'warn', true), "
        + "('XYZ', DATE'2021-02-01', 'gaps', 'error', true) "
        + "AS t(symbol, trade_date, `check`, level, failed)");
    write(spark, TableId.GOLD_BACKTEST_CONTROLS, "SELECT run_id, 1000 AS draws, 2 AS control_days, 3 AS trades, "
        + "12L AS alternatives, 0.012D AS mean_return, -0.004D AS mean_return_low, 0.03D AS mean_return_high, "
        + "-0.002D AS draws_mean_return, -0.01D AS draws_p05, 0.006D AS draws_p95, p AS p_value, "
        + "0.0006D AS mean_capital_return, -0.0002D AS mean_capital_return_low, 0.0015D AS mean_capital_return_high, "
        + "-0.0001D AS draws_mean_capital_return, 0.03D AS p_value_capital, array(0.1D) AS draw_means, "
        + "array(named_struct('step', 1, 'position_id', 'p1', 'exit_ts', TIMESTAMP'2021-03-01 15:05:00', "
        + "'strategy', 0.00005D, 'draws_p05', -0.001D, 'draws_p50', 0.0D, 'draws_p95', 0.001D), "
        + "named_struct('step', 2, 'position_id', 'p2', 'exit_ts', TIMESTAMP'2021-03-02 15:02:00', "
        + "'strategy', 0.00002D, 'draws_p05', -0.002D, 'draws_p50', -0.0001D, 'draws_p95', 0.0015D)) AS capital_band, "
        + "TIMESTAMP'2021-03-04 00:00:00' AS created_at FROM VALUES ('r1', 0.02D), ('r0', 0.9D) AS t(run_id, p)");
    write(spark, TableId.GOLD_BACKTEST_GAPS, "SELECT * FROM VALUES "
        + "('r1', 'signal', 'READY', 'held', 100.0D, 0.3D), ('r1', 'signal', 'READY', 'exited', 50.0D, 0.1D), "
        + "('r1', 'signal', CAST(NULL AS STRING), 'not_entered', CAST(NULL AS DOUBLE), CAST(NULL AS DOUBLE)), "
        + "('r1', 'random', 'READY', 'held', 100.0D, 0.3D), ('r0', 'signal', 'WATCH', 'held', 1.0D, 1.0D) "
        + "AS t(run_id, entries, state_before, status, oracle_pnl, oracle_return)");
    model = new RunReportReader(spark, lake).read("r1", null);
  }

  @Test
  void theMatchedDrawsBandAndTheGapsAreTheRunsOwn() {
    RunReportModel.Luck l = model.luck();
    assertEquals(3, l.trades());
    assertEquals(1000, l.draws());
    assertEquals(0.02, l.pValue(), 1e-12);
    assertEquals(100_000, l.capital(), 1e-9);
    assertEquals(List.of(java.time.Instant.parse("2021-03-01T15:05:00Z"), java.time.Instant.parse(
        "2021-03-02T15:02:00Z")), l.exits());
    assertEquals(0.00002, l.strategy()[1], 1e-12);
    assertEquals(0.0015, l.p95()[1], 1e-12);
    assertEquals(List.of(new RunReportModel.GapCount(true, "exited", 1), new RunReportModel.GapCount(true, "held", 1),
        new RunReportModel.GapCount(false, "not_entered", 1)), model.gaps());
    assertEquals(2, model.oracle().trades());
    assertEquals(0.2, model.oracle().meanReturn(), 1e-12);
    assertEquals(150.0, model.oracle().pnl(), 1e-9);
  }

  @Test
  void theLatestRunIsTheLastCreated() {
    assertEquals("r1", new RunReportReader(SparkTestSession.get(), lake).latestRun());
  }

  @Test
  void anUnknownRunIsRefusedWithTheQueryThatListsThem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RunReportReader(SparkTestSession.get(), lake).read("r9", null));
    assertEquals("no backtest run 'r9' in " + lake.path(TableId.GOLD_BACKTEST_RUNS) + " (./l2lake sql \"SELECT "
        + "run_id, entries, created_at FROM delta.`" + lake.path(TableId.GOLD_BACKTEST_RUNS) + "`\" lists them)",
        e.getMessage());
  }

  @Test
  void theRunsRowsGiveTheMetricsAndAttributions() {
    assertEquals(List.of("r1", "ABC", D1, D3, "v1"),
        List.of(model.runId(), model.symbol(), model.from(), model.to(), model.codeVersion()));
    assertEquals(List.of("signal", "random"), model.modes().stream().map(RunReportModel.ModeMetrics::entries).toList());
    Map<String, Number> signal = model.modes().get(0).values();
    assertEquals(RunReportModel.METRICS, List.copyOf(signal.keySet()));
    assertEquals(Arrays.asList(3L, 0.012, 0.5, 1.25, 2.0, -0.03, 0.5, null, 3.0, 0.4, 1.5, 2500.0, 1.5),
        new ArrayList<>(signal.values()));
    assertEquals(List.of(new Attribution("random", "max_hold", 1L, -2.5), new Attribution("random", "stop", 1L, -40.0),
        new Attribution("signal", "max_hold", 1L, -2.5), new Attribution("signal", "stop", 1L, 5.0)),
        model.attributionByExit());
    assertEquals(List.of(new Attribution("random", "composite", 2L, 2.5),
        new Attribution("signal", "composite", 2L, 2.5)), model.attributionBySignal());
  }

  @Test
  void theTableListsTheStrategyTradesInEntryOrder() {
    assertEquals(3, model.tradeCount());
    assertEquals(List.of(
        new Trade("ABC", "2021-03-01 15:00", "2021-03-01 15:05", "composite", "stop", 500L, 1.0, 1.01, 0.0, 5.0, 0.01),
        new Trade("ABC", "2021-03-02 15:00", "2021-03-02 15:02", "creep", "max_hold", 200L, 1.1, 1.0875, 0.5, -2.5,
            -0.0114),
        new Trade("XYZ", "2021-03-02 16:00", "2021-03-02 16:30", "composite", "stop", 100L, 2.0, 2.0, 1.0, -1.0,
            -0.005)), model.trades());
  }

  @Test
  void equityHasOneSeriesPerModeTheStrategyFirst() {
    assertEquals(List.of(D1, D2, D3), model.equity().days());
    assertEquals(List.of("signal entries", "random entries"), List.copyOf(model.equity().byMode().keySet()));
    assertArrayEquals(new double[] {100000, 100005, 100002.5}, model.equity().byMode().get("signal entries"));
    assertArrayEquals(new double[] {100000, 99960, NAN}, model.equity().byMode().get("random entries"));
  }

  @Test
  void theBusiestSymbolsTradesAreDrawnWithTheirBarsAndStops() {
    List<ReportCharts.TradeWindow> w = model.tradeWindows();
    assertEquals(2, w.size());
    ReportCharts.TradeWindow first = w.get(0);
    assertEquals(String.format("ABC 2021-03-01  stop  pnl $%,.2f (%+.1f%%)", 5.0, 1.0), first.title());
    assertArrayEquals(new String[] {"03-01 09:58", "03-01 09:59", "03-01 10:00", "03-01 10:01", "03-01 10:02",
        "03-01 10:04", "03-01 10:05", "03-01 10:06"}, first.labels());
    assertArrayEquals(new double[] {0.98, 0.99, 1.00, 1.02, 1.03, 1.02, 1.01, 1.00}, first.close());
    assertArrayEquals(new double[] {NAN, NAN, NAN, 0.95, 0.96, NAN, NAN, NAN}, first.stop());
    assertEquals(List.of(2, 1.0, 6, 1.01),
        List.of(first.entryIndex(), first.entryPrice(), first.exitIndex(), first.exitPrice()));
    ReportCharts.TradeWindow second = w.get(1);
    assertArrayEquals(new String[] {"03-02 10:00", "03-02 10:01", "03-02 10:02"}, second.labels());
    assertArrayEquals(new double[] {NAN, NAN, NAN}, second.stop());
    assertEquals(List.of(0, 2), List.of(second.entryIndex(), second.exitIndex()));
  }

  @Test
  void signalScoresAreDailyMaximaWithTheEntryDaysAndTheRunsTrigger() {
    RunReportModel.SignalScores s = model.signals();
    assertEquals(List.of(D1, D2), s.days());
    assertEquals(List.of("absorption", "creep", "darkpool", "sinkhole", "contraction", "composite"),
        List.copyOf(s.dailyMax().keySet()));
    assertArrayEquals(new double[] {0.7, 0.4}, s.dailyMax().get("composite"));
    assertArrayEquals(new double[] {0.2, 0.2}, s.dailyMax().get("creep"));
    assertArrayEquals(new double[] {NAN, NAN}, s.dailyMax().get("sinkhole"));
    assertEquals(List.of(0, 1), s.entryDays().stream().sorted().toList());
    assertEquals(0.55, s.trigger());
  }

  @Test
  void theEventStudyIsTheLatestStudysPathsByLabel() {
    assertEquals("s-b", model.eventStudy().study());
    List<ReportCharts.EventPath> p = model.eventStudy().paths();
    assertEquals(List.of("gap_down_20", "gap_up_20"), p.stream().map(ReportCharts.EventPath::label).toList());
    assertEquals(List.of(2, 3), p.stream().map(ReportCharts.EventPath::events).toList());
    assertArrayEquals(new int[] {-1, 0}, p.get(1).offsets());
    assertArrayEquals(new double[] {0.01, 0.2}, p.get(1).meanReturn());
    assertArrayEquals(new double[] {NAN, -0.1}, p.get(0).meanReturn());
    assertArrayEquals(new double[] {1.2, 2.0}, p.get(0).volumeRatio());
  }

  @Test
  void theHeatMapHasTheWorstLevelOfEachSymbolDayAndMissingDaysAsNoData() {
    RunReportModel.QualityGrid q = model.quality();
    assertEquals(List.of(true, List.of("ABC", "XYZ"), List.of(D1, D2), 2L),
        List.of(q.checked(), q.symbols(), q.days(), q.allSymbols()));
    assertArrayEquals(new int[][] {{ReportCharts.OK, ReportCharts.ERROR}, {ReportCharts.WARN, ReportCharts.MISSING}},
        q.level());
  }

  @Test
  void aNamedSymbolIsShownInsteadOfTheBusiest() {
    RunReportModel xyz = new RunReportReader(SparkTestSession.get(), lake).read("r1", "XYZ");
    assertEquals("XYZ", xyz.symbol());
    assertEquals(1, xyz.tradeWindows().size());
    assertEquals(List.of(D2), xyz.signals().days());
    assertEquals(List.of(0), xyz.signals().entryDays());
  }
}

package io.l2lake.report;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What the run report shows, as plain values read from the lake (no Spark): the run's metrics per
 * entry mode, its attribution tables, its first strategy trades and the inputs of each chart. Built by
 * {@link RunReportReader}; drawn by {@link ReportCharts} and written out by {@link RunReportPage}.
 *
 * @param symbol the symbol shown in detail, or null when the run has no strategy trade (then
 *     {@code tradeWindows} and {@code signals} are null too)
 * @param modes one per entry mode, in the order of the metric table's columns
 * @param trades the first {@link RunReport#TRADES_LISTED} strategy trades, in entry order
 * @param tradeCount the run's strategy trades in all
 * @param luck the matched random draws' test of the strategy, or null when the run had no control
 * @param gaps the strategy's gaps counted by the tracker's state the day before and what the strategy did
 * @param oracle the oracle's trades on the gaps after a READY day (zero trades when there were none)
 */
public record RunReportModel(String runId, String symbol, LocalDate from, LocalDate to, String codeVersion,
    List<ModeMetrics> modes, List<Attribution> attributionByExit, List<Attribution> attributionBySignal,
    List<Trade> trades, long tradeCount, EquityCurves equity, List<ReportCharts.TradeWindow> tradeWindows,
    SignalScores signals, EventStudy eventStudy, QualityGrid quality, Luck luck, List<GapCount> gaps,
    Oracle oracle) {

  /** The metrics of the table, in their row order. */
  public static final List<String> METRICS = List.of("trade_count", "total_return", "cagr", "sharpe", "sortino",
      "max_drawdown", "win_rate", "profit_factor", "average_hold_bars", "exposure", "turnover", "net_pnl",
      "total_costs");

  /** One entry mode's value of each of {@link #METRICS} (a value may be null). */
  public record ModeMetrics(String entries, Map<String, Number> values) {}

  /** One row of an attribution table: the trades and net PnL of one key (exit reason or entry signal). */
  public record Attribution(String entries, String key, Number trades, Number netPnl) {}

  /** One strategy trade of the page's table; times are already formatted (yyyy-MM-dd HH:mm). */
  public record Trade(String symbol, String entry, String exit, String signal, String exitReason, Number shares,
      Number entryPrice, Number exitPrice, Number costs, Number pnl, Number ret) {}

  /** Each entry mode's equity at each day's close (NaN where a mode has no value that day). */
  public record EquityCurves(List<LocalDate> days, Map<String, double[]> byMode) {}

  /** The detailed symbol's daily maximum of each score, the indices of the days with an entry, the trigger. */
  public record SignalScores(List<LocalDate> days, Map<String, double[]> dailyMax, List<Integer> entryDays,
      double trigger) {}

  /** The lake's latest pre-gap event study ({@code study} null when the lake has none). */
  public record EventStudy(String study, List<ReportCharts.EventPath> paths) {}

  /**
   * Integrity levels by symbol and day ({@code checked} false when the lake has no integrity checks);
   * {@code allSymbols} counts the symbols checked, of which at most {@link RunReport#MAX_HEATMAP_SYMBOLS}
   * are in {@code symbols}.
   */
  public record QualityGrid(boolean checked, List<String> symbols, List<LocalDate> days, int[][] level,
      long allSymbols) {}

  /**
   * The strategy against its matched random draws ({@code gold.backtest_controls}): the mean net return per
   * trade in percent of the position with its bootstrap interval, the draws' mean and 5-95% range, the p-value;
   * the same per trade in percent of the starting capital; and the band: at each strategy exit (in order),
   * the strategy's summed net PnL and the draws' 5th, 50th and 95th percentile, as shares of {@code capital}.
   */
  public record Luck(int trades, int draws, double meanReturn, double low, double high, double drawsMean,
      double drawsP05, double drawsP95, double pValue, double meanCapital, double capitalLow, double capitalHigh,
      double drawsMeanCapital, double pValueCapital, double capital, List<java.time.Instant> exits,
      double[] strategy, double[] p05, double[] p50, double[] p95) {}

  /** Gaps with (or without) READY on the day before, by what the strategy did: held, exited, not entered. */
  public record GapCount(boolean readyBefore, String status, long gaps) {}

  /** The oracle's trades (buy READY eves' close, sell the gap's open): count, mean net return, net PnL. */
  public record Oracle(long trades, double meanReturn, double pnl) {}
}

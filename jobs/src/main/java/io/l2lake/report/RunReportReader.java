package io.l2lake.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.l2lake.config.BacktestSettings;
import io.l2lake.config.SignalSettings;
import io.l2lake.lake.Lake;
import io.l2lake.lake.TableId;
import io.l2lake.report.RunReportModel.Attribution;
import io.l2lake.report.RunReportModel.EquityCurves;
import io.l2lake.report.RunReportModel.EventStudy;
import io.l2lake.report.RunReportModel.GapCount;
import io.l2lake.report.RunReportModel.Luck;
import io.l2lake.report.RunReportModel.ModeMetrics;
import io.l2lake.report.RunReportModel.Oracle;
import io.l2lake.report.RunReportModel.QualityGrid;
import io.l2lake.report.RunReportModel.SignalScores;
import io.l2lake.report.RunReportModel.Trade;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Reads what the run report of one backtest run shows from the lake into a {@link RunReportModel}.
 *
 * <p>Cost: everything is aggregated by Spark in the lake and only chart-sized results reach the driver:
 * the run's rows (one per entry mode), its daily equity, a handful of trades with their minute bars (one
 * query per drawn trade, one for their stops), one symbol's daily score maxima, the event study's sixteen
 * offsets per label, one level per symbol-day for the heat map (at most
 * {@link RunReport#MAX_HEATMAP_SYMBOLS} symbols, the worst first) and the first
 * {@link RunReport#TRADES_LISTED} strategy trades.
 */
public final class RunReportReader {
  /** Times on the charts are US/Eastern, as the market's. */
  static final ZoneId EASTERN = ZoneId.of("America/New_York");

  private static final String[] SCORES = {"absorption_score", "creep_score", "darkpool_score", "sinkhole_score",
      "contraction_score", "composite"};

  private final SparkSession spark;
  private final Lake lake;

  public RunReportReader(SparkSession spark, Lake lake) {
    this.spark = spark;
    this.lake = lake;
  }

  /** The most recent backtest run id in the lake. */
  public String latestRun() {
    requireTable(TableId.GOLD_BACKTEST_RUNS);
    List<Row> r = table(TableId.GOLD_BACKTEST_RUNS).orderBy(col("created_at").desc()).select("run_id").limit(1)
        .collectAsList();
    if (r.isEmpty()) {
      throw new IllegalArgumentException("no backtest run in " + lake.path(TableId.GOLD_BACKTEST_RUNS));
    }
    return r.get(0).getString(0);
  }

  /**
   * Everything the report of {@code runId} shows; the symbol shown in detail is {@code symbolOrNull}, or
   * the one with the most strategy trades in the run.
   */
  public RunReportModel read(String runId, String symbolOrNull) {
    for (TableId t : List.of(TableId.GOLD_BACKTEST_RUNS, TableId.GOLD_BACKTEST_TRADES, TableId.GOLD_BACKTEST_EQUITY,
        TableId.GOLD_SIGNALS_1M)) {
      requireTable(t);
    }
    Dataset<Row> runs = table(TableId.GOLD_BACKTEST_RUNS).filter(col("run_id").equalTo(runId));
    List<Row> runRows = runs.orderBy(col("entries").desc()).collectAsList();
    if (runRows.isEmpty()) {
      throw new IllegalArgumentException("no backtest run '" + runId + "' in "
          + lake.path(TableId.GOLD_BACKTEST_RUNS) + " (./l2lake sql \"SELECT run_id, entries, created_at FROM "
          + "delta.`" + lake.path(TableId.GOLD_BACKTEST_RUNS) + "`\" lists them)");
    }
    Row first = runRows.get(0);
    LocalDate from = first.<Date>getAs("from_date").toLocalDate();
    LocalDate to = first.<Date>getAs("to_date").toLocalDate();
    Dataset<Row> trades = table(TableId.GOLD_BACKTEST_TRADES).filter(col("run_id").equalTo(runId));
    Dataset<Row> strategyTrades = trades.filter(col("entries").equalTo("signal"));
    String symbol = symbolOrNull != null ? symbolOrNull : busiestSymbol(strategyTrades);

    List<ModeMetrics> modes = new ArrayList<>();
    for (Row r : runRows) {
      Map<String, Number> values = new LinkedHashMap<>();
      for (String m : RunReportModel.METRICS) {
        values.put(m, (Number) r.get(r.fieldIndex(m)));
      }
      modes.add(new ModeMetrics(r.getAs("entries"), values));
    }
    String codeVersion = String.valueOf(first.get(first.fieldIndex("code_version")));
    return new RunReportModel(runId, symbol, from, to, codeVersion, modes,
        attribution(runs, "attribution_by_exit"), attribution(runs, "attribution_by_signal"),
        firstTrades(strategyTrades), strategyTrades.count(), equity(runId),
        symbol == null ? null : tradeWindows(runId, symbol, strategyTrades),
        symbol == null ? null : signals(symbol, from, to, strategyTrades, trigger(first)),
        eventStudy(), quality(from, to), luck(runId, initialCapital(first)), gapCounts(runId), oracle(runId));
  }

  /** The run's starting capital (strategy.backtest.initial-capital among its recorded parameters). */
  static double initialCapital(Row run) {
    Map<String, String> params = run.getJavaMap(run.fieldIndex("parameters"));
    String v = params.get(BacktestSettings.CAPITAL.key());
    return Double.parseDouble(v == null ? BacktestSettings.CAPITAL.defaultValue() : v);
  }

  /** The run's matched random-draw test and its band, or null when the run had no control. */
  public Luck luck(String runId, double capital) {
    if (!lake.exists(TableId.GOLD_BACKTEST_CONTROLS)) {
      return null;
    }
    List<Row> rows = table(TableId.GOLD_BACKTEST_CONTROLS).filter(col("run_id").equalTo(runId)).collectAsList();
    if (rows.isEmpty()) {
      return null;
    }
    Row r = rows.get(0);
    List<Row> band = r.schema().getFieldIndex("capital_band").isEmpty() || r.isNullAt(r.fieldIndex("capital_band"))
        ? List.of() : r.getList(r.fieldIndex("capital_band"));
    int n = band.size();
    List<java.time.Instant> exits = new ArrayList<>();
    double[][] v = new double[4][n];
    for (int k = 0; k < n; k++) {
      Row b = band.get(k);
      exits.add(b.<Timestamp>getAs("exit_ts").toInstant());
      v[0][k] = b.<Double>getAs("strategy");
      v[1][k] = b.<Double>getAs("draws_p05");
      v[2][k] = b.<Double>getAs("draws_p50");
      v[3][k] = b.<Double>getAs("draws_p95");
    }
    return new Luck(r.<Integer>getAs("trades"), r.<Integer>getAs("draws"), num(r, "mean_return"),
        num(r, "mean_return_low"), num(r, "mean_return_high"), num(r, "draws_mean_return"), num(r, "draws_p05"),
        num(r, "draws_p95"), num(r, "p_value"), num(r, "mean_capital_return"), num(r, "mean_capital_return_low"),
        num(r, "mean_capital_return_high"), num(r, "draws_mean_capital_return"), num(r, "p_value_capital"), capital,
        exits, v[0], v[1], v[2], v[3]);
  }

  private static double num(Row r, String column) {
    int i = r.fieldIndex(column);
    return r.isNullAt(i) ? Double.NaN : ((Number) r.get(i)).doubleValue();
  }

  /** The strategy's gaps by READY the day before and status (none when the lake has no gap attribution). */
  public List<GapCount> gapCounts(String runId) {
    if (!lake.exists(TableId.GOLD_BACKTEST_GAPS)) {
      return List.of();
    }
    return table(TableId.GOLD_BACKTEST_GAPS).filter(col("run_id").equalTo(runId).and(col("entries").equalTo("signal")))
        .groupBy(org.apache.spark.sql.functions.coalesce(col("state_before"), lit("")).equalTo("READY").as("ready"),
            col("status"))
        .count().orderBy(col("ready").desc(), col("status")).collectAsList().stream()
        .map(r -> new GapCount(r.getBoolean(0), r.getString(1), r.getLong(2))).toList();
  }

  /** The oracle's trades of the run's strategy gaps. */
  public Oracle oracle(String runId) {
    if (!lake.exists(TableId.GOLD_BACKTEST_GAPS)) {
      return new Oracle(0, Double.NaN, 0);
    }
    Row r = table(TableId.GOLD_BACKTEST_GAPS).filter(col("run_id").equalTo(runId).and(col("entries").equalTo("signal")))
        .agg(org.apache.spark.sql.functions.count(col("oracle_pnl")),
            org.apache.spark.sql.functions.avg("oracle_return"), sum("oracle_pnl"))
        .first();
    return new Oracle(r.getLong(0), r.isNullAt(1) ? Double.NaN : r.getDouble(1), r.isNullAt(2) ? 0 : r.getDouble(2));
  }

  private static String busiestSymbol(Dataset<Row> strategyTrades) {
    List<Row> r = strategyTrades.groupBy("symbol").count().orderBy(col("count").desc(), col("symbol")).limit(1)
        .collectAsList();
    return r.isEmpty() ? null : r.get(0).getString(0);
  }

  private static List<Attribution> attribution(Dataset<Row> runs, String column) {
    List<Attribution> out = new ArrayList<>();
    for (Row r : runs.select(col("entries"), explode(col(column))).orderBy("entries", "key").collectAsList()) {
      Row v = r.getStruct(2);
      out.add(new Attribution(r.getString(0), String.valueOf(r.get(1)), (Number) v.get(0), (Number) v.get(1)));
    }
    return out;
  }

  private static List<Trade> firstTrades(Dataset<Row> strategyTrades) {
    List<Row> rows = strategyTrades.orderBy("entry_ts")
        .select(col("symbol"), date_format(col("entry_ts"), "yyyy-MM-dd HH:mm").as("entry"),
            date_format(col("exit_ts"), "yyyy-MM-dd HH:mm").as("exit"), col("entry_signal"), col("exit_reason"),
            col("shares"), col("entry_price"), col("exit_price"), col("costs"), col("pnl"), col("return"))
        .limit(RunReport.TRADES_LISTED).collectAsList();
    return rows.stream().map(r -> new Trade(r.getString(0), r.getString(1), r.getString(2), r.getString(3),
        r.getString(4), (Number) r.get(5), (Number) r.get(6), (Number) r.get(7), (Number) r.get(8),
        (Number) r.get(9), (Number) r.get(10))).toList();
  }

  /** The run's equity at each day's close, one series per entry mode (the strategy's first). */
  public EquityCurves equity(String runId) {
    List<Row> rows = table(TableId.GOLD_BACKTEST_EQUITY).filter(col("run_id").equalTo(runId))
        .select("entries", "trade_date", "equity").orderBy("trade_date").collectAsList();
    TreeMap<LocalDate, Map<String, Double>> byDay = new TreeMap<>();
    List<String> modes = new ArrayList<>();
    for (Row r : rows) {
      String mode = r.getString(0);
      if (!modes.contains(mode)) {
        modes.add(mode);
      }
      byDay.computeIfAbsent(r.getDate(1).toLocalDate(), d -> new HashMap<>()).put(mode, r.getDouble(2));
    }
    modes.sort((a, b) -> a.equals("signal") ? -1 : b.equals("signal") ? 1 : a.compareTo(b));
    List<LocalDate> days = new ArrayList<>(byDay.keySet());
    Map<String, double[]> series = new LinkedHashMap<>();
    for (String m : modes) {
      series.put(m + " entries", days.stream().mapToDouble(d -> byDay.get(d).getOrDefault(m, Double.NaN)).toArray());
    }
    return new EquityCurves(days, series);
  }

  /** The best and the worst strategy trades of {@code symbol} by net PnL, with their minute bars and stops. */
  private List<ReportCharts.TradeWindow> tradeWindows(String runId, String symbol, Dataset<Row> strategyTrades) {
    Dataset<Row> mine = strategyTrades.filter(col("symbol").equalTo(symbol));
    List<Row> picked = new ArrayList<>(mine.orderBy(col("pnl").desc()).limit(RunReport.TRADES_SHOWN / 2)
        .collectAsList());
    for (Row r : mine.orderBy(col("pnl").asc()).limit(RunReport.TRADES_SHOWN / 2).collectAsList()) {
      if (picked.stream().noneMatch(p -> p.<String>getAs("position_id").equals(r.getAs("position_id")))) {
        picked.add(r);
      }
    }
    picked.sort((a, b) -> a.<Timestamp>getAs("entry_ts").compareTo(b.getAs("entry_ts")));
    // Minutes with a trade only: a quiet minute has no close, and the line joins the traded ones.
    Dataset<Row> bars = table(TableId.GOLD_SIGNALS_1M).filter(col("symbol").equalTo(symbol)
        .and(col("regular")).and(col("close").isNotNull()));
    // The stops in force of the drawn positions, in one query.
    List<Row> stopRows = !lake.exists(TableId.GOLD_BACKTEST_STOPS) || picked.isEmpty() ? List.of()
        : table(TableId.GOLD_BACKTEST_STOPS).filter(col("run_id").equalTo(runId)
            .and(col("entries").equalTo("signal")).and(col("symbol").equalTo(symbol))
            .and(col("position_id").isin(picked.stream().map(p -> p.getAs("position_id")).toArray()))
            .and(col("active_stop").isNotNull()))
        .select("position_id", "bar_ts", "active_stop").collectAsList();
    DateTimeFormatter minute = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(EASTERN);
    List<ReportCharts.TradeWindow> windows = new ArrayList<>();
    for (Row t : picked) {
      Timestamp entry = t.getAs("entry_ts");
      Timestamp exit = t.getAs("exit_ts");
      LocalDate d0 = t.<Date>getAs("entry_date").toLocalDate();
      LocalDate d1 = t.<Date>getAs("exit_date").toLocalDate();
      // The trade's days (at most the maximum hold, a few thousand minutes) in one query, then the
      // context before the fill and after the exit cut from them.
      List<Row> days = bars.filter(col("trade_date").between(Date.valueOf(d0), Date.valueOf(d1)))
          .orderBy("bar_ts").select("bar_ts", "close").collectAsList();
      int firstIn = 0;
      while (firstIn < days.size() && days.get(firstIn).getTimestamp(0).before(entry)) {
        firstIn++;
      }
      int afterLast = firstIn;
      while (afterLast < days.size() && !days.get(afterLast).getTimestamp(0).after(exit)) {
        afterLast++;
      }
      List<Row> window = days.subList(Math.max(0, firstIn - RunReport.CONTEXT_BARS),
          Math.min(days.size(), afterLast + RunReport.CONTEXT_BARS / 2));
      Map<Timestamp, Double> stopAt = new HashMap<>();
      for (Row s : stopRows) {
        if (s.getString(0).equals(t.<String>getAs("position_id"))) {
          stopAt.put(s.getTimestamp(1), s.getDouble(2));
        }
      }
      int n = window.size();
      String[] labels = new String[n];
      double[] close = new double[n];
      double[] stop = new double[n];
      // The fill and exit bars, or the nearest traded minutes inside the position when they had no trade.
      int entryIdx = -1;
      int exitIdx = -1;
      for (int i = 0; i < n; i++) {
        Timestamp ts = window.get(i).getTimestamp(0);
        labels[i] = minute.format(ts.toInstant());
        close[i] = window.get(i).isNullAt(1) ? Double.NaN : window.get(i).getDouble(1);
        stop[i] = stopAt.getOrDefault(ts, Double.NaN);
        if (entryIdx < 0 && !ts.before(entry)) {
          entryIdx = i;
        }
        if (!ts.after(exit)) {
          exitIdx = i;
        }
      }
      entryIdx = Math.max(0, Math.min(entryIdx < 0 ? n - 1 : entryIdx, n - 1));
      exitIdx = Math.max(entryIdx, exitIdx);
      String title = String.format("%s %s  %s  pnl $%,.2f (%+.1f%%)", symbol, d0, t.getAs("exit_reason"),
          t.<Double>getAs("pnl"), 100 * t.<Double>getAs("return"));
      windows.add(new ReportCharts.TradeWindow(title, labels, close, stop, entryIdx, t.getAs("entry_price"), exitIdx,
          t.getAs("exit_price")));
    }
    return windows;
  }

  /** The run's signal trigger (strategy.signals.trigger among its recorded parameters). */
  static double trigger(Row run) {
    Map<String, String> params = run.getJavaMap(run.fieldIndex("parameters"));
    String v = params.get(SignalSettings.TRIGGER.key());
    return Double.parseDouble(v == null ? SignalSettings.TRIGGER.defaultValue() : v);
  }

  private SignalScores signals(String symbol, LocalDate from, LocalDate to, Dataset<Row> strategyTrades,
      double trigger) {
    List<Column> aggs = new ArrayList<>();
    for (String s : SCORES) {
      aggs.add(max(s).as(s));
    }
    List<Row> rows = table(TableId.GOLD_SIGNALS_1M).filter(col("symbol").equalTo(symbol)
            .and(col("trade_date").between(Date.valueOf(from), Date.valueOf(to))))
        .groupBy("trade_date").agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new))
        .orderBy("trade_date").collectAsList();
    List<LocalDate> days = rows.stream().map(r -> r.getDate(0).toLocalDate()).toList();
    Map<String, double[]> series = new LinkedHashMap<>();
    for (int k = 0; k < SCORES.length; k++) {
      double[] v = new double[rows.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = rows.get(i).isNullAt(k + 1) ? Double.NaN : rows.get(i).getDouble(k + 1);
      }
      series.put(SCORES[k].replace("_score", ""), v);
    }
    List<Integer> entryDays = new ArrayList<>();
    for (Row r : strategyTrades.filter(col("symbol").equalTo(symbol)).select("entry_date").distinct()
        .collectAsList()) {
      int i = days.indexOf(r.getDate(0).toLocalDate());
      if (i >= 0) {
        entryDays.add(i);
      }
    }
    return new SignalScores(days, series, entryDays, trigger);
  }

  private EventStudy eventStudy() {
    if (!lake.exists(TableId.GOLD_PREGAP_EVENT_STUDY)) {
      return new EventStudy(null, List.of());
    }
    Dataset<Row> es = table(TableId.GOLD_PREGAP_EVENT_STUDY);
    List<Row> latest = es.orderBy(col("run_id").desc(), col("study")).select("study").limit(1).collectAsList();
    if (latest.isEmpty()) {
      return new EventStudy(null, List.of());
    }
    String study = latest.get(0).getString(0);
    List<Row> rows = es.filter(col("study").equalTo(study)).orderBy("label", "offset")
        .select("label", "offset", "events", "mean_return", "mean_volume_ratio").collectAsList();
    Map<String, List<Row>> byLabel = new TreeMap<>();
    rows.forEach(r -> byLabel.computeIfAbsent(r.getString(0), k -> new ArrayList<>()).add(r));
    List<ReportCharts.EventPath> paths = new ArrayList<>();
    byLabel.forEach((label, rs) -> {
      int[] off = rs.stream().mapToInt(r -> ((Number) r.get(1)).intValue()).toArray();
      double[] ret = rs.stream().mapToDouble(r -> r.isNullAt(3) ? Double.NaN : r.getDouble(3)).toArray();
      double[] vol = rs.stream().mapToDouble(r -> r.isNullAt(4) ? Double.NaN : r.getDouble(4)).toArray();
      int events = rs.stream().mapToInt(r -> ((Number) r.get(2)).intValue()).max().orElse(0);
      paths.add(new ReportCharts.EventPath(label, events, off, ret, vol));
    });
    return new EventStudy(study, paths);
  }

  private QualityGrid quality(LocalDate from, LocalDate to) {
    if (!lake.exists(TableId.OPS_INTEGRITY)) {
      return new QualityGrid(false, List.of(), List.of(), new int[0][0], 0);
    }
    Dataset<Row> levels = table(TableId.OPS_INTEGRITY)
        .filter(col("trade_date").between(Date.valueOf(from), Date.valueOf(to)))
        .groupBy("symbol", "trade_date")
        .agg(max(when(col("failed").and(col("level").equalTo("error")), lit(ReportCharts.ERROR))
                .when(col("failed"), lit(ReportCharts.WARN)).otherwise(lit(ReportCharts.OK))).as("_level"),
            max(when(col("failed").and(col("check").equalTo("missing_day")), lit(1)).otherwise(lit(0))).as("_missing"))
        // A missing trading day (its files never arrived) shows as no data rather than as a warning.
        .withColumn("level", when(col("_level").equalTo(ReportCharts.ERROR), col("_level"))
            .when(col("_missing").equalTo(1), lit(ReportCharts.MISSING)).otherwise(col("_level")))
        .drop("_level", "_missing");
    List<LocalDate> days = levels.select("trade_date").distinct().orderBy("trade_date").collectAsList().stream()
        .map(r -> r.getDate(0).toLocalDate()).toList();
    List<Row> worst = levels.groupBy("symbol").agg(sum(
            when(col("level").notEqual(ReportCharts.OK), lit(1)).otherwise(lit(0))).as("bad"))
        .orderBy(col("bad").desc(), col("symbol")).limit(RunReport.MAX_HEATMAP_SYMBOLS).collectAsList();
    List<String> symbols = worst.stream().map(r -> r.getString(0)).sorted().toList();
    long allSymbols = levels.select("symbol").distinct().count();
    int[][] grid = new int[symbols.size()][days.size()];
    for (int[] row : grid) {
      Arrays.fill(row, ReportCharts.MISSING);
    }
    Map<String, Integer> si = new HashMap<>();
    for (int i = 0; i < symbols.size(); i++) {
      si.put(symbols.get(i), i);
    }
    Map<LocalDate, Integer> di = new HashMap<>();
    for (int i = 0; i < days.size(); i++) {
      di.put(days.get(i), i);
    }
    for (Row r : levels.filter(col("symbol").isin(symbols.toArray())).collectAsList()) {
      grid[si.get(r.getString(0))][di.get(r.getDate(1).toLocalDate())] = r.getInt(2);
    }
    return new QualityGrid(true, symbols, days, grid, allSymbols);
  }

  private Dataset<Row> table(TableId id) {
    return spark.read().format("delta").load(lake.path(id));
  }

  private void requireTable(TableId id) {
    if (!lake.exists(id)) {
      throw new IllegalArgumentException(id.zone() + "." + id.table() + " does not exist under " + lake.root()
          + ": run ./l2lake backtest first");
    }
  }
}

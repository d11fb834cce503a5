package io.l2lake.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;

import io.l2lake.lake.Lake;
import io.l2lake.lake.TableId;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.imageio.ImageIO;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code l2lake report --run RUN_ID}: an HTML page with PNG charts for one backtest run.
 *
 * <p>Everything is aggregated by Spark in the lake and only chart-sized results reach the driver: the
 * run's daily equity, a handful of trades with their minute bars, one symbol's daily score maxima, the
 * event study's sixteen offsets per label and one level per symbol-day for the heat map (at most
 * {@link #MAX_HEATMAP_SYMBOLS} symbols, the worst first). The symbol shown in detail is the one with
 * the most strategy trades in the run unless {@code --symbol} names one. The pre-gap event study is the
 * lake's most recent one. Files go to {@code <out>/index.html} and {@code <out>/*.png}; {@code <out>}
 * may be any Hadoop path (local, HDFS, S3).
 */
public final class RunReport {
  /** Trades drawn in the trade panel: the best and the worst by net PnL, half each. */
  public static final int TRADES_SHOWN = 6;
  /** Minute bars shown before the entry and after the exit of a trade. */
  public static final int CONTEXT_BARS = 30;
  /** Rows of the heat map; with more symbols, those with the most failed days are shown. */
  public static final int MAX_HEATMAP_SYMBOLS = 160;
  /** Trades listed in the page's table. */
  public static final int TRADES_LISTED = 100;

  /** Times on the charts are US/Eastern, as the market's. */
  static final java.time.ZoneId EASTERN = java.time.ZoneId.of("America/New_York");

  private static final String[] SCORES = {"absorption_score", "creep_score", "darkpool_score", "sinkhole_score",
      "contraction_score", "composite"};
  private static final String[] METRICS = {"trade_count", "total_return", "cagr", "sharpe", "sortino",
      "max_drawdown", "win_rate", "profit_factor", "average_hold_bars", "exposure", "turnover", "net_pnl",
      "total_costs"};

  /** What was written. */
  public record Result(String runId, String symbol, String index, List<String> charts) {}

  private RunReport() {}

  /** The most recent backtest run id in the lake. */
  public static String latestRun(SparkSession spark, Lake lake) {
    requireTable(lake, TableId.GOLD_BACKTEST_RUNS);
    List<Row> r = table(spark, lake, TableId.GOLD_BACKTEST_RUNS).orderBy(col("created_at").desc()).select("run_id")
        .limit(1).collectAsList();
    if (r.isEmpty()) {
      throw new IllegalArgumentException("no backtest run in " + lake.path(TableId.GOLD_BACKTEST_RUNS));
    }
    return r.get(0).getString(0);
  }

  /** Builds the report of {@code runId} into {@code outDir}. */
  public static Result write(SparkSession spark, Lake lake, String runId, String symbolOrNull, String outDir)
      throws IOException {
    for (TableId t : List.of(TableId.GOLD_BACKTEST_RUNS, TableId.GOLD_BACKTEST_TRADES, TableId.GOLD_BACKTEST_EQUITY,
        TableId.GOLD_SIGNALS_1M)) {
      requireTable(lake, t);
    }
    Dataset<Row> runs = table(spark, lake, TableId.GOLD_BACKTEST_RUNS).filter(col("run_id").equalTo(runId));
    List<Row> runRows = runs.orderBy(col("entries").desc()).collectAsList();
    if (runRows.isEmpty()) {
      throw new IllegalArgumentException("no backtest run '" + runId + "' in "
          + lake.path(TableId.GOLD_BACKTEST_RUNS) + " (./l2lake sql \"SELECT run_id, entries, created_at FROM "
          + "delta.`" + lake.path(TableId.GOLD_BACKTEST_RUNS) + "`\" lists them)");
    }
    LocalDate from = runRows.get(0).<java.sql.Date>getAs("from_date").toLocalDate();
    LocalDate to = runRows.get(0).<java.sql.Date>getAs("to_date").toLocalDate();
    Dataset<Row> trades = table(spark, lake, TableId.GOLD_BACKTEST_TRADES).filter(col("run_id").equalTo(runId));
    String symbol = symbolOrNull != null ? symbolOrNull : busiestSymbol(trades);

    Map<String, BufferedImage> charts = new LinkedHashMap<>();
    charts.put("equity.png", equityChart(spark, lake, runId));
    if (symbol != null) {
      charts.put("trades.png", tradesChart(spark, lake, runId, symbol, trades));
      charts.put("signals.png", signalsChart(spark, lake, symbol, from, to, trades, trigger(runRows.get(0))));
    }
    charts.put("pregap.png", eventStudyChart(spark, lake));
    charts.put("quality.png", qualityChart(spark, lake, from, to));

    FileSystem fs = new Path(outDir).getFileSystem(spark.sparkContext().hadoopConfiguration());
    List<String> written = new ArrayList<>();
    for (Map.Entry<String, BufferedImage> e : charts.entrySet()) {
      Path p = new Path(outDir, e.getKey());
      try (OutputStream o = fs.create(p, true)) {
        ImageIO.write(e.getValue(), "png", o);
      }
      written.add(p.toString());
    }
    String html = html(spark, runId, symbol, from, to, runRows, runs, trades, charts.keySet());
    Path index = new Path(outDir, "index.html");
    try (OutputStream o = fs.create(index, true)) {
      o.write(html.getBytes(StandardCharsets.UTF_8));
    }
    return new Result(runId, symbol, index.toString(), written);
  }

  private static String busiestSymbol(Dataset<Row> trades) {
    List<Row> r = trades.filter(col("entries").equalTo("signal")).groupBy("symbol").count()
        .orderBy(col("count").desc(), col("symbol")).limit(1).collectAsList();
    return r.isEmpty() ? null : r.get(0).getString(0);
  }

  /** The run's equity and drawdown chart, one line per entry mode. */
  public static BufferedImage equityChart(SparkSession spark, Lake lake, String runId) {
    List<Row> rows = table(spark, lake, TableId.GOLD_BACKTEST_EQUITY).filter(col("run_id").equalTo(runId))
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
    return ReportCharts.equity("Backtest " + runId + ": equity and drawdown", days, series);
  }

  static BufferedImage tradesChart(SparkSession spark, Lake lake, String runId, String symbol,
      Dataset<Row> trades) {
    Dataset<Row> mine = trades.filter(col("entries").equalTo("signal").and(col("symbol").equalTo(symbol)));
    List<Row> picked = new ArrayList<>(mine.orderBy(col("pnl").desc()).limit(TRADES_SHOWN / 2).collectAsList());
    for (Row r : mine.orderBy(col("pnl").asc()).limit(TRADES_SHOWN / 2).collectAsList()) {
      if (picked.stream().noneMatch(p -> p.<String>getAs("position_id").equals(r.getAs("position_id")))) {
        picked.add(r);
      }
    }
    picked.sort((a, b) -> a.<Timestamp>getAs("entry_ts").compareTo(b.getAs("entry_ts")));
    // Minutes with a trade only: a quiet minute has no close, and the line joins the traded ones.
    Dataset<Row> bars = table(spark, lake, TableId.GOLD_SIGNALS_1M).filter(col("symbol").equalTo(symbol)
        .and(col("regular")).and(col("close").isNotNull()));
    // The stops in force of the drawn positions, in one query.
    List<Row> stopRows = !lake.exists(TableId.GOLD_STOPS) || picked.isEmpty() ? List.of()
        : table(spark, lake, TableId.GOLD_STOPS).filter(col("run_id").equalTo(runId)
            .and(col("entries").equalTo("signal")).and(col("symbol").equalTo(symbol))
            .and(col("position_id").isin(picked.stream().map(p -> p.getAs("position_id")).toArray()))
            .and(col("active_stop").isNotNull()))
        .select("position_id", "bar_ts", "active_stop").collectAsList();
    List<ReportCharts.TradeWindow> windows = new ArrayList<>();
    for (Row t : picked) {
      Timestamp entry = t.getAs("entry_ts");
      Timestamp exit = t.getAs("exit_ts");
      LocalDate d0 = t.<java.sql.Date>getAs("entry_date").toLocalDate();
      LocalDate d1 = t.<java.sql.Date>getAs("exit_date").toLocalDate();
      Dataset<Row> dayBars = bars.filter(col("trade_date").between(java.sql.Date.valueOf(d0),
          java.sql.Date.valueOf(d1)));
      // The trade's days (at most the maximum hold, a few thousand minutes) in one query, then the
      // context before the fill and after the exit cut from them.
      List<Row> days = dayBars.orderBy("bar_ts").select("bar_ts", "close").collectAsList();
      int firstIn = 0;
      while (firstIn < days.size() && days.get(firstIn).getTimestamp(0).before(entry)) {
        firstIn++;
      }
      int afterLast = firstIn;
      while (afterLast < days.size() && !days.get(afterLast).getTimestamp(0).after(exit)) {
        afterLast++;
      }
      List<Row> window = days.subList(Math.max(0, firstIn - CONTEXT_BARS),
          Math.min(days.size(), afterLast + CONTEXT_BARS / 2));
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
      java.time.format.DateTimeFormatter f = java.time.format.DateTimeFormatter.ofPattern("MM-dd HH:mm")
          .withZone(EASTERN);
      for (int i = 0; i < n; i++) {
        Timestamp ts = window.get(i).getTimestamp(0);
        labels[i] = f.format(ts.toInstant());
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
    return ReportCharts.trades("Trades of " + symbol + ", best and worst by net PnL (times US/Eastern)", windows);
  }

  /** The run's signal trigger (strategy.signals.trigger among its recorded parameters). */
  static double trigger(Row run) {
    java.util.Map<String, String> params = run.getJavaMap(run.fieldIndex("parameters"));
    String v = params.get(io.l2lake.config.Strategy.TRIGGER.key());
    return v == null ? Double.parseDouble(io.l2lake.config.Strategy.TRIGGER.defaultValue())
        : Double.parseDouble(v);
  }

  static BufferedImage signalsChart(SparkSession spark, Lake lake, String symbol, LocalDate from, LocalDate to,
      Dataset<Row> trades, double trigger) {
    List<org.apache.spark.sql.Column> aggs = new ArrayList<>();
    for (String s : SCORES) {
      aggs.add(max(s).as(s));
    }
    List<Row> rows = table(spark, lake, TableId.GOLD_SIGNALS_1M).filter(col("symbol").equalTo(symbol)
            .and(col("trade_date").between(java.sql.Date.valueOf(from), java.sql.Date.valueOf(to))))
        .groupBy("trade_date").agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(org.apache.spark.sql.Column[]::new))
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
    for (Row r : trades.filter(col("entries").equalTo("signal").and(col("symbol").equalTo(symbol)))
        .select("entry_date").distinct().collectAsList()) {
      int i = days.indexOf(r.getDate(0).toLocalDate());
      if (i >= 0) {
        entryDays.add(i);
      }
    }
    return ReportCharts.signals("Signal scores of " + symbol + ", " + from + " to " + to, days, series, entryDays,
        trigger);
  }

  static BufferedImage eventStudyChart(SparkSession spark, Lake lake) {
    if (!lake.exists(TableId.GOLD_PREGAP_EVENT_STUDY)) {
      return ReportCharts.eventStudy("Pre-gap event study", List.of());
    }
    Dataset<Row> es = table(spark, lake, TableId.GOLD_PREGAP_EVENT_STUDY);
    List<Row> latest = es.orderBy(col("run_id").desc(), col("study")).select("study").limit(1).collectAsList();
    if (latest.isEmpty()) {
      return ReportCharts.eventStudy("Pre-gap event study", List.of());
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
    return ReportCharts.eventStudy("Pre-gap event study: " + study, paths);
  }

  static BufferedImage qualityChart(SparkSession spark, Lake lake, LocalDate from, LocalDate to) {
    String title = "Data quality by symbol and day, " + from + " to " + to;
    if (!lake.exists(TableId.OPS_INTEGRITY)) {
      return ReportCharts.qualityHeatmap(title + " (no integrity checks: run ./l2lake check)", List.of(),
          List.of(), new int[0][0]);
    }
    Dataset<Row> levels = table(spark, lake, TableId.OPS_INTEGRITY)
        .filter(col("trade_date").between(java.sql.Date.valueOf(from), java.sql.Date.valueOf(to)))
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
    List<Row> worst = levels.groupBy("symbol").agg(org.apache.spark.sql.functions.sum(
            when(col("level").notEqual(ReportCharts.OK), lit(1)).otherwise(lit(0))).as("bad"))
        .orderBy(col("bad").desc(), col("symbol")).limit(MAX_HEATMAP_SYMBOLS).collectAsList();
    List<String> symbols = worst.stream().map(r -> r.getString(0)).sorted().toList();
    long allSymbols = levels.select("symbol").distinct().count();
    int[][] grid = new int[symbols.size()][days.size()];
    for (int[] row : grid) {
      java.util.Arrays.fill(row, ReportCharts.MISSING);
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
    if (allSymbols > symbols.size()) {
      title += " (" + symbols.size() + " of " + allSymbols + " symbols, most failed days)";
    }
    return ReportCharts.qualityHeatmap(title, symbols, days, grid);
  }

  private static String html(SparkSession spark, String runId, String symbol, LocalDate from, LocalDate to,
      List<Row> runRows, Dataset<Row> runs, Dataset<Row> trades, Iterable<String> charts) {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>l2lake backtest ")
        .append(esc(runId)).append("</title>\n<style>body{font-family:sans-serif;margin:24px;max-width:1100px}"
            + "table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #ccc;padding:3px 8px;"
            + "text-align:right;font-size:13px}th{background:#f3f3f3}td.l,th.l{text-align:left}"
            + "img{max-width:100%;border:1px solid #ddd;margin:6px 0 18px}</style></head><body>\n");
    h.append("<h1>Backtest ").append(esc(runId)).append("</h1>\n<p>Entries from ").append(from).append(" to ")
        .append(to).append(", code version ")
        .append(esc(String.valueOf((Object) runRows.get(0).getAs("code_version"))))
        .append(". The random-entry control takes the same number of entries at random times with the same "
            + "sizing, stops and costs; the strategy's value is the difference.</p>\n");
    h.append("<h2>Metrics</h2>\n<table><tr><th class=\"l\">metric</th>");
    runRows.forEach(r -> h.append("<th>").append(esc(r.getString(r.fieldIndex("entries")))).append(" entries</th>"));
    h.append("</tr>\n");
    for (String m : METRICS) {
      h.append("<tr><td class=\"l\">").append(m).append("</td>");
      for (Row r : runRows) {
        h.append("<td>").append(format(r.get(r.fieldIndex(m)))).append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n");
    for (String attribution : List.of("attribution_by_exit", "attribution_by_signal")) {
      h.append("<h3>").append(attribution.replace('_', ' ')).append("</h3>\n<table><tr><th class=\"l\">entries</th>"
          + "<th class=\"l\">key</th><th>trades</th><th>net PnL ($)</th></tr>\n");
      for (Row r : runs.select(col("entries"), explode(col(attribution))).orderBy("entries", "key").collectAsList()) {
        Row v = r.getStruct(2);
        h.append("<tr><td class=\"l\">").append(esc(r.getString(0))).append("</td><td class=\"l\">")
            .append(esc(String.valueOf(r.get(1)))).append("</td><td>").append(format(v.get(0))).append("</td><td>")
            .append(format(v.get(1))).append("</td></tr>\n");
      }
      h.append("</table>\n");
    }
    String[] captions = {"Equity at each day's close for the strategy and its random-entry control, and each one's "
        + "drawdown from its running peak.",
        "Trades of " + symbol + ": minute closes around each trade, the stop in force bar by bar (dashed), the entry "
            + "fill (green) and the exit fill (red).",
        "Daily maximum of the five accumulation scores and the composite for " + symbol
            + "; dashed lines mark days with an entry; the grey line is the signals' trigger.",
        "Event study of the lake's latest pre-gap study: mean return to the close of D-1 and mean volume ratio, "
            + "from D-10 to D+5.",
        "Integrity checks by symbol and day over the run's range; an error makes a symbol-day unusable for the "
            + "later stages."};
    h.append("<h2>Charts</h2>\n");
    for (String c : charts) {
      String caption = switch (c) {
        case "equity.png" -> captions[0];
        case "trades.png" -> captions[1];
        case "signals.png" -> captions[2];
        case "pregap.png" -> captions[3];
        default -> captions[4];
      };
      h.append("<p>").append(esc(caption)).append("</p>\n<img src=\"").append(c).append("\" alt=\"")
          .append(esc(caption)).append("\">\n");
    }
    List<Row> list = trades.filter(col("entries").equalTo("signal")).orderBy("entry_ts")
        .select(col("symbol"), date_format(col("entry_ts"), "yyyy-MM-dd HH:mm").as("entry"),
            date_format(col("exit_ts"), "yyyy-MM-dd HH:mm").as("exit"), col("entry_signal"), col("exit_reason"),
            col("shares"), col("entry_price"), col("exit_price"), col("costs"), col("pnl"), col("return"))
        .limit(TRADES_LISTED).collectAsList();
    long total = trades.filter(col("entries").equalTo("signal")).count();
    h.append("<h2>Strategy trades</h2>\n<p>").append(list.size()).append(" of ").append(total)
        .append(" trades, in entry order.</p>\n<table><tr><th class=\"l\">symbol</th><th class=\"l\">entry</th>"
            + "<th class=\"l\">exit</th><th class=\"l\">signal</th><th class=\"l\">exit reason</th><th>shares</th>"
            + "<th>entry $</th><th>exit $</th><th>costs $</th><th>PnL $</th><th>return</th></tr>\n");
    for (Row r : list) {
      h.append("<tr>");
      for (int i = 0; i < r.length(); i++) {
        h.append(i < 5 ? "<td class=\"l\">" : "<td>").append(i < 5 ? esc(String.valueOf(r.get(i))) : format(r.get(i)))
            .append("</td>");
      }
      h.append("</tr>\n");
    }
    h.append("</table>\n</body></html>\n");
    return h.toString();
  }

  static String format(Object v) {
    if (v == null) {
      return "-";
    }
    if (v instanceof Double d) {
      return Double.isNaN(d) ? "-" : Math.abs(d) >= 1000 ? String.format("%,.2f", d) : String.format("%.4f", d);
    }
    return esc(v.toString());
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }

  private static Dataset<Row> table(SparkSession spark, Lake lake, TableId id) {
    return spark.read().format("delta").load(lake.path(id));
  }

  private static void requireTable(Lake lake, TableId id) {
    if (!lake.exists(id)) {
      throw new IllegalArgumentException(id.zone() + "." + id.table() + " does not exist under " + lake.root()
          + ": run ./l2lake backtest first");
    }
  }
}

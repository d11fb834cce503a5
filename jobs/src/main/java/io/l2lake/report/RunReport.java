package io.l2lake.report;

import io.l2lake.lake.Lake;
import io.l2lake.report.RunReportModel.QualityGrid;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * {@code l2lake report --run RUN_ID}: an HTML page with PNG charts for one backtest run.
 *
 * <p>Three steps, one class each: {@link RunReportReader} reads the lake into a {@link RunReportModel},
 * {@link ReportCharts} draws its charts and {@link RunReportPage} writes the page; this class names the
 * charts and writes the files. The symbol shown in detail is the one with the most strategy trades in the
 * run unless {@code --symbol} names one. The pre-gap event study is the lake's most recent one. Files go to
 * {@code <out>/index.html} and {@code <out>/*.png}; {@code <out>} may be any Hadoop path (local, HDFS, S3).
 *
 * <p>Cost: that of {@link RunReportReader}; drawing and writing take well under a second.
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

  /** What was written. */
  public record Result(String runId, String symbol, String index, List<String> charts) {}

  private RunReport() {}

  /** The most recent backtest run id in the lake. */
  public static String latestRun(SparkSession spark, Lake lake) {
    return new RunReportReader(spark, lake).latestRun();
  }

  /** Builds the report of {@code runId} into {@code outDir}. */
  public static Result write(SparkSession spark, Lake lake, String runId, String symbolOrNull, String outDir)
      throws IOException {
    RunReportModel model = new RunReportReader(spark, lake).read(runId, symbolOrNull);
    Path dir = new Path(outDir);
    return write(model, dir.getFileSystem(spark.sparkContext().hadoopConfiguration()), dir);
  }

  /** Writes the charts and the page of {@code model} into {@code dir} of {@code fs}. */
  public static Result write(RunReportModel model, FileSystem fs, Path dir) throws IOException {
    Map<String, BufferedImage> charts = charts(model);
    List<String> written = new ArrayList<>();
    for (Map.Entry<String, BufferedImage> e : charts.entrySet()) {
      Path p = new Path(dir, e.getKey());
      try (OutputStream o = fs.create(p, true)) {
        ImageIO.write(e.getValue(), "png", o);
      }
      written.add(p.toString());
    }
    String html = RunReportPage.render(model, List.copyOf(charts.keySet()));
    Path index = new Path(dir, "index.html");
    try (OutputStream o = fs.create(index, true)) {
      o.write(html.getBytes(StandardCharsets.UTF_8));
    }
    return new Result(model.runId(), model.symbol(), index.toString(), written);
  }

  /**
   * The charts of the report by file name, in the page's order (trades and signals only with a symbol, the
   * matched draws only with the control, the gaps only where the range had any).
   */
  static Map<String, BufferedImage> charts(RunReportModel m) {
    Map<String, BufferedImage> charts = new LinkedHashMap<>();
    charts.put("equity.png", equityChart(m.runId(), m.equity()));
    if (m.luck() != null) {
      charts.put("luck.png", ReportCharts.luck("Skill or luck: the strategy against matched random entries",
          m.luck()));
    }
    if (!m.gaps().isEmpty()) {
      charts.put("gaps.png", ReportCharts.gaps("The gaps: held at the open, exited before, or never entered",
          m.gaps(), m.oracle()));
    }
    if (m.symbol() != null) {
      charts.put("trades.png", ReportCharts.trades("Trades of " + m.symbol()
          + ", best and worst by net PnL (times US/Eastern)", m.tradeWindows()));
      charts.put("signals.png", ReportCharts.signals("Signal scores of " + m.symbol() + ", " + m.from() + " to "
          + m.to(), m.signals().days(), m.signals().dailyMax(), m.signals().entryDays(), m.signals().trigger()));
    }
    charts.put("pregap.png", m.eventStudy().study() == null
        ? ReportCharts.eventStudy("Pre-gap event study", List.of())
        : ReportCharts.eventStudy("Pre-gap event study: " + m.eventStudy().study(), m.eventStudy().paths()));
    charts.put("quality.png", qualityChart(m));
    return charts;
  }

  /** The run's equity and drawdown chart, one line per entry mode. */
  public static BufferedImage equityChart(SparkSession spark, Lake lake, String runId) {
    return equityChart(runId, new RunReportReader(spark, lake).equity(runId));
  }

  private static BufferedImage equityChart(String runId, RunReportModel.EquityCurves e) {
    return ReportCharts.equity("Backtest " + runId + ": equity and drawdown", e.days(), e.byMode());
  }

  private static BufferedImage qualityChart(RunReportModel m) {
    QualityGrid q = m.quality();
    String title = "Data quality by symbol and day, " + m.from() + " to " + m.to();
    if (!q.checked()) {
      return ReportCharts.qualityHeatmap(title + " (no integrity checks: run ./l2lake check)", List.of(),
          List.of(), new int[0][0]);
    }
    if (q.allSymbols() > q.symbols().size()) {
      title += " (" + q.symbols().size() + " of " + q.allSymbols() + " symbols, most failed days)";
    }
    return ReportCharts.qualityHeatmap(title, q.symbols(), q.days(), q.level());
  }
}

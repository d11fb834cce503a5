package io.l2lake.evaluation;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

/**
 * The known-gapper study's outputs: the rows of {@code gold.gapper_study} (AUC lines and event-study points) and
 * {@code gold.gapper_events} (the matched sets), the Markdown of {@code docs/gapper-study.md} and a PNG of the
 * event study (gappers against controls, day by day before the gap).
 */
public final class GapperReport {
  private GapperReport() {}

  /** {@code gold.gapper_study}: one row per AUC line or event-study point of a study. */
  public static final StructType STUDY = new StructType()
      .add("study", DataTypes.StringType, false)
      .add("run_id", DataTypes.StringType, false)
      .add("input", DataTypes.StringType, false)
      .add("measure", DataTypes.StringType, false)
      .add("threshold", DataTypes.DoubleType, true)
      .add("score", DataTypes.StringType, false)
      .add("window", DataTypes.StringType, true)
      .add("role", DataTypes.StringType, true)
      .add("day_offset", DataTypes.IntegerType, true)
      .add("value", DataTypes.DoubleType, true)
      .add("ci_low", DataTypes.DoubleType, true)
      .add("ci_high", DataTypes.DoubleType, true)
      .add("gain", DataTypes.DoubleType, true)
      .add("gain_low", DataTypes.DoubleType, true)
      .add("gain_high", DataTypes.DoubleType, true)
      .add("gappers", DataTypes.LongType, false)
      .add("controls", DataTypes.LongType, false)
      .add("without_score", DataTypes.IntegerType, false)
      .add("resamples", DataTypes.IntegerType, false)
      .add("created_at", DataTypes.TimestampType, false);

  /** {@code gold.gapper_events}: the matched sets of a study. */
  public static final StructType EVENTS = new StructType()
      .add("study", DataTypes.StringType, false)
      .add("run_id", DataTypes.StringType, false)
      .add("set_id", DataTypes.StringType, false)
      .add("role", DataTypes.StringType, false)
      .add("symbol", DataTypes.StringType, false)
      .add("gap_date", DataTypes.DateType, false)
      .add("lead_from", DataTypes.DateType, false)
      .add("gap", DataTypes.DoubleType, false)
      .add("price", DataTypes.DoubleType, false)
      .add("volatility", DataTypes.DoubleType, false)
      .add("dollar_volume", DataTypes.DoubleType, false)
      .add("price_decile", DataTypes.IntegerType, false)
      .add("vol_decile", DataTypes.IntegerType, false)
      .add("dv_decile", DataTypes.IntegerType, false)
      .add("match_distance", DataTypes.IntegerType, false);

  public static Dataset<Row> studyRows(SparkSession spark, String study, String runId, String input,
      GapperStudy.Result r) {
    Timestamp now = new Timestamp(System.currentTimeMillis());
    List<Row> rows = new ArrayList<>();
    for (GapperStudy.Measure m : r.measures()) {
      rows.add(RowFactory.create(study, runId, input, "auc", m.threshold(), m.score(), m.window(), null, null,
          finite(m.auc().estimate()), finite(m.auc().low()), finite(m.auc().high()), finite(m.gain().value()),
          finite(m.gain().low()), finite(m.gain().high()), m.auc().positives(), m.auc().negatives(),
          m.withoutScore(), r.resamples(), now));
    }
    for (GapperStudy.EventPoint p : r.eventStudy()) {
      boolean gapper = p.role().equals("gapper");
      rows.add(RowFactory.create(study, runId, input, "event_study", null, p.score(), null, p.role(), p.offset(),
          finite(p.mean()), finite(p.low()), finite(p.high()), null, null, null, gapper ? (long) p.events() : 0L,
          gapper ? 0L : (long) p.events(), 0, r.resamples(), now));
    }
    return spark.createDataFrame(rows, STUDY);
  }

  public static Dataset<Row> eventRows(SparkSession spark, String study, String runId,
      List<GapperEvents.Event> events) {
    List<Row> rows = new ArrayList<>();
    for (GapperEvents.Event e : events) {
      rows.add(RowFactory.create(study, runId, e.setId(), e.role(), e.symbol(), java.sql.Date.valueOf(e.gapDate()),
          java.sql.Date.valueOf(e.leadFrom()), e.gap(), e.price(), e.volatility(), e.dollarVolume(), e.priceDecile(),
          e.volDecile(), e.dvDecile(), e.distance()));
    }
    return spark.createDataFrame(rows, EVENTS);
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static String interval(double v, double lo, double hi, String format) {
    if (!Double.isFinite(v)) {
      return "-";
    }
    String f = format + " [" + format + ", " + format + "]";
    return Double.isFinite(lo) ? String.format(Locale.ROOT, f, v, lo, hi) : String.format(Locale.ROOT, format, v);
  }

  /** Markdown: the matched sets, then per threshold the AUC and gain tables, then the event study of three scores. */
  public static String markdown(String input, GapperStudy.Result r, List<String> chartScores) {
    StringBuilder b = new StringBuilder();
    b.append("Input: ").append(input).append(". Matched sets: ").append(GapperEvents.describe(r.events()))
        .append("; ").append(r.scoredDays()).append(" event-days with scores; ").append(r.resamples())
        .append(" bootstrap resamples of the sets.\n\n");
    List<Double> thresholds = r.measures().stream().map(GapperStudy.Measure::threshold).distinct().toList();
    for (double g : thresholds) {
      List<GapperStudy.Measure> ms = r.measures().stream().filter(m -> m.threshold() == g).toList();
      List<GapperEvents.Event> sets = GapperStudy.inSets(r.events(), g);
      long gappers = sets.stream().filter(GapperEvents.Event::gapper).count();
      long controls = sets.size() - gappers;
      b.append(String.format(Locale.ROOT, "### Up-gaps of %d%% or more (%d gappers, %d controls; an event without"
          + " scores in a window is left out of it)%n%n", Math.round(100 * g), gappers, controls));
      b.append("| score |");
      GapperStudy.WINDOWS.keySet().forEach(w -> b.append(" AUC ").append(w).append(" |"));
      GapperStudy.WINDOWS.keySet().forEach(w -> b.append(" gain over baseline ").append(w).append(" |"));
      b.append("\n|---|");
      GapperStudy.WINDOWS.keySet().forEach(w -> b.append("---|---|"));
      b.append('\n');
      for (String score : SignalScores.scoreNames()) {
        b.append("| ").append(score).append(" |");
        for (String w : GapperStudy.WINDOWS.keySet()) {
          GapperStudy.Measure m = find(ms, score, w);
          b.append(' ').append(m == null ? "-" : interval(m.auc().estimate(), m.auc().low(), m.auc().high(), "%.3f"))
              .append(" |");
        }
        for (String w : GapperStudy.WINDOWS.keySet()) {
          GapperStudy.Measure m = find(ms, score, w);
          b.append(' ').append(m == null ? "-" : interval(m.gain().value(), m.gain().low(), m.gain().high(), "%+.3f"))
              .append(m != null && m.gain().above0() ? " **adds**" : "").append(" |");
        }
        b.append('\n');
      }
      b.append('\n');
    }
    b.append("Event study: mean score by trading day from the gap day D (D itself reads the gap day), gappers / "
        + "controls, with 95% intervals (1.96 standard errors).\n\n| day |");
    chartScores.forEach(s -> b.append(' ').append(s).append(" gappers | ").append(s).append(" controls |"));
    b.append("\n|---|");
    chartScores.forEach(s -> b.append("---|---|"));
    b.append('\n');
    List<Integer> offsets = r.eventStudy().stream().map(GapperStudy.EventPoint::offset).distinct().sorted().toList();
    for (int off : offsets) {
      b.append("| D").append(off == 0 ? "" : String.valueOf(off)).append(" |");
      for (String s : chartScores) {
        for (String role : List.of("gapper", "control")) {
          GapperStudy.EventPoint p = r.eventStudy().stream().filter(x -> x.score().equals(s) && x.role().equals(role)
              && x.offset() == off).findFirst().orElse(null);
          b.append(' ').append(p == null ? "-" : interval(p.mean(), p.low(), p.high(), "%.3f")).append(" |");
        }
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static GapperStudy.Measure find(List<GapperStudy.Measure> ms, String score, String window) {
    return ms.stream().filter(m -> m.score().equals(score) && m.window().equals(window)).findFirst().orElse(null);
  }

  /** A PNG: one panel per score, mean by day from the gap with 95% intervals, gappers against controls. */
  public static void eventChart(GapperStudy.Result r, List<String> scores, Path png) throws IOException {
    CombinedDomainXYPlot combined = new CombinedDomainXYPlot(new NumberAxis("trading days from the gap day D"));
    for (String score : scores) {
      XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
      for (String role : List.of("gapper", "control")) {
        XYIntervalSeries s = new XYIntervalSeries(score + ", " + role + "s");
        for (GapperStudy.EventPoint p : r.eventStudy()) {
          if (p.score().equals(score) && p.role().equals(role) && Double.isFinite(p.mean())) {
            double lo = Double.isFinite(p.low()) ? p.low() : p.mean();
            double hi = Double.isFinite(p.high()) ? p.high() : p.mean();
            s.add(p.offset(), p.offset(), p.offset(), p.mean(), lo, hi);
          }
        }
        data.addSeries(s);
      }
      XYErrorRenderer renderer = new XYErrorRenderer();
      renderer.setDrawXError(false);
      renderer.setDefaultLinesVisible(true);
      renderer.setDefaultShapesVisible(true);
      renderer.setSeriesPaint(0, new Color(200, 60, 40));
      renderer.setSeriesPaint(1, new Color(60, 90, 160));
      renderer.setSeriesStroke(1, new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 1f,
          new float[] {5f, 4f}, 0f));
      NumberAxis y = new NumberAxis(score);
      y.setAutoRangeIncludesZero(false);
      XYPlot plot = new XYPlot(data, null, y, renderer);
      plot.setBackgroundPaint(Color.WHITE);
      plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
      combined.add(plot);
    }
    JFreeChart chart = new JFreeChart("Known gappers against matched controls, before the gap",
        JFreeChart.DEFAULT_TITLE_FONT, combined, true);
    chart.setBackgroundPaint(Color.WHITE);
    Files.createDirectories(png.toAbsolutePath().getParent());
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 260 * Math.max(1, scores.size()));
  }
}

package io.l2lake.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYErrorRenderer;
import org.jfree.data.xy.XYIntervalSeries;
import org.jfree.data.xy.XYIntervalSeriesCollection;

/**
 * The evaluation's outputs from its {@link SignalEvaluation.Measure}s: the rows of {@code gold.signal_eval}, a JSON
 * document, the markdown tables of {@code docs/signals.md} and a PNG of detection (AUC with its interval) against
 * the buyer's strength, one series per seed set and feed mode.
 */
public final class SignalEvalReport {
  private SignalEvalReport() {}

  /** {@code gold.signal_eval}. */
  public static final StructType SCHEMA = new StructType()
      .add("evaluation_id", DataTypes.StringType, false)
      .add("seed_set", DataTypes.StringType, false)
      .add("feeds", DataTypes.StringType, false)
      .add("strength", DataTypes.DoubleType, true)
      .add("measure", DataTypes.StringType, false)
      .add("score", DataTypes.StringType, false)
      .add("value", DataTypes.DoubleType, true)
      .add("ci_low", DataTypes.DoubleType, true)
      .add("ci_high", DataTypes.DoubleType, true)
      .add("positives", DataTypes.LongType, false)
      .add("negatives", DataTypes.LongType, false)
      .add("clusters", DataTypes.IntegerType, false)
      .add("resamples", DataTypes.IntegerType, false)
      .add("created_at", DataTypes.TimestampType, false);

  /** The table rows of {@code measures}. */
  public static Dataset<Row> rows(SparkSession spark, String evaluationId, List<SignalEvaluation.Measure> measures,
      int resamples) {
    Timestamp now = new Timestamp(System.currentTimeMillis());
    List<Row> rows = new ArrayList<>();
    for (SignalEvaluation.Measure m : measures) {
      RocAuc.Interval v = m.value();
      rows.add(RowFactory.create(evaluationId, m.seedSet(), m.feeds(), m.strength(), m.measure(), m.score(),
          finite(v.estimate()), finite(v.low()), finite(v.high()), v.positives(), v.negatives(), v.clusters(),
          resamples, now));
    }
    return spark.createDataFrame(rows, SCHEMA);
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** The measures as one JSON document (an array of objects, NaN as null). */
  public static String json(String evaluationId, List<SignalEvaluation.Measure> measures) {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("evaluation_id", evaluationId);
    ArrayNode list = root.putArray("measures");
    for (SignalEvaluation.Measure m : measures) {
      ObjectNode o = list.addObject();
      o.put("seed_set", m.seedSet());
      o.put("feeds", m.feeds());
      if (m.strength() == null) {
        o.putNull("strength");
      } else {
        o.put("strength", m.strength());
      }
      o.put("measure", m.measure());
      o.put("score", m.score());
      number(o, "value", m.value().estimate());
      number(o, "ci_low", m.value().low());
      number(o, "ci_high", m.value().high());
      o.put("positives", m.value().positives());
      o.put("negatives", m.value().negatives());
      o.put("clusters", m.value().clusters());
    }
    try {
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void number(ObjectNode o, String key, double v) {
    if (Double.isFinite(v)) {
      o.put(key, v);
    } else {
      o.putNull(key);
    }
  }

  /** "0.812 [0.760, 0.861]", or "-" for a figure that could not be computed. */
  static String cell(RocAuc.Interval v, boolean percent) {
    if (!Double.isFinite(v.estimate())) {
      return "-";
    }
    if (percent) {
      return String.format(Locale.ROOT, "%.2f%% [%.2f, %.2f]", 100 * v.estimate(), 100 * v.low(), 100 * v.high());
    }
    return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", v.estimate(), v.low(), v.high());
  }

  /**
   * Markdown: per seed set and feed mode, the AUC of every score (all strengths, then each strength), the
   * false-fire rate of every signal, and the tracker's READY figures.
   */
  public static String markdown(List<SignalEvaluation.Measure> measures) {
    StringBuilder b = new StringBuilder();
    Map<String, List<SignalEvaluation.Measure>> byMarket = new LinkedHashMap<>();
    for (SignalEvaluation.Measure m : measures) {
      byMarket.computeIfAbsent(m.seedSet() + " | " + m.feeds(), k -> new ArrayList<>()).add(m);
    }
    for (Map.Entry<String, List<SignalEvaluation.Measure>> e : byMarket.entrySet()) {
      List<SignalEvaluation.Measure> ms = e.getValue();
      String[] parts = e.getKey().split(" \\| ");
      b.append("### Seeds ").append(parts[0]).append(", feeds: ").append(parts[1]).append("\n\n");
      TreeSet<Double> strengths = new TreeSet<>();
      ms.stream().map(SignalEvaluation.Measure::strength).filter(Objects::nonNull).forEach(strengths::add);
      b.append("| score | all strengths | without the seller's days |");
      strengths.forEach(s -> b.append(String.format(Locale.ROOT, " strength %.2f |", s)));
      b.append("\n|---|---|---|");
      strengths.forEach(s -> b.append("---|"));
      b.append("\n");
      for (String score : SignalScores.scoreNames()) {
        b.append("| ").append(score).append(" | ").append(find(ms, "auc", score, null)).append(" | ")
            .append(find(ms, "auc_seller_free", score, null)).append(" |");
        for (Double s : strengths) {
          b.append(' ').append(find(ms, "auc", score, s)).append(" |");
        }
        b.append("\n");
      }
      b.append("\nROC AUC of buyer days against days without a buyer, 95% interval by resampling symbols; the"
          + " second column leaves the hidden seller's days out of the days without a buyer.\n\n");
      b.append("| signal | fires on minutes without a buyer |\n|---|---|\n");
      for (SignalEvaluation.Measure m : ms) {
        if (m.measure().equals("false_fire_rate")) {
          b.append("| ").append(m.score()).append(" | ").append(cell(m.value(), true)).append(" |\n");
        }
      }
      b.append("\n| tracker | value [95% interval] | n |\n|---|---|---|\n");
      row(b, ms, "ready_before_gap", "READY at least a day before a gap after an episode", true, null);
      for (Double s : strengths) {
        row(b, ms, "ready_before_gap", String.format(Locale.ROOT, "... after an episode at strength %.2f", s), true, s);
      }
      row(b, ms, "ready_lead_days", "lead of the first READY day, trading days", false, null);
      row(b, ms, "ready_rate_negative", "READY on days without a buyer", true, null);
      row(b, ms, "ready_rate_outside", "... outside every buyer's episode (its resting days left out)", true, null);
      row(b, ms, "ready_precision", String.format(Locale.ROOT, "P(gap | READY) at a %.0f%% base rate",
          100 * SignalEvaluation.BASE_RATE), true, null);
      b.append('\n');
    }
    return b.toString();
  }

  private static void row(StringBuilder b, List<SignalEvaluation.Measure> ms, String measure, String label,
      boolean percent, Double strength) {
    for (SignalEvaluation.Measure m : ms) {
      if (m.measure().equals(measure) && Objects.equals(m.strength(), strength)) {
        b.append("| ").append(label).append(" | ").append(cell(m.value(), percent)).append(" | ")
            .append(m.value().positives()).append(" / ").append(m.value().negatives()).append(" |\n");
      }
    }
  }

  private static String find(List<SignalEvaluation.Measure> ms, String measure, String score, Double strength) {
    return ms.stream().filter(m -> m.measure().equals(measure) && m.score().equals(score)
            && Objects.equals(m.strength(), strength)).findFirst().map(m -> cell(m.value(), false)).orElse("-");
  }

  /** A PNG of {@code score}'s AUC against strength, with its intervals, one series per seed set and feed mode. */
  public static void detectionChart(List<SignalEvaluation.Measure> measures, String score, Path png)
      throws IOException {
    XYIntervalSeriesCollection data = new XYIntervalSeriesCollection();
    Map<String, XYIntervalSeries> series = new LinkedHashMap<>();
    for (SignalEvaluation.Measure m : measures) {
      if (m.measure().equals("auc") && m.score().equals(score) && m.strength() != null
          && Double.isFinite(m.value().estimate())) {
        XYIntervalSeries s = series.computeIfAbsent("seeds " + m.seedSet() + ", " + m.feeds(),
            XYIntervalSeries::new);
        double x = m.strength();
        s.add(x, x, x, m.value().estimate(), m.value().low(), m.value().high());
      }
    }
    series.values().forEach(data::addSeries);
    NumberAxis x = new NumberAxis("buyer's participation rate");
    NumberAxis y = new NumberAxis("ROC AUC, " + score + " (95% interval)");
    y.setRange(0.3, 1.0);
    XYErrorRenderer renderer = new XYErrorRenderer();
    renderer.setDrawXError(false);
    renderer.setDefaultLinesVisible(true);
    renderer.setDefaultShapesVisible(true);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
    plot.addRangeMarker(new ValueMarker(0.5, Color.GRAY, new BasicStroke(1f, BasicStroke.CAP_BUTT,
        BasicStroke.JOIN_MITER, 1f, new float[] {4f, 4f}, 0f)));
    JFreeChart chart = new JFreeChart("Detection against the buyer's strength", JFreeChart.DEFAULT_TITLE_FONT,
        plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    Files.createDirectories(png.toAbsolutePath().getParent());
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 540);
  }
}

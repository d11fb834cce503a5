package io.l2lake.evaluation;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;

import io.l2lake.calendar.ExchangeCalendar;
import io.l2lake.lake.Schemas;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The known-gapper study's figures: do the detectors score gappers above their matched controls before the gap?
 *
 * <p>Scores per symbol-day are those of {@link SignalScores#daily}: each signal's mean score over the regular
 * session, the mean composite, the tracker's day score and its decayed 5- and 10-day scores. For each event
 * (gapper or control) and window W of trading days before D (D-1; D-3..D-1; D-5..D-1) the event's value is the
 * mean over the days of W that have scores (an event with none is left out of that window and counted).
 *
 * <ul>
 *   <li><b>AUC</b> per gap threshold, score and window: gappers (positives) against controls, with a 95%
 *   percentile interval from {@code resamples} bootstrap draws of the matched sets ({@link RocAuc}). A threshold
 *   above the smallest keeps the sets whose gapper gapped at least that much.</li>
 *   <li><b>Gain over the baseline</b>: the AUC of a logistic model on the baseline (ln volatility, ln price,
 *   ln dollar volume) plus the score, minus that of the baseline alone, both scored out of fold: the sets are
 *   split into 5 folds by a hash of the set; each fold is scored by models fitted on the other four. The 95%
 *   interval resamples the sets with the two out-of-fold scores paired. A score adds to the baseline only where
 *   the interval lies above 0.</li>
 *   <li><b>Event study</b>: per score, role and trading-day offset from D (-lead .. 0, D itself included and
 *   labelled: its scores read the gap day), the mean with a normal 95% interval (1.96 standard errors).</li>
 * </ul>
 *
 * <p>Cost: one join of the events with the daily scores (events x lead days rows), collected; the rest runs on
 * the driver over those few thousand rows.
 */
public final class GapperStudy {
  private GapperStudy() {}

  /** The windows, as {@code name -> number of days before D}. */
  public static final Map<String, Integer> WINDOWS = windows();

  static final int FOLDS = 5;

  private static Map<String, Integer> windows() {
    Map<String, Integer> m = new LinkedHashMap<>();
    m.put("D-1", 1);
    m.put("D-3..D-1", 3);
    m.put("D-5..D-1", 5);
    return java.util.Collections.unmodifiableMap(m);
  }

  /** A gain with its 95% interval. */
  public record Gain(double value, double low, double high) {
    public boolean above0() {
      return low > 0;
    }
  }

  /** One AUC line: threshold, score, window, the AUC with its interval, the gain over the baseline, events left out. */
  public record Measure(double threshold, String score, String window, RocAuc.Interval auc, Gain gain,
      int withoutScore) {}

  /** One event-study point. */
  public record EventPoint(String score, String role, int offset, double mean, double low, double high, int events) {}

  /** The whole study. */
  public record Result(List<GapperEvents.Event> events, List<Measure> measures, List<EventPoint> eventStudy,
      long scoredDays, int resamples) {}

  /** Per event row and offset: the daily scores, collected. */
  static Map<String, Map<Integer, double[]>> scoresByEvent(SparkSession spark, List<GapperEvents.Event> events,
      Dataset<Row> daily, List<String> scoreNames) {
    Map<String, Map<Integer, double[]>> out = new HashMap<>();
    if (events.isEmpty()) {
      return out;
    }
    LocalDate first = events.stream().map(GapperEvents.Event::leadFrom).min(LocalDate::compareTo).orElseThrow();
    LocalDate last = events.stream().map(GapperEvents.Event::gapDate).max(LocalDate::compareTo).orElseThrow();
    List<LocalDate> days = ExchangeCalendar.tradingDays(first, last);
    Map<LocalDate, Integer> index = new HashMap<>();
    for (int i = 0; i < days.size(); i++) {
      index.put(days.get(i), i);
    }
    StructType schema = Schemas.struct(
        Schemas.field("_key", DataTypes.StringType, false, "event key"),
        Schemas.field(Schemas.SYMBOL, DataTypes.StringType, false, "ticker"),
        Schemas.field("_from", DataTypes.DateType, false, "lead start"),
        Schemas.field("_to", DataTypes.DateType, false, "gap day"));
    List<Row> rows = new ArrayList<>();
    for (GapperEvents.Event e : events) {
      rows.add(RowFactory.create(key(e), e.symbol(), java.sql.Date.valueOf(e.leadFrom()),
          java.sql.Date.valueOf(e.gapDate())));
    }
    Dataset<Row> ev = spark.createDataFrame(rows, schema);
    List<org.apache.spark.sql.Column> cols = new ArrayList<>(List.of(col("e._key"), col("e._to"),
        col("d." + Schemas.TRADE_DATE)));
    scoreNames.forEach(n -> cols.add(col("d." + n).cast("double")));
    Dataset<Row> joined = broadcast(ev).as("e").join(daily.as("d"), col("d." + Schemas.SYMBOL)
            .equalTo(col("e." + Schemas.SYMBOL)).and(col("d." + Schemas.TRADE_DATE).between(col("e._from"),
                col("e._to"))))
        .select(cols.toArray(org.apache.spark.sql.Column[]::new));
    for (Row r : joined.collectAsList()) {
      Integer day = index.get(r.getDate(2).toLocalDate());
      Integer gap = index.get(r.getDate(1).toLocalDate());
      if (day == null || gap == null) {
        continue; // a day off the exchange calendar (a bar on a holiday) has no offset
      }
      double[] v = new double[scoreNames.size()];
      for (int i = 0; i < v.length; i++) {
        v[i] = r.isNullAt(3 + i) ? Double.NaN : r.getDouble(3 + i);
      }
      out.computeIfAbsent(r.getString(0), k -> new HashMap<>()).put(day - gap, v);
    }
    return out;
  }

  static String key(GapperEvents.Event e) {
    return e.setId() + "|" + e.role() + "|" + e.symbol();
  }

  /** The study over the events and the lake's daily scores. */
  public static Result run(SparkSession spark, List<GapperEvents.Event> events, Dataset<Row> daily,
      List<Double> thresholds, int leadDays, int resamples, long seed) {
    List<String> names = SignalScores.scoreNames();
    Map<String, Map<Integer, double[]>> byEvent = scoresByEvent(spark, events, daily, names);
    long scoredDays = byEvent.values().stream().mapToLong(Map::size).sum();
    List<Measure> measures = new ArrayList<>();
    List<Double> sorted = thresholds.stream().sorted().toList();
    for (double g : sorted) {
      List<GapperEvents.Event> sets = inSets(events, g);
      for (int s = 0; s < names.size(); s++) {
        for (Map.Entry<String, Integer> w : WINDOWS.entrySet()) {
          measures.add(measure(g, names.get(s), w.getKey(), sets, byEvent, s, w.getValue(), resamples, seed));
        }
      }
    }
    List<EventPoint> study = new ArrayList<>();
    for (int s = 0; s < names.size(); s++) {
      for (String role : List.of("gapper", "control")) {
        for (int off = -leadDays; off <= 0; off++) {
          List<Double> v = new ArrayList<>();
          for (GapperEvents.Event e : events) {
            if (!e.role().equals(role)) {
              continue;
            }
            double[] x = byEvent.getOrDefault(key(e), Map.of()).get(off);
            if (x != null && Double.isFinite(x[s])) {
              v.add(x[s]);
            }
          }
          study.add(point(names.get(s), role, off, v));
        }
      }
    }
    return new Result(events, measures, study, scoredDays, resamples);
  }

  /** The matched sets whose gapper gapped at least {@code g}: the gapper and its controls. */
  public static List<GapperEvents.Event> inSets(List<GapperEvents.Event> events, double g) {
    Map<String, Boolean> keep = new HashMap<>();
    events.stream().filter(GapperEvents.Event::gapper).forEach(e -> keep.put(e.setId(), e.gap() >= g - 1e-9));
    return events.stream().filter(e -> keep.getOrDefault(e.setId(), false)).toList();
  }

  private static EventPoint point(String score, String role, int offset, List<Double> v) {
    int n = v.size();
    double mean = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    double var = 0;
    for (double x : v) {
      var += (x - mean) * (x - mean);
    }
    double se = n > 1 ? Math.sqrt(var / (n - 1) / n) : Double.NaN;
    return new EventPoint(score, role, offset, mean, mean - 1.96 * se, mean + 1.96 * se, n);
  }

  private static Measure measure(double g, String score, String window, List<GapperEvents.Event> sets,
      Map<String, Map<Integer, double[]>> byEvent, int s, int days, int resamples, long seed) {
    List<double[]> baseline = new ArrayList<>();
    List<Double> values = new ArrayList<>();
    List<Boolean> positive = new ArrayList<>();
    List<String> clusters = new ArrayList<>();
    int without = 0;
    for (GapperEvents.Event e : sets) {
      Map<Integer, double[]> m = byEvent.getOrDefault(key(e), Map.of());
      double sum = 0;
      int n = 0;
      for (int off = -days; off <= -1; off++) {
        double[] x = m.get(off);
        if (x != null && Double.isFinite(x[s])) {
          sum += x[s];
          n++;
        }
      }
      if (n == 0) {
        without++;
        continue;
      }
      values.add(sum / n);
      positive.add(e.gapper());
      clusters.add(e.setId());
      baseline.add(new double[] {Math.log(Math.max(e.volatility(), 1e-9)), Math.log(Math.max(e.price(), 1e-9)),
          Math.log1p(Math.max(e.dollarVolume(), 0))});
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    boolean[] y = new boolean[positive.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = positive.get(i);
    }
    String[] c = clusters.toArray(String[]::new);
    RocAuc.Interval auc = RocAuc.bootstrap(v, y, c, resamples, seed);
    Gain gain = gain(baseline.toArray(double[][]::new), v, y, c, resamples, seed);
    return new Measure(g, score, window, auc, gain, without);
  }

  /** The out-of-fold AUC gain of baseline + score over the baseline, with its paired set-bootstrap interval. */
  static Gain gain(double[][] baseline, double[] score, boolean[] y, String[] cluster, int resamples, long seed) {
    int n = score.length;
    if (n == 0) {
      return new Gain(Double.NaN, Double.NaN, Double.NaN);
    }
    double[][] base = standardise(baseline);
    double[][] full = new double[n][];
    double[][] z = standardise(Arrays.stream(score).mapToObj(x -> new double[] {x}).toArray(double[][]::new));
    for (int i = 0; i < n; i++) {
      full[i] = new double[] {base[i][0], base[i][1], base[i][2], z[i][0]};
    }
    double[] baseScore = new double[n];
    double[] fullScore = new double[n];
    for (int f = 0; f < FOLDS; f++) {
      double[] w = new double[n];
      for (int i = 0; i < n; i++) {
        w[i] = fold(cluster[i]) == f ? 0 : 1;
      }
      double[] bb = SmallLogistic.fit(base, y, w);
      double[] bf = SmallLogistic.fit(full, y, w);
      for (int i = 0; i < n; i++) {
        if (w[i] == 0) {
          baseScore[i] = SmallLogistic.score(bb, base[i]);
          fullScore[i] = SmallLogistic.score(bf, full[i]);
        }
      }
    }
    // Each score is sorted once; a replicate only reweights the rows.
    Integer[] fullOrder = RocAuc.order(fullScore);
    Integer[] baseOrder = RocAuc.order(baseScore);
    double[] ones = new double[n];
    Arrays.fill(ones, 1);
    double value = RocAuc.weighted(fullOrder, fullScore, y, ones) - RocAuc.weighted(baseOrder, baseScore, y, ones);
    int[] of = RocAuc.clusterIndex(cluster);
    int k = Arrays.stream(of).max().orElse(-1) + 1;
    SplittableRandom r = new SplittableRandom(seed ^ 0x5DEECE66DL);
    double[] stats = new double[resamples];
    int got = 0;
    for (int b = 0; b < resamples * 3 && got < resamples; b++) {
      int[] drawn = new int[k];
      for (int j = 0; j < k; j++) {
        drawn[r.nextInt(k)]++;
      }
      double[] w = new double[n];
      for (int i = 0; i < n; i++) {
        w[i] = drawn[of[i]];
      }
      double d = RocAuc.weighted(fullOrder, fullScore, y, w) - RocAuc.weighted(baseOrder, baseScore, y, w);
      if (Double.isFinite(d)) {
        stats[got++] = d;
      }
    }
    if (!Double.isFinite(value) || got < resamples) {
      return new Gain(value, Double.NaN, Double.NaN);
    }
    double[] lowHigh = RocAuc.percentiles(stats);
    return new Gain(value, lowHigh[0], lowHigh[1]);
  }

  static int fold(String cluster) {
    return Math.floorMod(cluster.hashCode() * 0x9E3779B1, FOLDS);
  }

  /** Columns standardised to mean 0 and standard deviation 1 (a constant column becomes 0). */
  static double[][] standardise(double[][] x) {
    int n = x.length;
    int p = n == 0 ? 0 : x[0].length;
    double[][] out = new double[n][p];
    for (int j = 0; j < p; j++) {
      double mean = 0;
      for (double[] row : x) {
        mean += row[j] / n;
      }
      double var = 0;
      for (double[] row : x) {
        var += (row[j] - mean) * (row[j] - mean);
      }
      double sd = n > 1 ? Math.sqrt(var / (n - 1)) : 0;
      for (int i = 0; i < n; i++) {
        out[i][j] = sd > 0 ? (x[i][j] - mean) / sd : 0;
      }
    }
    return out;
  }
}

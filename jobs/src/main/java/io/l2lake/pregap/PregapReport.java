package io.l2lake.pregap;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.l2lake.lake.Schemas;
import io.l2lake.lake.Timed;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pre-gap report: for every (feature, label) how well the feature, known at the close of D-1,
 * ranks the gap days D.
 *
 * <p>The analysed rows are the symbol-days with all labels (a previous bar within
 * {@code maxGapDays}) and a complete volatility window; each feature is measured on the analysed rows
 * where it is not null.
 * <ul>
 *   <li><b>Event rate by decile</b> of the feature (exact rank deciles, {@link RankStats}), the base rate
 *       (events / rows) and the <b>top-decile lift</b> = event rate of decile 10 / base rate.
 *   <li><b>AUC</b>: rank-based (Mann-Whitney, average ranks for ties) probability that an event day
 *       scores higher than a non-event day. Below 0.5: the feature ranks the other way.
 *   <li><b>AUC within volatility deciles</b>: the rows are cut into deciles of the realised volatility
 *       {@code rvol_L} (percentile_approx boundaries over the analysed rows,
 *       {@link RankStats#approxDeciles}); the pooled within-decile AUC = sum_d U_d / sum_d P_d N0_d is the probability that
 *       an event scores higher than a non-event <i>of the same volatility decile</i>, i.e. the
 *       per-decile AUCs weighted by their (event, non-event) pairs. 0.5 means the feature adds nothing
 *       that volatility does not already explain at that resolution. The per-decile AUCs are kept too.
 *   <li><b>Out-of-sample gain over volatility</b>: two logistic regressions fitted on the rows before the
 *       split date and scored on the rows from it on: on x1 = the scaled ln(rvol) alone and on x1 plus
 *       the scaled feature x2 ({@link Logistic}). Scaling, from the training rows only: the feature's
 *       {@link GapFeatures.Scale}, winsorised at its 1% and 99% training quantiles, then standardised
 *       with the training mean and standard deviation. Reported: the test AUCs of both and the gain
 *       (feature model - volatility model). Only a positive gain is evidence that the feature carries
 *       pre-gap information beyond "volatile stocks gap". For {@code rvol_L} itself only the volatility
 *       model exists.
 * </ul>
 * Without a split date the test period starts on the 1 January whose later years hold the share of
 * the analysed rows closest to {@code testShare}.
 *
 * <p>Cost: the analysed rows are cached; the long table (one row per analysed row and feature) is
 * ranked twice (per feature, per feature and volatility decile), the training rows pass once per
 * Newton iteration (about 10), and the test rows are ranked once per feature for the volatility model
 * (its score b1 x1 ranks as x1 or in reverse, so its AUC is x1's or 1 minus it) and once per (feature,
 * label) for the feature model. Only aggregated sums and the report's few hundred numbers come to the
 * driver.
 */
public final class PregapReport {
  private PregapReport() {}

  private static final Logger LOG = LoggerFactory.getLogger(PregapReport.class);

  static final String FEATURE = "feature";
  static final String VALUE = "value";
  static final String VOL_DECILE = "vol_decile";
  static final String TRAIN = "train";
  static final String TARGET = "target";
  /** percentile_approx accuracy of the volatility deciles: rank error about 1 / 100,000 of the rows. */
  static final int VOL_DECILE_ACCURACY = 100_000;

  /** One report line: a feature against a label. Arrays are by decile 1..10; NaN where a decile is empty. */
  public record Line(String feature, String label, long rows, long events, Double auc, Double aucWithinVol,
      double[] aucByVolDecile, double[] rateByDecile, long[] rowsByDecile, Double topDecileRate, Double lift,
      long trainRows, long trainEvents, long testRows, long testEvents, double[] coefVol, double[] coefVolFeature,
      Double oosAucVol, Double oosAucVolFeature, Double oosGain, boolean converged) {
    public double baseRate() {
      return rows == 0 ? Double.NaN : events / (double) rows;
    }
  }

  /**
   * The whole report: the split date (null when there was no out-of-sample period), the analysed and
   * excluded row counts and the lines (features in catalogue order, labels in label order).
   */
  public record Report(LocalDate splitDate, long rows, long analysedRows, long withoutLabel,
      long withoutVolatility, long trainRows, long testRows, List<Line> lines, String note) {}

  public static final StructType SCHEMA = Schemas.struct(
      Schemas.field("study", StringType, false, "input and date range the study ran on"),
      Schemas.field("from_date", DateType, true, "first analysed day (null: from the first bar)"),
      Schemas.field("to_date", DateType, true, "last analysed day (null: to the last bar)"),
      Schemas.field("split_date", DateType, true, "first day of the out-of-sample period"),
      Schemas.field(FEATURE, StringType, false, "feature (data to the close of D-1)"),
      Schemas.field(RankStats.LABEL, StringType, false, "gap label of D"),
      Schemas.field("rows", LongType, false, "analysed symbol-days with the feature"),
      Schemas.field("events", LongType, false, "of which gap days"),
      Schemas.field("base_rate", DoubleType, true, "events / rows"),
      Schemas.field("auc", DoubleType, true, "ROC AUC of the feature (Mann-Whitney, ties count one half)"),
      Schemas.field("auc_within_vol", DoubleType, true,
          "pooled AUC within volatility deciles: sum U_d / sum events_d x non-events_d"),
      Schemas.field("auc_by_vol_decile", DataTypes.createArrayType(DoubleType, true), false,
          "AUC within each volatility decile 1..10 (null: no events or no non-events)"),
      Schemas.field("event_rate_by_decile", DataTypes.createArrayType(DoubleType, true), false,
          "event rate in feature deciles 1..10 (null: empty decile)"),
      Schemas.field("rows_by_decile", DataTypes.createArrayType(LongType, false), false, "rows in deciles 1..10"),
      Schemas.field("top_decile_rate", DoubleType, true, "event rate in decile 10"),
      Schemas.field("lift", DoubleType, true, "top-decile event rate / base rate"),
      Schemas.field("train_rows", LongType, false, "rows before the split"),
      Schemas.field("train_events", LongType, false, "events before the split"),
      Schemas.field("test_rows", LongType, false, "rows from the split on"),
      Schemas.field("test_events", LongType, false, "events from the split on"),
      Schemas.field("coef_vol", DataTypes.createArrayType(DoubleType, false), true,
          "volatility model (b0, b1) on the scaled ln volatility"),
      Schemas.field("coef_vol_feature", DataTypes.createArrayType(DoubleType, false), true,
          "volatility + feature model (b0, b1, b2) on scaled inputs"),
      Schemas.field("oos_auc_vol", DoubleType, true, "test AUC of the volatility model"),
      Schemas.field("oos_auc_vol_feature", DoubleType, true, "test AUC of the volatility + feature model"),
      Schemas.field("oos_gain", DoubleType, true, "oos_auc_vol_feature - oos_auc_vol"),
      Schemas.field("converged", BooleanType, false, "both logistic fits converged"),
      Schemas.field("run_id", StringType, false, "run that wrote the row"));

  /** The report over {@code pregap} (rows of {@code gold.pregap} for the analysed days; cached by the caller). */
  public static Report compute(Dataset<Row> pregap, PregapParams p) {
    List<String> labels = p.labels();
    String vol = GapFeatures.volatility(p);
    Column labelled = lit(true);
    for (String l : labels) {
      labelled = labelled.and(col(l).isNotNull());
    }
    List<GapFeatures.Feature> catalogue = GapFeatures.catalogue(p);
    List<Column> counts = new ArrayList<>();
    counts.add(count(lit(1)).as("_rows"));
    counts.add(sum(when(not(labelled), 1L).otherwise(0L)).as("_no_label"));
    counts.add(sum(when(labelled.and(col(vol).isNull()), 1L).otherwise(0L)).as("_no_vol"));
    for (GapFeatures.Feature f : catalogue) {
      counts.add(sum(when(labelled.and(col(vol).isNotNull()).and(col(f.name()).isNotNull()), 1L).otherwise(0L))
          .as(f.name()));
    }
    Row c;
    try (Timed t = Timed.step(LOG, "pregap report: counts")) {
      c = pregap.agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new)).first();
    }
    long rows = c.getLong(0);
    long withoutLabel = c.getLong(1);
    long withoutVol = c.getLong(2);
    List<GapFeatures.Feature> present = catalogue.stream().filter(f -> c.getLong(c.fieldIndex(f.name())) > 0)
        .toList();
    Dataset<Row> analysed = pregap.filter(labelled.and(col(vol).isNotNull()));
    long analysedRows = rows - withoutLabel - withoutVol;
    if (analysedRows == 0) {
      return new Report(null, rows, 0, withoutLabel, withoutVol, 0, 0, List.of(),
          "no analysed rows: every symbol-day lacks a previous bar or a complete " + p.longDays() + "-bar history");
    }

    Dataset<Row> withDeciles = RankStats.approxDeciles(analysed, vol, VOL_DECILE, VOL_DECILE_ACCURACY);

    LocalDate split = p.splitDate() != null ? p.splitDate() : autoSplit(analysed, p.testShare());
    String note = "";
    if (split == null) {
      note = "no out-of-sample period: the analysed rows span one year (give --split-date)";
    }
    Column isTrain = split == null ? lit(true) : col(Schemas.TRADE_DATE).lt(lit(split));
    List<Column> kept = new ArrayList<>();
    kept.add(col(Schemas.TRADE_DATE));
    labels.forEach(l -> kept.add(col(l)));
    kept.add(col(vol).as("_vol"));
    kept.add(col(VOL_DECILE));
    kept.add(isTrain.as(TRAIN));
    List<Column> values = new ArrayList<>();
    for (GapFeatures.Feature f : present) {
      values.add(struct(lit(f.name()).as(FEATURE), col(f.name()).cast("double").as(VALUE)));
    }
    kept.add(explode(array(values.toArray(Column[]::new))).as("_f"));
    Dataset<Row> cached = withDeciles.select(kept.toArray(Column[]::new))
        .select(col("*"), col("_f." + FEATURE).as(FEATURE), col("_f." + VALUE).as(VALUE)).drop("_f")
        .filter(col(VALUE).isNotNull())
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Row trainTest;
      try (Timed t = Timed.step(LOG, "pregap report: volatility deciles, long table, split")) {
        trainTest = cached.filter(col(FEATURE).equalTo(vol))
            .agg(sum(when(col(TRAIN), 1L).otherwise(0L)), sum(when(col(TRAIN), 0L).otherwise(1L))).first();
      }
      long trainRows = trainTest.getLong(0);
      long testRows = trainTest.getLong(1);
      if (p.splitDate() != null && (trainRows == 0 || testRows == 0)) {
        throw new IllegalArgumentException("--split-date has value '" + p.splitDate() + "': allowed is a date"
            + " that leaves analysed rows on both sides (" + trainRows + " before, " + testRows + " from it)");
      }
      boolean oos = split != null && trainRows > 0 && testRows > 0;

      Map<String, Row> auc;
      Map<String, Row> deciles;
      try (Timed t = Timed.step(LOG, "pregap report: ranks, AUC and deciles")) {
        Dataset<Row> overall = RankStats.valueTable(cached, List.of(FEATURE), VALUE, labels)
            .persist(StorageLevel.MEMORY_AND_DISK());
        auc = byKey(RankStats.auc(overall, List.of(FEATURE), labels).collectAsList(), FEATURE, RankStats.LABEL);
        deciles = byKey(RankStats.deciles(overall, List.of(FEATURE), labels).collectAsList(), FEATURE,
            RankStats.LABEL, "decile");
        overall.unpersist();
      }
      Map<String, Row> volAuc;
      try (Timed t = Timed.step(LOG, "pregap report: AUC within volatility deciles")) {
        Dataset<Row> withinVol = RankStats.valueTable(cached, List.of(FEATURE, VOL_DECILE), VALUE, labels);
        volAuc = byKey(RankStats.auc(withinVol, List.of(FEATURE, VOL_DECILE), labels).collectAsList(), FEATURE,
            RankStats.LABEL, VOL_DECILE);
      }

      Map<Logistic.Key, Logistic.Fit> fits = Map.of();
      Map<String, Row> testAuc = Map.of();
      Map<String, Row> x1Auc = Map.of();
      if (oos) {
        Dataset<Row> model = modelRows(cached, present, vol, labels).persist(StorageLevel.MEMORY_AND_DISK());
        try {
          try (Timed t = Timed.step(LOG, "pregap report: logistic fits")) {
            fits = Logistic.fit(model.filter(col(TRAIN)), FEATURE, "x1", "x2", labels, Set.of(vol));
          }
          try (Timed t = Timed.step(LOG, "pregap report: out-of-sample AUC")) {
            Dataset<Row> test = model.filter(not(col(TRAIN)));
            // The volatility model's score b1 x1 ranks the rows as x1 does (b1 > 0) or in reverse (b1 < 0), so
            // its AUC is x1's or 1 minus it: one ranking per feature serves every label.
            x1Auc = byKey(RankStats.auc(RankStats.valueTable(test, List.of(FEATURE), "x1", labels), List.of(FEATURE),
                labels).collectAsList(), FEATURE, RankStats.LABEL);
            Dataset<Row> scores = scores(test, fits, labels);
            testAuc = byKey(RankStats.auc(RankStats.valueTable(scores, List.of(FEATURE, TARGET), "score",
                List.of("y")), List.of(FEATURE, TARGET), List.of("y")).collectAsList(), FEATURE, TARGET);
          }
        } finally {
          model.unpersist();
        }
      }

      List<Line> lines = new ArrayList<>();
      for (GapFeatures.Feature f : present) {
        for (String l : labels) {
          lines.add(line(f.name(), l, auc, deciles, volAuc, fits, x1Auc, testAuc, oos));
        }
      }
      return new Report(oos ? split : null, rows, analysedRows, withoutLabel, withoutVol, oos ? trainRows : 0,
          oos ? testRows : 0, List.copyOf(lines), note);
    } finally {
      cached.unpersist();
    }
  }

  private static Line line(String f, String l, Map<String, Row> auc, Map<String, Row> deciles,
      Map<String, Row> volAuc, Map<Logistic.Key, Logistic.Fit> fits, Map<String, Row> x1Auc,
      Map<String, Row> testAuc, boolean oos) {
    Row a = auc.get(key(f, l));
    long rows = a.getLong(a.fieldIndex("rows"));
    long events = a.getLong(a.fieldIndex("events"));
    double[] rate = new double[10];
    long[] decileRows = new long[10];
    for (int d = 1; d <= 10; d++) {
      Row r = deciles.get(key(f, l, d));
      decileRows[d - 1] = r == null ? 0 : r.getLong(r.fieldIndex("rows"));
      rate[d - 1] = r == null ? Double.NaN : r.getDouble(r.fieldIndex("rate"));
    }
    double base = rows == 0 ? Double.NaN : events / (double) rows;
    Double top = Double.isNaN(rate[9]) ? null : rate[9];
    Double lift = top == null || events == 0 ? null : top / base;
    double[] byVol = new double[10];
    double u = 0;
    double pairs = 0;
    for (int d = 1; d <= 10; d++) {
      Row r = volAuc.get(key(f, l, d));
      byVol[d - 1] = r == null || r.isNullAt(r.fieldIndex("auc")) ? Double.NaN : r.getDouble(r.fieldIndex("auc"));
      if (r != null) {
        u += r.getDouble(r.fieldIndex("u"));
        pairs += r.getDouble(r.fieldIndex("pairs"));
      }
    }
    Logistic.Fit fv = fits.get(new Logistic.Key(f, l, Logistic.Kind.X1));
    Logistic.Fit ff = fits.get(new Logistic.Key(f, l, Logistic.Kind.X1_X2));
    Double aucX1 = oos && fv != null && fv.fitted() ? nullableAuc(x1Auc.get(key(f, l))) : null;
    Double aucVol = aucX1 == null ? null
        : fv.coefficients()[1] > 0 ? aucX1 : fv.coefficients()[1] < 0 ? 1 - aucX1 : 0.5;
    Double aucFull = oos ? nullableAuc(testAuc.get(key(f, l))) : null;
    Row tc = x1Auc.get(key(f, l)); // rows and events of the test rows
    long trainRows = fv == null ? 0 : fv.rows();
    long trainEvents = fv == null ? 0 : fv.events();
    boolean converged = fv != null && fv.converged() && (ff == null || ff.converged());
    return new Line(f, l, rows, events, nullableAuc(a), pairs > 0 ? u / pairs : null, byVol, rate, decileRows,
        top, lift, trainRows, trainEvents, tc == null ? 0 : tc.getLong(tc.fieldIndex("rows")),
        tc == null ? 0 : tc.getLong(tc.fieldIndex("events")),
        fv == null || !fv.fitted() ? null : new double[] {fv.coefficients()[0], fv.coefficients()[1]},
        ff == null || !ff.fitted() ? null : ff.coefficients().clone(), aucVol, aucFull,
        aucVol != null && aucFull != null ? aucFull - aucVol : null, converged);
  }

  private static Double nullableAuc(Row r) {
    return r == null || r.isNullAt(r.fieldIndex("auc")) ? null : r.getDouble(r.fieldIndex("auc"));
  }

  /**
   * The model inputs per (row, feature): x1 = scaled ln(rvol), x2 = the scaled feature (see the class
   * comment), with the train flag and the labels.
   */
  static Dataset<Row> modelRows(Dataset<Row> longRows, List<GapFeatures.Feature> features, String vol,
      List<String> labels) {
    Column scale = null;
    for (GapFeatures.Feature f : features) {
      Column v = col(VALUE);
      Column t = switch (f.scale()) {
        case IDENTITY -> v;
        case LOG -> log(greatest(v, lit(1e-6)));
        case LOG1P -> log1p(greatest(v, lit(-1 + 1e-6)));
      };
      scale = scale == null ? when(col(FEATURE).equalTo(f.name()), t) : scale.when(col(FEATURE).equalTo(f.name()), t);
    }
    Dataset<Row> t = longRows.withColumn("_t", scale)
        .withColumn("_vt", log(greatest(col("_vol"), lit(1e-6))));
    Dataset<Row> train = t.filter(col(TRAIN));
    Dataset<Row> bounds = train.groupBy(FEATURE).agg(
        percentile_approx(col("_t"), array(lit(0.01), lit(0.99)), lit(10_000)).as("_q"));
    Dataset<Row> clamped = train.join(broadcast(bounds), FEATURE)
        .withColumn("_w", least(greatest(col("_t"), col("_q").getItem(0)), col("_q").getItem(1)));
    Dataset<Row> moments = clamped.groupBy(FEATURE).agg(avg(col("_w")).as("_mean"),
        stddev_samp(col("_w")).as("_sd"));
    Dataset<Row> scales = bounds.join(moments, FEATURE);
    Dataset<Row> volScale = scales.filter(col(FEATURE).equalTo(vol))
        .select(col("_q").as("_vq"), col("_mean").as("_vmean"), col("_sd").as("_vsd"));
    Column w = least(greatest(col("_t"), col("_q").getItem(0)), col("_q").getItem(1));
    Column vw = least(greatest(col("_vt"), col("_vq").getItem(0)), col("_vq").getItem(1));
    List<Column> out = new ArrayList<>();
    out.add(col(FEATURE));
    out.add(col(TRAIN));
    labels.forEach(l -> out.add(col(l)));
    out.add(when(col("_vsd").gt(0), vw.minus(col("_vmean")).divide(col("_vsd"))).otherwise(lit(0.0)).as("x1"));
    out.add(when(col("_sd").gt(0), w.minus(col("_mean")).divide(col("_sd"))).otherwise(lit(0.0)).as("x2"));
    return t.join(broadcast(scales), FEATURE).crossJoin(broadcast(volScale)).select(out.toArray(Column[]::new));
  }

  /** Test rows x fitted volatility + feature models: (feature, target (the label), score = b1 x1 + b2 x2, y). */
  static Dataset<Row> scores(Dataset<Row> test, Map<Logistic.Key, Logistic.Fit> fits, List<String> labels) {
    StructType schema = Schemas.struct(
        Schemas.field(FEATURE, StringType, false, "feature"),
        Schemas.field(TARGET, StringType, false, "label"),
        Schemas.field("_b1", DoubleType, false, "x1 coefficient"),
        Schemas.field("_b2", DoubleType, false, "x2 coefficient"));
    List<Row> coef = new ArrayList<>();
    fits.forEach((k, f) -> {
      if (f.fitted() && k.kind() == Logistic.Kind.X1_X2) {
        coef.add(RowFactory.create(k.group(), k.label(), f.coefficients()[1], f.coefficients()[2]));
      }
    });
    Column y = null;
    for (String l : labels) {
      y = y == null ? when(col(TARGET).equalTo(l), col(l)) : y.when(col(TARGET).equalTo(l), col(l));
    }
    Dataset<Row> models = test.sparkSession().createDataFrame(coef, schema);
    return test.join(broadcast(models), FEATURE).select(col(FEATURE), col(TARGET),
        col("_b1").multiply(col("x1")).plus(col("_b2").multiply(col("x2"))).as("score"), y.as("y"));
  }

  /** The 1 January whose later years hold the share of the rows closest to {@code share}; null for one year. */
  static LocalDate autoSplit(Dataset<Row> analysed, double share) {
    Map<Integer, Long> byYear = new TreeMap<>();
    for (Row r : analysed.groupBy(year(col(Schemas.TRADE_DATE)).as("y")).count().collectAsList()) {
      byYear.put(r.getInt(0), r.getLong(1));
    }
    return splitYear(byYear, share);
  }

  /** See {@link #autoSplit}: years after the first only, so both periods have rows. */
  static LocalDate splitYear(Map<Integer, Long> byYear, double share) {
    long total = byYear.values().stream().mapToLong(Long::longValue).sum();
    List<Integer> years = new ArrayList<>(new TreeMap<>(byYear).keySet());
    Integer best = null;
    double bestDistance = Double.POSITIVE_INFINITY;
    long later = 0;
    for (int i = years.size() - 1; i >= 1; i--) {
      later += byYear.get(years.get(i));
      double distance = Math.abs(later / (double) total - share);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = years.get(i);
      }
    }
    return best == null ? null : LocalDate.of(best, 1, 1);
  }

  /** The report as rows of {@link #SCHEMA}. */
  public static List<Row> rows(Report r, String study, LocalDate from, LocalDate to, String runId) {
    List<Row> out = new ArrayList<>();
    for (Line l : r.lines()) {
      out.add(RowFactory.create(study, sqlDate(from), sqlDate(to), sqlDate(r.splitDate()), l.feature(), l.label(),
          l.rows(), l.events(), finite(l.baseRate()), l.auc(), l.aucWithinVol(), boxed(l.aucByVolDecile()),
          boxed(l.rateByDecile()), scala(java.util.Arrays.stream(l.rowsByDecile()).boxed().toList()),
          l.topDecileRate(), l.lift(), l.trainRows(), l.trainEvents(), l.testRows(), l.testEvents(),
          l.coefVol() == null ? null : scala(java.util.Arrays.stream(l.coefVol()).boxed().toList()),
          l.coefVolFeature() == null ? null : scala(java.util.Arrays.stream(l.coefVolFeature()).boxed().toList()),
          l.oosAucVol(), l.oosAucVolFeature(), l.oosGain(), l.converged(), runId));
    }
    return out;
  }

  private static java.sql.Date sqlDate(LocalDate d) {
    return d == null ? null : java.sql.Date.valueOf(d);
  }

  private static Double finite(double d) {
    return Double.isFinite(d) ? d : null;
  }

  private static Object boxed(double[] a) {
    List<Double> l = new ArrayList<>();
    for (double d : a) {
      l.add(Double.isFinite(d) ? d : null);
    }
    return scala(l);
  }

  private static <T> scala.collection.immutable.Seq<T> scala(List<T> l) {
    return scala.jdk.javaapi.CollectionConverters.asScala(l).toList();
  }

  private static String key(Object... parts) {
    StringBuilder b = new StringBuilder();
    for (Object p : parts) {
      b.append(p).append('\u0000');
    }
    return b.toString();
  }

  private static Map<String, Row> byKey(List<Row> rows, String... columns) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : rows) {
      Object[] k = new Object[columns.length];
      for (int i = 0; i < columns.length; i++) {
        k[i] = r.get(r.fieldIndex(columns[i]));
      }
      m.put(key(k), r);
    }
    return m;
  }
}

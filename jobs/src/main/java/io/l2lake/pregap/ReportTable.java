package io.l2lake.pregap;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.l2lake.lake.Schemas;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** {@code gold.pregap_report}: one row per (study, feature, label) of a {@link PregapReport.Report}. */
public final class ReportTable {
  private ReportTable() {}

  private static final String CI = " (95% ticker-bootstrap interval: _lo, _hi)";

  public static final StructType SCHEMA = schema();

  private static StructType schema() {
    List<StructField> f = new ArrayList<>(List.of(
        Schemas.field("study", StringType, false, "input and date range the study ran on"),
        Schemas.field("from_date", DateType, true, "first analysed day (null: from the first bar)"),
        Schemas.field("to_date", DateType, true, "last analysed day (null: to the last bar)"),
        Schemas.field(PregapReport.FEATURE, StringType, false, "feature (data to the close of D-1)"),
        Schemas.field(RankStats.LABEL, StringType, false, "gap label of D"),
        Schemas.field("rows", LongType, false, "analysed symbol-days with the feature (no hygiene flag)"),
        Schemas.field("events", LongType, false, "of which gap days"),
        Schemas.field("base_rate", DoubleType, true, "events / rows"),
        Schemas.field("events_flagged_halt", LongType, false,
            "gap days of the label flagged as suspected halts (left out of the study)"),
        Schemas.field("events_flagged_bad_print", LongType, false,
            "gap days of the label flagged as suspected bad prints (left out of the study)")));
    estimate(f, "auc", "ROC AUC of the feature over all analysed rows (Mann-Whitney, ties one half)");
    f.addAll(List.of(
        Schemas.field("auc_within_vol", DoubleType, true,
            "pooled AUC within volatility deciles: sum U_d / sum events_d x non-events_d"),
        Schemas.field("auc_by_vol_decile", DataTypes.createArrayType(DoubleType, true), false,
            "AUC within each volatility decile 1..10 (null: no events or no non-events)"),
        Schemas.field("event_rate_by_decile", DataTypes.createArrayType(DoubleType, true), false,
            "event rate in feature deciles 1..10 (null: empty decile)"),
        Schemas.field("rows_by_decile", DataTypes.createArrayType(LongType, false), false, "rows in deciles 1..10"),
        Schemas.field("top_decile_rate", DoubleType, true, "event rate in feature decile 10 (all analysed rows)"),
        Schemas.field("lift", DoubleType, true, "top-decile event rate / base rate"),
        Schemas.field("test_blocks", DataTypes.createArrayType(StringType, false), false,
            "rolling-origin test blocks (years); each scored by models fitted on all earlier years"),
        Schemas.field("train_rows", LongType, false, "training rows summed over the blocks' fits"),
        Schemas.field("test_rows", LongType, false, "test rows over the blocks"),
        Schemas.field("test_events", LongType, false, "test events over the blocks"),
        Schemas.field("test_events_by_block", DataTypes.createArrayType(LongType, false), false,
            "test events per block")));
    estimate(f, "oos_auc_base", "test AUC of the baseline model (ln volatility, ln price, ln dollar volume),"
        + " pooled over the blocks");
    estimate(f, "oos_auc_feature", "test AUC of the baseline + feature model, pooled over the blocks");
    estimate(f, "oos_gain", "oos_auc_feature - oos_auc_base (null for a feature of the baseline)");
    f.add(Schemas.field("gain_excludes_zero", BooleanType, true,
        "the gain's 95% interval lies wholly above or below 0"));
    f.add(Schemas.field("gain_claimed", BooleanType, true,
        "the feature adds to the baseline: the gain's interval lies above 0 and its lower end reaches"
            + " strategy.pregap.min-auc-gain"));
    for (String s : List.of("", "_lo", "_hi")) {
      f.add(Schemas.field("oos_gain_by_block" + s, DataTypes.createArrayType(DoubleType, true), false,
          "gain per test block" + (s.isEmpty() ? "" : " (interval " + s.substring(1) + ")")));
    }
    estimate(f, "top_decile_hit_rate", "event rate of the model's top score decile in the test blocks (the feature"
        + " model; the baseline model for a feature of the baseline)");
    estimate(f, "top_decile_net_return", "mean net overnight return (close D-1 to open D, long for up labels and"
        + " short for down labels, less the round-trip spread of the price bucket) of that top decile");
    estimate(f, "rest_net_return", "the same for the other 90% of the test rows");
    estimate(f, "net_return_diff", "top_decile_net_return - rest_net_return");
    estimate(f, "base_top_decile_net_return", "top_decile_net_return of the baseline model (null for a feature of"
        + " the baseline)");
    f.addAll(List.of(
        Schemas.field("tickers", IntegerType, false, "tickers resampled by the bootstrap"),
        Schemas.field("bootstrap_samples", IntegerType, false, "bootstrap resamples"),
        Schemas.field("comparisons", LongType, false, "pooled gains reported in the study (features x labels)"),
        Schemas.field("converged", BooleanType, false, "every logistic fit of the line converged"),
        Schemas.field("run_id", StringType, false, "run that wrote the row")));
    return new StructType(f.toArray(StructField[]::new));
  }

  private static void estimate(List<StructField> f, String name, String comment) {
    f.add(Schemas.field(name, DoubleType, true, comment + CI));
    f.add(Schemas.field(name + "_lo", DoubleType, true, "2.5% bootstrap percentile of " + name));
    f.add(Schemas.field(name + "_hi", DoubleType, true, "97.5% bootstrap percentile of " + name));
  }

  /** The report as rows of {@link #SCHEMA}. */
  public static List<Row> rows(PregapReport.Report r, String study, LocalDate from, LocalDate to, String runId) {
    List<Row> out = new ArrayList<>();
    List<String> blocks = r.blocks().stream().map(RollingOrigin.Block::name).toList();
    for (PregapReport.Line l : r.lines()) {
      List<Object> v = new ArrayList<>();
      v.addAll(Arrays.asList(study, sqlDate(from), sqlDate(to), l.feature(), l.label(), l.rows(), l.events(),
          finite(l.baseRate()), r.flaggedEvents().get(l.label())[0], r.flaggedEvents().get(l.label())[1]));
      add(v, l.auc());
      v.addAll(Arrays.asList(l.aucWithinVol(), boxed(l.aucByVolDecile()), boxed(l.rateByDecile()),
          scala(Arrays.stream(l.rowsByDecile()).boxed().toList()), l.topDecileRate(), l.lift(), scala(blocks),
          l.trainRows(), l.testRows(), l.testEvents(), scala(Arrays.stream(l.testEventsByBlock()).boxed().toList())));
      add(v, l.oosAucBase());
      add(v, l.oosAucFeature());
      add(v, l.oosGain());
      v.add(l.oosGain() == null ? null : l.oosGain().excludesZero());
      v.add(l.oosGain() == null ? null : r.claims(l));
      v.add(scala(l.gainByBlock().stream().map(e -> finite(e.value())).toList()));
      v.add(scala(l.gainByBlock().stream().map(TickerBootstrap.Estimate::lo).toList()));
      v.add(scala(l.gainByBlock().stream().map(TickerBootstrap.Estimate::hi).toList()));
      add(v, l.topHitRate());
      add(v, l.topNetReturn());
      add(v, l.restNetReturn());
      add(v, l.netReturnDiff());
      add(v, l.baseTopNetReturn());
      v.addAll(Arrays.asList(r.tickers(), r.bootstrapSamples(), r.comparisons(), l.converged(), runId));
      out.add(RowFactory.create(v.toArray()));
    }
    return out;
  }

  private static void add(List<Object> v, TickerBootstrap.Estimate e) {
    v.add(e == null ? null : finite(e.value()));
    v.add(e == null ? null : e.lo());
    v.add(e == null ? null : e.hi());
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

  static String joined(List<String> l) {
    return l.stream().collect(Collectors.joining(","));
  }
}

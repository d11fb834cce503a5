package io.l2lake.pregap;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import io.l2lake.lake.Schemas;
import io.l2lake.lake.Timed;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pre-gap report: for every (feature, label) how well the feature, known at the close of D-1,
 * ranks the gap days D, and whether it adds anything to the baseline, with 95% intervals. This class
 * selects the analysed rows and assembles the parts:
 * <ul>
 *   <li>{@link LabelHygiene}: labelled rows flagged as suspected halts or bad prints are counted per
 *       label and left out of everything below;
 *   <li>{@link FeatureRanking}: event rate by decile, lift, AUC and AUC within volatility deciles over
 *       all analysed rows (a description);
 *   <li>{@link RollingOrigin}: the baseline model (ln volatility, ln price, ln dollar volume) and the
 *       baseline + feature model, fitted before each test block and scored on it; the gain is the test
 *       AUC of the second minus the first, per block and pooled over the blocks;
 *   <li>{@link OvernightValue}: the net-of-spread overnight return of the model's top decile and of
 *       the rest in the test blocks;
 *   <li>{@link TickerBootstrap}: the 95% intervals of the AUC, the gains, the top-decile hit rate and
 *       the returns, by resampling tickers.
 * </ul>
 * The analysed rows: symbol-days with all labels (a previous bar within {@code maxGapDays}), a complete
 * volatility window and no hygiene flag; each feature is measured where it is not null.
 *
 * <p>Cost: see the parts; the analysed rows and the long table (analysed rows x features) are cached.
 * What reaches the driver is small by design: per (feature, label) a few dozen numbers, per (feature,
 * label, decile) a few, and per (feature, label, block, model, ticker) six sums (about 7 features x 4
 * labels x 3 blocks x 2 models x 331 tickers = 56,000 rows of parts).
 */
public final class PregapReport {
  private PregapReport() {}

  private static final Logger LOG = LoggerFactory.getLogger(PregapReport.class);

  static final String FEATURE = "feature";
  static final String VALUE = "value";
  static final String VOL_DECILE = "vol_decile";
  static final String VOL = "_vol";
  static final String PRICE = "_price";
  static final String DOLLAR_VOLUME = "_dv";
  static final String GAP = "_gap";
  static final String YEAR = "_year";
  /** percentile_approx accuracy of the volatility deciles: rank error about 1 / 100,000 of the rows. */
  static final int VOL_DECILE_ACCURACY = 100_000;

  /**
   * One report line: a feature against a label. Arrays by decile 1..10 (NaN where a decile is empty)
   * or by test block. Estimates carry their 95% ticker-bootstrap interval.
   */
  public record Line(String feature, String label, long rows, long events, TickerBootstrap.Estimate auc,
      Double aucWithinVol, double[] aucByVolDecile, double[] rateByDecile, long[] rowsByDecile, Double topDecileRate,
      Double lift, long trainRows, long testRows, long testEvents, long[] testEventsByBlock,
      TickerBootstrap.Estimate oosAucBase, TickerBootstrap.Estimate oosAucFeature, TickerBootstrap.Estimate oosGain,
      List<TickerBootstrap.Estimate> gainByBlock, TickerBootstrap.Estimate topHitRate,
      TickerBootstrap.Estimate topNetReturn, TickerBootstrap.Estimate restNetReturn,
      TickerBootstrap.Estimate netReturnDiff, TickerBootstrap.Estimate baseTopNetReturn, boolean converged) {
    public double baseRate() {
      return rows == 0 ? Double.NaN : events / (double) rows;
    }

    /** true for the features of the baseline (only the baseline model, no gain). */
    public boolean inBaseline() {
      return oosGain == null;
    }
  }

  /**
   * The whole report: row counts (all, analysed, without a label, without a volatility, flagged),
   * flagged events per label ({halt, bad print}), the test blocks, the tickers and bootstrap resamples,
   * the lines (features in catalogue order, labels in label order) and a note.
   */
  public record Report(long rows, long analysedRows, long withoutLabel, long withoutVolatility, long flaggedRows,
      Map<String, long[]> flaggedEvents, List<RollingOrigin.Block> blocks, int tickers, int bootstrapSamples,
      List<Line> lines, String note, double minAucGain) {
    /**
     * true when the line's pooled gain is claimed: its 95% interval lies above 0 and its lower end reaches
     * {@code minAucGain} (the interval holds the fitted models fixed and does not carry the variance of
     * their fit, so a negligible gain can have a narrow interval).
     */
    public boolean claims(Line l) {
      return l.oosGain() != null && l.oosGain().lo() != null && l.oosGain().lo() > 0 && l.oosGain().lo() >= minAucGain;
    }

    /** The pooled gains reported (one per feature outside the baseline and label): the comparisons made. */
    public long comparisons() {
      return lines.stream().filter(l -> !l.inBaseline()).count();
    }
  }

  /** The report over {@code pregap} (rows of {@code gold.pregap} for the analysed days; cached by the caller). */
  public static Report compute(Dataset<Row> pregap, PregapParams p) {
    List<String> labels = p.labels();
    String vol = GapFeatures.volatility(p);
    String dv = "dollar_volume_" + p.longDays();
    Column labelled = lit(true);
    for (String l : labels) {
      labelled = labelled.and(col(l).isNotNull());
    }
    Column withVol = labelled.and(col(vol).isNotNull()).and(col(dv).isNotNull());
    Column flagged = LabelHygiene.flagged();
    List<GapFeatures.Feature> catalogue = GapFeatures.catalogue(p);
    List<Column> counts = new ArrayList<>();
    counts.add(count(lit(1)).as("_rows"));
    counts.add(sum(when(not(labelled), 1L).otherwise(0L)).as("_no_label"));
    counts.add(sum(when(labelled.and(not(withVol)), 1L).otherwise(0L)).as("_no_vol"));
    counts.add(sum(when(withVol.and(flagged), 1L).otherwise(0L)).as("_flagged"));
    for (String l : labels) {
      Column event = withVol.and(col(l).equalTo(1));
      counts.add(sum(when(event.and(col(LabelHygiene.HALT)), 1L).otherwise(0L)).as("_halt_" + l));
      counts.add(sum(when(event.and(col(LabelHygiene.BAD_PRINT)), 1L).otherwise(0L)).as("_bad_" + l));
    }
    Column analysedRow = withVol.and(not(flagged));
    for (GapFeatures.Feature f : catalogue) {
      counts.add(sum(when(analysedRow.and(col(f.name()).isNotNull()), 1L).otherwise(0L)).as(f.name()));
    }
    Row c;
    try (Timed t = Timed.step(LOG, "pregap report: counts")) {
      c = pregap.agg(counts.get(0), counts.subList(1, counts.size()).toArray(Column[]::new)).first();
    }
    long rows = c.getLong(0);
    long withoutLabel = c.getLong(1);
    long withoutVol = c.getLong(2);
    long flaggedRows = c.getLong(3);
    Map<String, long[]> flaggedEvents = new LinkedHashMap<>();
    for (String l : labels) {
      flaggedEvents.put(l, new long[] {c.getLong(c.fieldIndex("_halt_" + l)), c.getLong(c.fieldIndex("_bad_" + l))});
    }
    List<GapFeatures.Feature> present = catalogue.stream().filter(f -> c.getLong(c.fieldIndex(f.name())) > 0)
        .toList();
    long analysedRows = rows - withoutLabel - withoutVol - flaggedRows;
    if (analysedRows == 0) {
      return new Report(rows, 0, withoutLabel, withoutVol, flaggedRows, flaggedEvents, List.of(), 0,
          p.bootstrapSamples(), List.of(), "no analysed rows: every symbol-day lacks a previous bar, a complete "
              + p.longDays() + "-bar history or is flagged", p.minAucGain());
    }
    Dataset<Row> cached = longTable(pregap.filter(analysedRow), p, present).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<Integer, Long> byYear = new TreeMap<>();
      Set<String> tickerSet = new HashSet<>();
      try (Timed t = Timed.step(LOG, "pregap report: volatility deciles, long table, years and tickers")) {
        for (Row r : cached.filter(col(FEATURE).equalTo(vol)).groupBy(col(YEAR), col(Schemas.SYMBOL)).count()
            .collectAsList()) {
          byYear.merge(r.getInt(0), r.getLong(2), Long::sum);
          tickerSet.add(r.getString(1));
        }
      }
      TickerBootstrap boot = new TickerBootstrap(new ArrayList<>(tickerSet), p.bootstrapSamples(), p.bootstrapSeed());
      FeatureRanking.Ranking ranking;
      try (Timed t = Timed.step(LOG, "pregap report: ranks, AUC, deciles, within volatility deciles")) {
        ranking = FeatureRanking.compute(cached, Schemas.SYMBOL, labels);
      }
      List<RollingOrigin.Block> blocks = RollingOrigin.blocks(byYear.keySet(), p.firstTestYear(), p.testBlockYears());
      String note = blocks.isEmpty() ? "no out-of-sample test: no test block of " + p.testBlockYears()
          + " years from " + p.firstTestYear() + " has analysed years before it and in it" : "";
      Map<Logistic.Key, Logistic.Fit> fits = Map.of();
      List<Row> oosParts = List.of();
      List<Row> valueParts = List.of();
      if (!blocks.isEmpty()) {
        Dataset<Row> model = RollingOrigin.modelRows(cached, present, blocks).persist(StorageLevel.MEMORY_AND_DISK());
        try {
          try (Timed t = Timed.step(LOG, "pregap report: rolling-origin logistic fits")) {
            fits = RollingOrigin.fit(model, labels, vol, Set.of(vol, dv));
          }
          try (Timed t = Timed.step(LOG, "pregap report: test scores, ticker parts, overnight value")) {
            Dataset<Row> scores = RollingOrigin.scores(model, fits, labels, present, blocks, vol)
                .persist(StorageLevel.MEMORY_AND_DISK());
            oosParts = RankStats.tickerParts(scores, List.of(FEATURE, RollingOrigin.BLOCK, RollingOrigin.KIND,
                RollingOrigin.TARGET), Schemas.SYMBOL, "score", List.of("y")).collectAsList();
            valueParts = OvernightValue.parts(scores, p).collectAsList();
            scores.unpersist();
          }
        } finally {
          model.unpersist();
        }
      }
      List<Line> lines = new ArrayList<>();
      Evidence evidence = new Evidence(boot, blocks, ranking, fits, oosParts, valueParts, vol, Set.of(vol, dv));
      for (GapFeatures.Feature f : present) {
        for (String l : labels) {
          lines.add(evidence.line(f.name(), l));
        }
      }
      return new Report(rows, analysedRows, withoutLabel, withoutVol, flaggedRows, flaggedEvents, blocks,
          boot.tickers(), boot.samples(), List.copyOf(lines), note, p.minAucGain());
    } finally {
      cached.unpersist();
    }
  }

  /**
   * The long table of the analysed rows: one row per (row, feature with a value): symbol, trade_date,
   * {@code _year}, the labels, {@code _vol} (rvol_L), {@code _price} (close of D-1), {@code _dv}
   * (dollar_volume_L), {@code _gap} (gap_return), {@code vol_decile}, {@code feature} and {@code value}.
   */
  static Dataset<Row> longTable(Dataset<Row> analysed, PregapParams p, List<GapFeatures.Feature> present) {
    String vol = GapFeatures.volatility(p);
    Dataset<Row> withDeciles = RankStats.approxDeciles(analysed, vol, VOL_DECILE, VOL_DECILE_ACCURACY);
    List<Column> kept = new ArrayList<>();
    kept.add(col(Schemas.SYMBOL));
    kept.add(col(Schemas.TRADE_DATE));
    kept.add(year(col(Schemas.TRADE_DATE)).as(YEAR));
    p.labels().forEach(l -> kept.add(col(l)));
    kept.add(col(vol).as(VOL));
    kept.add(col(GapFeatures.PREV_CLOSE).as(PRICE));
    kept.add(col("dollar_volume_" + p.longDays()).as(DOLLAR_VOLUME));
    kept.add(col(GapFeatures.GAP_RETURN).as(GAP));
    kept.add(col(VOL_DECILE));
    List<Column> values = new ArrayList<>();
    for (GapFeatures.Feature f : present) {
      values.add(struct(lit(f.name()).as(FEATURE), col(f.name()).cast("double").as(VALUE)));
    }
    kept.add(explode(array(values.toArray(Column[]::new))).as("_f"));
    return withDeciles.select(kept.toArray(Column[]::new))
        .select(col("*"), col("_f." + FEATURE).as(FEATURE), col("_f." + VALUE).as(VALUE)).drop("_f")
        .filter(col(VALUE).isNotNull());
  }

  static String key(Object... parts) {
    StringBuilder b = new StringBuilder();
    for (Object p : parts) {
      b.append(p).append('\u0000');
    }
    return b.toString();
  }
}

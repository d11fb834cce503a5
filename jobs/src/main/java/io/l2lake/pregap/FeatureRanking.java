package io.l2lake.pregap;

import static org.apache.spark.sql.functions.col;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

/**
 * How each feature alone ranks the gap days over all analysed rows (in-sample description, no model):
 * <ul>
 *   <li><b>Event rate by decile</b> of the feature (exact rank deciles, {@link RankStats}), the base rate
 *       and the top-decile lift;
 *   <li><b>AUC</b> (Mann-Whitney, ties one half) with the per-ticker parts of its U for the ticker
 *       bootstrap ({@link RankStats#tickerParts});
 *   <li><b>AUC within volatility deciles</b>: the pooled sum_d U_d / sum_d P_d N0_d over the deciles of
 *       {@code rvol_L} (percentile_approx boundaries), the probability that an event outranks a non-event
 *       of the same volatility decile; and the AUC of each decile.
 * </ul>
 * Input: the long table (one row per analysed row and feature: {@code feature}, {@code value},
 * {@code vol_decile}, symbol and the labels). Only aggregates reach the driver: per (feature, label)
 * a few numbers, per (feature, label, decile) and per (feature, label, ticker) a few more.
 *
 * <p>Cost: the long table's distinct values ranked per feature (one window sort), again per (feature,
 * volatility decile), and once more with the tickers for the parts.
 */
final class FeatureRanking {
  private FeatureRanking() {}

  /** The maps are keyed by {@link PregapReport#key}: (feature, label), (feature, label, decile). */
  record Ranking(Map<String, Row> auc, Map<String, Row> deciles, Map<String, Row> volAuc, List<Row> parts) {}

  static Ranking compute(Dataset<Row> longTable, String symbol, List<String> labels) {
    Dataset<Row> overall = RankStats.valueTable(longTable, List.of(PregapReport.FEATURE), PregapReport.VALUE, labels)
        .persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, Row> auc = byKey(RankStats.auc(overall, List.of(PregapReport.FEATURE), labels).collectAsList(),
        PregapReport.FEATURE, RankStats.LABEL);
    Map<String, Row> deciles = byKey(RankStats.deciles(overall, List.of(PregapReport.FEATURE), labels)
        .collectAsList(), PregapReport.FEATURE, RankStats.LABEL, "decile");
    overall.unpersist();
    Dataset<Row> withinVol = RankStats.valueTable(longTable, List.of(PregapReport.FEATURE, PregapReport.VOL_DECILE),
        PregapReport.VALUE, labels);
    Map<String, Row> volAuc = byKey(RankStats.auc(withinVol, List.of(PregapReport.FEATURE, PregapReport.VOL_DECILE),
        labels).collectAsList(), PregapReport.FEATURE, RankStats.LABEL, PregapReport.VOL_DECILE);
    List<Row> parts = RankStats.tickerParts(longTable.filter(col(PregapReport.VALUE).isNotNull()),
        List.of(PregapReport.FEATURE), symbol, PregapReport.VALUE, labels).collectAsList();
    return new Ranking(auc, deciles, volAuc, parts);
  }

  static Map<String, Row> byKey(List<Row> rows, String... columns) {
    Map<String, Row> m = new HashMap<>();
    for (Row r : rows) {
      Object[] k = new Object[columns.length];
      for (int i = 0; i < columns.length; i++) {
        k[i] = r.get(r.fieldIndex(columns[i]));
      }
      m.put(PregapReport.key(k), r);
    }
    return m;
  }
}

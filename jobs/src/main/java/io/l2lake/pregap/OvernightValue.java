package io.l2lake.pregap;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.l2lake.lake.Schemas;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The economic value of a model's ranking: the net-of-spread overnight return of its top decile
 * against the rest, in the test blocks.
 *
 * <p>Trade: enter at the close of D-1 and leave at the open of D, long for a gap-up label and short
 * for a gap-down label; the gross return is {@code side x (open_D / close_{D-1} - 1)} and the cost a
 * full round-trip spread by price bucket of close_{D-1} ({@link PregapParams#spreadFor}, stated in
 * {@code strategy.pregap.spread-price-bounds} and {@code strategy.pregap.spread-round-trip}): half
 * paid at the close, half at the open. No commissions or impact; bad prints and halts are not in the
 * analysed rows.
 *
 * <p>Top decile: the test rows of a (feature, block, model, label) whose score is at or above the 90%
 * point of that block's scores (percentile_approx): a rank within the block, not a threshold known
 * before it. Per ticker: rows, net-return sum and events of the top decile, rows and net-return sum of
 * the rest, so {@link TickerBootstrap} can resample tickers.
 *
 * <p>Cost: one aggregation for the 90% points, a broadcast join and one aggregation per (model, ticker).
 */
public final class OvernightValue {
  private OvernightValue() {}

  /** The round-trip spread of the row's close_{D-1} ({@code _price}), by the stated buckets. */
  static Column spread(PregapParams p) {
    Column c = null;
    for (int i = 0; i < p.spreadBounds().size(); i++) {
      Column cond = col(PregapReport.PRICE).lt(p.spreadBounds().get(i));
      double s = p.spreadRoundTrip().get(i);
      c = c == null ? when(cond, lit(s)) : c.when(cond, lit(s));
    }
    return c.otherwise(lit(p.spreadRoundTrip().get(p.spreadRoundTrip().size() - 1)));
  }

  /** The net overnight return of the row for a trade on {@code target} (long for up labels, short for down). */
  static Column netReturn(PregapParams p) {
    Column side = when(col(RollingOrigin.TARGET).startsWith("gap_down_"), lit(-1.0)).otherwise(lit(1.0));
    return side.multiply(col(PregapReport.GAP)).minus(spread(p));
  }

  /**
   * Per (feature, block, kind, target, symbol) from {@link RollingOrigin#scores}: {@code top_rows},
   * {@code top_sum}, {@code top_events}, {@code rest_rows}, {@code rest_sum}.
   */
  static Dataset<Row> parts(Dataset<Row> scores, PregapParams p) {
    List<String> keys = List.of(PregapReport.FEATURE, RollingOrigin.BLOCK, RollingOrigin.KIND, RollingOrigin.TARGET);
    Column[] k = keys.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    Dataset<Row> cut = scores.groupBy(k).agg(percentile_approx(col("score"), lit(0.9), lit(10_000)).as("_q90"));
    Column top = col("score").geq(col("_q90"));
    Column net = netReturn(p);
    Column[] groups = new Column[keys.size() + 1];
    System.arraycopy(k, 0, groups, 0, k.length);
    groups[k.length] = col(Schemas.SYMBOL);
    return scores.join(broadcast(cut), scala.jdk.javaapi.CollectionConverters.asScala(keys).toSeq())
        .withColumn("_top", top).withColumn("_net", net)
        .groupBy(groups)
        .agg(sum(when(col("_top"), 1L).otherwise(0L)).as("top_rows"),
            sum(when(col("_top"), col("_net")).otherwise(0.0)).as("top_sum"),
            sum(when(col("_top"), col("y").cast("long")).otherwise(0L)).as("top_events"),
            sum(when(col("_top"), 0L).otherwise(1L)).as("rest_rows"),
            sum(when(col("_top"), 0.0).otherwise(col("_net"))).as("rest_sum"),
            count(lit(1)).as("rows"));
  }
}

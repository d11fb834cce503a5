package io.l2lake.pregap;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.l2lake.lake.Schemas;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.StructType;

/**
 * The event study around gaps: for every gap event at day D (label = 1) and every bar offset k from
 * -eventBefore to +eventAfter (bars of the symbol, k = 0 is D):
 * <ul>
 *   <li>{@code return} = close_{D+k} / close_{D-1} - 1 (0 at k = -1 by construction),
 *   <li>{@code open_return} = open_{D+k} / close_{D-1} - 1 (the gap itself at k = 0),
 *   <li>{@code volume_ratio} = volume_{D+k} / mean volume over D-L..D-1 (L = {@code longDays}; null when
 *       that mean is 0 or the window is incomplete),
 * </ul>
 * averaged per (label, offset), with approximate medians (penny-stock returns are heavy-tailed, the
 * mean is pulled by a few events). An offset past the symbol's last bar is missing for that event,
 * so {@code events} is counted per offset. Overlapping events (a symbol gapping on consecutive days)
 * each count.
 *
 * <p>This describes what happened after D, so it reads bars after D; it is a separate table and never
 * feeds the features.
 *
 * <p>Cost: the window pass of the bars by symbol (lags and leads), then one aggregation of the event
 * rows times the offsets.
 */
public final class EventStudy {
  private EventStudy() {}

  public static final StructType SCHEMA = Schemas.struct(
      Schemas.field("study", StringType, false, "input and date range the study ran on"),
      Schemas.field(RankStats.LABEL, StringType, false, "gap label"),
      Schemas.field("offset", IntegerType, false, "bars from D (0 = the gap day, -1 = the day before)"),
      Schemas.field("events", LongType, false, "events with a bar at this offset"),
      Schemas.field("mean_return", DoubleType, true, "mean close_{D+k} / close_{D-1} - 1"),
      Schemas.field("median_return", DoubleType, true, "approximate median of the same"),
      Schemas.field("mean_open_return", DoubleType, true, "mean open_{D+k} / close_{D-1} - 1"),
      Schemas.field("mean_volume_ratio", DoubleType, true, "mean volume_{D+k} / mean volume of the L bars before D"),
      Schemas.field("median_volume_ratio", DoubleType, true, "approximate median of the same"),
      Schemas.field("run_id", StringType, false, "run that wrote the row"));

  /**
   * Per (label, offset): events, mean and median return, mean open return, mean and median volume
   * ratio. {@code labelled} are bars with the labels of {@link GapFeatures#labels} (all bars, including
   * the look-back and look-ahead margins); {@code analysed} selects the event days D that count.
   */
  public static Dataset<Row> study(Dataset<Row> labelled, Column analysed, PregapParams p) {
    WindowSpec w = GapFeatures.bySymbol();
    int l = p.longDays();
    Column base = when(count(col("volume")).over(w.rowsBetween(-l, -1)).equalTo(l),
        avg(col("volume").cast("double")).over(w.rowsBetween(-l, -1)));
    Column prevClose = lag(col("close"), 1).over(w);
    List<Column> path = new ArrayList<>();
    for (int k = -p.eventBefore(); k <= p.eventAfter(); k++) {
      Column close = shifted("close", k, w);
      Column open = shifted("open", k, w);
      Column volume = shifted("volume", k, w).cast("double");
      path.add(struct(lit(k).as("offset"), close.divide(prevClose).minus(1).as("ret"),
          open.divide(prevClose).minus(1).as("open_ret"),
          when(col("_base").gt(0), volume.divide(col("_base"))).as("vol_ratio")));
    }
    Dataset<Row> withPath = labelled.withColumn("_base", base)
        .withColumn("_path", array(path.toArray(Column[]::new)))
        .filter(analysed);
    Dataset<Row> events = null;
    for (String label : p.labels()) {
      Dataset<Row> e = withPath.filter(col(label).equalTo(1))
          .select(lit(label).as(RankStats.LABEL), explode(col("_path")).as("_p"));
      events = events == null ? e : events.unionByName(e);
    }
    return events.groupBy(col(RankStats.LABEL), col("_p.offset").as("offset"))
        .agg(count(col("_p.ret")).as("events"),
            avg(col("_p.ret")).as("mean_return"),
            percentile_approx(col("_p.ret"), lit(0.5), lit(10_000)).as("median_return"),
            avg(col("_p.open_ret")).as("mean_open_return"),
            avg(col("_p.vol_ratio")).as("mean_volume_ratio"),
            percentile_approx(col("_p.vol_ratio"), lit(0.5), lit(10_000)).as("median_volume_ratio"));
  }

  private static Column shifted(String column, int k, WindowSpec w) {
    if (k == 0) {
      return col(column);
    }
    return k < 0 ? lag(col(column), -k).over(w) : lead(col(column), k).over(w);
  }
}

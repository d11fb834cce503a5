package io.l2lake.backtest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sum;

import io.l2lake.config.StopSettings;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Support levels from volume at price: the bars of the {@code support-days} days before a position's
 * entry day and of the entry day up to the entry bar are binned by VWAP into levels
 * {@code support-bucket} wide on a log scale; the strongest level below the entry price (the most
 * volume) is the support, at the volume-weighted price of its bars. Built from built-in aggregates:
 * the positions' look-back days are exploded into (symbol, day_no) keys, so the join with the bars is
 * an equi-join and never pairs a position with bars outside its window.
 *
 * <p>Input: positions ({@code position_id, symbol, entry_bar_no, entry_day_no, entry_price}) and
 * bars ({@code symbol, day_no, bar_no, vwap, volume}); output ({@code position_id, support_level}),
 * null when nothing traded below the entry.
 */
public final class SupportLevels {
  private SupportLevels() {}

  public static Dataset<Row> find(Dataset<Row> positions, Dataset<Row> bars, StopSettings p) {
    Dataset<Row> keys = positions.withColumn("day_no", explode(sequence(col("entry_day_no").minus(p.supportDays()),
        col("entry_day_no"))));
    double width = Math.log1p(p.supportBucket());
    Dataset<Row> near = keys.join(bars.select("symbol", "day_no", "bar_no", "vwap", "volume"),
            io.l2lake.lake.Schemas.names("symbol", "day_no"), "inner")
        .filter(col("bar_no").lt(col("entry_bar_no")).and(col("vwap").gt(0)).and(col("vwap").lt(col("entry_price"))));
    return near.withColumn("_level", floor(log(col("vwap")).divide(width)))
        .groupBy(col(StopLevels.POSITION_ID), col("_level"))
        .agg(sum("volume").as("_volume"), sum(col("vwap").multiply(col("volume"))).divide(sum("volume")).as("_price"))
        .groupBy(StopLevels.POSITION_ID)
        .agg(max_by(col("_price"), org.apache.spark.sql.functions.struct(col("_volume"), col("_level"))).as("support_level"))
        .select(col(StopLevels.POSITION_ID), col("support_level"));
  }
}

package io.l2lake.sync;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.udaf;

import io.l2lake.config.L2Config;
import io.l2lake.lake.Schemas;
import io.l2lake.udfs.RunningMedian;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Flags each trade's venue and kind: {@code off_exchange} (a TRF market center from the
 * configuration), {@code odd_lot} (condition 87, or fewer shares than a round lot),
 * {@code form_t} (condition 17 or basis E: extended hours / late report), {@code subpenny}
 * (internalised retail flow: a price finer than the quoting tick, a fraction of a cent at $1 or more and a
 * fraction of $0.0001 below $1, where quotes step by $0.0001) and {@code block}
 * (at least k times the running median trade size of the symbol-day, counted up to and including the
 * trade, so the flag never looks ahead).
 *
 * <p>The running median is exact: the lower median ({@link RunningMedian}) of the sizes of the
 * symbol-day's trades so far, ordered by (ts, seq), kept in one expanding window at O(log n) a trade.
 * It is the one operator of the stage that stays on the CPU under the RAPIDS plugin (Spark's
 * {@code percentile_approx} does not run on the GPU in a window either).
 */
public final class VenueFlags {
  private VenueFlags() {}

  /** A price off the quoting grid: a fraction of $0.01 at $1 or more, of $0.0001 below $1. */
  static org.apache.spark.sql.Column finerThanTick(org.apache.spark.sql.Column price) {
    org.apache.spark.sql.Column ticks = org.apache.spark.sql.functions.when(price.geq(1), price.multiply(100))
        .otherwise(price.multiply(10_000));
    return abs(ticks.minus(round(ticks))).gt(1e-6);
  }

  public static Dataset<Row> flag(Dataset<Row> trades, L2Config.Sync p) {
    var runningMedian = udaf(new RunningMedian(), Encoders.LONG()).apply(col("size").cast("long"))
        .over(Window.partitionBy(Schemas.SYMBOL, Schemas.TRADE_DATE).orderBy(col(Schemas.TS), col(Schemas.SEQ))
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow()));
    return trades
        .withColumn("off_exchange", col("market_center").isin(p.offExchangeCenters().toArray())
            .and(col("market_center").isNotNull()))
        .withColumn("odd_lot", array_contains(col("conditions"), "87")
            .or(col("size").gt(0).and(col("size").lt(p.roundLot()))))
        .withColumn("form_t", array_contains(col("conditions"), "17").or(col("basis").equalTo("E")))
        .withColumn("subpenny", finerThanTick(col("price")))
        .withColumn("running_median_size", runningMedian)
        .withColumn("block", col("size").geq(col("running_median_size").multiply(p.blockMultiple()))
            .and(col("size").gt(0)));
  }
}

package io.l2lake.sync;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.array_contains;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;

import io.l2lake.config.L2Config;
import io.l2lake.lake.Schemas;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Flags each trade's venue and kind: {@code off_exchange} (a TRF market center from the
 * configuration), {@code odd_lot} (condition 87, or fewer shares than a round lot),
 * {@code form_t} (condition 17 or basis E: extended hours / late report), {@code subpenny}
 * (a price of $1 or more with a fraction of a cent: internalised retail flow) and {@code block}
 * (at least k times the running median trade size of the symbol-day, counted up to and including the
 * trade, so the flag never looks ahead).
 *
 * <p>Cost: the running median is one expanding window over the day's trades.
 */
public final class VenueFlags {
  private VenueFlags() {}

  public static Dataset<Row> flag(Dataset<Row> trades, L2Config.Sync p) {
    var runningMedian = percentile_approx(col("size"), lit(0.5), lit(10_000))
        .over(Window.partitionBy(Schemas.SYMBOL, Schemas.TRADE_DATE).orderBy(col(Schemas.TS), col(Schemas.SEQ))
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow()));
    return trades
        .withColumn("off_exchange", col("market_center").isin(p.offExchangeCenters().toArray())
            .and(col("market_center").isNotNull()))
        .withColumn("odd_lot", array_contains(col("conditions"), "87")
            .or(col("size").gt(0).and(col("size").lt(p.roundLot()))))
        .withColumn("form_t", array_contains(col("conditions"), "17").or(col("basis").equalTo("E")))
        .withColumn("subpenny", col("price").geq(1).and(abs(col("price").multiply(100)
            .minus(round(col("price").multiply(100)))).gt(1e-6)))
        .withColumn("running_median_size", runningMedian)
        .withColumn("block", col("size").geq(col("running_median_size").multiply(p.blockMultiple()))
            .and(col("size").gt(0)));
  }
}

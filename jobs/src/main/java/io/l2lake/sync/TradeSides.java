package io.l2lake.sync;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.signum;
import static org.apache.spark.sql.functions.when;

import io.l2lake.lake.Columns;
import io.l2lake.lake.Schemas;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Classifies each trade's aggressor side (+1 buyer-initiated, -1 seller-initiated, null unknown):
 * <ul>
 *   <li>{@code tick_side}: the tick rule, the sign of the price change from the last different
 *       price of the symbol-day (null before the first price change);
 *   <li>{@code quote_side}: the quote rule, above the quote midpoint buy, below sell, at the
 *       midpoint or without a two-sided quote null;
 *   <li>{@code side}: Lee-Ready, the quote rule and the tick rule where the quote rule is null; and
 *       {@code side_rule} says which ({@code quote}, {@code tick} or null).
 * </ul>
 * Input: trades with {@code price} and the prevailing {@code bid}/{@code ask} columns given.
 *
 * <p>Cost: one sort of the trades by (symbol, trade_date, ts, seq), shared by both windows.
 */
public final class TradeSides {
  private TradeSides() {}

  public static final String TICK_SIDE = "tick_side";
  public static final String QUOTE_SIDE = "quote_side";
  public static final String SIDE = "side";
  public static final String SIDE_RULE = "side_rule";
  public static final String MID = Columns.Trades.MID;

  public static Dataset<Row> classify(Dataset<Row> trades, String bid, String ask) {
    WindowSpec order = Window.partitionBy(Schemas.SYMBOL, Schemas.TRADE_DATE)
        .orderBy(col(Schemas.TS), col(Schemas.SEQ));
    Column prev = col("_prev_price");
    Column twoSided = col(bid).gt(0).and(col(ask).gt(0)).and(col(bid).leq(col(ask)));
    Column mid = when(twoSided, col(bid).plus(col(ask)).divide(2));
    Column quoteSide = when(col("price").gt(col(MID)), lit(1))
        .when(col("price").lt(col(MID)), lit(-1));
    return trades
        .withColumn("_prev_price", lag(col("price"), 1).over(order))
        .withColumn("_last_diff", last(when(prev.notEqual(col("price")), prev), true)
            .over(order.rowsBetween(Window.unboundedPreceding(), Window.currentRow())))
        .withColumn(TICK_SIDE, signum(col("price").minus(col("_last_diff"))).cast("int"))
        .withColumn(MID, mid)
        .withColumn(QUOTE_SIDE, quoteSide)
        .withColumn(SIDE, when(col(QUOTE_SIDE).isNotNull(), col(QUOTE_SIDE)).otherwise(col(TICK_SIDE)))
        .withColumn(SIDE_RULE, when(col(QUOTE_SIDE).isNotNull(), lit("quote"))
            .when(col(TICK_SIDE).isNotNull(), lit("tick")))
        .drop("_prev_price", "_last_diff");
  }
}

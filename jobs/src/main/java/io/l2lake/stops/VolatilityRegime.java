package io.l2lake.stops;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.filter;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.when;

import io.l2lake.config.StopSettings;
import io.l2lake.lake.Columns;
import io.l2lake.lake.Schemas;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Per symbol-day, from the previous days only (a stop set during day D knows D-1's close at most):
 * {@code atr} = mean daily true range over the previous {@code atr-days}; {@code realized_vol} =
 * standard deviation of daily log returns over the previous {@code regime-days}; its percentile among
 * the previous {@code regime-history-days} values of itself; the regime (low at or below the low
 * percentile, high above the high one, else normal; normal with fewer than 5 prior values). The volatility
 * stop's multiple for each regime ({@code k-low}, {@code k-normal}, {@code k-high}) is the backtest's, applied
 * to this regime, so a sweep of it needs no new stop context.
 *
 * <p>Input: daily open, high, low, close per symbol-day (e.g. {@code gold.accumulation}).
 */
public final class VolatilityRegime {
  private VolatilityRegime() {}

  public static Dataset<Row> daily(Dataset<Row> days, StopSettings p) {
    WindowSpec order = Window.partitionBy(Schemas.SYMBOL).orderBy(Schemas.TRADE_DATE);
    Column prevClose = lag(col("close"), 1).over(order);
    Dataset<Row> d = days.select(Schemas.SYMBOL, Schemas.TRADE_DATE, "high", "low", "close")
        .withColumn("_tr", greatest(col("high"), coalesce(prevClose, col("high")))
            .minus(least(col("low"), coalesce(prevClose, col("low")))))
        .withColumn("_ret", log(col("close").divide(prevClose)))
        .withColumn("atr", avg("_tr").over(order.rowsBetween(-p.atrDays(), -1)))
        .withColumn("realized_vol", io.l2lake.columns.Rolling.stddevSamp(col("_ret"), order.rowsBetween(-p.regimeDays(), -1)));
    Column history = collect_list(col("realized_vol")).over(order.rowsBetween(-p.regimeHistoryDays(), -1));
    d = d.withColumn("_hist", history)
        .withColumn("vol_percentile", when(size(col("_hist")).geq(5),
            size(filter(col("_hist"), x -> x.leq(col("realized_vol")))).divide(size(col("_hist")))));
    Column pct = col("vol_percentile");
    return d.withColumn(Columns.Stops.REGIME, when(pct.isNull(), lit("normal"))
            .when(pct.leq(p.regimeLowPercentile()), lit("low"))
            .when(pct.gt(p.regimeHighPercentile()), lit("high")).otherwise(lit("normal")))
        .select(Schemas.SYMBOL, Schemas.TRADE_DATE, Columns.Stops.ATR, "realized_vol", "vol_percentile",
            Columns.Stops.REGIME);
  }
}

package io.l2lake.backtest;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.exp;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Performance metrics of backtest runs, as Spark aggregations grouped by a run key (one run, or one
 * parameter combination x split in a calibration), so thousands of runs are measured in one pass.
 *
 * <p>From the daily equity ({@code equity} at each day's close, in date order, starting from
 * {@code initial}): daily return r_d = equity_d / equity_{d-1} - 1 (the first day against
 * {@code initial}); total return = last equity / initial - 1; CAGR = (1 + total)^(252 / days) - 1;
 * Sharpe = mean(r) / stdev(r) x sqrt(252) (sample stdev, zero risk-free rate); Sortino = mean(r) /
 * downside deviation x sqrt(252), the downside deviation being sqrt(mean(min(r, 0)^2)) over all days;
 * max drawdown = max over days of 1 - equity / running peak (the peak includes {@code initial});
 * exposure = share of days with a position open.
 *
 * <p>From the trades ({@code pnl} net of costs, {@code hold_bars}): trade count, win rate (pnl > 0),
 * profit factor = gross profit / gross loss (null without a losing trade), average hold.
 */
public final class Metrics {
  private Metrics() {}

  public static final int DAYS_PER_YEAR = 252;

  /**
   * {@code equity}: rows of (key..., trade_date, equity, exposed) per day; returns one row per key with
   * days, total_return, cagr, sharpe, sortino, max_drawdown, exposure.
   */
  public static Dataset<Row> fromEquity(Dataset<Row> equity, double initial, String... key) {
    Column[] keys = cols(key);
    WindowSpec order = Window.partitionBy(keys).orderBy("trade_date");
    Dataset<Row> d = equity
        .withColumn("_prev", org.apache.spark.sql.functions.coalesce(
            org.apache.spark.sql.functions.lag(col("equity"), 1).over(order), lit(initial)))
        .withColumn("_r", col("equity").divide(col("_prev")).minus(1))
        .withColumn("_peak", greatest(max("equity").over(order.rowsBetween(Window.unboundedPreceding(),
            Window.currentRow())), lit(initial)))
        .withColumn("_dd", lit(1.0).minus(col("equity").divide(col("_peak"))));
    Column days = count(lit(1));
    Column total = org.apache.spark.sql.functions.max_by(col("equity"), col("trade_date")).divide(initial).minus(1);
    Column meanR = avg("_r");
    Column downside = sqrt(avg(pow(least(col("_r"), lit(0.0)), 2)));
    Column annual = lit(Math.sqrt(DAYS_PER_YEAR));
    List<Column> aggs = new ArrayList<>(List.of(
        days.as("days"),
        max(col("trade_date")).as("last_day"),
        min(col("trade_date")).as("first_day"),
        total.as("total_return"),
        exp(log(greatest(lit(1e-12), lit(1.0).plus(total))).multiply(DAYS_PER_YEAR).divide(days)).minus(1).as("cagr"),
        when(stddev_samp("_r").gt(0), meanR.divide(stddev_samp("_r")).multiply(annual)).as("sharpe"),
        when(downside.gt(0), meanR.divide(downside).multiply(annual)).as("sortino"),
        max("_dd").as("max_drawdown"),
        avg(col("exposed").cast("double")).as("exposure")));
    return d.groupBy(keys).agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
  }

  /** {@code trades}: rows of (key..., pnl, hold_bars); one row per key with the trade statistics. */
  public static Dataset<Row> fromTrades(Dataset<Row> trades, String... key) {
    Column pnl = col("pnl");
    Column grossProfit = sum(when(pnl.gt(0), pnl).otherwise(0.0));
    Column grossLoss = sum(when(pnl.lt(0), pnl.multiply(-1)).otherwise(0.0));
    return trades.groupBy(cols(key)).agg(
        count(lit(1)).as("trade_count"),
        avg(when(pnl.gt(0), 1.0).otherwise(0.0)).as("win_rate"),
        when(grossLoss.gt(0), grossProfit.divide(grossLoss)).as("profit_factor"),
        avg(col("hold_bars").cast("double")).as("average_hold_bars"),
        sum(pnl).as("net_pnl"));
  }

  private static Column[] cols(String... names) {
    Column[] c = new Column[names.length];
    for (int i = 0; i < names.length; i++) {
      c[i] = col(names[i]);
    }
    return c;
  }
}

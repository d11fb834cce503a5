package io.l2lake.backtest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.l2lake.config.Strategy;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The stop-loss system per position and bar, on the daily stop context the {@code stops} stage writes
 * ({@code gold.stops}: ATR, volatility regime and its multiple {@code k}): five components, each a stop price set at the bar's
 * close (or an exit signal), the binding one (the highest price) and its reason. A stop set at bar t
 * applies from bar t+1. Window functions partitioned by position, ordered by bar, rows frames that
 * end at the current bar: a stop never depends on a later bar.
 *
 * <p>Input columns: {@code position_id}, {@code bar_no}, {@code entry_bar_no}, {@code entry_price},
 * {@code atr} and {@code k} (at entry, from {@code gold.stops}), {@code support_level} (or null,
 * {@link SupportLevels}), the bar's {@code open/high/low/close}, {@code ofi}, {@code rel_spread},
 * {@code base_rel_spread}, {@code fleeing}, {@code dumping}.
 * <ol>
 *   <li><b>volatility</b>: highest close since entry (at least the entry) minus k x ATR, k by regime;</li>
 *   <li><b>microstructure</b> (an exit signal, not a price): OFI negative on each of the last
 *   {@code micro-ofi-bars} bars with the relative spread above {@code micro-spread-multiple} x its
 *   baseline, or a fleeing or dumping exit on the bar; the position is sold at the next bar's bid;</li>
 *   <li><b>support</b>: {@code support-buffer-atr} ATRs below the strongest volume-at-price level
 *   under the entry;</li>
 *   <li><b>time</b>: after {@code time-bars} bars without the highest close reaching
 *   {@code time-progress-atr} ATRs above the entry, the volatility stop keeps only {@code time-shrink}
 *   of its distance;</li>
 *   <li><b>pattern</b>: lower highs and lower lows on each of the last {@code pattern-bars} bars, or
 *   a failed breakout (the previous bar made a new high since entry at least {@code breakout-atr}
 *   ATRs above the entry, and this bar closed below the level it broke), move the stop to the swing
 *   low (lowest low of those bars);</li>
 * </ol>
 * In the first {@code grace-bars} bars after entry only the volatility stop applies.
 */
public final class StopLevels {
  private StopLevels() {}

  public static final String POSITION_ID = "position_id";

  public static Dataset<Row> compute(Dataset<Row> positionBars, Strategy.Stops p) {
    WindowSpec w = Window.partitionBy(POSITION_ID).orderBy("bar_no");
    WindowSpec running = w.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Column n = col("bar_no").minus(col("entry_bar_no"));
    Column afterGrace = n.geq(p.graceBars());
    Dataset<Row> d = positionBars
        .withColumn("bars_held", n)
        .withColumn("highest_close", greatest(col("entry_price"), max("close").over(running)))
        .withColumn("volatility_stop", col("highest_close").minus(col("k").multiply(col("atr"))))
        .withColumn("_lower", when(col("high").lt(lag(col("high"), 1).over(w))
            .and(col("low").lt(lag(col("low"), 1).over(w))), 1).otherwise(0))
        .withColumn("_prior_high", max("high").over(w.rowsBetween(Window.unboundedPreceding(), -1)))
        .withColumn("_neg_ofi", when(col("ofi").lt(0), 1).otherwise(0));
    Column noProgress = n.geq(p.timeBars())
        .and(col("highest_close").minus(col("entry_price")).lt(col("atr").multiply(p.timeProgressAtr())));
    Column lowerRun = sum("_lower").over(w.rowsBetween(-(p.patternBars() - 2), Window.currentRow()))
        .geq(p.patternBars() - 1);
    Column breakout = col("high").gt(col("_prior_high"))
        .and(col("high").minus(col("entry_price")).geq(col("atr").multiply(p.breakoutAtr())));
    Column newHighBefore = lag(breakout, 1).over(w);
    Column failedBreakout = newHighBefore.and(col("close").lt(lag(col("_prior_high"), 1).over(w)));
    Column swingLow = min("low").over(w.rowsBetween(-(p.patternBars() - 1), Window.currentRow()));
    Column negativeFlow = sum("_neg_ofi").over(w.rowsBetween(-(p.microOfiBars() - 1), Window.currentRow()))
        .geq(p.microOfiBars());
    Column wideSpread = col("rel_spread").gt(col("base_rel_spread").multiply(p.microSpreadMultiple()));
    d = d.withColumn("time_stop", when(afterGrace.and(noProgress), col("highest_close")
            .minus(col("k").multiply(col("atr")).multiply(p.timeShrink()))))
        .withColumn("support_stop", when(afterGrace, col("support_level").minus(col("atr").multiply(p.supportBufferAtr()))))
        .withColumn("pattern_stop", when(afterGrace.and(lowerRun.or(org.apache.spark.sql.functions.coalesce(
            failedBreakout, lit(false)))), swingLow))
        .withColumn("micro_exit", afterGrace.and(negativeFlow.and(wideSpread)
            .or(org.apache.spark.sql.functions.coalesce(col("fleeing"), lit(false)))
            .or(org.apache.spark.sql.functions.coalesce(col("dumping"), lit(false)))))
        .withColumn("binding_stop", greatest(col("volatility_stop"), col("time_stop"), col("support_stop"),
            col("pattern_stop")));
    Column b = col("binding_stop");
    return d.withColumn("binding_reason", when(b.equalTo(col("pattern_stop")), lit("pattern"))
            .when(b.equalTo(col("time_stop")), lit("time"))
            .when(b.equalTo(col("support_stop")), lit("support"))
            .otherwise(lit("volatility")))
        .withColumn("active_stop", lag(col("binding_stop"), 1).over(w))
        .withColumn("active_reason", lag(col("binding_reason"), 1).over(w))
        .drop("_lower", "_prior_high", "_neg_ofi");
  }
}

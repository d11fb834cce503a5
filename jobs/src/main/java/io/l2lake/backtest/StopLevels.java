package io.l2lake.backtest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.l2lake.config.StopSettings;
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
 *
 * <p>That is the {@code intraday} mode. The {@code swing} mode (the default) holds for days, through the
 * overnight gap the tracker's READY state anticipates:
 * <ul>
 *   <li>the grace period is {@code swing-grace-days} trading days (the entry day first), not bars; with
 *   {@code hold-while-accumulating}, a later day is a grace day too when the tracker ended the day before it
 *   READY or ACCUMULATING ({@code prev_state}, known at the day's open): the buyer is still at work and the gap
 *   the position waits for comes after the last such day, so the noise of those days (a confirmed fleeing run,
 *   a lower 15-minute swing, a dip under the support) does not sell; the volatility stop and the trail do;</li>
 *   <li>the microstructure exit sells only when its condition held on each of the last
 *   {@code micro-confirm-bars} bars;</li>
 *   <li>the pattern stop reads {@code coarse-bars}-minute bars (rolling: each bar's high and low over its last
 *   {@code coarse-bars} minutes, against those {@code coarse-bars} minutes earlier), and its swing low spans
 *   {@code pattern-bars} such bars; the minute-bar failed breakout does not apply;</li>
 *   <li>the time stop counts {@code time-days} trading days after the entry day, not bars;</li>
 *   <li><b>trail</b>: once the highest close is {@code trail-after} above the entry (a gap came), a stop at the
 *   entry plus {@code trail-keep} of the highest close's gain;</li>
 *   <li>the ratchet: the binding stop is the highest binding level so far, so it never moves down, and its
 *   reason is that of the component that set it.</li>
 * </ul>
 * The swing mode needs {@code day_no} and {@code entry_day_no} among the input columns, and {@code prev_state}
 * with {@code hold-while-accumulating}.
 */
public final class StopLevels {
  private StopLevels() {}

  public static final String POSITION_ID = "position_id";

  public static Dataset<Row> compute(Dataset<Row> positionBars, StopSettings p) {
    WindowSpec w = Window.partitionBy(POSITION_ID).orderBy("bar_no");
    WindowSpec running = w.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    boolean swing = p.swing();
    Column n = col("bar_no").minus(col("entry_bar_no"));
    Column afterGrace = swing ? col("day_no").minus(col("entry_day_no")).geq(p.swingGraceDays())
        : n.geq(p.graceBars());
    if (swing && p.holdWhileAccumulating()) {
      Column buyerAtWork = col("prev_state").isin("READY", "ACCUMULATING");
      afterGrace = afterGrace.and(not(org.apache.spark.sql.functions.coalesce(buyerAtWork, lit(false))));
    }
    // The pattern's bars: minute bars (intraday) or rolling aggregates of coarse-bars minutes (swing), compared
    // with the aggregate one such bar earlier.
    int c = swing ? p.coarseBars() : 1;
    Dataset<Row> d = positionBars
        .withColumn("bars_held", n)
        .withColumn("highest_close", greatest(col("entry_price"), max("close").over(running)))
        .withColumn("volatility_stop", col("highest_close").minus(col("k").multiply(col("atr"))))
        .withColumn("_c_high", c == 1 ? col("high") : max("high").over(w.rowsBetween(-(c - 1), Window.currentRow())))
        .withColumn("_c_low", c == 1 ? col("low") : min("low").over(w.rowsBetween(-(c - 1), Window.currentRow())));
    // Both aggregates compared must cover whole coarse bars: from 2c - 1 bars after the entry.
    d = d.withColumn("_lower", when(n.geq(2 * c - 1).and(col("_c_high").lt(lag(col("_c_high"), c).over(w)))
            .and(col("_c_low").lt(lag(col("_c_low"), c).over(w))), 1).otherwise(0))
        .withColumn("_prior_high", max("high").over(w.rowsBetween(Window.unboundedPreceding(), -1)))
        .withColumn("_neg_ofi", when(col("ofi").lt(0), 1).otherwise(0));
    Column progress = col("highest_close").minus(col("entry_price")).lt(col("atr").multiply(p.timeProgressAtr()));
    Column noProgress = (swing ? col("day_no").minus(col("entry_day_no")).geq(p.timeDays()) : n.geq(p.timeBars()))
        .and(progress);
    Column lowerRun = lit(true);
    for (int i = 0; i < p.patternBars() - 1; i++) {
      lowerRun = lowerRun.and(org.apache.spark.sql.functions.coalesce(lag(col("_lower"), i * c).over(w), lit(0))
          .equalTo(1));
    }
    Column breakout = col("high").gt(col("_prior_high"))
        .and(col("high").minus(col("entry_price")).geq(col("atr").multiply(p.breakoutAtr())));
    Column newHighBefore = lag(breakout, 1).over(w);
    // A failed breakout is read on minute bars in the intraday mode only: in the swing mode a close under a level
    // broken a minute earlier is noise, and the coarse pattern covers a failed move.
    Column failedBreakout = swing ? lit(false)
        : org.apache.spark.sql.functions.coalesce(newHighBefore.and(col("close").lt(lag(col("_prior_high"), 1)
            .over(w))), lit(false));
    Column swingLow = min("low").over(w.rowsBetween(-(p.patternBars() * c - 1), Window.currentRow()));
    Column negativeFlow = sum("_neg_ofi").over(w.rowsBetween(-(p.microOfiBars() - 1), Window.currentRow()))
        .geq(p.microOfiBars());
    Column wideSpread = col("rel_spread").gt(col("base_rel_spread").multiply(p.microSpreadMultiple()));
    Column microRaw = negativeFlow.and(wideSpread)
        .or(org.apache.spark.sql.functions.coalesce(col("fleeing"), lit(false)))
        .or(org.apache.spark.sql.functions.coalesce(col("dumping"), lit(false)));
    // Only bars after the grace period count towards the confirmation.
    d = d.withColumn("_micro", when(afterGrace.and(microRaw), 1).otherwise(0));
    Column micro = swing
        ? sum("_micro").over(w.rowsBetween(-(p.microConfirmBars() - 1), Window.currentRow())).geq(p.microConfirmBars())
        : col("_micro").equalTo(1);
    Column trail = swing ? when(col("highest_close").geq(col("entry_price").multiply(1 + p.trailAfter())),
        col("entry_price").plus(col("highest_close").minus(col("entry_price")).multiply(p.trailKeep())))
        : lit(null).cast("double");
    d = d.withColumn("time_stop", when(afterGrace.and(noProgress), col("highest_close")
            .minus(col("k").multiply(col("atr")).multiply(p.timeShrink()))))
        .withColumn("support_stop", when(afterGrace, col("support_level").minus(col("atr").multiply(p.supportBufferAtr()))))
        .withColumn("pattern_stop", when(afterGrace.and(lowerRun.or(failedBreakout)), swingLow))
        .withColumn("trail_stop", trail)
        .withColumn("micro_exit", afterGrace.and(micro))
        .withColumn("binding_stop", greatest(col("volatility_stop"), col("time_stop"), col("support_stop"),
            col("pattern_stop"), col("trail_stop")));
    Column b = col("binding_stop");
    d = d.withColumn("binding_reason", when(b.equalTo(col("trail_stop")), lit("trail"))
        .when(b.equalTo(col("pattern_stop")), lit("pattern"))
        .when(b.equalTo(col("time_stop")), lit("time"))
        .when(b.equalTo(col("support_stop")), lit("support"))
        .otherwise(lit("volatility")));
    if (swing) {
      // The ratchet: a stop never moves down; the level and the reason are those of the highest stop so far.
      d = d.withColumn("_ratchet", max("binding_stop").over(running))
          .withColumn("binding_reason", org.apache.spark.sql.functions.last(
              when(col("binding_stop").geq(col("_ratchet")), col("binding_reason")), true).over(running))
          .withColumn("binding_stop", col("_ratchet"))
          .drop("_ratchet");
    }
    return d.withColumn("active_stop", lag(col("binding_stop"), 1).over(w))
        .withColumn("active_reason", lag(col("binding_reason"), 1).over(w))
        .drop("_lower", "_prior_high", "_neg_ofi", "_c_high", "_c_low", "_micro");
  }
}

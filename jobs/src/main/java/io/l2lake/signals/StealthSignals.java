package io.l2lake.signals;

import static io.l2lake.signals.Grades.fires;
import static io.l2lake.signals.Grades.grade;
import static io.l2lake.signals.Grades.weakest;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.l2lake.config.SignalSettings;
import io.l2lake.lake.Columns;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The five stealth-accumulation signals per symbol-minute, each a score in [0, 1] that reaches the
 * trigger {@code T} (default 0.5) exactly when all its conditions hold (see {@link Grades}), computed
 * with rows-frame window functions over the bars of the symbol-day that end at the current bar: no
 * future bar is ever read. W is each signal's window; a "tolerance" below is
 * {@code max(N ticks, price-hold-fraction x price)}, the tick being $0.0001 under $1 and $0.01 above.
 *
 * <ol>
 *   <li><b>Absorption</b> (W=15): sell share of classified volume &gt;= 0.55 (full grade at +0.10);
 *   sell volume per bar &gt;= 1.5x baseline (full at 2x the multiple); the lowest bid no further than
 *   the tolerance (1 tick) below the bid at the window's start (full when it did not drop); size
 *   refilled at an unchanged bid &gt;= 0.5 x the volume executed at the bid (full at 2x). Where sizes are
 *   estimated (history ticks) a refill cannot be observed: the condition is left out, neither counted as met
 *   nor estimated, and absorption is "heavy selling absorbed while the bid holds" without the confirmation. Persistence: the share
 *   of the last 4 non-overlapping windows (ending at t, t-W, t-2W, t-3W) whose conditions held must be
 *   &gt;= 0.5 (full at 1).</li>
 *   <li><b>Creep</b> (W=30): OLS of log VWAP on bar number with a positive slope and R^2 &gt;= 0.6
 *   (full at 1); the largest pullback (highest high of the last W bars minus a later low, largest
 *   over the window) &lt;= 1.5 x ATR (full at 0); no bar's close-to-close log return above 40% of the
 *   window's move (full at 20%); volume per bar &lt;= 2x baseline (full at 1x).</li>
 *   <li><b>Dark pool</b> (W=30): z-score of the window's off-exchange share (sub-penny internalised
 *   retail prints excluded) against the mean and standard deviation (floored at 0.05) of the shares of
 *   the prior days' windows of the same length (see {@link SignalInputs}) &gt;= 2 (full at 4). The share
 *   of that off-exchange volume printed at or above the midpoint weighs the grade rather than gating
 *   it: the grade is multiplied by {@code min(1, above-mid share / (above-mid-share-min + 0.2))}, so at
 *   0.8 and above it counts fully, and a window of mostly below-mid prints needs a far larger z. The
 *   score is then raised by {@code block-weight} x the window's off-exchange block share (capped at 1).</li>
 *   <li><b>Sinkhole</b> (W=10): buy volume executed at the ask &gt;= 2 x the mean displayed (or
 *   estimated) ask size (full at 4x); the highest ask no further than the tolerance above the ask at
 *   the window's start; ask depth (cumulative through the pseudo-L2's deepest level) at the end
 *   &lt;= 0.9 x at the start (full at 0.6). Null where sizes are estimated: the estimate comes from
 *   volume executed at the ask, so the size multiple would always be about W and "depth shrank" would mean
 *   "buying slowed".</li>
 *   <li><b>Contraction</b> (W=30): realised volatility of 1-minute log returns &lt;= 0.5 x the
 *   5-day baseline (full at 0.25); the mean bar range &lt;= 0.6 x baseline ATR (full at 0.3).</li>
 * </ol>
 * The composite is the weighted mean of the non-null scores; {@code confluence} counts the signals
 * that fired at least once in the last {@code confluence-bars} bars.
 */
public final class StealthSignals {
  private StealthSignals() {}

  public static final List<String> NAMES = Columns.Signals1m.SIGNALS;

  public static Dataset<Row> score(Dataset<Row> inputs, SignalSettings s) {
    double t = s.trigger();
    Dataset<Row> d = inputs.withColumn("_bar_no", row_number().over(SignalInputs.day()));
    d = absorption(d, s, t);
    d = creep(d, s, t);
    d = darkPool(d, s, t);
    d = sinkhole(d, s, t);
    d = contraction(d, s, t);
    Column num = lit(0.0);
    Column den = lit(0.0);
    Column confluence = lit(0);
    WindowSpec recent = SignalInputs.last(s.confluenceBars());
    for (int i = 0; i < NAMES.size(); i++) {
      Column sc = col(NAMES.get(i) + "_score");
      num = num.plus(when(sc.isNotNull(), sc.multiply(s.weights()[i])).otherwise(0.0));
      den = den.plus(when(sc.isNotNull(), lit(s.weights()[i])).otherwise(0.0));
      confluence = confluence.plus(max(col(NAMES.get(i) + "_fires").cast("int")).over(recent));
    }
    return d.withColumn("composite", when(den.gt(0), num.divide(den)))
        .withColumn("confluence", confluence)
        .drop("_bar_no");
  }

  /** The bar's sizes are the pseudo-L2 estimate (no displayed sizes in the feed). */
  static Column estimated() {
    return col("sizes_source").equalTo("estimated");
  }

  static Column tolerance(Column price, int ticks, SignalSettings s) {
    return greatest(col("tick").multiply(ticks), price.multiply(s.bidDropFraction()), lit(1e-9));
  }

  static Dataset<Row> absorption(Dataset<Row> d, SignalSettings s, double t) {
    SignalSettings.Absorption a = s.absorption();
    WindowSpec w = SignalInputs.last(a.window());
    Column sell = sum("sell_volume").over(w);
    Column buy = sum("buy_volume").over(w);
    Column share = when(sell.plus(buy).gt(0), sell.divide(sell.plus(buy)));
    Column sellMultiple = sell.divide(count(lit(1)).over(w)).divide(col("base_sell"));
    Column bidStart = first(col("bid")).over(w);
    Column tol = tolerance(bidStart, a.maxBidDropTicks(), s);
    Column drop = bidStart.minus(min(coalesce(col("bid_low"), col("bid"))).over(w));
    Column executed = sum(coalesce(col("bid_executed"), lit(0L))).over(w);
    Column refill = sum(col("bid_refill")).over(w).divide(greatest(executed, lit(1L)));
    Column observable = weakest(
        grade(share, a.sellShareMin(), a.sellShareMin() + 0.10, t),
        grade(sellMultiple, a.sellVolumeMultiple(), 2 * a.sellVolumeMultiple(), t),
        grade(drop.divide(tol), 1.0, 0.0, t));
    // Without displayed sizes a refill cannot be observed: the condition is left out (not counted as met,
    // not estimated from executed volume, which would only repeat the sell-volume condition).
    d = d.withColumn("_abs_raw", when(estimated(), observable).otherwise(weakest(observable,
        coalesce(grade(refill, a.refillRatioMin(), 2 * a.refillRatioMin(), t), lit(0.0)))));
    Column met = fires(col("_abs_raw"), t).cast("double");
    Column persistence = met;
    for (int k = 1; k < a.persistenceWindows(); k++) {
      persistence = persistence.plus(coalesce(lag(met, k * a.window()).over(SignalInputs.day()), lit(0.0)));
    }
    persistence = persistence.divide(a.persistenceWindows());
    Column score = weakest(col("_abs_raw"), grade(persistence, a.persistenceMin(), 1.0, t));
    return d.withColumn("absorption_score", score)
        .withColumn("absorption_fires", fires(col("absorption_score"), t))
        .drop("_abs_raw");
  }

  static Dataset<Row> creep(Dataset<Row> d, SignalSettings s, double t) {
    SignalSettings.Creep c = s.creep();
    WindowSpec w = SignalInputs.last(c.window());
    Column has = col("vwap").isNotNull().and(col("vwap").gt(0));
    Column x = when(has, col("_bar_no").cast("double"));
    Column y = when(has, log(col("vwap")));
    Column n = count(y).over(w);
    Column sx = sum(x).over(w);
    Column sy = sum(y).over(w);
    Column sxy = sum(x.multiply(y)).over(w);
    Column sxx = sum(x.multiply(x)).over(w);
    Column syy = sum(y.multiply(y)).over(w);
    Column covXY = n.multiply(sxy).minus(sx.multiply(sy));
    Column varX = n.multiply(sxx).minus(sx.multiply(sx));
    Column varY = n.multiply(syy).minus(sy.multiply(sy));
    d = d.withColumn("_slope", when(varX.gt(0).and(n.geq(c.window() / 2)), covXY.divide(varX)))
        .withColumn("_r2", when(varX.gt(0).and(varY.gt(0)), covXY.multiply(covXY).divide(varX.multiply(varY))))
        .withColumn("_dd", max("high").over(w).minus(col("low")));
    Column trend = when(col("_slope").gt(0), grade(col("_r2"), c.r2Min(), 1.0, t))
        .when(col("_slope").isNotNull(), lit(0.0));
    Column pullback = max("_dd").over(w).divide(col("base_atr"));
    Column move = log(col("close").divide(lag(col("close"), c.window()).over(SignalInputs.day())));
    Column barShare = when(move.gt(0), max("ret").over(w).divide(move));
    Column volumeMultiple = avg("volume").over(w).divide(col("base_volume"));
    return d.withColumn("creep_score", weakest(trend,
            grade(pullback, c.maxPullbackAtr(), 0.0, t),
            coalesce(grade(barShare, c.maxBarShare(), c.maxBarShare() / 2, t), lit(0.0)),
            grade(volumeMultiple, c.maxVolumeMultiple(), 1.0, t)))
        .withColumn("creep_fires", fires(col("creep_score"), t))
        .drop("_slope", "_r2", "_dd");
  }

  static Dataset<Row> darkPool(Dataset<Row> d, SignalSettings s, double t) {
    SignalSettings.DarkPool p = s.darkPool();
    WindowSpec w = SignalInputs.last(p.window());
    Column accOffBar = greatest(col("off_exchange_volume").minus(col("subpenny_volume")), lit(0L));
    Column accOff = sum(accOffBar).over(w);
    Column volume = sum("volume").over(w);
    Column share = when(volume.gt(0), accOff.divide(volume));
    Column sd = greatest(coalesce(col("base_offex_sd"), lit(0.0)), lit(p.sdFloor()));
    Column z = share.minus(col("base_offex_mean")).divide(sd);
    Column aboveMid = when(accOff.gt(0), sum("off_exchange_above_mid_volume").over(w).divide(accOff))
        .otherwise(lit(0.0));
    Column offAll = sum("off_exchange_volume").over(w);
    Column blockShare = when(offAll.gt(0), sum("off_exchange_block_volume").over(w).divide(offAll))
        .otherwise(lit(0.0));
    Column aboveMidWeight = least(lit(1.0), aboveMid.divide(Math.min(1.0, p.aboveMidShareMin() + 0.2)));
    Column base = grade(z, p.zMin(), 2 * p.zMin(), t).multiply(aboveMidWeight);
    return d.withColumn("darkpool_score", least(lit(1.0), base.multiply(lit(1.0).plus(blockShare.multiply(p.blockWeight())))))
        .withColumn("darkpool_fires", fires(col("darkpool_score"), t));
  }

  static Dataset<Row> sinkhole(Dataset<Row> d, SignalSettings s, double t) {
    SignalSettings.Sinkhole k = s.sinkhole();
    WindowSpec w = SignalInputs.last(k.window());
    Column executed = sum(coalesce(col("ask_executed"), lit(0L))).over(w);
    Column askSize = avg("ask_size_est").over(w);
    Column multiple = when(askSize.gt(0), executed.divide(askSize));
    Column askStart = first(col("ask")).over(w);
    Column rise = max(coalesce(col("ask_high"), col("ask"))).over(w).minus(askStart);
    Column depthStart = first(col("ask_depth_est")).over(w);
    Column depthRatio = when(depthStart.gt(0), col("ask_depth_est").divide(depthStart));
    // Without displayed sizes the ask size and depth are estimated from the volume executed at the ask, so
    // "more than the displayed size was lifted" and "depth shrank" would read "buying rose" and "buying
    // slowed": the signal is null there rather than a different statement under the same name.
    return d.withColumn("sinkhole_score", when(estimated(), lit(null).cast("double")).otherwise(weakest(
            grade(multiple, k.absorbMultiple(), 2 * k.absorbMultiple(), t),
            grade(rise.divide(tolerance(askStart, 1, s)), 1.0, 0.0, t),
            grade(depthRatio, k.askDepthRatioMax(), k.askDepthRatioMax() * 2 / 3, t))))
        .withColumn("sinkhole_fires", fires(col("sinkhole_score"), t));
  }

  static Dataset<Row> contraction(Dataset<Row> d, SignalSettings s, double t) {
    SignalSettings.Contraction c = s.contraction();
    WindowSpec w = SignalInputs.last(c.window());
    Column n = count(col("ret")).over(w);
    Column rv = when(n.geq(c.window() / 2), sqrt(avg(col("ret").multiply(col("ret"))).over(w)));
    Column volRatio = when(col("base_rv").gt(0), rv.divide(col("base_rv")));
    Column rangeRatio = when(col("base_atr").gt(0), avg(abs(col("high").minus(col("low")))).over(w)
        .divide(col("base_atr")));
    return d.withColumn("contraction_score", weakest(
            grade(volRatio, c.volRatioMax(), c.volRatioMax() / 2, t),
            grade(rangeRatio, c.rangeAtrMax(), c.rangeAtrMax() / 2, t)))
        .withColumn("contraction_fires", fires(col("contraction_score"), t));
  }
}

package io.l2lake.signals;

import static io.l2lake.signals.Grades.fires;
import static io.l2lake.signals.Grades.grade;
import static io.l2lake.signals.Grades.weakest;
import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.l2lake.config.ExitSettings;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The two exit signals per symbol-minute, scored like the entry signals ({@link Grades}: the score
 * reaches the trigger exactly when every condition holds), from the current and earlier bars only.
 *
 * <ul>
 *   <li><b>Fleeing</b> (liquidity providers leave): bid depth (displayed, else pseudo-L2 estimate)
 *   &lt;= (1 - 0.5) x its mean over the previous 30 bars (full at half that); relative spread
 *   &gt;= 2x its baseline (full at 3x); order-flow imbalance over the last 3 bars, normalised by the
 *   sum of its absolute values to [-1, 1], &lt;= -0.1 (full at (ofi-max - 1) / 2). Days without
 *   quote sizes have no OFI: the trade imbalance (buy - sell) / (buy + sell) of the same bars stands
 *   in. Null where sizes are estimated (history ticks): the estimated depth is the volume recently executed at
 *   the bid, so a fall of it means selling slowed, not that providers left.</li>
 *   <li><b>Dumping</b>: sell volume over the last 3 bars &gt;= 3x its baseline (full at 6x), and
 *   either a drop from the 3 bars' high to the close &gt;= 1.5 ATR (full at 3) with lower lows on each
 *   of those bars, or sellers hitting &gt;= 3 distinct lit prices in one bar (walking the book; full at
 *   twice that).</li>
 * </ul>
 * Penny-stock noise: a single wide-spread minute cannot fire fleeing, because depth must also have
 * fallen and flow turned negative; dumping needs both heavy selling and a move in ATR units.
 */
public final class ExitSignals {
  private ExitSignals() {}

  public static Dataset<Row> score(Dataset<Row> d, ExitSettings e, double t) {
    WindowSpec day = SignalInputs.day();
    Column depthMean = avg("bid_depth_est").over(SignalInputs.previous(e.depthWindow()));
    Column depthRatio = when(depthMean.gt(0), col("bid_depth_est").divide(depthMean));
    Column spreadRatio = when(col("base_rel_spread").gt(0), col("rel_spread").divide(col("base_rel_spread")));
    WindowSpec ofiWindow = SignalInputs.last(e.ofiBars());
    Column ofiSum = sum("ofi").over(ofiWindow);
    Column ofiAbs = sum(abs(col("ofi"))).over(ofiWindow);
    Column buy = sum("buy_volume").over(ofiWindow);
    Column sell = sum("sell_volume").over(ofiWindow);
    Column flow = coalesce(when(ofiAbs.gt(0), ofiSum.divide(ofiAbs)),
        when(buy.plus(sell).gt(0), buy.minus(sell).divide(buy.plus(sell))));
    double keep = 1 - e.depthDrop();
    // Estimated bid depth is the volume recently executed at the bid: "depth fell" would read "selling
    // slowed", the opposite of providers leaving. Fleeing is null on such bars.
    Dataset<Row> out = d.withColumn("fleeing_score", when(col("sizes_source").equalTo("estimated"),
            lit(null).cast("double")).otherwise(weakest(
            grade(depthRatio, keep, keep / 2, t),
            grade(spreadRatio, e.spreadMultiple(), 1.5 * e.spreadMultiple(), t),
            grade(flow, e.ofiMax(), (e.ofiMax() - 1) / 2, t))))
        .withColumn("fleeing", fires(col("fleeing_score"), t));

    WindowSpec w = SignalInputs.last(e.dumpBars());
    Column sellMultiple = sum("sell_volume").over(w).divide(count(lit(1)).over(w)).divide(col("base_sell"));
    Column drop = max("high").over(w).minus(col("close")).divide(col("base_atr"));
    Column lowerLow = when(col("low").lt(lag(col("low"), 1).over(day)), lit(1)).otherwise(lit(0));
    out = out.withColumn("_lower_low", lowerLow);
    Column lowerLows = when(sum("_lower_low").over(SignalInputs.last(e.dumpBars() - 1))
        .geq(e.dumpBars() - 1), lit(1.0)).otherwise(lit(0.0));
    Column walk = max("sell_price_levels").over(w).cast("double");
    Column priceLeg = greatest(weakest(grade(drop, e.dumpDropAtr(), 2 * e.dumpDropAtr(), t), lowerLows),
        grade(walk, e.walkLevels(), 2.0 * e.walkLevels(), t));
    return out.withColumn("dumping_score", weakest(
            grade(sellMultiple, e.dumpSellMultiple(), 2 * e.dumpSellMultiple(), t), priceLeg))
        .withColumn("dumping", fires(col("dumping_score"), t))
        .drop("_lower_low");
  }
}

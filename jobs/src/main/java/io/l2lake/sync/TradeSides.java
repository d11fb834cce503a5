package io.l2lake.sync;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.signum;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.l2lake.lake.Columns;
import io.l2lake.lake.Schemas;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Classifies each trade's aggressor side (+1 buyer-initiated, -1 seller-initiated, null unknown) by several
 * rules, each in a column of its own:
 * <ul>
 *   <li>{@code tick_side}: the tick rule, the sign of the price change from the last different
 *       price of the symbol-day (null before the first price change);
 *   <li>{@code quote_side}: the quote rule, above the quote midpoint buy, below sell, at the
 *       midpoint or without a two-sided quote null;
 *   <li>{@code lee_ready_side}: Lee-Ready, the quote rule and the tick rule where the quote rule is null;
 *   <li>{@code emo_side}: Ellis, Michaely and O'Hara (2000), at or above the ask buy, at or below the bid
 *       sell, and the tick rule for every trade inside the spread (or without a two-sided quote);
 *   <li>{@code sweep_side}: an aggressive order that takes several resting orders prints several trades with
 *       one time stamp, all of one side. A trade at or through the touch takes that side (as in EMO); a trade
 *       inside the spread takes the side of the trades printed at its time that are at or through the touch
 *       (their sum of sides, if not zero); failing that, the direction the price walked within those trades
 *       (last price against first); failing that (a trade alone at its time, inside the spread), the quote rule
 *       against the settled quote (see below), then Lee-Ready.
 *       It is aimed at executions against hidden orders inside the spread, which a sweep prints beside
 *       visible ones, and which a quote of uncertain timing misplaces. The settled quote: when the quote's
 *       prices changed only a moment before the trade ({@code l2lake.sync.quote-settle-ms}), the change is
 *       likely the trade's own footprint (the aggressor moving its quotes as it trades, or the book reacting
 *       to the same event) and the prices before it are the ones the trade was made against.
 * </ul>
 * {@code side} is the side of the configured rule ({@code l2lake.sync.side-rule}: {@code lee-ready},
 * {@code emo} or {@code sweep}), the one later stages use; {@code side_rule} says which step of that rule
 * decided it: {@code quote} or {@code tick} (Lee-Ready and the fallbacks of the others), {@code touch} (at or
 * through the touch) or {@code sweep} (the trades printed at its time), null when it is null.
 * Input: trades with {@code price} and the prevailing {@code bid}/{@code ask} columns given.
 *
 * <p>Cost: one sort of the trades by (symbol, trade_date, ts, seq), shared by the windows (the sweep's window,
 * partitioned by the time stamp as well, reuses it).
 */
public final class TradeSides {
  private TradeSides() {}

  public static final String TICK_SIDE = Columns.Trades.TICK_SIDE;
  public static final String QUOTE_SIDE = Columns.Trades.QUOTE_SIDE;
  public static final String LEE_READY_SIDE = Columns.Trades.LEE_READY_SIDE;
  public static final String EMO_SIDE = Columns.Trades.EMO_SIDE;
  public static final String SWEEP_SIDE = Columns.Trades.SWEEP_SIDE;
  public static final String SIDE = Columns.Trades.SIDE;
  public static final String SIDE_RULE = "side_rule";
  public static final String MID = Columns.Trades.MID;

  /** Every rule, with {@code side} by Lee-Ready. */
  public static Dataset<Row> classify(Dataset<Row> trades, String bid, String ask) {
    return classify(trades, bid, ask, "lee-ready");
  }

  /** Every rule, with {@code side} by {@code rule} ({@code lee-ready}, {@code emo} or {@code sweep}). */
  public static Dataset<Row> classify(Dataset<Row> trades, String bid, String ask, String rule) {
    return classify(trades, bid, ask, bid, ask, rule);
  }

  /**
   * Every rule, with {@code side} by {@code rule}; the sweep rule's fallback for a trade alone inside the spread
   * compares it first with the midpoint of {@code settledBid}/{@code settledAsk} (the quote before a change that
   * may be the trade's own footprint), then with the prevailing one.
   */
  public static Dataset<Row> classify(Dataset<Row> trades, String bid, String ask, String settledBid,
      String settledAsk, String rule) {
    WindowSpec order = Window.partitionBy(Schemas.SYMBOL, Schemas.TRADE_DATE)
        .orderBy(col(Schemas.TS), col(Schemas.SEQ));
    WindowSpec sameTime = Window.partitionBy(Schemas.SYMBOL, Schemas.TRADE_DATE, Schemas.TS)
        .orderBy(col(Schemas.SEQ)).rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
    Column prev = col("_prev_price");
    Column price = col("price");
    Column twoSided = col(bid).gt(0).and(col(ask).gt(0)).and(col(bid).leq(col(ask)));
    Column mid = when(twoSided, col(bid).plus(col(ask)).divide(2));
    Column quoteSide = when(price.gt(col(MID)), lit(1)).when(price.lt(col(MID)), lit(-1));
    Column settledTwoSided = col(settledBid).gt(0).and(col(settledAsk).gt(0))
        .and(col(settledBid).leq(col(settledAsk)));
    Column settledMid = when(settledTwoSided, col(settledBid).plus(col(settledAsk)).divide(2));
    Column settledSide = when(price.gt(settledMid), lit(1)).when(price.lt(settledMid), lit(-1));
    Column touch = col("_touch");
    Column sweepBurst = col("_burst");
    Column sweepPath = col("_path");
    Column tick = col(TICK_SIDE);
    Column quote = col(QUOTE_SIDE);
    Column side;
    Column step;
    switch (rule) {
      case "lee-ready" -> {
        side = col(LEE_READY_SIDE);
        step = when(quote.isNotNull(), lit("quote")).when(tick.isNotNull(), lit("tick"));
      }
      case "emo" -> {
        side = col(EMO_SIDE);
        step = when(touch.isNotNull(), lit("touch")).when(tick.isNotNull(), lit("tick"));
      }
      case "sweep" -> {
        side = col(SWEEP_SIDE);
        step = when(touch.isNotNull(), lit("touch")).when(sweepBurst.isNotNull().or(sweepPath.isNotNull()),
            lit("sweep")).when(quote.isNotNull().or(settledSide.isNotNull()), lit("quote"))
            .when(tick.isNotNull(), lit("tick"));
      }
      default -> throw new IllegalArgumentException("unknown trade-side rule '" + rule
          + "': allowed are lee-ready, emo, sweep");
    }
    return trades
        .withColumn("_prev_price", lag(price, 1).over(order))
        .withColumn("_last_diff", last(when(prev.notEqual(price), prev), true)
            .over(order.rowsBetween(Window.unboundedPreceding(), Window.currentRow())))
        .withColumn(TICK_SIDE, signum(price.minus(col("_last_diff"))).cast("int"))
        .withColumn(MID, mid)
        .withColumn(QUOTE_SIDE, quoteSide)
        .withColumn(LEE_READY_SIDE, coalesce(quote, tick))
        .withColumn("_touch", when(twoSided.and(price.geq(col(ask))), lit(1))
            .when(twoSided.and(price.leq(col(bid))), lit(-1)))
        .withColumn(EMO_SIDE, coalesce(touch, tick))
        .withColumn("_burst", nonZero(signum(sum(coalesce(touch, lit(0))).over(sameTime))))
        .withColumn("_path", nonZero(signum(last(price).over(sameTime).minus(first(price).over(sameTime)))))
        .withColumn(SWEEP_SIDE, coalesce(touch, sweepBurst, sweepPath, settledSide, col(LEE_READY_SIDE)))
        .withColumn(SIDE, side)
        .withColumn(SIDE_RULE, step)
        .drop("_prev_price", "_last_diff", "_touch", "_burst", "_path");
  }

  private static Column nonZero(Column sign) {
    return when(sign.notEqual(0), sign.cast("int"));
  }
}

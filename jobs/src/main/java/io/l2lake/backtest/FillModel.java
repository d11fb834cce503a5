package io.l2lake.backtest;

import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.l2lake.config.BacktestSettings;
import org.apache.spark.sql.Column;

/**
 * The fill model as column expressions, so a backtest prices every order in one pass.
 *
 * <ul>
 *   <li>A buy fills at the ask, a sell at the bid, each worse by {@code slippage-spread-fraction} of the
 *   spread and by {@code impact x price x participation} (participation = filled shares / bar volume).</li>
 *   <li>At most {@code participation-cap} of the fill bar's volume is filled (whole shares); the rest of
 *   the order is unfilled, not carried.</li>
 *   <li>A stop is a stop-market order: when a bar trades through it the sell fills at the stop, or at
 *   the bar's open when the bar opened below it (a gap through the stop fills at the open), and never above
 *   the bid standing after the touch (the bar's closing bid, the first quote known after it at minute
 *   resolution: a thin penny book can leave the bid well under the stop), less the sell slippage.</li>
 *   <li>Commission per share with a minimum per order, capped at {@code commission-max-fraction} of the
 *   order's value (a per-share broker's schedule: $0.005 a share, at least $1, at most 1% of the value, so
 *   the cap decides below $0.50 a share and the minimum on small orders); on sells, the SEC fee on the
 *   proceeds and the FINRA TAF per share up to its cap.</li>
 * </ul>
 */
public final class FillModel {
  private FillModel() {}

  /** Shares filled of an order of {@code orderShares} on a bar that traded {@code barVolume}. */
  public static Column filledShares(Column orderShares, Column barVolume, BacktestSettings p) {
    return greatest(lit(0L), least(orderShares, floor(barVolume.multiply(p.participationCap()))).cast("long"));
  }

  /** Price paid per share for {@code shares} bought at {@code ask} with {@code bid} on the other side. */
  public static Column buyPrice(Column bid, Column ask, Column shares, Column barVolume, BacktestSettings p) {
    Column spread = greatest(ask.minus(bid), lit(0.0));
    return ask.plus(spread.multiply(p.slippageSpreadFraction()))
        .plus(ask.multiply(p.impact()).multiply(participation(shares, barVolume)));
  }

  /** Price received per share for {@code shares} sold at {@code reference} (the bid, or a stop). */
  public static Column sellPrice(Column reference, Column bid, Column ask, Column shares, Column barVolume,
      BacktestSettings p) {
    Column spread = greatest(ask.minus(bid), lit(0.0));
    return greatest(lit(0.0), reference.minus(spread.multiply(p.slippageSpreadFraction()))
        .minus(reference.multiply(p.impact()).multiply(participation(shares, barVolume))));
  }

  /**
   * The reference price of a stop hit on a bar: the stop, or the open when the bar opened below it, and the
   * bid after the touch ({@code bidAfter}) when that is lower.
   */
  public static Column stopReference(Column stop, Column open, Column bidAfter) {
    Column triggered = when(open.isNotNull().and(open.lt(stop)), open).otherwise(stop);
    return when(bidAfter.isNotNull().and(bidAfter.gt(0)).and(bidAfter.lt(triggered)), bidAfter).otherwise(triggered);
  }

  /** Commission of one order of {@code shares} at an average {@code price} per share. */
  public static Column commission(Column shares, Column price, BacktestSettings p) {
    return least(greatest(lit(p.commissionMin()), shares.multiply(p.commissionPerShare())),
        shares.multiply(price).multiply(p.commissionMaxFraction()));
  }

  /** Regulatory fees of a sale of {@code shares} at {@code price}. */
  public static Column sellFees(Column shares, Column price, BacktestSettings p) {
    return shares.multiply(price).multiply(p.secFeeRate())
        .plus(least(lit(p.tafMax()), shares.multiply(p.tafPerShare())));
  }

  private static Column participation(Column shares, Column barVolume) {
    return when(barVolume.gt(0), shares.divide(barVolume)).otherwise(lit(0.0));
  }
}

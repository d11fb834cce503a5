package io.l2lake.backtest;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

import io.l2lake.config.BacktestSettings;
import io.l2lake.lake.Schemas;
import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * What the strategy did about each overnight gap, and the most the thesis could have made of it.
 *
 * <p>The gaps of [from, to] are the simulator's planted gap days for the symbols the lake holds its truth of
 * ({@code truth.episodes}: a planted gap is known even where the bars show a smaller one, and a random move of
 * a symbol without a buyer is not counted), and for every other symbol each day whose first regular bar opens
 * at least {@code gap-min} above the previous day's last regular close. For each gap day D of a symbol:
 * <ul>
 *   <li>{@code state_before}: the tracker's state on D-1;</li>
 *   <li>{@code status}: {@code held} when a trade entered before D's first bar was still open at it (an exit at
 *   D's first bar, such as a stop gapped through, still sold into the gap), else {@code exited} when a trade was
 *   entered on one of the {@code max-hold-days} + 1 days before D and closed before D (its exit reason and time
 *   are given), else {@code not_entered};</li>
 *   <li>the oracle, for gaps whose D-1 state was READY: buy at D-1's last regular bar (its ask, the fill model's
 *   slippage and impact, at most the participation cap of that bar's volume, sized like an entry with D-1's ATR
 *   and multiple), sell at D's first regular bar's open (less the spread slippage, impact, commission and
 *   fees). It reads D-1's state at D-1's close, which a strategy can only act on the next day: an upper
 *   bound of what holding through the gap could earn, not a strategy.</li>
 * </ul>
 */
public final class GapAttribution {
  private GapAttribution() {}

  /** The regular session's first and last bar of each symbol-day, and the previous day's last bar. */
  static Dataset<Row> days(Dataset<Row> bars) {
    Column firstBar = struct(col("bar_no"), col("bar_ts"), col("open"), col("bid"), col("ask"), col("volume"));
    Column lastBar = struct(col("bar_no"), col("bar_ts"), col("close"), col("bid"), col("ask"), col("volume"));
    WindowSpec order = Window.partitionBy(Schemas.SYMBOL).orderBy("day_no");
    return bars.groupBy(Schemas.SYMBOL, "day_no", Schemas.TRADE_DATE)
        .agg(min_by(firstBar, col("bar_no")).as("first"), max_by(lastBar, col("bar_no")).as("last"),
            first(col("prev_state"), true).as("state_before"), first(col("atr"), true).as("atr"),
            first(col("k"), true).as("k"))
        .withColumn("prev", lag(col("last"), 1).over(order))
        .withColumn("prev_atr", lag(col("atr"), 1).over(order))
        .withColumn("prev_k", lag(col("k"), 1).over(order))
        .withColumn("gap", col("first.open").divide(col("prev.close")).minus(1));
  }

  /**
   * One row per gap of [from, to]: see the class comment. {@code truthEpisodes} ({@code truth.episodes}: symbol,
   * gap_date) or null: its symbols' gaps are its planted ones; every other symbol's are its gaps of at least
   * {@code gapMin} in the bars. {@code trades} are one entry mode's resolved trades.
   */
  public static Dataset<Row> attribute(Dataset<Row> bars, Dataset<Row> trades, Dataset<Row> truthEpisodes,
      BacktestSettings p, double gapMin, LocalDate from, LocalDate to) {
    Dataset<Row> days = days(bars).filter(col("prev").isNotNull()
        .and(col(Schemas.TRADE_DATE).between(lit(Date.valueOf(from)), lit(Date.valueOf(to)))));
    Dataset<Row> found = days.filter(col("gap").geq(gapMin)).withColumn("source", lit("bars"));
    Dataset<Row> gaps = found;
    if (truthEpisodes != null) {
      Dataset<Row> planted = truthEpisodes.filter(col("gap_date").isNotNull())
          .select(col(Schemas.SYMBOL), col("gap_date").as(Schemas.TRADE_DATE)).distinct();
      gaps = days.join(planted, Schemas.names(Schemas.SYMBOL, Schemas.TRADE_DATE)).withColumn("source", lit("truth"))
          .unionByName(found.join(truthEpisodes.select(Schemas.SYMBOL).distinct(), Schemas.names(Schemas.SYMBOL),
              "left_anti"));
    }
    Dataset<Row> t = trades.select(col(Schemas.SYMBOL).as("_symbol"), col("entry_ts"), col("entry_bar_no"),
        col("entry_day_no"), col("exit_ts"), col("exit_bar_no"), col("exit_reason"), col("return").as("trade_return"),
        col("pnl").as("trade_pnl"));
    Column sameSymbol = col("_symbol").equalTo(col(Schemas.SYMBOL));
    Column held = col("entry_bar_no").lt(col("first.bar_no")).and(col("exit_bar_no").geq(col("first.bar_no")));
    Column exitedBefore = col("exit_bar_no").lt(col("first.bar_no"))
        .and(col("entry_day_no").geq(col("day_no").minus(p.maxHoldDays() + 1)));
    // At most one trade is open at a time per symbol; of the earlier ones the latest exit is the one that matters.
    Dataset<Row> joined = gaps.join(t, sameSymbol.and(held.or(exitedBefore)), "left")
        .withColumn("_rank", row_number().over(Window.partitionBy(Schemas.SYMBOL, "day_no")
            .orderBy(when(held, 0).otherwise(1), col("exit_bar_no").desc_nulls_last())))
        .filter(col("_rank").equalTo(1));
    Column status = when(col("entry_ts").isNull(), lit("not_entered")).when(held, lit("held"))
        .otherwise(lit("exited"));

    Column ready = coalesce(col("state_before"), lit("")).equalTo("READY");
    Column distance = col("prev_k").multiply(col("prev_atr"));
    Column order = floor(least(lit(p.riskPerTrade() * p.initialCapital()).divide(distance),
        lit(p.maxPositionValue()).divide(col("prev.ask")))).cast("long");
    Column usable = ready.and(col("prev.ask").gt(0)).and(col("prev.bid").gt(0)).and(distance.gt(0));
    Column shares = when(usable, FillModel.filledShares(order, col("prev.volume"), p));
    Column buy = FillModel.buyPrice(col("prev.bid"), col("prev.ask"), col("oracle_shares"), col("prev.volume"), p);
    Column sell = FillModel.sellPrice(col("first.open"), coalesce(col("first.bid"), col("first.open")),
        coalesce(col("first.ask"), col("first.open")), col("oracle_shares"), col("first.volume"), p);
    Column costs = FillModel.commission(col("oracle_shares"), col("oracle_buy"), p)
        .plus(FillModel.commission(col("oracle_shares"), col("oracle_sell"), p))
        .plus(FillModel.sellFees(col("oracle_shares"), col("oracle_sell"), p));
    return joined
        .withColumn("oracle_shares", when(shares.gt(0), shares))
        .withColumn("oracle_buy", when(col("oracle_shares").isNotNull(), buy))
        .withColumn("oracle_sell", when(col("oracle_shares").isNotNull(), sell))
        .withColumn("oracle_pnl", col("oracle_shares").multiply(col("oracle_sell").minus(col("oracle_buy")))
            .minus(costs))
        .select(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE).as("gap_date"), col("source"), col("gap"),
            col("prev.close").as("close_before"), col("first.open").as("open"), col("state_before"),
            status.as("status"), col("entry_ts"), col("exit_ts"), col("exit_reason"), col("trade_return"),
            col("trade_pnl"), col("prev.bar_ts").as("oracle_buy_ts"), col("oracle_shares"), col("oracle_buy"),
            col("oracle_sell"), col("oracle_pnl"),
            col("oracle_pnl").divide(col("oracle_shares").multiply(col("oracle_buy"))).as("oracle_return"));
  }
}

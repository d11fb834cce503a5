package io.l2lake.bars;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.count_distinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.l2lake.columns.OrderFlow;
import io.l2lake.lake.Columns;
import io.l2lake.lake.Schemas;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Builds {@code silver.bars_1m}: per symbol-minute ({@code bar_ts} = minute start) from
 * {@code silver.trades}: open, high, low, close, volume, VWAP, trade count, buy/sell/unclassified
 * volume (Lee-Ready), trade imbalance (buy - sell) / (buy + sell), off-exchange, odd-lot, sub-penny,
 * Form-T and block volume, off-exchange volume at or above the midpoint (sub-penny internalised prints
 * excluded) and in blocks, the number of distinct lit prices sellers hit ({@code sell_price_levels},
 * how far sells walked the book), the last two-sided bid/ask of the minute with the lowest bid and
 * highest ask seen in it (from quotes, else from the trades' prevailing quotes), realised variance (sum of squared log returns between consecutive trades,
 * each return in the bar of its later trade) and the trade-weighted spread of the trades' quotes;
 * and from Level-1 quotes, where they exist: the time-weighted spread and displayed bid/ask size
 * (each quote weighted by how long it stood within the minute of its start) and the order-flow
 * imbalance ({@link OrderFlow}) summed over the minute. {@code spread} is the time-weighted one when
 * quotes exist and the trade-weighted one otherwise ({@code spread_source}).
 *
 * <p>Cost: one sort of trades and one of quotes by symbol-day, then an aggregation per minute and a
 * full outer join of the two per-minute tables.
 */
public final class MinuteBars {
  private MinuteBars() {}

  public static final String BAR_TS = Columns.Bars1m.BAR_TS;

  public static Dataset<Row> build(Dataset<Row> trades, Dataset<Row> quotes) {
    return joinBars(tradeBars(trades), quoteBars(quotes));
  }

  static Dataset<Row> tradeBars(Dataset<Row> trades) {
    WindowSpec day = Window.partitionBy(Schemas.SYMBOL, Schemas.TRADE_DATE)
        .orderBy(col(Schemas.TS), col(Schemas.SEQ));
    Column size = col("size");
    Column side = col("side");
    Column twoSided = col("bid").gt(0).and(col("ask").gt(0)).and(col("bid").leq(col("ask")));
    Dataset<Row> t = trades
        .withColumn(BAR_TS, io.l2lake.calendar.EasternTime.minuteStart(col(Schemas.TS)))
        .withColumn("_ord", row_number().over(day))
        .withColumn("_ret", log(col("price").divide(lag(col("price"), 1).over(day))))
        .withColumn("_spread", when(twoSided, col("ask").minus(col("bid"))))
        .withColumn("_rel_spread", when(twoSided, col("ask").minus(col("bid"))
            .divide(col("ask").plus(col("bid")).divide(2))));
    return t.groupBy(Schemas.SYMBOL, Schemas.TRADE_DATE, BAR_TS).agg(
        min_by(col("price"), col("_ord")).as("open"),
        max(col("price")).as("high"),
        min(col("price")).as("low"),
        max_by(col("price"), col("_ord")).as("close"),
        sum(size).as("volume"),
        sum(col("price").multiply(size)).divide(sum(size)).as("vwap"),
        count(lit(1)).as("trade_count"),
        sum(when(side.equalTo(1), size).otherwise(0L)).as("buy_volume"),
        sum(when(side.equalTo(-1), size).otherwise(0L)).as("sell_volume"),
        sum(when(side.isNull(), size).otherwise(0L)).as("unclassified_volume"),
        sum(when(col("off_exchange"), size).otherwise(0L)).as("off_exchange_volume"),
        sum(when(col("odd_lot"), size).otherwise(0L)).as("odd_lot_volume"),
        sum(when(col("subpenny"), size).otherwise(0L)).as("subpenny_volume"),
        sum(when(col("form_t"), size).otherwise(0L)).as("form_t_volume"),
        sum(when(col("block"), size).otherwise(0L)).as("block_volume"),
        sum(coalesce(col("_ret").multiply(col("_ret")), lit(0.0))).as("realized_variance"),
        avg(col("_spread")).as("trade_spread"),
        avg(col("_rel_spread")).as("trade_rel_spread"),
        max_by(when(twoSided, col("bid")), when(twoSided, col("_ord"))).as("trade_bid"),
        max_by(when(twoSided, col("ask")), when(twoSided, col("_ord"))).as("trade_ask"),
        min(when(twoSided, col("bid"))).as("trade_bid_low"),
        max(when(twoSided, col("ask"))).as("trade_ask_high"),
        sum(when(col("off_exchange").and(org.apache.spark.sql.functions.not(col("subpenny")))
            .and(col("price").geq(col(Columns.Trades.MID))), size).otherwise(0L))
            .as("off_exchange_above_mid_volume"),
        sum(when(col("off_exchange").and(col("block")), size).otherwise(0L)).as("off_exchange_block_volume"),
        count_distinct(when(side.equalTo(-1).and(org.apache.spark.sql.functions.not(col("off_exchange"))), col("price")))
            .as("sell_price_levels"))
        .withColumn("trade_imbalance", when(col("buy_volume").plus(col("sell_volume")).gt(0),
            col("buy_volume").minus(col("sell_volume"))
                .divide(col("buy_volume").plus(col("sell_volume")))));
  }

  static Dataset<Row> quoteBars(Dataset<Row> quotes) {
    WindowSpec day = Window.partitionBy(Schemas.SYMBOL, Schemas.TRADE_DATE)
        .orderBy(col(Schemas.TS), col(Schemas.SEQ));
    Column barEnd = col(BAR_TS).plus(expr("INTERVAL 1 MINUTE"));
    Column twoSided = col("bid").gt(0).and(col("ask").gt(0)).and(col("bid").leq(col("ask")));
    Dataset<Row> q = OrderFlow.contributions(quotes)
        .withColumn("_ord", row_number().over(day))
        .withColumn(BAR_TS, io.l2lake.calendar.EasternTime.minuteStart(col(Schemas.TS)))
        .withColumn("_end", least(coalesce(lead(col(Schemas.TS), 1).over(day), barEnd), barEnd))
        .withColumn("_w", unix_micros(col("_end")).minus(unix_micros(col(Schemas.TS))).divide(1e6))
        .withColumn("_spread", when(twoSided, col("ask").minus(col("bid"))))
        .withColumn("_rel_spread", when(twoSided, col("ask").minus(col("bid")).divide(col(OrderFlow.QUOTE_MID))));
    Column w = col("_w");
    return q.groupBy(Schemas.SYMBOL, Schemas.TRADE_DATE, BAR_TS).agg(
        count(lit(1)).as("quote_updates"),
        weighted(col("_spread"), w).as("tw_spread"),
        weighted(col("_rel_spread"), w).as("tw_rel_spread"),
        weighted(col("bid_size").cast("double"), w).as("tw_bid_size"),
        weighted(col("ask_size").cast("double"), w).as("tw_ask_size"),
        sum(col(OrderFlow.OFI)).as("ofi"),
        max_by(when(twoSided, col("bid")), when(twoSided, col("_ord"))).as("quote_bid"),
        max_by(when(twoSided, col("ask")), when(twoSided, col("_ord"))).as("quote_ask"),
        min(when(twoSided, col("bid"))).as("quote_bid_low"),
        max(when(twoSided, col("ask"))).as("quote_ask_high"));
  }

  /** Time-weighted mean of {@code x} over rows where it is not null. */
  private static Column weighted(Column x, Column w) {
    return sum(when(x.isNotNull(), x.multiply(w))).divide(sum(when(x.isNotNull(), w)));
  }

  static Dataset<Row> joinBars(Dataset<Row> tradeBars, Dataset<Row> quoteBars) {
    Dataset<Row> j = tradeBars.join(quoteBars, Schemas.names(Schemas.SYMBOL, Schemas.TRADE_DATE, BAR_TS),
        "full_outer");
    for (String c : List.of("volume", "trade_count", "buy_volume", "sell_volume", "unclassified_volume",
        "off_exchange_volume", "odd_lot_volume", "subpenny_volume", "form_t_volume", "block_volume",
        "quote_updates", "off_exchange_above_mid_volume", "off_exchange_block_volume", "sell_price_levels")) {
      j = j.withColumn(c, coalesce(col(c), lit(0L)));
    }
    return j
        .withColumn("spread", coalesce(col("tw_spread"), col("trade_spread")))
        .withColumn("rel_spread", coalesce(col("tw_rel_spread"), col("trade_rel_spread")))
        .withColumn("bid", coalesce(col("quote_bid"), col("trade_bid")))
        .withColumn("ask", coalesce(col("quote_ask"), col("trade_ask")))
        .withColumn("bid_low", coalesce(col("quote_bid_low"), col("trade_bid_low")))
        .withColumn("ask_high", coalesce(col("quote_ask_high"), col("trade_ask_high")))
        .drop("quote_bid", "trade_bid", "quote_ask", "trade_ask", "quote_bid_low", "trade_bid_low",
            "quote_ask_high", "trade_ask_high")
        .withColumn("spread_source", when(col("tw_spread").isNotNull(), lit("quotes"))
            .when(col("trade_spread").isNotNull(), lit("trades")));
  }
}

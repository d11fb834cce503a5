package io.l2lake.sync;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.l2lake.config.L2Config;
import io.l2lake.lake.Schemas;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Builds {@code silver.trades}: each trade with its prevailing quote, the quote's age, its aggressor
 * side by Lee-Ready, the tick rule, the quote rule, EMO and the sweep rule ({@code side} by the configured
 * one, see {@link TradeSides}), and its venue flags.
 *
 * <p>The prevailing quote is the Level-1 quote as of the trade ({@link AsOfQuotes}) when there is one
 * within the maximum age; otherwise the bid/ask the tick itself carries (history ticks carry the top
 * of book at the trade), with age 0 and {@code quote_source = tick}. Where both exist,
 * {@code quotes_agree} says whether they are equal. Trades come from history ticks; Level-1 trades are
 * used only for symbol-days without history ticks, so no trade is counted twice.
 */
public final class TradeSync {
  private TradeSync() {}

  /** The columns of {@code silver.trades}, in order. */
  public static final List<String> COLUMNS = List.of(Schemas.SYMBOL, Schemas.TRADE_DATE, Schemas.TS,
      Schemas.SEQ, "price", "size", "market_center", "conditions", "basis", "feed", "tick_id", "bid",
      "ask", "bid_size", "ask_size", TradeSides.MID, "quote_source", AsOfQuotes.Q_TS, AsOfQuotes.Q_AGE,
      "tick_bid", "tick_ask", "quotes_agree", TradeSides.TICK_SIDE, TradeSides.QUOTE_SIDE,
      TradeSides.LEE_READY_SIDE, TradeSides.EMO_SIDE, TradeSides.SWEEP_SIDE, TradeSides.SIDE, TradeSides.SIDE_RULE, "off_exchange", "odd_lot", "form_t", "subpenny", "block",
      "running_median_size");

  /** History ticks, plus Level-1 trades of the symbol-days that have no history ticks. */
  public static Dataset<Row> chooseTrades(Dataset<Row> ticks) {
    Dataset<Row> history = ticks.filter(col("feed").equalTo("history"));
    Dataset<Row> historyDays = history.select(Schemas.SYMBOL, Schemas.TRADE_DATE).distinct();
    Dataset<Row> l1 = ticks.filter(col("feed").equalTo("l1"))
        .join(historyDays, Schemas.names(Schemas.SYMBOL, Schemas.TRADE_DATE), "left_anti");
    return history.unionByName(l1);
  }

  /** Synchronises bronze-shaped ticks with bronze-shaped quotes. */
  public static Dataset<Row> synchronise(Dataset<Row> ticks, Dataset<Row> quotes, L2Config.Sync p) {
    Dataset<Row> trades = chooseTrades(ticks)
        .withColumnRenamed("bid", "tick_bid").withColumnRenamed("ask", "tick_ask")
        .withColumnRenamed("bid_size", "tick_bid_size").withColumnRenamed("ask_size", "tick_ask_size");
    Dataset<Row> synced = AsOfQuotes.join(trades, quotes, p.maxQuoteAgeSeconds());
    Column l1 = col(AsOfQuotes.Q_TS).isNotNull();
    Column tickQuote = col("tick_bid").gt(0).or(col("tick_ask").gt(0));
    synced = synced
        .withColumn("quote_source", when(l1, lit("l1")).when(tickQuote, lit("tick")))
        .withColumn("bid", when(l1, col(AsOfQuotes.Q_BID)).when(col("tick_bid").gt(0), col("tick_bid")))
        .withColumn("ask", when(l1, col(AsOfQuotes.Q_ASK)).when(col("tick_ask").gt(0), col("tick_ask")))
        .withColumn("bid_size", when(l1, col(AsOfQuotes.Q_BID_SIZE)).otherwise(col("tick_bid_size")))
        .withColumn("ask_size", when(l1, col(AsOfQuotes.Q_ASK_SIZE)).otherwise(col("tick_ask_size")))
        .withColumn(AsOfQuotes.Q_AGE, when(l1, col(AsOfQuotes.Q_AGE)).when(tickQuote, lit(0.0)))
        .withColumn("quotes_agree", when(l1.and(tickQuote),
            col("tick_bid").eqNullSafe(col(AsOfQuotes.Q_BID)).and(col("tick_ask").eqNullSafe(col(AsOfQuotes.Q_ASK)))));
    // The prices before a price change younger than the settle time, for the sweep rule's inside-spread trades.
    Column settling = l1.and(col(AsOfQuotes.Q_PREV_BID).isNotNull()).and(col(AsOfQuotes.Q_PREV_ASK).isNotNull())
        .and(unix_micros(col(Schemas.TS)).minus(unix_micros(col(AsOfQuotes.Q_PRICES_TS)))
            .lt(p.quoteSettleMs() * 1000L));
    synced = synced
        .withColumn("_settled_bid", when(settling, col(AsOfQuotes.Q_PREV_BID)).otherwise(col("bid")))
        .withColumn("_settled_ask", when(settling, col(AsOfQuotes.Q_PREV_ASK)).otherwise(col("ask")));
    Dataset<Row> classified = TradeSides.classify(synced, "bid", "ask", "_settled_bid", "_settled_ask",
        p.sideRule());
    return VenueFlags.flag(classified, p).select(COLUMNS.stream().map(org.apache.spark.sql.functions::col)
        .toArray(Column[]::new));
  }
}

package io.l2lake.sync;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.l2lake.lake.Schemas;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Attaches to each trade its prevailing quote: the last quote at or before the trade, within a
 * maximum age. Events are ordered per symbol-day by (ts, seq, kind) with quotes (kind 0) before
 * trades (kind 1): a quote at the trade's own time and file position is visible to it, a quote on a
 * later line is not (a Level-1 line's quote is its post-update state; sources that know their quote
 * follows the trade give it a larger {@code seq}).
 *
 * <p>The join is a union of trades and quotes with {@code last(x, ignoreNulls)} over a window
 * partitioned by symbol and trading day, the as-of formulation that runs on the GPU under RAPIDS.
 * Empty quote sides are carried as a negative sentinel through the window so that a later one-sided
 * quote is not filled in from an earlier quote's side.
 *
 * <p>Each trade also gets when the prevailing quote's bid and ask prices began ({@link #Q_PRICES_TS}) and the
 * prices before that change ({@link #Q_PREV_BID}, {@link #Q_PREV_ASK}), in the symbol-day's (ts, seq) order.
 *
 * <p>Cost: one shuffle and one sort of trades plus quotes by (symbol, trade_date); the quotes' predecessors
 * (for the price changes) are read over the same order.
 */
public final class AsOfQuotes {
  private AsOfQuotes() {}

  public static final String Q_TS = io.l2lake.lake.Columns.Trades.QUOTE_TS;
  public static final String Q_BID = io.l2lake.lake.Columns.Trades.QUOTE_BID;
  public static final String Q_ASK = io.l2lake.lake.Columns.Trades.QUOTE_ASK;
  public static final String Q_BID_SIZE = io.l2lake.lake.Columns.Trades.QUOTE_BID_SIZE;
  public static final String Q_ASK_SIZE = io.l2lake.lake.Columns.Trades.QUOTE_ASK_SIZE;
  public static final String Q_AGE = io.l2lake.lake.Columns.Trades.QUOTE_AGE;
  /**
   * The prevailing quote's prices since when ({@link #Q_PRICES_TS}) and the prices before them: the quote before
   * its latest change of bid or ask price (size changes aside).
   */
  public static final String Q_PRICES_TS = "quote_prices_ts";
  public static final String Q_PREV_BID = "quote_prev_bid";
  public static final String Q_PREV_ASK = "quote_prev_ask";
  private static final String KIND = "_kind";

  /**
   * {@code trades} (symbol, trade_date, ts, seq, ...) with columns {@link #Q_TS}, {@link #Q_BID},
   * {@link #Q_ASK}, {@link #Q_BID_SIZE}, {@link #Q_ASK_SIZE} and {@link #Q_AGE} from {@code quotes}
   * (symbol, trade_date, ts, seq, bid, bid_size, ask, ask_size). A side that is empty (null or &lt;= 0
   * price) is null; all are null when there is no quote within {@code maxAgeSeconds}. {@link #Q_PRICES_TS}: when its
   * prices began; {@link #Q_PREV_BID}, {@link #Q_PREV_ASK}: the prices before (null without a quote, or before the
   * day's first price change).
   */
  public static Dataset<Row> join(Dataset<Row> trades, Dataset<Row> quotes, double maxAgeSeconds) {
    Dataset<Row> quoteEvents = quotes.select(
        col(Schemas.SYMBOL), col(Schemas.TRADE_DATE), col(Schemas.TS), col(Schemas.SEQ),
        lit(0).as(KIND),
        col(Schemas.TS).as(Q_TS),
        sentinel(col("bid")).as(Q_BID),
        sentinel(col("ask")).as(Q_ASK),
        coalesce(col("bid_size"), lit(-1L)).as(Q_BID_SIZE),
        coalesce(col("ask_size"), lit(-1L)).as(Q_ASK_SIZE));
    Dataset<Row> tradeEvents = trades.withColumn(KIND, lit(1));
    // One order for everything: among the quotes, (ts, seq, kind) is their own (ts, seq) order.
    WindowSpec order = Window.partitionBy(Schemas.SYMBOL, Schemas.TRADE_DATE)
        .orderBy(col(Schemas.TS), col(Schemas.SEQ), col(KIND));
    WindowSpec sofar = order.rowsBetween(Window.unboundedPreceding(), Window.currentRow());
    Dataset<Row> events = tradeEvents.unionByName(quoteEvents, true);
    for (String c : new String[] {Q_TS, Q_BID, Q_ASK, Q_BID_SIZE, Q_ASK_SIZE}) {
      events = events.withColumn(c, last(col(c), true).over(sofar));
    }
    // The quote before a row is the prevailing quote as of the row before (a lag of the filled columns, which the
    // GPU runs; a frame ending at the row before it does not run for last).
    events = events
        .withColumn("_pb", lag(col(Q_BID), 1).over(order))
        .withColumn("_pa", lag(col(Q_ASK), 1).over(order));
    // A quote that changed the bid or ask price (the day's first quote included); false on trades.
    Column changed = col(KIND).equalTo(0).and(col("_pb").isNull().or(col("_pb").notEqual(col(Q_BID)))
        .or(col("_pa").notEqual(col(Q_ASK))));
    events = events.withColumn("_changed", changed)
        .withColumn(Q_PRICES_TS, last(when(col("_changed"), col(Schemas.TS)), true).over(sofar))
        .withColumn(Q_PREV_BID, last(when(col("_changed"), coalesce(col("_pb"), lit(-1.0))), true).over(sofar))
        .withColumn(Q_PREV_ASK, last(when(col("_changed"), coalesce(col("_pa"), lit(-1.0))), true).over(sofar))
        .drop("_pb", "_pa", "_changed");
    Column age = unix_micros(col(Schemas.TS)).minus(unix_micros(col(Q_TS))).divide(1e6);
    Column fresh = col(Q_TS).isNotNull().and(age.leq(maxAgeSeconds));
    return events.filter(col(KIND).equalTo(1)).drop(KIND)
        .withColumn(Q_AGE, when(fresh, age))
        .withColumn(Q_BID, when(fresh.and(col(Q_BID).gt(0)), col(Q_BID)))
        .withColumn(Q_ASK, when(fresh.and(col(Q_ASK).gt(0)), col(Q_ASK)))
        .withColumn(Q_BID_SIZE, when(fresh.and(col(Q_BID).isNotNull()).and(col(Q_BID_SIZE).geq(0)),
            col(Q_BID_SIZE)))
        .withColumn(Q_ASK_SIZE, when(fresh.and(col(Q_ASK).isNotNull()).and(col(Q_ASK_SIZE).geq(0)),
            col(Q_ASK_SIZE)))
        .withColumn(Q_PRICES_TS, when(fresh, col(Q_PRICES_TS)))
        .withColumn(Q_PREV_BID, when(fresh.and(col(Q_PREV_BID).gt(0)), col(Q_PREV_BID)))
        .withColumn(Q_PREV_ASK, when(fresh.and(col(Q_PREV_ASK).gt(0)), col(Q_PREV_ASK)))
        .withColumn(Q_TS, when(fresh, col(Q_TS)));
  }

  private static Column sentinel(Column price) {
    return when(price.isNull().or(price.leq(0)), lit(-1.0)).otherwise(price);
  }
}

package io.l2lake.quality;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.format_number;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.l2lake.config.L2Config;
import io.l2lake.lake.Schemas;
import java.time.LocalTime;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The integrity checks of the bronze tables and the row preparation they share. Row-neighbour
 * checks (time regressions, volume regressions, outliers, holes) use one window per dataset,
 * partitioned by symbol-day and ordered by file then {@code seq}: one sort per dataset.
 */
public final class IntegrityChecks {
  private IntegrityChecks() {}

  public static final String TICKS = "ticks";
  public static final String QUOTES = "quotes";
  public static final String DAILY = "daily_bars";

  static final String TOD = "_tod";
  static final String PREV_TS = "_prev_ts";
  static final String SAME_FILE = "_same_file";
  static final String PREV_PRICE = "_prev_price";
  static final String NEXT_PRICE = "_next_price";
  static final String PREV_VOLUME = "_prev_total_volume";
  static final String REGULAR_GAP = "_regular_gap";
  static final String REGULAR_TOD = "_regular_tod";

  /** Adds Eastern second-of-day and file-order neighbour columns to trades or quotes. */
  public static Dataset<Row> prepare(Dataset<Row> rows, boolean trades, L2Config.Quality q) {
    WindowSpec w = Window.partitionBy(Schemas.SYMBOL, Schemas.TRADE_DATE)
        .orderBy(Schemas.SOURCE_FILE, Schemas.SEQ);
    Column tod = io.l2lake.calendar.EasternTime.secondOfDay(col(Schemas.TS));
    Dataset<Row> out = rows
        .withColumn(TOD, tod)
        .withColumn(PREV_TS, lag(Schemas.TS, 1).over(w))
        .withColumn(SAME_FILE, coalesce(lag(Schemas.SOURCE_FILE, 1).over(w).equalTo(col(Schemas.SOURCE_FILE)),
            lit(false)));
    if (trades) {
      int open = q.regularOpen().toSecondOfDay();
      int close = q.regularClose().toSecondOfDay();
      Column regular = col(TOD).geq(open).and(col(TOD).leq(close));
      out = out
          .withColumn(PREV_PRICE, lag("price", 1).over(w))
          .withColumn(NEXT_PRICE, lead("price", 1).over(w))
          .withColumn(PREV_VOLUME, lag("total_volume", 1).over(w))
          .withColumn(REGULAR_TOD, when(regular, col(TOD)))
          .withColumn(REGULAR_GAP, when(regular, col(TOD).minus(coalesce(
              last(col(REGULAR_TOD), true).over(w.rowsBetween(Window.unboundedPreceding(), -1)),
              lit(open)))));
    }
    return out;
  }

  /** The checks on {@code bronze.ticks}. */
  public static List<Check> tickChecks(L2Config.Quality q) {
    double t = q.lastOutsideTolerance();
    double j = q.outlierJump();
    Column bid = col("bid");
    Column ask = col("ask");
    Column price = col("price");
    Column twoSided = bid.gt(0).and(ask.gt(0));
    Column all = lit(true);
    int holeSeconds = q.intradayHoleMinutes() * 60;
    int close = q.regularClose().toSecondOfDay();
    int open = q.regularOpen().toSecondOfDay();
    String gaps = "intraday_hole__gaps";
    String lastRegular = "intraday_hole__last";
    String longest = "intraday_hole__longest";
    Column closeGap = lit(close).minus(coalesce(col(lastRegular), lit(open)));
    return List.of(
        Check.rows("non_positive_price", Check.Level.ERROR, TICKS,
            "trade price <= 0 or a negative bid/ask", price.leq(0).or(bid.lt(0)).or(ask.lt(0)), all, 0),
        Check.rows("crossed_quote", Check.Level.ERROR, TICKS,
            "bid above ask in the quote carried by trades", bid.gt(ask), twoSided, q.crossedShareError()),
        Check.rows("locked_quote", Check.Level.WARNING, TICKS,
            "bid equal to ask in the quote carried by trades", bid.equalTo(ask), twoSided, 0),
        Check.rows("last_outside_quote", Check.Level.WARNING, TICKS,
            "trade below bid x (1 - tolerance) or above ask x (1 + tolerance)",
            price.lt(bid.multiply(1 - t)).or(price.gt(ask.multiply(1 + t))), twoSided.and(bid.leq(ask)),
            q.lastOutsideShareWarn()),
        sessionCheck(TICKS, q),
        Check.rows("time_regression", Check.Level.WARNING, TICKS,
            "a trade earlier than the line before it in its file",
            col(TS_COL).lt(col(PREV_TS)), col(SAME_FILE), 0),
        Check.rows("total_volume_regression", Check.Level.WARNING, TICKS,
            "cumulative volume below the previous line's",
            col("total_volume").lt(col(PREV_VOLUME)), col(SAME_FILE).and(col("feed").equalTo("history")), 0),
        Check.rows("outlier_print", Check.Level.WARNING, TICKS,
            "an isolated print far from both neighbours, which agree with each other",
            abs(price.divide(col(PREV_PRICE)).minus(1)).gt(j)
                .and(abs(price.divide(col(NEXT_PRICE)).minus(1)).gt(j))
                .and(abs(col(PREV_PRICE).divide(col(NEXT_PRICE)).minus(1)).leq(j / 2)),
            col(PREV_PRICE).gt(0).and(col(NEXT_PRICE).gt(0)), 0),
        new Check("intraday_hole", Check.Level.WARNING, TICKS,
            "regular-session stretch longer than the limit without a trade",
            List.of(sum(when(col(REGULAR_GAP).gt(holeSeconds), 1L).otherwise(0L)).as(gaps),
                max(col(REGULAR_TOD)).as(lastRegular),
                max(col(REGULAR_GAP)).as(longest)),
            col(gaps).plus(when(closeGap.gt(holeSeconds), 1L).otherwise(0L)), lit(1L), 0,
            concat(lit("longest gap minutes="),
                format_number(greatest(coalesce(col(longest), lit(0)), closeGap).divide(60.0), 1))));
  }

  private static final String TS_COL = Schemas.TS;

  /** The checks on {@code bronze.quotes}. */
  public static List<Check> quoteChecks(L2Config.Quality q) {
    Column bid = col("bid");
    Column ask = col("ask");
    Column twoSided = bid.gt(0).and(ask.gt(0));
    return List.of(
        Check.rows("crossed_quote", Check.Level.ERROR, QUOTES, "bid above ask", bid.gt(ask), twoSided,
            q.crossedShareError()),
        Check.rows("locked_quote", Check.Level.WARNING, QUOTES, "bid equal to ask", bid.equalTo(ask),
            twoSided, 0),
        Check.rows("zero_quote_side", Check.Level.WARNING, QUOTES, "a bid or ask of 0 (one-sided book)",
            bid.equalTo(0).or(ask.equalTo(0)), lit(true), 0),
        Check.rows("non_positive_price", Check.Level.ERROR, QUOTES, "a negative bid or ask",
            bid.lt(0).or(ask.lt(0)), lit(true), 0),
        sessionCheck(QUOTES, q),
        Check.rows("time_regression", Check.Level.WARNING, QUOTES,
            "a quote earlier than the line before it in its file", col(TS_COL).lt(col(PREV_TS)),
            col(SAME_FILE), 0));
  }

  /** The checks on {@code bronze.daily_bars}. */
  public static List<Check> dailyChecks() {
    Column o = col("open");
    Column h = col("high");
    Column l = col("low");
    Column c = col("close");
    return List.of(
        Check.rows("non_positive_price", Check.Level.ERROR, DAILY, "a price <= 0",
            o.leq(0).or(h.leq(0)).or(l.leq(0)).or(c.leq(0)), lit(true), 0),
        Check.rows("bar_high_below_low", Check.Level.ERROR, DAILY, "high < low", h.lt(l), lit(true), 0),
        Check.rows("bar_open_close_outside_range", Check.Level.ERROR, DAILY,
            "open or close outside [low, high]", o.lt(l).or(o.gt(h)).or(c.lt(l)).or(c.gt(h)), lit(true),
            0));
  }

  private static Check sessionCheck(String dataset, L2Config.Quality q) {
    LocalTime start = q.sessionStart();
    LocalTime end = q.sessionEnd();
    return Check.rows("outside_session", Check.Level.WARNING, dataset,
        "time outside " + start + "-" + end + " Eastern",
        col(TOD).lt(start.toSecondOfDay()).or(col(TOD).gt(end.toSecondOfDay())), lit(true), 0);
  }
}

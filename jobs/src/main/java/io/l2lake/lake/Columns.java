package io.l2lake.lake;

import java.util.List;

/**
 * Column names that cross a stage boundary, as constants of the table that holds them: a stage reading another
 * stage's table names its columns from here, never from the writing stage's classes.
 */
public final class Columns {
  private Columns() {}

  /** {@code silver.trades}. */
  public static final class Trades {
    /** The prevailing quote's midpoint at the trade. */
    public static final String MID = "mid";
    /** The aggressor side by the configured rule (+1 buy, -1 sell, null unknown): what later stages use. */
    public static final String SIDE = "side";
    /** The aggressor side by Lee-Ready, by the tick rule, by the quote rule, by Ellis-Michaely-O'Hara, by sweeps. */
    public static final String LEE_READY_SIDE = "lee_ready_side";
    public static final String TICK_SIDE = "tick_side";
    public static final String QUOTE_SIDE = "quote_side";
    public static final String EMO_SIDE = "emo_side";
    public static final String SWEEP_SIDE = "sweep_side";
    /** Time of the prevailing quote the as-of join attached to the trade. */
    public static final String QUOTE_TS = "quote_ts";
    /** Its bid and ask. */
    public static final String QUOTE_BID = "quote_bid";
    public static final String QUOTE_ASK = "quote_ask";
    /** Its displayed sizes (null where the feed has none). */
    public static final String QUOTE_BID_SIZE = "quote_bid_size";
    public static final String QUOTE_ASK_SIZE = "quote_ask_size";
    /** Seconds from the quote to the trade. */
    public static final String QUOTE_AGE = "quote_age_s";

    private Trades() {}
  }

  /** {@code silver.bars_1m}. */
  public static final class Bars1m {
    /** The bar's minute (its start). */
    public static final String BAR_TS = "bar_ts";

    private Bars1m() {}
  }

  /** {@code silver.book}. */
  public static final class Book {
    /** The book bucket's start. */
    public static final String BUCKET_TS = "bucket_ts";

    private Book() {}
  }

  /** {@code gold.signals_1m}. */
  public static final class Signals1m {
    /** The five stealth-accumulation signals; each has {@code <name>_score} and {@code <name>_fires}. */
    public static final List<String> SIGNALS = List.of("absorption", "creep", "darkpool", "sinkhole", "contraction");

    private Signals1m() {}
  }

  /** {@code gold.accumulation}: the multi-day tracker's row per symbol-day. */
  public static final class Accumulation {
    /** The tracker's state at the day's close (WATCH, ACCUMULATING, READY, TRIGGERED, EXITED, DECAYED). */
    public static final String STATE = "state";
    /** The day score decayed over the last 10 days: what READY is read from. */
    public static final String SCORE_10 = "score_10";
    /** The same with the day's own score read up to the late cutoff only, known at that minute. */
    public static final String LATE_SCORE_10 = "late_score_10";
    /** READY by the rule on the late score, and the minute of day (US/Eastern) it is known from. */
    public static final String LATE_READY = "late_ready";
    public static final String LATE_CUTOFF = "late_cutoff";
    /** The day's open over the previous day's close, less 1. */
    public static final String OPEN_RETURN = "open_return";

    private Accumulation() {}
  }

  /** {@code gold.stops}: the stop system's daily context, from the days before. */
  public static final class Stops {
    /** Mean daily true range over the previous {@code atr-days}. */
    public static final String ATR = "atr";
    /** Volatility regime: {@code low}, {@code normal} or {@code high}. */
    public static final String REGIME = "regime";
    /** The volatility stop's multiple of the ATR for the regime. */
    public static final String K = "k";

    private Stops() {}
  }
}

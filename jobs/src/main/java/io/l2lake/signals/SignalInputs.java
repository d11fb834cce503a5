package io.l2lake.signals;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.l2lake.config.L2Config;
import io.l2lake.config.SignalSettings;
import io.l2lake.lake.Columns;
import io.l2lake.lake.Schemas;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The per-bar inputs of the signals: {@code silver.bars_1m} joined with the pseudo-L2 book of the
 * same minute and with the symbol's baselines, all of them from the past only.
 *
 * <p>Book columns per minute: displayed touch sizes, the estimated cumulative depth through the
 * book's deepest level, the size refilled at an unchanged bid and the volume executed at each touch.
 * Where the feed has no displayed sizes (history ticks carry prices only) the touch size is
 * estimated as the mean volume executed at that touch over the previous 30 bars, depth as that size
 * times the number of levels, and {@code sizes_source} says {@code estimated}.
 *
 * <p>Baselines (per bar unless said): sell volume, volume, true range (ATR, averaged as a fraction of the
 * previous close and priced at the current one) and relative spread over the
 * previous {@code baseline-days} trading days, taken in the bar's time-of-day slot of
 * {@code baseline-slot-minutes} (the U-shape of volume, spread and volatility across the session; pre-market
 * and after-hours slotted apart from it) wherever the slot holds {@code min-baseline-bars} bars on those days,
 * over all their bars elsewhere; the off-exchange share's mean and standard deviation over the same days,
 * taken across windows of the dark-pool signal's length (each day's consecutive, non-overlapping windows of
 * {@code darkpool.window} bars that traded), so that a window is compared with windows, whose shares spread
 * far wider than whole days'; and the mean squared 1-minute return over the previous
 * {@code volatility-baseline-days}, by slot in the same way. A day without that history (the first days of a
 * symbol) uses the same day's earlier bars instead, once there are {@code min-baseline-bars} of them; before
 * that the baseline is null and the signals that need it do not fire.
 *
 * <p>Cost: one aggregation of the book to minutes, one of the bars to symbol-day slots (the daily sums are
 * taken from that small table), windows over the slot and daily tables, joins on (symbol, trade_date[, bar_ts or
 * slot]) and the bar windows of a symbol-day.
 */
public final class SignalInputs {
  private SignalInputs() {}

  static final String BAR_TS = Columns.Bars1m.BAR_TS;

  /** Per-symbol-day partition ordered by minute: every intraday window of the signals uses it. */
  static WindowSpec day() {
    return Window.partitionBy(Schemas.SYMBOL, Schemas.TRADE_DATE).orderBy(BAR_TS);
  }

  /** The last {@code n} bars up to and including the current one. */
  static WindowSpec last(int n) {
    return day().rowsBetween(-(n - 1), Window.currentRow());
  }

  /** The {@code n} bars before the current one. */
  static WindowSpec previous(int n) {
    return day().rowsBetween(-n, -1);
  }

  /** The book's touch sizes, depth and touch activity per symbol-minute. */
  public static Dataset<Row> minuteBook(Dataset<Row> book, int levels) {
    Column minuteTs = io.l2lake.calendar.EasternTime.minuteStart(col(Columns.Book.BUCKET_TS));
    Column bid = col("side").equalTo("B");
    Column ask = col("side").equalTo("A");
    Column touch = col("level").equalTo(1);
    Column deepest = col("level").equalTo(levels);
    Column at = col(Columns.Book.BUCKET_TS);
    // Every figure reads the touch or the deepest level: the levels between are left out before the grouping.
    return book.filter(touch.or(deepest)).withColumn(BAR_TS, minuteTs).groupBy(Schemas.SYMBOL, Schemas.TRADE_DATE, BAR_TS).agg(
        max_by(when(bid.and(touch), col("touch_size")), when(bid.and(touch), at)).as("bid_touch_size"),
        max_by(when(ask.and(touch), col("touch_size")), when(ask.and(touch), at)).as("ask_touch_size"),
        max_by(when(bid.and(deepest), col("est_cum_depth")), when(bid.and(deepest), at)).as("bid_depth"),
        max_by(when(ask.and(deepest), col("est_cum_depth")), when(ask.and(deepest), at)).as("ask_depth"),
        sum(when(bid.and(touch), col("refill_volume"))).as("bid_refill"),
        sum(when(bid.and(touch), col("executed"))).as("bid_executed"),
        sum(when(ask.and(touch), col("executed"))).as("ask_executed"));
  }

  /**
   * Bars with book columns, derived per-bar quantities and baselines. {@code bars} must cover the
   * look-back days before the first day scored (see {@link SignalsStage}).
   */
  public static Dataset<Row> build(Dataset<Row> bars, Dataset<Row> minuteBook, SignalSettings s,
      L2Config.Quality session, int levels) {
    WindowSpec day = day();
    Column prevClose = lag(col("close"), 1).over(day);
    Column minuteOfDay = io.l2lake.calendar.EasternTime.minuteOfDay(col(BAR_TS));
    int open = session.regularOpen().getHour() * 60 + session.regularOpen().getMinute();
    int close = session.regularClose().getHour() * 60 + session.regularClose().getMinute();
    Dataset<Row> b = bars.join(minuteBook, Schemas.names(Schemas.SYMBOL, Schemas.TRADE_DATE, BAR_TS), "left")
        .withColumn("regular", minuteOfDay.geq(open).and(minuteOfDay.lt(close)))
        .withColumn("tick", when(col("close").lt(1.0), lit(0.0001)).otherwise(lit(0.01)))
        .withColumn("ret", log(col("close").divide(prevClose)))
        .withColumn("true_range", greatest(col("high"), coalesce(prevClose, col("high")))
            .minus(least(col("low"), coalesce(prevClose, col("low")))))
        .withColumn(RANGE_REF, coalesce(prevClose, col("open")))
        .withColumn("sizes_source", when(col("bid_touch_size").isNotNull().or(col("ask_touch_size").isNotNull()),
            lit("displayed")).otherwise(lit("estimated")));
    // Sizes: displayed where the feed has them, else the pseudo-L2 estimate from executed volume.
    WindowSpec past30 = previous(30);
    b = b.withColumn("bid_size_est", coalesce(col("bid_touch_size").cast("double"),
            avg(coalesce(col("bid_executed"), lit(0L))).over(past30)))
        .withColumn("ask_size_est", coalesce(col("ask_touch_size").cast("double"),
            avg(coalesce(col("ask_executed"), lit(0L))).over(past30)))
        .withColumn("bid_depth_est", coalesce(col("bid_depth"), col("bid_size_est").multiply(levels)))
        .withColumn("ask_depth_est", coalesce(col("ask_depth"), col("ask_size_est").multiply(levels)));
    return withBaselines(b, s, open, close);
  }

  /**
   * Adds {@code base_*} columns: the bar's time-of-day slot on prior days first, then all bars of prior days,
   * then the same day's earlier bars. {@code open} and {@code close} are the regular session's minutes of the
   * Eastern day: pre-market, session and after-hours slots are counted from the start of their own part of the
   * day, so no slot straddles the open or the close.
   */
  static Dataset<Row> withBaselines(Dataset<Row> b, SignalSettings s, int open, int close) {
    Column accOff = greatest(col("off_exchange_volume").minus(col("subpenny_volume")), lit(0L));
    int slotMinutes = s.baselineSlotMinutes();
    Dataset<Row> slotted = b.withColumn(SLOT, slotMinutes == 0 ? lit(0) : slot(col(BAR_TS), slotMinutes, open, close));
    String[] slotKey = {Schemas.SYMBOL, Schemas.TRADE_DATE, SLOT};
    Dataset<Row> slots = slotted.groupBy(slotKey[0], slotKey[1], slotKey[2]).agg(
        count(lit(1)).as("s_bars"),
        sum("sell_volume").as("s_sell"),
        sum("volume").as("s_volume"),
        sum(relativeRange()).as("s_tr"),
        count(col("rel_spread")).as("s_spread_n"),
        sum("rel_spread").as("s_spread"),
        count(col("ret")).as("s_ret_n"),
        sum(col("ret").multiply(col("ret"))).as("s_ret2"));
    Dataset<Row> daily = slots.groupBy(Schemas.SYMBOL, Schemas.TRADE_DATE).agg(
        sum("s_bars").as("d_bars"),
        sum("s_sell").as("d_sell"),
        sum("s_volume").as("d_volume"),
        sum("s_tr").as("d_tr"),
        sum("s_spread_n").as("d_spread_n"),
        sum("s_spread").as("d_spread"),
        sum("s_ret_n").as("d_ret_n"),
        sum("s_ret2").as("d_ret2"));
    // The off-exchange share of each full window of the dark-pool signal's length, per day: count, sum, squares.
    int w = s.darkPool().window();
    Dataset<Row> windows = b.withColumn("_window", floor(row_number().over(day()).minus(1).divide(w)))
        .groupBy(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE), col("_window"))
        .agg(count(lit(1)).as("_bars"), sum(accOff).as("_off"), sum("volume").as("_volume"))
        .filter(col("_bars").equalTo(w).and(col("_volume").gt(0)))
        .withColumn("_share", col("_off").divide(col("_volume")))
        .groupBy(Schemas.SYMBOL, Schemas.TRADE_DATE)
        .agg(count(lit(1)).as("d_offex_windows"), sum("_share").as("d_offex_wsum"),
            sum(col("_share").multiply(col("_share"))).as("d_offex_wsum2"));
    daily = daily.join(windows, Schemas.names(Schemas.SYMBOL, Schemas.TRADE_DATE), "left")
        .na().fill(0L, new String[] {"d_offex_windows"}).na().fill(0.0, new String[] {"d_offex_wsum", "d_offex_wsum2"});
    WindowSpec byDay = Window.partitionBy(Schemas.SYMBOL).orderBy(Schemas.TRADE_DATE);
    WindowSpec prior = byDay.rowsBetween(-s.baselineDays(), -1);
    Column nw = sum("d_offex_windows").over(prior);
    Column sw = sum("d_offex_wsum").over(prior);
    Column sw2 = sum("d_offex_wsum2").over(prior);
    WindowSpec priorVol = byDay.rowsBetween(-s.volatilityBaselineDays(), -1);
    Dataset<Row> baselines = daily.select(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE),
        ratio(sum("d_sell").over(prior), sum("d_bars").over(prior)).as("pd_sell"),
        ratio(sum("d_volume").over(prior), sum("d_bars").over(prior)).as("pd_volume"),
        ratio(sum("d_tr").over(prior), sum("d_bars").over(prior)).as("pd_atr"),
        ratio(sum("d_spread").over(prior), sum("d_spread_n").over(prior)).as("pd_rel_spread"),
        ratio(sum("d_ret2").over(priorVol), sum("d_ret_n").over(priorVol)).as("pd_ret2"),
        ratio(sw, nw).as("pd_offex_mean"),
        when(nw.geq(2), sqrt(greatest(sw2.minus(sw.multiply(sw).divide(nw)).divide(nw.minus(1)), lit(0.0))))
            .as("pd_offex_sd"),
        nw.as("pd_offex_windows"));
    // The same slot on the symbol's previous trading days, used once that slot holds min-baseline-bars bars.
    // Each slot the symbol ever traded in gets a row on every day the symbol traded (zeros where the slot had
    // no bars), so a frame of N rows is N trading days; the frame ends at the day before (a rows frame, which
    // the GPU plan keeps), and today's bars never enter a sum, not even as a rounding step.
    Dataset<Row> denseSlots = baselines.select(Schemas.SYMBOL, Schemas.TRADE_DATE)
        .join(slots.select(Schemas.SYMBOL, SLOT).distinct(), Schemas.names(Schemas.SYMBOL))
        .join(slots, Schemas.names(slotKey), "left")
        .na().fill(0L, new String[] {"s_bars", "s_spread_n", "s_ret_n"})
        .na().fill(0.0, new String[] {"s_sell", "s_volume", "s_tr", "s_spread", "s_ret2"});
    WindowSpec bySlot = Window.partitionBy(Schemas.SYMBOL, SLOT).orderBy(Schemas.TRADE_DATE);
    WindowSpec slotPrior = bySlot.rowsBetween(-s.baselineDays(), -1);
    WindowSpec slotPriorVol = bySlot.rowsBetween(-s.volatilityBaselineDays(), -1);
    int minBars = s.minBaselineBars();
    Column slotBars = sum("s_bars").over(slotPrior);
    Column slotSpreadN = sum("s_spread_n").over(slotPrior);
    Column slotRetN = sum("s_ret_n").over(slotPriorVol);
    Dataset<Row> slotBaselines = denseSlots.join(baselines, Schemas.names(Schemas.SYMBOL, Schemas.TRADE_DATE))
        .select(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE), col(SLOT),
            col("pd_sell"), col("pd_volume"), col("pd_atr"), col("pd_rel_spread"), col("pd_ret2"),
            col("pd_offex_mean"), col("pd_offex_sd"), col("pd_offex_windows"),
            slotRatio(slotMinutes, sum("s_sell").over(slotPrior), slotBars, minBars).as("ps_sell"),
            slotRatio(slotMinutes, sum("s_volume").over(slotPrior), slotBars, minBars).as("ps_volume"),
            slotRatio(slotMinutes, sum("s_tr").over(slotPrior), slotBars, minBars).as("ps_atr"),
            slotRatio(slotMinutes, sum("s_spread").over(slotPrior), slotSpreadN, minBars).as("ps_rel_spread"),
            slotRatio(slotMinutes, sum("s_ret2").over(slotPriorVol), slotRetN, minBars).as("ps_ret2"));
    Dataset<Row> j = slotted.join(slotBaselines, Schemas.names(slotKey), "left");
    WindowSpec earlier = day().rowsBetween(Window.unboundedPreceding(), -1);
    Column enough = count(lit(1)).over(earlier).geq(minBars);
    Column earlierOff = sum(accOff).over(earlier).divide(greatest(sum("volume").over(earlier), lit(1L)));
    return j
        .withColumn("base_sell", coalesce(col("ps_sell"), col("pd_sell"),
            when(enough, avg("sell_volume").over(earlier))))
        .withColumn("base_volume", coalesce(col("ps_volume"), col("pd_volume"),
            when(enough, avg("volume").over(earlier))))
        .withColumn("base_atr", coalesce(col("ps_atr"), col("pd_atr"), when(enough, avg(relativeRange()).over(earlier)))
            .multiply(col(RANGE_REF)))
        .withColumn("base_rel_spread", coalesce(col("ps_rel_spread"), col("pd_rel_spread"),
            when(enough, avg("rel_spread").over(earlier))))
        .withColumn("base_rv", sqrt(coalesce(col("ps_ret2"), col("pd_ret2"),
            when(enough, avg(col("ret").multiply(col("ret"))).over(earlier)))))
        // The off-exchange z-score needs a spread of window shares: at least two windows on prior days.
        .withColumn("base_offex_mean", when(col("pd_offex_windows").geq(2), col("pd_offex_mean"))
            .otherwise(when(enough, earlierOff)))
        .withColumn("base_offex_sd", when(col("pd_offex_windows").geq(2), col("pd_offex_sd")))
        .drop(SLOT, "pd_sell", "pd_volume", "pd_atr", "pd_rel_spread", "pd_ret2", "pd_offex_mean", "pd_offex_sd",
            "pd_offex_windows", "ps_sell", "ps_volume", "ps_atr", "ps_rel_spread", "ps_ret2");
  }

  /**
   * The price a bar's true range is measured against: the previous bar's close, the bar's open on the day's
   * first bar. The ATR baseline is kept as a fraction of it and turned back into dollars at the current bar's,
   * so a day after a 50% gap is not judged calm against ranges that were taken at the old price.
   */
  static final String RANGE_REF = "range_ref";

  private static Column relativeRange() {
    return when(col(RANGE_REF).gt(0), col("true_range").divide(col(RANGE_REF)));
  }

  /** The working column of a bar's time-of-day slot. */
  private static final String SLOT = "_slot";

  /**
   * A bar's time-of-day slot: the part of the Eastern day (0 before {@code open}, 1 in the session, 2 from
   * {@code close}) times 1,000 plus the number of whole {@code minutes} since that part began.
   */
  static Column slot(Column barTs, int minutes, int open, int close) {
    Column m = io.l2lake.calendar.EasternTime.minuteOfDay(barTs);
    Column part = when(m.lt(open), lit(0)).when(m.lt(close), lit(1)).otherwise(lit(2));
    Column since = when(m.lt(open), m).when(m.lt(close), m.minus(open)).otherwise(m.minus(close));
    return part.multiply(1000).plus(floor(since.divide(minutes)));
  }

  private static Column slotRatio(int slotMinutes, Column num, Column bars, int minBars) {
    return slotMinutes == 0 ? lit(null).cast("double") : when(bars.geq(minBars), num.divide(bars));
  }

  private static Column ratio(Column num, Column den) {
    return when(den.gt(0), num.divide(den));
  }
}

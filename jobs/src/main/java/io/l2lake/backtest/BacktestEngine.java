package io.l2lake.backtest;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.dense_rank;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

import io.l2lake.config.BacktestSettings;
import io.l2lake.config.StopSettings;
import io.l2lake.config.Strategy;
import io.l2lake.lake.Columns;
import io.l2lake.lake.Schemas;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The vectorised backtest. Every candidate entry is priced, sized and followed to its first exit in
 * one pass of column expressions and windows; only the resolution of overlapping candidates per
 * symbol (one position at a time, a cool-down after each exit) is sequential, on the small table of
 * candidates.
 *
 * <ol>
 *   <li><b>Bars</b>: regular-session minute signals with, per symbol, a bar number and a day number,
 *   the previous day's tracker state and the day's ATR and volatility regime from previous days
 *   ({@code gold.stops}).</li>
 *   <li><b>Candidates</b> (mode {@code signal}): bars in [from, to] whose previous-day state is one of
 *   {@code entry-states} (READY by default), or, with {@code LATE_READY} among them (the default too), bars
 *   from the day's late cutoff on when the day is READY as of that cutoff ({@code late_ready}, from its
 *   minutes before the cutoff only) and did not open with a gap; whose tracker score is at least
 *   {@code entry-score-min} (the previous day's {@code score_10} for a state entry, the day's
 *   {@code late_score_10}, read up to the cutoff, for a late READY entry); whose composite is at least
 *   {@code entry-composite-min} and on which at least {@code entry-min-firing} signals
 *   ({@code late-entry-min-firing} for a late READY entry) fired within the confluence window; the order goes at the
 *   bar's close. Mode {@code random}: bars drawn by a seeded hash from the same eligible bars
 *   (ignoring state and score), for the same stops and sizing. In both, at most the first such bar
 *   of a symbol-day.</li>
 *   <li><b>Fill</b> worked over the next {@code entry-work-bars} bars ({@link FillModel}, {@link #entries}):
 *   size = min(risk / (k x ATR), max position value / price) shares, each bar filling at most the
 *   participation cap of its volume; buy at each bar's ask plus slippage and impact.</li>
 *   <li><b>Exit</b>: triggered on the first bar where a stop set on an earlier bar is traded through
 *   ({@link StopLevels}; gaps fill at the open), or the bar after a microstructure exit (at that bar's
 *   bid), or the last bar of the {@code max-hold-days}-th day after entry, or the last bar of the data;
 *   the sale is worked from there over {@code exit-work-bars} bars at each bar's participation cap, the
 *   last bar selling what is left; at the bid less slippage and impact, commission and fees.</li>
 * </ol>
 * Decisions at bar t read data up to t; fills happen at t+1.
 */
public final class BacktestEngine {
  private BacktestEngine() {}

  /**
   * Regular-session bars with bar/day numbers, previous-day state, ATR, regime and next-bar quotes; {@code days}
   * are the tracker's rows ({@code gold.accumulation}), {@code stops} the stop context ({@code gold.stops}); the
   * volatility stop's multiple {@code k} is {@code p}'s for the day's regime.
   */
  public static Dataset<Row> bars(Dataset<Row> signals, Dataset<Row> days, Dataset<Row> stops, StopSettings p) {
    Column regime = col(Columns.Stops.REGIME);
    WindowSpec dayOrder = Window.partitionBy(Schemas.SYMBOL).orderBy(Schemas.TRADE_DATE);
    // The tracker's later columns (late READY, its cutoff and score, the open's return) are null in a lake made
    // before they existed; a null late READY is false.
    java.util.Set<String> has = java.util.Set.of(days.columns());
    Column lateReady = coalesce(orNull(has, Columns.Accumulation.LATE_READY, "boolean"), lit(false));
    Column lateCutoff = orNull(has, Columns.Accumulation.LATE_CUTOFF, "int");
    Column lateScore = orNull(has, Columns.Accumulation.LATE_SCORE_10, "double");
    Column openReturn = orNull(has, Columns.Accumulation.OPEN_RETURN, "double");
    Dataset<Row> context = days.withColumn("prev_state", lag(col(Columns.Accumulation.STATE), 1).over(dayOrder))
        .withColumn("prev_score", lag(orNull(has, Columns.Accumulation.SCORE_10, "double"), 1).over(dayOrder))
        .select(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE), col("prev_state"), col("prev_score"),
            lateReady.as("late_ready"), lateCutoff.as("late_cutoff"), lateScore.as("late_score"),
            openReturn.as("day_open_return"))
        .join(stops.select(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE), col(Columns.Stops.ATR),
            regime, when(regime.equalTo("low"), lit(p.kLow())).when(regime.equalTo("high"), lit(p.kHigh()))
                .otherwise(lit(p.kNormal())).as(Columns.Stops.K)),
            Schemas.names(Schemas.SYMBOL, Schemas.TRADE_DATE), "left");
    WindowSpec barOrder = Window.partitionBy(Schemas.SYMBOL).orderBy("bar_ts");
    List<Column> best = new ArrayList<>();
    for (String n : Columns.Signals1m.SIGNALS) {
      best.add(struct(coalesce(col(n + "_score"), lit(0.0)).as("s"), lit(n).as("n")));
    }
    return signals.filter(col("regular"))
        .join(context, Schemas.names(Schemas.SYMBOL, Schemas.TRADE_DATE), "left")
        .withColumn("bar_no", row_number().over(barOrder))
        .withColumn("day_no", dense_rank().over(barOrder.orderBy(Schemas.TRADE_DATE)))
        .withColumn("last_of_day", coalesce(lead(col(Schemas.TRADE_DATE), 1).over(barOrder)
            .notEqual(col(Schemas.TRADE_DATE)), lit(true)))
        .withColumn("last_bar", lead(col("bar_no"), 1).over(barOrder).isNull())
        .withColumn("top_signal", org.apache.spark.sql.functions.greatest(best.toArray(Column[]::new)).getField("n"))
        .withColumn("next_bid", lead(col("bid"), 1).over(barOrder))
        .withColumn("next_ask", lead(col("ask"), 1).over(barOrder))
        .withColumn("next_volume", lead(col("volume"), 1).over(barOrder))
        .withColumn("next_ts", lead(col("bar_ts"), 1).over(barOrder));
  }

  /** Column {@code name} when {@code has} holds it, else a null of {@code type}. */
  private static Column orNull(java.util.Set<String> has, String name, String type) {
    return has.contains(name) ? col(name) : lit(null).cast(type);
  }

  /**
   * The bars up to {@code to} only, as if the data ended there: the last bar of each symbol becomes
   * its {@code last_bar} and has no next bar, so nothing after {@code to} is read (a walk-forward
   * window's metrics must not depend on the window after it).
   */
  public static Dataset<Row> truncate(Dataset<Row> bars, LocalDate to) {
    Column last = col("bar_no").equalTo(max("bar_no").over(Window.partitionBy(Schemas.SYMBOL)));
    Dataset<Row> t = bars.filter(col(Schemas.TRADE_DATE).leq(lit(Date.valueOf(to)))).withColumn("last_bar", last);
    for (String next : List.of("next_bid", "next_ask", "next_volume", "next_ts")) {
      t = t.withColumn(next, when(col("last_bar"), lit(null)).otherwise(col(next)));
    }
    return t;
  }

  /**
   * The strategy's resolved trades entered in [from, to] on {@code bars}: candidates, entries, stop
   * paths, first exits, one position per symbol at a time.
   */
  public static Dataset<Row> signalTrades(Dataset<Row> bars, Strategy strategy, LocalDate from, LocalDate to) {
    BacktestSettings p = strategy.backtest();
    Dataset<Row> path = stopPath(entries(candidates(bars, p, from, to, "signal", 0, 0), bars, p), bars, strategy);
    return resolve(exits(path, bars, p), p.cooldownBars());
  }

  /**
   * With {@code LATE_READY} among the entry states: the day is READY as of its late cutoff, the bar starts at or
   * after the cutoff (so the late score read none of its minutes), the day did not open with a gap of
   * {@code gap-min} or more (the move has not started), and {@code late-entry-min-firing} signals fired in the
   * confluence window ({@code firing}; none asked by default).
   */
  static Column lateEntry(BacktestSettings p, Column firing) {
    if (!p.lateEntries()) {
      return lit(false);
    }
    Column late = col("late_ready").and(io.l2lake.calendar.EasternTime.minuteOfDay(col("bar_ts")).geq(col("late_cutoff")))
        .and(coalesce(col("day_open_return"), lit(0.0)).lt(p.gapMin()))
        .and(coalesce(col("late_score"), lit(0.0)).geq(p.entryScoreMin()));
    return p.lateEntryMinFiring() == 0 ? late : late.and(firing.geq(p.lateEntryMinFiring()));
  }

  /** Entry candidates of [from, to] (see the class comment); {@code seed} only for mode random. */
  public static Dataset<Row> candidates(Dataset<Row> bars, BacktestSettings p, LocalDate from, LocalDate to,
      String mode, long seed, double randomShare) {
    Column eligible = col("next_ask").gt(0).and(col("next_bid").gt(0)).and(col("atr").gt(0))
        .and(col(Schemas.TRADE_DATE).between(lit(Date.valueOf(from)), lit(Date.valueOf(to))));
    Column chosen = switch (mode) {
      case "signal" -> {
        Column firing = coalesce(col("confluence"), lit(0));
        yield col("prev_state").isin(p.entryStateList()).and(firing.geq(p.entryMinFiring()))
            .and(coalesce(col("prev_score"), lit(0.0)).geq(p.entryScoreMin()))
            .or(lateEntry(p, firing))
            .and(coalesce(col("composite"), lit(0.0)).geq(p.entryCompositeMin()));
      }
      case "random" -> abs(xxhash64(col(Schemas.SYMBOL), col("bar_ts"), lit(seed))).mod(1_000_000L)
          .lt((long) (randomShare * 1_000_000L));
      default -> throw new IllegalArgumentException("entry mode must be signal or random, got " + mode);
    };
    // At most one entry signal per symbol-day: the first qualifying bar (later ones would only
    // re-signal the same accumulation, and overlapping positions are not taken anyway).
    return bars.filter(eligible.and(chosen))
        .withColumn("_nth", row_number().over(Window.partitionBy(Schemas.SYMBOL, Schemas.TRADE_DATE).orderBy("bar_ts")))
        .filter(col("_nth").equalTo(1)).drop("_nth");
  }

  /**
   * Sized and priced entries, one per candidate: the order (sized on the next bar's ask) is worked over the
   * {@code entry-work-bars} bars after the signal, each bar filling at most the participation cap of its own
   * volume until the order is complete: through bar i, min(order, floor(cap x volume of bars 1..i)) shares.
   * Each bar's shares pay that bar's ask plus the slippage and the impact of their participation; the entry
   * price is their average, one commission is charged, and the position starts at the last bar that filled.
   */
  public static Dataset<Row> entries(Dataset<Row> candidates, Dataset<Row> bars, BacktestSettings p) {
    Column distance = col("k").multiply(col("atr"));
    Column order = floor(least(lit(p.riskPerTrade() * p.initialCapital()).divide(distance),
        lit(p.maxPositionValue()).divide(col("next_ask")))).cast("long");
    Dataset<Row> orders = candidates.select(col(Schemas.SYMBOL), col("bar_ts").as("signal_ts"),
            col("bar_no").as("signal_bar_no"), col("day_no").as("signal_day_no"), col("atr"), col("k"),
            col("regime"), col("composite").as("entry_composite"), col("top_signal").as("entry_signal"),
            order.as("order_shares"))
        .filter(col("order_shares").gt(0))
        .withColumn("bar_no", explode(sequence(col("signal_bar_no").plus(1),
            col("signal_bar_no").plus(p.entryWorkBars()))));
    WindowSpec work = Window.partitionBy(Schemas.SYMBOL, "signal_ts").orderBy("bar_no");
    Column cumulative = least(col("order_shares"), floor(sum("volume").over(work.rowsBetween(
        Window.unboundedPreceding(), Window.currentRow())).multiply(p.participationCap())).cast("long"));
    Dataset<Row> fills = orders.join(bars.select(col(Schemas.SYMBOL), col("bar_no"), col("bar_ts"), col("bid"),
            col("ask"), col("volume")), Schemas.names(Schemas.SYMBOL, "bar_no"), "inner")
        .filter(col("ask").gt(0).and(col("bid").gt(0)))
        .withColumn("_filled", cumulative)
        .withColumn("_bar_shares", col("_filled").minus(coalesce(lag(col("_filled"), 1).over(work), lit(0L))))
        .filter(col("_bar_shares").gt(0))
        .withColumn("_cost", col("_bar_shares").multiply(FillModel.buyPrice(col("bid"), col("ask"),
            col("_bar_shares"), col("volume"), p)));
    return fills.groupBy(Schemas.SYMBOL, "signal_ts", "signal_day_no", "atr", "k", "regime", "entry_composite",
            "entry_signal", "order_shares")
        .agg(sum("_bar_shares").as("shares"), sum("_cost").as("_cost"), count(lit(1)).as("fill_bars"),
            max(struct(col("bar_no"), col("bar_ts"))).as("_last"))
        .withColumn("entry_price", col("_cost").divide(col("shares")))
        .withColumn("entry_commission", FillModel.commission(col("shares"), col("entry_price"), p))
        .select(col(Schemas.SYMBOL), col("signal_ts"), col("_last.bar_ts").as("entry_ts"),
            col("_last.bar_no").as("entry_bar_no"), col("signal_day_no"), col("atr"), col("k"), col("regime"),
            col("entry_composite"), col("entry_signal"), col("order_shares"), col("shares"), col("entry_price"),
            col("entry_commission"), col("fill_bars"))
        .withColumn(StopLevels.POSITION_ID, org.apache.spark.sql.functions.concat_ws("|", col(Schemas.SYMBOL),
            col("signal_ts").cast("string")));
  }

  /** Each entry's bars from the fill to the end of its maximum hold, with stop levels. */
  public static Dataset<Row> stopPath(Dataset<Row> entries, Dataset<Row> bars, Strategy strategy) {
    BacktestSettings p = strategy.backtest();
    Dataset<Row> fillDay = entries.join(bars.select(col(Schemas.SYMBOL), col("bar_no").as("entry_bar_no"),
        col("day_no").as("entry_day_no")), Schemas.names(Schemas.SYMBOL, "entry_bar_no"), "inner");
    Dataset<Row> support = SupportLevels.find(fillDay, bars, strategy.stops());
    Dataset<Row> keyed = fillDay.join(support, Schemas.names(StopLevels.POSITION_ID), "left")
        .withColumn("day_no", explode(sequence(col("entry_day_no"), col("entry_day_no").plus(p.maxHoldDays()))));
    Dataset<Row> path = keyed.join(bars.drop("atr", "k", "regime"), Schemas.names(Schemas.SYMBOL, "day_no"), "inner")
        .filter(col("bar_no").geq(col("entry_bar_no")));
    return StopLevels.compute(path, strategy.stops());
  }

  /**
   * The first exit of each entry: trades before overlap resolution. The exit is triggered on a bar (a stop
   * traded through, the bar after a microstructure exit, the last bar of the maximum hold or of the data) and
   * the sale is worked from that bar over {@code exit-work-bars} bars ({@link #sale}); {@code bars} are the
   * backtest's bars, which the sale may read past the hold's last bar.
   */
  public static Dataset<Row> exits(Dataset<Row> stopPath, Dataset<Row> bars, BacktestSettings p) {
    WindowSpec w = Window.partitionBy(StopLevels.POSITION_ID).orderBy("bar_no");
    Column stopHit = col("bars_held").geq(1).and(col("active_stop").isNotNull())
        .and(col("low").leq(col("active_stop")));
    Column micro = coalesce(lag(col("micro_exit"), 1).over(w), lit(false));
    Column maxHold = col("day_no").equalTo(col("entry_day_no").plus(p.maxHoldDays())).and(col("last_of_day"));
    Dataset<Row> flagged = stopPath
        .withColumn("_reason", when(stopHit, col("active_reason")).when(micro, lit("microstructure"))
            .when(maxHold, lit("max_hold")).when(col("last_bar"), lit("end_of_data")))
        .withColumn("_reference", when(stopHit, FillModel.stopReference(col("active_stop"), col("open"), col("bid")))
            .otherwise(col("bid")));
    Dataset<Row> exitBar = flagged.filter(col("_reason").isNotNull()).groupBy(StopLevels.POSITION_ID)
        .agg(min_by(struct(col("bar_no").as("exit_trigger_bar_no"), col("bar_ts").as("exit_trigger_ts"),
            col("_reason").as("exit_reason"), col("_reference").as("exit_reference"),
            col("active_stop").as("exit_stop")), col("bar_no")).as("x"))
        .select(col(StopLevels.POSITION_ID), col("x.*"));
    Dataset<Row> excursion = flagged.join(exitBar.select(StopLevels.POSITION_ID, "exit_trigger_bar_no"),
            Schemas.names(StopLevels.POSITION_ID))
        .filter(col("bar_no").leq(col("exit_trigger_bar_no")))
        .groupBy(StopLevels.POSITION_ID).agg(min("low").as("_min_low"), max("high").as("_max_high"),
            min(col(Schemas.TRADE_DATE)).as("entry_date"));
    Dataset<Row> first = stopPath.filter(col("bars_held").equalTo(0)).select(StopLevels.POSITION_ID, Schemas.SYMBOL,
        "signal_ts", "entry_ts", "entry_bar_no", "entry_day_no", "atr", "k", "regime", "entry_composite",
        "entry_signal", "order_shares", "shares", "fill_bars", "entry_price", "entry_commission", "support_level");
    Dataset<Row> triggered = first.join(exitBar, Schemas.names(StopLevels.POSITION_ID))
        .join(excursion, Schemas.names(StopLevels.POSITION_ID));
    return triggered.join(sale(triggered, bars, p), Schemas.names(StopLevels.POSITION_ID))
        .withColumn("exit_costs", FillModel.commission(col("shares"), col("exit_price"), p)
            .plus(FillModel.sellFees(col("shares"), col("exit_price"), p)))
        .withColumn("costs", col("entry_commission").plus(col("exit_costs")))
        .withColumn("pnl", col("shares").multiply(col("exit_price").minus(col("entry_price"))).minus(col("costs")))
        .withColumn("return", col("pnl").divide(col("shares").multiply(col("entry_price"))))
        .withColumn("hold_bars", col("exit_bar_no").minus(col("entry_bar_no")))
        .withColumn("max_adverse_excursion", least(lit(0.0), col("_min_low").divide(col("entry_price")).minus(1)))
        .withColumn("max_favourable_excursion", greatest(lit(0.0), col("_max_high").divide(col("entry_price")).minus(1)))
        .drop("_min_low", "_max_high", "exit_reference");
  }

  /**
   * The worked sale of each triggered position: from the trigger bar, each bar sells at most the participation
   * cap of its own volume (through bar i, min(shares, floor(cap x volume of bars 1..i))), the trigger bar at its
   * reference (the stop's fill or the bid) and later bars at their bid, each less the slippage and the impact of
   * its own participation; the last bar of the {@code exit-work-bars} window, or of the data, sells whatever is
   * left. Rows of position id, exit_bar_no and exit_ts (the last bar that sold), exit_date, exit_fill_bars and
   * exit_price (the average).
   */
  static Dataset<Row> sale(Dataset<Row> triggered, Dataset<Row> bars, BacktestSettings p) {
    WindowSpec work = Window.partitionBy(StopLevels.POSITION_ID).orderBy("bar_no");
    Dataset<Row> window = triggered.select(col(StopLevels.POSITION_ID), col(Schemas.SYMBOL), col("shares"),
            col("exit_trigger_bar_no"), col("exit_reference"))
        .withColumn("bar_no", explode(sequence(col("exit_trigger_bar_no"),
            col("exit_trigger_bar_no").plus(p.exitWorkBars() - 1))))
        .join(bars.select(col(Schemas.SYMBOL), col("bar_no"), col("bar_ts"), col(Schemas.TRADE_DATE), col("bid"),
            col("ask"), col("volume")), Schemas.names(Schemas.SYMBOL, "bar_no"), "inner");
    Column isLast = col("bar_no").equalTo(max("bar_no").over(Window.partitionBy(StopLevels.POSITION_ID)));
    Column capped = least(col("shares"), floor(sum(coalesce(col("volume"), lit(0L))).over(work.rowsBetween(
        Window.unboundedPreceding(), Window.currentRow())).multiply(p.participationCap())).cast("long"));
    Column reference = when(col("bar_no").equalTo(col("exit_trigger_bar_no")), col("exit_reference"))
        .otherwise(coalesce(col("bid"), col("exit_reference")));
    Dataset<Row> fills = window
        .withColumn("_sold", when(isLast, col("shares")).otherwise(capped))
        .withColumn("_bar_shares", col("_sold").minus(coalesce(lag(col("_sold"), 1).over(work), lit(0L))))
        .filter(col("_bar_shares").gt(0))
        .withColumn("_reference", reference)
        .withColumn("_proceeds", col("_bar_shares").multiply(FillModel.sellPrice(col("_reference"),
            coalesce(col("bid"), col("_reference")), coalesce(col("ask"), col("_reference")), col("_bar_shares"),
            col("volume"), p)));
    return fills.groupBy(StopLevels.POSITION_ID)
        .agg(sum("_proceeds").as("_proceeds"), first(col("shares")).as("_shares"),
            count(lit(1)).as("exit_fill_bars"),
            max(struct(col("bar_no"), col("bar_ts"), col(Schemas.TRADE_DATE))).as("_last"))
        .select(col(StopLevels.POSITION_ID), col("_last.bar_no").as("exit_bar_no"), col("_last.bar_ts").as("exit_ts"),
            col("_last." + Schemas.TRADE_DATE).as("exit_date"), col("exit_fill_bars"),
            col("_proceeds").divide(col("_shares")).as("exit_price"));
  }

  /**
   * One position per symbol at a time: in entry order, an entry is taken when it fills after the
   * previous taken trade's exit bar plus the cool-down. Sequential per symbol, on the candidate trades.
   */
  public static Dataset<Row> resolve(Dataset<Row> trades, int cooldownBars) {
    var schema = trades.schema();
    int entryBar = schema.fieldIndex("entry_bar_no");
    int exitBar = schema.fieldIndex("exit_bar_no");
    return trades.groupByKey((org.apache.spark.api.java.function.MapFunction<Row, String>) r -> r.getString(
            r.fieldIndex(Schemas.SYMBOL)), Encoders.STRING())
        .flatMapGroups((FlatMapGroupsFunction<String, Row, Row>) (symbol, rows) -> {
          List<Row> all = new ArrayList<>();
          rows.forEachRemaining(all::add);
          all.sort(java.util.Comparator.comparingLong((Row r) -> ((Number) r.get(entryBar)).longValue()));
          List<Row> kept = new ArrayList<>();
          long freeFrom = Long.MIN_VALUE;
          for (Row r : all) {
            long entry = ((Number) r.get(entryBar)).longValue();
            if (entry > freeFrom) {
              kept.add(r);
              freeFrom = ((Number) r.get(exitBar)).longValue() + cooldownBars;
            }
          }
          Iterator<Row> it = kept.iterator();
          return it;
        }, Encoders.row(schema));
  }

  /**
   * Equity at each day's close: starting capital plus realised PnL of closed trades plus open
   * positions marked at the day's last regular close (net of their entry commission).
   */
  public static Dataset<Row> equity(Dataset<Row> trades, Dataset<Row> bars, BacktestSettings p, LocalDate from,
      LocalDate to) {
    return equity(trades, bars, p, from, to, false);
  }

  /**
   * Equity per symbol at each of its days' close, as if the whole capital traded that symbol alone:
   * starting capital plus that symbol's realised and open PnL (rows of symbol, trade_date, equity,
   * exposed, open_positions).
   */
  public static Dataset<Row> equityBySymbol(Dataset<Row> trades, Dataset<Row> bars, BacktestSettings p,
      LocalDate from, LocalDate to) {
    return equity(trades, bars, p, from, to, true);
  }

  private static Dataset<Row> equity(Dataset<Row> trades, Dataset<Row> bars, BacktestSettings p, LocalDate from,
      LocalDate to, boolean bySymbol) {
    Dataset<Row> closes = bars.filter(col("last_of_day")).select(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE),
        col("close").as("day_close"));
    List<String> key = bySymbol ? List.of(Schemas.SYMBOL, Schemas.TRADE_DATE) : List.of(Schemas.TRADE_DATE);
    Column[] keyCols = key.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
    Dataset<Row> calendar = bars.select(keyCols).distinct()
        .filter(col(Schemas.TRADE_DATE).between(lit(Date.valueOf(from)), lit(Date.valueOf(to))));
    Dataset<Row> open = trades.select(Schemas.SYMBOL, "entry_date", "exit_date", "shares", "entry_price",
        "entry_commission", "pnl");
    Dataset<Row> marks = (bySymbol
            ? open.join(calendar, open.col(Schemas.SYMBOL).equalTo(calendar.col(Schemas.SYMBOL))
                .and(calendar.col(Schemas.TRADE_DATE).geq(open.col("entry_date")))).drop(calendar.col(Schemas.SYMBOL))
            : open.join(calendar, col(Schemas.TRADE_DATE).geq(col("entry_date"))))
        .join(closes, Schemas.names(Schemas.SYMBOL, Schemas.TRADE_DATE), "left")
        .withColumn("_value", when(col(Schemas.TRADE_DATE).geq(col("exit_date")), col("pnl"))
            .otherwise(col("shares").multiply(coalesce(col("day_close"), col("entry_price")).minus(col("entry_price")))
                .minus(col("entry_commission"))))
        .withColumn("_open", col(Schemas.TRADE_DATE).leq(col("exit_date")))
        .groupBy(keyCols).agg(sum("_value").as("_value"),
            max(col("_open").cast("int")).as("_open"), sum(when(col("_open"), 1).otherwise(0)).as("positions"));
    List<Column> out = new ArrayList<>(List.of(keyCols));
    out.add(lit(p.initialCapital()).plus(coalesce(col("_value"), lit(0.0))).as("equity"));
    out.add(coalesce(col("_open"), lit(0)).equalTo(1).as("exposed"));
    out.add(coalesce(col("positions"), lit(0L)).as("open_positions"));
    return calendar.join(marks, Schemas.names(key.toArray(String[]::new)), "left").select(out.toArray(Column[]::new));
  }
}

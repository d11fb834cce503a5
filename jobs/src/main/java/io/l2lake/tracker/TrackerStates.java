package io.l2lake.tracker;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.last;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.l2lake.config.TrackerSettings;
import io.l2lake.lake.Schemas;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The multi-day tracker over the per-day aggregates ({@link DailyAccumulation}), per symbol in date
 * order, from the current and earlier days only. Every rule is a window expression, so a day's state is
 * a function of that day and the days before it, never of a stored previous run.
 *
 * <p>Decayed scores: {@code score_N} (N = 5, 10, 20) = sum over the last N days of
 * {@code 0.5^(k / half-life) x day_score(t - k)} divided by the sum of the weights present.
 *
 * <p>States (the first rule that holds wins):
 * <ol>
 *   <li>{@code TRIGGERED}: the previous day was READY and today opened or closed at least
 *   {@code trigger-return} above the previous close, or traded {@code trigger-volume-multiple} x its
 *   20-day mean volume with a positive close; the state holds while no exit occurred, for up to
 *   {@code hold-days};</li>
 *   <li>{@code EXITED}: the first day after a trigger with a close {@code exit-drawdown} below the
 *   trigger day's high, or {@code exit-minutes} bars of fleeing/dumping, or the hold expiring;</li>
 *   <li>{@code READY}: {@code score_10 >= ready-score}, at least {@code ready-days} of the last 10
 *   days with a day score at or above {@code accumulating-score} (sustained over two weeks), and the day's
 *   own score at or above {@code ready-day-score} (the buyer at work today: the gap comes the morning after
 *   an accumulation day, and a READY that outlives the buying by a week mostly marks days without a gap);</li>
 *   <li>{@code ACCUMULATING}: {@code score_5 >= accumulating-score} and at least
 *   {@code accumulating-days} of the last 5 days at that level;</li>
 *   <li>{@code DECAYED}: ACCUMULATING or READY within the last {@code decay-days} days, not now, and no
 *   trigger since;</li>
 *   <li>{@code WATCH}: otherwise.</li>
 * </ol>
 *
 * <p>Late READY ({@code late_ready}): the READY rule with today's day score replaced by
 * {@code late_day_score}, the score of today's minutes before {@code late-cutoff} (US/Eastern), and the days
 * before taken whole ({@code late_score_10}, {@code late_accumulating_days_10}). It is known at the cutoff, so a
 * strategy may act on it from the bar that starts at the cutoff to the close, before the next open: the
 * gap comes the morning after the last accumulation day, and the whole day's READY is known only after its
 * close. The day's components over a part of it compare with their own cut history where they have one
 * (off-exchange excess, volume trend); the quote balance, the default weights' one component, needs none.
 */
public final class TrackerStates {
  private TrackerStates() {}

  public static final List<String> STATES = List.of("WATCH", "ACCUMULATING", "READY", "TRIGGERED", "EXITED",
      "DECAYED");

  public static Dataset<Row> track(Dataset<Row> days, TrackerSettings p) {
    WindowSpec order = Window.partitionBy(Schemas.SYMBOL).orderBy(Schemas.TRADE_DATE);
    Dataset<Row> d = days.withColumn("_i", row_number().over(order))
        .withColumn("score_5", decayed(col("day_score"), 5, p.halfLife5(), order))
        .withColumn("score_10", decayed(col("day_score"), 10, p.halfLife10(), order))
        .withColumn("score_20", decayed(col("day_score"), 20, p.halfLife20(), order))
        .withColumn("_acc_day", when(col("day_score").geq(p.accumulatingScore()), 1).otherwise(0));
    d = d.withColumn("accumulating_days_5", sum("_acc_day").over(order.rowsBetween(-4, 0)))
        .withColumn("accumulating_days_10", sum("_acc_day").over(order.rowsBetween(-9, 0)));
    Column accumulating = col("score_5").geq(p.accumulatingScore())
        .and(col("accumulating_days_5").geq(p.accumulatingDays()));
    Column ready = col("score_10").geq(p.readyScore()).and(col("accumulating_days_10").geq(p.readyDays()))
        .and(col("day_score").geq(p.readyDayScore()));
    // As of the late cutoff: today's score from its minutes before it, the days before whole.
    d = d.withColumn("late_score_10", decayed(col("late_day_score"), col("day_score"), 10, p.halfLife10(), order))
        .withColumn("late_accumulating_days_10", coalesce(sum("_acc_day").over(order.rowsBetween(-9, -1)), lit(0L))
            .plus(when(col("late_day_score").geq(p.accumulatingScore()), 1).otherwise(0)));
    Column lateReady = coalesce(col("late_score_10").geq(p.readyScore())
        .and(col("late_accumulating_days_10").geq(p.readyDays()))
        .and(col("late_day_score").geq(p.readyDayScore())), lit(false));
    Column prevClose = lag(col("close"), 1).over(order);
    Column meanVolume = org.apache.spark.sql.functions.avg("volume").over(order.rowsBetween(-20, -1));
    d = d.withColumn("_accumulating", accumulating)
        .withColumn("_ready", ready)
        .withColumn("open_return", col("open").divide(prevClose).minus(1))
        .withColumn("close_return", col("close").divide(prevClose).minus(1))
        .withColumn("volume_multiple", col("volume").divide(meanVolume));
    Column move = col("open_return").geq(p.triggerReturn()).or(col("close_return").geq(p.triggerReturn()))
        .or(col("volume_multiple").geq(p.triggerVolumeMultiple()).and(col("close_return").gt(0)));
    d = d.withColumn("_trigger", coalesce(lag(col("_ready"), 1).over(order).and(move), lit(false)));
    // Since the last trigger (within the hold): its day, its high and the exit conditions seen since.
    WindowSpec hold = order.rowsBetween(-p.holdDays(), Window.currentRow());
    d = d.withColumn("_exit_cond", col("close").leq(lit(1 - p.exitDrawdown()).multiply(
                last(when(col("_trigger"), col("high")), true).over(hold)))
            .or(col("exit_minutes").geq(p.exitMinutes())).cast("int"))
        .withColumn("_exits_cum", sum("_exit_cond").over(order.rowsBetween(Window.unboundedPreceding(),
            Window.currentRow())))
        .withColumn("_trigger_i", last(when(col("_trigger"), col("_i")), true).over(hold))
        .withColumn("_exits_at_trigger", last(when(col("_trigger"), col("_exits_cum")), true).over(hold));
    Column since = col("_i").minus(col("_trigger_i"));
    Column exitsSince = col("_exits_cum").minus(col("_exits_at_trigger"));
    Column prevExitsSince = lag(col("_exits_cum"), 1).over(order).minus(col("_exits_at_trigger"));
    Column held = col("_trigger_i").isNotNull().and(since.gt(0));
    Column exitedToday = held.and(exitsSince.geq(1).and(coalesce(prevExitsSince, lit(0)).equalTo(0))
        .or(since.equalTo(p.holdDays()).and(exitsSince.equalTo(0))));
    Column stillTriggered = held.and(since.lt(p.holdDays())).and(exitsSince.equalTo(0));
    Column recentlyAccumulating = max(col("_accumulating").cast("int"))
        .over(order.rowsBetween(-p.decayDays(), -1)).equalTo(1);
    d = d.withColumn("state",
            when(col("_trigger"), lit("TRIGGERED"))
                .when(exitedToday, lit("EXITED"))
                .when(stillTriggered, lit("TRIGGERED"))
                .when(col("_ready"), lit("READY"))
                .when(col("_accumulating"), lit("ACCUMULATING"))
                .when(recentlyAccumulating.and(col("_trigger_i").isNull()), lit("DECAYED"))
                .otherwise(lit("WATCH")))
        .withColumn("days_since_trigger", when(col("_trigger_i").isNotNull(), since))
        .withColumn("late_ready", lateReady)
        .withColumn("late_cutoff", lit(p.lateCutoff()));
    return d.drop("_i", "_acc_day", "_accumulating", "_ready", "_trigger", "_exit_cond", "_exits_cum",
        "_trigger_i", "_exits_at_trigger");
  }

  /** Exponentially decayed mean of {@code x} over the last {@code n} rows (current included). */
  static Column decayed(Column x, int n, double halfLife, WindowSpec order) {
    return decayed(x, x, n, halfLife, order);
  }

  /** As {@link #decayed(Column, int, double, WindowSpec)} with {@code today} in the current row's place. */
  static Column decayed(Column today, Column x, int n, double halfLife, WindowSpec order) {
    Column num = lit(0.0);
    Column den = lit(0.0);
    for (int k = 0; k < n; k++) {
      double w = Math.pow(0.5, k / halfLife);
      Column v = k == 0 ? today : lag(x, k).over(order);
      num = num.plus(coalesce(v.multiply(w), lit(0.0)));
      den = den.plus(when(v.isNotNull(), lit(w)).otherwise(lit(0.0)));
    }
    return when(den.gt(0), num.divide(den));
  }
}

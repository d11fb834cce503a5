package io.l2lake.tracker;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.l2lake.config.TrackerSettings;
import io.l2lake.lake.Columns;
import io.l2lake.lake.Schemas;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Per symbol-day aggregates of the minute signals over the regular session, and the day score.
 *
 * <ul>
 *   <li>{@code mean_composite}: mean composite score of the session's bars;</li>
 *   <li>{@code longest_firing_run}: the longest run of consecutive bars in which at least one
 *   accumulation signal fired;</li>
 *   <li>{@code distinct_signals}: how many of the five fired at least once;</li>
 *   <li>{@code off_exchange_share}: off-exchange share of the day's volume, sub-penny internalised
 *   prints excluded, and {@code off_exchange_excess}, that share minus its mean over the symbol's 20
 *   previous days (a symbol that always prints off-exchange is not accumulating for that);</li>
 *   <li>{@code exit_minutes}: bars in which fleeing or dumping fired;</li>
 *   <li>{@code quote_balance}: over the session's minutes that traded and had a two-sided quote, the minutes
 *   whose closing ask stepped above the previous such minute's, less those whose closing bid stepped below it,
 *   per minute in which either side moved (null when neither ever moved). A buyer who rests on the bid and
 *   refills it when hit keeps the bid from stepping down, and one who lifts offers steps the ask up; sellers
 *   do the opposite. It counts steps, not their size, so one jump weighs as little as one tick, and it needs
 *   only prices, so history ticks without sizes carry it too;</li>
 *   <li>{@code volume_trend}: ln of the mean volume of the last 5 days (today included) over the mean of the
 *   20 days before them (null without those days);</li>
 *   <li>the session's open, high, low, close and the whole day's volume (from the bars);</li>
 *   <li>{@code day_score} = weighted mean (weights {@code tracker.day-weights}) of
 *   {@code mean_composite}, {@code min(1, longest_firing_run / run-full-minutes)},
 *   {@code distinct_signals / 5}, {@code min(1, max(0, off_exchange_excess) / off-exchange-full)},
 *   {@code logistic((weighted_balance - quote-balance-center) / quote-balance-scale)} and
 *   {@code logistic(volume_trend / volume-trend-scale)} (the last two 0.5, neutral, where null), with
 *   {@code logistic(x) = 1 / (1 + e^-x)} and {@code weighted_balance = (ask-step-weight x ask_up_steps -
 *   bid_down_steps) / quote_steps}: a bid that stops stepping down says more of a buyer than an ask that steps up
 *   (a passive buyer holds the bid; frenzied retail lifts the ask too), and the center is where a day without a
 *   buyer sits. With a weight of 1 and a center of 0 the component reads {@code quote_balance} itself.</li>
 * </ul>
 *
 * <p>Cost: three windows and three aggregations of the signals by symbol-day, one of the bars, and their joins.
 */
public final class DailyAccumulation {
  private DailyAccumulation() {}

  /** {@code 1 / (1 + e^(-x / scale))}, 0.5 (neutral) where x is null. */
  static Column logistic(Column x, double scale) {
    return org.apache.spark.sql.functions.coalesce(lit(1.0).divide(lit(1.0).plus(
        org.apache.spark.sql.functions.exp(x.divide(-scale)))), lit(0.5));
  }

  public static Dataset<Row> aggregate(Dataset<Row> signals, Dataset<Row> bars, TrackerSettings p) {
    Column anyFires = lit(false);
    Column distinct = lit(0);
    for (String n : Columns.Signals1m.SIGNALS) {
      anyFires = anyFires.or(col(n + "_fires"));
    }
    WindowSpec minutes = Window.partitionBy(Schemas.SYMBOL, Schemas.TRADE_DATE).orderBy("bar_ts");
    Dataset<Row> session = signals.filter(col("regular"))
        .withColumn("_f", anyFires.cast("int"))
        .withColumn("_island", sum(lit(1).minus(col("_f"))).over(minutes.rowsBetween(Window.unboundedPreceding(),
            Window.currentRow())));
    Dataset<Row> runs = session.filter(col("_f").equalTo(1))
        .groupBy(Schemas.SYMBOL, Schemas.TRADE_DATE, "_island").agg(count(lit(1)).as("_run"))
        .groupBy(Schemas.SYMBOL, Schemas.TRADE_DATE).agg(max("_run").as("longest_firing_run"));
    // The quote's steps from one traded, two-sided minute to the next (a lag over those minutes only).
    Dataset<Row> quoted = session.filter(col("volume").gt(0).and(col("bid").isNotNull()).and(col("ask").isNotNull()))
        .withColumn("_prev_bid", lag(col("bid"), 1).over(minutes))
        .withColumn("_prev_ask", lag(col("ask"), 1).over(minutes));
    Column bidDown = col("bid").lt(col("_prev_bid"));
    Column askUp = col("ask").gt(col("_prev_ask"));
    Column moved = col("bid").notEqual(col("_prev_bid")).or(col("ask").notEqual(col("_prev_ask")));
    Dataset<Row> steps = quoted.groupBy(Schemas.SYMBOL, Schemas.TRADE_DATE).agg(
        sum(when(bidDown, 1).otherwise(0)).as("bid_down_steps"),
        sum(when(askUp, 1).otherwise(0)).as("ask_up_steps"),
        sum(when(moved, 1).otherwise(0)).as("quote_steps"));
    Column[] aggs = new Column[Columns.Signals1m.SIGNALS.size() + 5];
    int i = 0;
    for (String n : Columns.Signals1m.SIGNALS) {
      aggs[i++] = max(col(n + "_fires").cast("int")).as("_fired_" + n);
      distinct = distinct.plus(col("_fired_" + n));
    }
    aggs[i++] = avg("composite").as("mean_composite");
    aggs[i++] = count(lit(1)).as("session_bars");
    aggs[i++] = sum(when(col("fleeing").or(col("dumping")), 1).otherwise(0)).as("exit_minutes");
    aggs[i++] = max("high").as("high");
    aggs[i] = min("low").as("low");
    Dataset<Row> sig = session.groupBy(Schemas.SYMBOL, Schemas.TRADE_DATE).agg(aggs[0],
            java.util.Arrays.copyOfRange(aggs, 1, aggs.length))
        .withColumn("distinct_signals", distinct)
        .join(steps, Schemas.names(Schemas.SYMBOL, Schemas.TRADE_DATE), "left")
        .na().fill(0L, new String[] {"bid_down_steps", "ask_up_steps", "quote_steps"})
        .withColumn("quote_balance", when(col("quote_steps").gt(0), col("ask_up_steps").minus(col("bid_down_steps"))
            .divide(col("quote_steps"))));
    Column accOff = greatest(col("off_exchange_volume").minus(col("subpenny_volume")), lit(0L));
    Dataset<Row> day = bars.groupBy(Schemas.SYMBOL, Schemas.TRADE_DATE).agg(
        sum("volume").as("volume"),
        sum(accOff).divide(greatest(sum("volume"), lit(1L))).as("off_exchange_share"),
        min_by(col("open"), when(col("volume").gt(0), col("bar_ts"))).as("_day_open"),
        max_by(col("close"), when(col("volume").gt(0), col("bar_ts"))).as("_day_close"));
    Dataset<Row> sessionPrices = signals.filter(col("regular").and(col("volume").gt(0)))
        .groupBy(Schemas.SYMBOL, Schemas.TRADE_DATE).agg(max_by(col("close"), col("bar_ts")).as("close"));
    double[] w = p.dayWeights();
    double wsum = w[0] + w[1] + w[2] + w[3] + w[4] + w[5];
    Column score = col("mean_composite").multiply(w[0])
        .plus(least(lit(1.0), col("longest_firing_run").divide(p.runFullMinutes())).multiply(w[1]))
        .plus(col("distinct_signals").divide(5.0).multiply(w[2]))
        .plus(least(lit(1.0), greatest(org.apache.spark.sql.functions.coalesce(col("off_exchange_excess"), lit(0.0)),
            lit(0.0)).divide(p.offExchangeFull())).multiply(w[3]))
        .plus(logistic(when(col("quote_steps").gt(0), col("ask_up_steps").multiply(p.askStepWeight())
            .minus(col("bid_down_steps")).divide(col("quote_steps")).minus(p.quoteBalanceCenter())),
            p.quoteBalanceScale()).multiply(w[4]))
        .plus(logistic(col("volume_trend"), p.volumeTrendScale()).multiply(w[5]))
        .divide(wsum);
    WindowSpec days = Window.partitionBy(Schemas.SYMBOL).orderBy(Schemas.TRADE_DATE);
    return sig.join(runs, Schemas.names(Schemas.SYMBOL, Schemas.TRADE_DATE), "left")
        .join(day, Schemas.names(Schemas.SYMBOL, Schemas.TRADE_DATE), "left")
        .join(sessionPrices, Schemas.names(Schemas.SYMBOL, Schemas.TRADE_DATE), "left")
        .withColumn("longest_firing_run", org.apache.spark.sql.functions.coalesce(col("longest_firing_run"), lit(0L)))
        .withColumn("mean_composite", org.apache.spark.sql.functions.coalesce(col("mean_composite"), lit(0.0)))
        .withColumn("open", col("_day_open"))
        .withColumn("close", org.apache.spark.sql.functions.coalesce(col("close"), col("_day_close")))
        .withColumn("off_exchange_excess", col("off_exchange_share").minus(avg("off_exchange_share")
            .over(days.rowsBetween(-20, -1))))
        .withColumn("volume_trend", log(avg("volume").over(days.rowsBetween(-4, 0))
            .divide(avg("volume").over(days.rowsBetween(-24, -5)))))
        .withColumn("volume_trend", when(count("volume").over(days.rowsBetween(-24, -5)).geq(5),
            col("volume_trend")))
        .withColumn("day_score", score)
        .select(Schemas.SYMBOL, Schemas.TRADE_DATE, "session_bars", "mean_composite", "longest_firing_run",
            "distinct_signals", "off_exchange_share", "off_exchange_excess", "exit_minutes",
            "bid_down_steps", "ask_up_steps", "quote_steps", "quote_balance", "volume_trend", "open", "high", "low", "close", "volume",
            "day_score");
  }
}

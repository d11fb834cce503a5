package io.l2lake.evaluation;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.dense_rank;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.l2lake.lake.Columns;
import io.l2lake.lake.Schemas;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * What the evaluation scores, per symbol-day and per gap, from a lake's gold tables and the simulator's truth.
 * All of it is Spark aggregation; the outputs are one row per symbol-day or per gap (thousands of rows), small by
 * design, so the evaluation collects them and bootstraps on the driver.
 *
 * <p>A symbol-day is <b>positive</b> when the hidden buyer executed on it ({@code truth.days.buyer_active}) and
 * negative otherwise: control symbols, sellers, confounder days and the days of accumulation symbols outside
 * their episode all count as negatives. Symbol-days with no tracker row (no regular-session bar) are left out.
 */
public final class SignalScores {
  private SignalScores() {}

  /** The scores the evaluation ranks symbol-days by, each a column of {@link #symbolDays}. */
  public static List<String> scoreNames() {
    List<String> names = new ArrayList<>();
    for (String n : Columns.Signals1m.SIGNALS) {
      names.add(n);
    }
    names.addAll(List.of("composite", "day_score", "score_5", "score_10"));
    return names;
  }

  /**
   * One row per symbol-day with a tracker row: symbol, trade_date, positive, strength (the buyer's participation
   * rate, null on negatives), seller (the hidden seller executed that day), in_episode (the day lies inside a
   * buyer's episode, from its first to its last day, whether it executed that day or rested), ready (the tracker's
   * state is READY), and the scores of {@link #scoreNames()}:
   * each signal's mean {@code <name>_score} over the day's regular-session bars, the mean composite, and the
   * tracker's day score and decayed 5- and 10-day scores.
   */
  public static Dataset<Row> symbolDays(Dataset<Row> signals, Dataset<Row> accumulation, Dataset<Row> truthDays) {
    Column seller = java.util.Arrays.asList(truthDays.columns()).contains("seller_active")
        ? coalesce(col("seller_active"), lit(false)) : lit(false);
    Column inEpisode = java.util.Arrays.asList(truthDays.columns()).contains("episode_kind")
        ? coalesce(col("episode_kind").equalTo("accumulation"), lit(false)) : lit(false);
    Dataset<Row> truth = truthDays.select(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE),
        col("buyer_active").as("positive"), when(col("buyer_active"), col("strength")).as("strength"),
        seller.as("seller"), inEpisode.as("in_episode"));
    return daily(signals, accumulation).join(truth, Schemas.names(Schemas.SYMBOL, Schemas.TRADE_DATE), "inner");
  }

  /**
   * One row per symbol-day with a tracker row: symbol, trade_date, ready, and the scores of {@link #scoreNames()}
   * (a signal's or the composite's mean is 0 on a day without regular-session bars).
   */
  public static Dataset<Row> daily(Dataset<Row> signals, Dataset<Row> accumulation) {
    List<Column> means = new ArrayList<>();
    for (String n : Columns.Signals1m.SIGNALS) {
      means.add(avg(coalesce(col(n + "_score"), lit(0.0))).as(n));
    }
    means.add(avg(coalesce(col("composite"), lit(0.0))).as("composite"));
    Dataset<Row> daily = signals.filter(col("regular")).groupBy(Schemas.SYMBOL, Schemas.TRADE_DATE)
        .agg(means.get(0), means.subList(1, means.size()).toArray(Column[]::new));
    Dataset<Row> tracker = accumulation.select(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE),
        coalesce(col("day_score"), lit(0.0)).as("day_score"), coalesce(col("score_5"), lit(0.0)).as("score_5"),
        coalesce(col("score_10"), lit(0.0)).as("score_10"), col("state").equalTo("READY").as("ready"));
    return tracker.join(daily, Schemas.names(Schemas.SYMBOL, Schemas.TRADE_DATE), "left")
        .na().fill(0.0, Columns.Signals1m.SIGNALS.toArray(String[]::new))
        .na().fill(0.0, new String[] {"composite"});
  }

  /**
   * Per signal, the regular-session minutes of negative symbol-days and how many of them fire, per symbol (the
   * bootstrap's cluster): rows of symbol, signal, negative_minutes, fired_minutes.
   */
  public static Dataset<Row> negativeMinuteFires(Dataset<Row> signals, Dataset<Row> truthDays) {
    Dataset<Row> negatives = truthDays.filter(col("buyer_active").equalTo(false))
        .select(Schemas.SYMBOL, Schemas.TRADE_DATE);
    Dataset<Row> minutes = signals.filter(col("regular"))
        .join(negatives, Schemas.names(Schemas.SYMBOL, Schemas.TRADE_DATE), "inner");
    Dataset<Row> out = null;
    for (String n : Columns.Signals1m.SIGNALS) {
      Dataset<Row> one = minutes.groupBy(Schemas.SYMBOL).agg(count(lit(1)).as("negative_minutes"),
              sum(when(coalesce(col(n + "_fires"), lit(false)), 1).otherwise(0)).cast("long").as("fired_minutes"))
          .withColumn("signal", lit(n));
      out = out == null ? one : out.unionByName(one);
    }
    return out.select(Schemas.SYMBOL, "signal", "negative_minutes", "fired_minutes");
  }

  /**
   * One row per gap that follows a buyer's episode ({@code truth.episodes} with a gap date and a buyer): symbol,
   * start_date, gap_date, strength, ready_before (READY on some trading day of the episode before the gap day),
   * ready_eve (READY on the last trading day before the gap), lead_days (trading days from the first READY day of
   * the episode to the gap day; null when never READY before it).
   */
  public static Dataset<Row> gaps(Dataset<Row> accumulation, Dataset<Row> episodes) {
    WindowSpec order = Window.partitionBy(Schemas.SYMBOL).orderBy(Schemas.TRADE_DATE);
    Dataset<Row> days = accumulation.select(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE),
            col("state").equalTo("READY").as("ready"))
        .withColumn("day_no", dense_rank().over(order));
    Dataset<Row> gapEpisodes = episodes.filter(col("gap_date").isNotNull().and(col("strength").isNotNull()))
        .select(col(Schemas.SYMBOL), col("start_date"), col("gap_date"), col("strength"));
    Dataset<Row> before = gapEpisodes.as("e").join(days.as("a"), col("a.symbol").equalTo(col("e.symbol"))
            .and(col("a.trade_date").geq(col("e.start_date"))).and(col("a.trade_date").lt(col("e.gap_date"))))
        .groupBy(col("e.symbol").as(Schemas.SYMBOL), col("e.start_date"), col("e.gap_date"), col("e.strength"))
        .agg(max(col("a.ready").cast("int")).as("_any"),
            max(when(col("a.ready"), col("a.day_no"))).as("_last_ready_no"),
            min(when(col("a.ready"), col("a.day_no"))).as("_first_ready_no"),
            max(col("a.day_no")).as("_eve_no"));
    return before.withColumn("ready_before", col("_any").equalTo(1))
        .withColumn("ready_eve", coalesce(col("_last_ready_no").equalTo(col("_eve_no")), lit(false)))
        .withColumn("lead_days", col("_eve_no").plus(1).minus(col("_first_ready_no")))
        .select(Schemas.SYMBOL, "start_date", "gap_date", "strength", "ready_before", "ready_eve", "lead_days");
  }
}

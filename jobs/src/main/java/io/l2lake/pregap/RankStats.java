package io.l2lake.pregap;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Ranks, deciles and ROC AUC of a score against 0/1 labels, within groups, as Spark aggregations and
 * one window; nothing per row reaches the driver.
 *
 * <p><b>Value table.</b> Rows are first aggregated per (group, distinct score value): {@code n} rows
 * and, per label, {@code events} (rows with label 1). A window per group ordered by the value gives
 * {@code below}, the rows with a smaller value, and {@code total}, the group's rows. Tied rows share
 * the average rank {@code mid_rank = below + (n + 1) / 2} (ranks counted from 1).
 *
 * <p><b>AUC</b> (Mann-Whitney): with N rows, P events and R the sum of the events' average ranks,
 * U = R - P (P + 1) / 2 is the number of (event, non-event) pairs where the event scores higher, ties
 * counting one half; AUC = U / (P (N - P)). 1 ranks every event above every non-event, 0 below, and a
 * constant score gives 0.5. Null when the group has no events or no non-events.
 *
 * <p><b>Deciles</b> follow the exact rank: {@code decile = 1 + floor(10 below / total)}, capped at 10
 * (the rows whose value is above that of 10% of the rows are decile 10 and so on). Tied values share a
 * decile, so a large tie can leave a decile empty.
 *
 * <p>Cost: one aggregation by (group, value) and one window sort of the distinct values of each group
 * (a group is sorted by one task, so the groups, not the rows, give the parallelism).
 */
public final class RankStats {
  private RankStats() {}

  public static final String LABEL = "label";

  /**
   * Adds {@code decileColumn} = 1 + the number of approximate deciles (percentile_approx at 0.1 .. 0.9
   * with the given accuracy, over all rows) that {@code value} exceeds: rows tied on a boundary share
   * the lower decile. One distributed aggregation and a broadcast of its nine numbers, for a decile of
   * every row without a global sort.
   */
  public static Dataset<Row> approxDeciles(Dataset<Row> in, String value, String decileColumn, int accuracy) {
    List<Column> points = new ArrayList<>();
    for (int k = 1; k <= 9; k++) {
      points.add(lit(k / 10.0));
    }
    Dataset<Row> q = in.agg(percentile_approx(col(value), array(points.toArray(Column[]::new)), lit(accuracy))
        .as("_deciles"));
    Column decile = lit(1);
    for (int k = 0; k < 9; k++) {
      decile = decile.plus(when(col(value).gt(col("_deciles").getItem(k)), 1).otherwise(0));
    }
    return in.crossJoin(broadcast(q)).withColumn(decileColumn, decile.cast("int")).drop("_deciles");
  }

  /** Per (groups, value): n, {@code <label>_events}, below, total, mid_rank and decile. */
  public static Dataset<Row> valueTable(Dataset<Row> in, List<String> groups, String value, List<String> labels) {
    List<Column> keys = new ArrayList<>();
    groups.forEach(g -> keys.add(col(g)));
    keys.add(col(value));
    List<Column> aggs = new ArrayList<>();
    for (String l : labels) {
      aggs.add(sum(col(l).cast("long")).as(l + "_events"));
    }
    Dataset<Row> v = in.filter(col(value).isNotNull())
        .groupBy(keys.toArray(Column[]::new))
        .agg(count(lit(1)).as("n"), aggs.toArray(Column[]::new));
    WindowSpec group = Window.partitionBy(groups.stream().map(org.apache.spark.sql.functions::col)
        .toArray(Column[]::new));
    WindowSpec ordered = group.orderBy(col(value)).rowsBetween(Window.unboundedPreceding(), -1);
    return v.withColumn("below", coalesce(sum(col("n")).over(ordered), lit(0L)))
        .withColumn("total", sum(col("n")).over(group))
        .withColumn("mid_rank", col("below").plus(col("n").plus(1).divide(2.0)))
        .withColumn("decile", least(floor(col("below").multiply(10).divide(col("total"))).plus(1), lit(10))
            .cast("int"));
  }

  /**
   * Per (groups, label): rows, events, u (Mann-Whitney U), pairs = events x non-events and auc, from a
   * {@link #valueTable}.
   */
  public static Dataset<Row> auc(Dataset<Row> valueTable, List<String> groups, List<String> labels) {
    if (groups.contains(LABEL)) {
      throw new IllegalArgumentException("a group column may not be named '" + LABEL + "'");
    }
    List<Column> aggs = new ArrayList<>();
    for (String l : labels) {
      aggs.add(sum(col(l + "_events")).as(l + "_events"));
      aggs.add(sum(col(l + "_events").multiply(col("mid_rank"))).as(l + "_rank_sum"));
    }
    Dataset<Row> a = valueTable.groupBy(groups.stream().map(org.apache.spark.sql.functions::col)
        .toArray(Column[]::new)).agg(sum(col("n")).as("rows"), aggs.toArray(Column[]::new));
    List<Column> perLabel = new ArrayList<>();
    for (String l : labels) {
      Column p = col(l + "_events").cast("double");
      Column u = col(l + "_rank_sum").minus(p.multiply(p.plus(1)).divide(2));
      Column pairs = p.multiply(col("rows").minus(p));
      perLabel.add(struct(lit(l).as(LABEL), col(l + "_events").as("events"), u.as("u"), pairs.as("pairs"),
          when(pairs.gt(0), u.divide(pairs)).as("auc")));
    }
    List<Column> out = new ArrayList<>();
    groups.forEach(g -> out.add(col(g)));
    out.add(col("rows"));
    out.add(explode(array(perLabel.toArray(Column[]::new))).as("_l"));
    List<Column> flat = new ArrayList<>();
    groups.forEach(g -> flat.add(col(g)));
    flat.add(col("_l." + LABEL).as(LABEL));
    flat.add(col("rows"));
    for (String f : List.of("events", "u", "pairs", "auc")) {
      flat.add(col("_l." + f).as(f));
    }
    return a.select(out.toArray(Column[]::new)).select(flat.toArray(Column[]::new));
  }

  /** Per (groups, label, decile): rows, events and the event rate, from a {@link #valueTable}. */
  public static Dataset<Row> deciles(Dataset<Row> valueTable, List<String> groups, List<String> labels) {
    if (groups.contains(LABEL)) {
      throw new IllegalArgumentException("a group column may not be named '" + LABEL + "'");
    }
    List<Column> keys = new ArrayList<>();
    groups.forEach(g -> keys.add(col(g)));
    keys.add(col("decile"));
    List<Column> aggs = new ArrayList<>();
    for (String l : labels) {
      aggs.add(sum(col(l + "_events")).as(l + "_events"));
    }
    Dataset<Row> d = valueTable.groupBy(keys.toArray(Column[]::new))
        .agg(sum(col("n")).as("rows"), aggs.toArray(Column[]::new));
    List<Column> perLabel = new ArrayList<>();
    for (String l : labels) {
      perLabel.add(struct(lit(l).as(LABEL), col(l + "_events").as("events")));
    }
    List<Column> out = new ArrayList<>(keys);
    out.add(col("rows"));
    out.add(explode(array(perLabel.toArray(Column[]::new))).as("_l"));
    List<Column> flat = new ArrayList<>();
    groups.forEach(g -> flat.add(col(g)));
    flat.add(col("_l." + LABEL).as(LABEL));
    flat.add(col("decile"));
    flat.add(col("rows"));
    flat.add(col("_l.events").as("events"));
    flat.add(col("_l.events").divide(col("rows")).as("rate"));
    return d.select(out.toArray(Column[]::new)).select(flat.toArray(Column[]::new));
  }

  /**
   * Per (groups, symbol, label): {@code events}, {@code non_events}, {@code a} = the sum over the
   * symbol's events of the group's non-events scoring lower (ties one half) and {@code b} = the sum over
   * the symbol's non-events of the group's events scoring higher (ties one half): the per-ticker parts of
   * the group's Mann-Whitney U (sum a = sum b = U) that {@link TickerBootstrap} resamples. Rows with a
   * null score are left out.
   *
   * <p>Cost: one aggregation per (group, score, symbol), one per (group, score) with a window sort of
   * the group's distinct scores, a join of the two, and one aggregation per (group, symbol).
   */
  public static Dataset<Row> tickerParts(Dataset<Row> in, List<String> groups, String symbol, String score,
      List<String> labels) {
    if (groups.contains(LABEL)) {
      throw new IllegalArgumentException("a group column may not be named '" + LABEL + "'");
    }
    List<Column> cellKeys = new ArrayList<>();
    groups.forEach(g -> cellKeys.add(col(g)));
    cellKeys.add(col(score));
    List<Column> valueKeys = new ArrayList<>(cellKeys);
    cellKeys.add(col(symbol));
    List<Column> cellAggs = new ArrayList<>();
    for (String l : labels) {
      cellAggs.add(sum(col(l).cast("long")).as("_ce_" + l));
    }
    Dataset<Row> cells = in.filter(col(score).isNotNull()).groupBy(cellKeys.toArray(Column[]::new))
        .agg(count(lit(1)).as("_cn"), cellAggs.toArray(Column[]::new));
    List<Column> valueAggs = new ArrayList<>();
    for (String l : labels) {
      valueAggs.add(sum(col("_ce_" + l)).as("_ve_" + l));
    }
    Dataset<Row> values = cells.groupBy(valueKeys.toArray(Column[]::new))
        .agg(sum(col("_cn")).as("_vn"), valueAggs.toArray(Column[]::new));
    WindowSpec group = Window.partitionBy(groups.stream().map(org.apache.spark.sql.functions::col)
        .toArray(Column[]::new));
    WindowSpec ordered = group.orderBy(col(score)).rowsBetween(Window.unboundedPreceding(), -1);
    values = values.withColumn("_bn", coalesce(sum(col("_vn")).over(ordered), lit(0L)));
    for (String l : labels) {
      values = values.withColumn("_be_" + l, coalesce(sum(col("_ve_" + l)).over(ordered), lit(0L)))
          .withColumn("_te_" + l, sum(col("_ve_" + l)).over(group));
    }
    List<String> joinKeys = new ArrayList<>(groups);
    joinKeys.add(score);
    Dataset<Row> joined = cells.join(values, scala.jdk.javaapi.CollectionConverters.asScala(joinKeys).toSeq());
    List<Column> partAggs = new ArrayList<>();
    partAggs.add(sum(col("_cn")).as("_rows"));
    for (String l : labels) {
      Column ve = col("_ve_" + l).cast("double");
      Column neBelow = col("_bn").minus(col("_be_" + l)).cast("double");
      Column neAt = col("_vn").minus(col("_ve_" + l)).cast("double");
      Column eAbove = col("_te_" + l).minus(col("_be_" + l)).minus(col("_ve_" + l)).cast("double");
      Column ce = col("_ce_" + l).cast("double");
      partAggs.add(sum(col("_ce_" + l)).as("_e_" + l));
      partAggs.add(sum(ce.multiply(neBelow.plus(neAt.multiply(0.5)))).as("_a_" + l));
      partAggs.add(sum(col("_cn").minus(col("_ce_" + l)).cast("double").multiply(eAbove.plus(ve.multiply(0.5))))
          .as("_b_" + l));
    }
    List<Column> partKeys = new ArrayList<>();
    groups.forEach(g -> partKeys.add(col(g)));
    partKeys.add(col(symbol));
    Dataset<Row> parts = joined.groupBy(partKeys.toArray(Column[]::new)).agg(partAggs.get(0),
        partAggs.subList(1, partAggs.size()).toArray(Column[]::new));
    List<Column> perLabel = new ArrayList<>();
    for (String l : labels) {
      perLabel.add(struct(lit(l).as(LABEL), col("_e_" + l).as("events"),
          col("_rows").minus(col("_e_" + l)).as("non_events"), col("_a_" + l).as("a"), col("_b_" + l).as("b")));
    }
    List<Column> out = new ArrayList<>(partKeys);
    out.add(explode(array(perLabel.toArray(Column[]::new))).as("_l"));
    List<Column> flat = new ArrayList<>(partKeys);
    flat.add(col("_l." + LABEL).as(LABEL));
    for (String f : List.of("events", "non_events", "a", "b")) {
      flat.add(col("_l." + f).as(f));
    }
    return parts.select(out.toArray(Column[]::new)).select(flat.toArray(Column[]::new));
  }
}

package io.l2lake.lake;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.max;

import io.l2lake.lake.Lake;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What the stage runner does around every transform: read a date range of its inputs, drop the
 * symbol-days the integrity checks marked unusable (counting them by reason), and replace its output
 * for exactly that range in one Delta commit, so that re-running a stage for the same dates leaves the
 * same table.
 */
public final class StageIo {
  private StageIo() {}

  /** The rows of [from, to] (null bounds are open). */
  public static Column range(LocalDate from, LocalDate to) {
    Column c = lit(true);
    if (from != null) {
      c = c.and(col(Schemas.TRADE_DATE).geq(lit(from)));
    }
    if (to != null) {
      c = c.and(col(Schemas.TRADE_DATE).leq(lit(to)));
    }
    return c;
  }

  /** A stage input that must exist. */
  public static Dataset<Row> input(Lake lake, TableId id, LocalDate from, LocalDate to, String producer) {
    if (!lake.exists(id)) {
      throw new IllegalArgumentException(id.qualifiedName() + " does not exist in " + lake.root()
          + ": run '" + producer + "' first");
    }
    return lake.spark().read().format("delta").load(lake.path(id)).filter(range(from, to));
  }

  /** Unusable symbol-days of [from, to] and why: (symbol, trade_date, reasons). */
  public static Dataset<Row> unusableDays(Lake lake, LocalDate from, LocalDate to) {
    if (!lake.exists(TableId.OPS_INTEGRITY)) {
      return lake.spark().createDataFrame(List.of(), Schemas.INTEGRITY)
          .select(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE), lit(null).cast("array<string>").as("reasons"));
    }
    return usableDays(lake.read(TableId.OPS_INTEGRITY, Schemas.INTEGRITY)
            .filter(range(from, to)))
        .filter(col("usable").equalTo(false)).select(Schemas.SYMBOL, Schemas.TRADE_DATE, "reasons");
  }

  /**
   * The usable-day rule, over {@code ops.integrity} rows. Per symbol-day: {@code usable} (no failed error-level check) and the sorted {@code reasons}
   * (dataset.check of each failed error). Days present only through missing-day rows are included
   * with usable = true and no data; stages read their own data and join this to skip bad days.
   */
  public static Dataset<Row> usableDays(Dataset<Row> integrity) {
    Column error = col("failed").and(col("level").equalTo("error"));
    return integrity.groupBy(Schemas.SYMBOL, Schemas.TRADE_DATE).agg(
            max(when(error, 1).otherwise(0)).as("_bad"),
            sort_array(collect_list(when(error, concat(col("dataset"), lit("."), col("check")))))
                .as("reasons"))
        .withColumn("usable", col("_bad").equalTo(0)).drop("_bad");
  }

  /** {@code rows} without the unusable symbol-days. */
  public static Dataset<Row> usableOnly(Dataset<Row> rows, Dataset<Row> unusable) {
    return rows.join(unusable.select(Schemas.SYMBOL, Schemas.TRADE_DATE),
        Schemas.names(Schemas.SYMBOL, Schemas.TRADE_DATE),
        "left_anti");
  }

  /** Counts of skipped symbol-days by reason, for {@code ops.job_runs}. */
  public static Map<String, String> skippedDetail(Dataset<Row> unusable) {
    Map<String, String> d = new TreeMap<>();
    List<Row> rows = unusable.select(org.apache.spark.sql.functions.explode(col("reasons")).as("r"))
        .groupBy("r").count().collectAsList();
    long days = unusable.count();
    d.put("skipped_symbol_days", Long.toString(days));
    for (Row r : rows) {
      d.put("skipped." + r.getString(0), Long.toString(r.getLong(1)));
    }
    return d;
  }

  /** [from, to] as a SQL predicate for Delta's {@code replaceWhere}; empty when both are null. */
  public static String sqlRange(LocalDate from, LocalDate to) {
    List<String> parts = new ArrayList<>();
    if (from != null) {
      parts.add("trade_date >= DATE'" + from + "'");
    }
    if (to != null) {
      parts.add("trade_date <= DATE'" + to + "'");
    }
    return String.join(" AND ", parts);
  }

  /**
   * Replaces the output's rows of [from, to] (the whole table when both are null) and returns how many
   * rows the range now holds: the rows the replacing commit wrote, from its Delta operation metrics
   * (a replace writes only rows of the range and removes every older one), so that a stage need not
   * scan its output again to count it. The table's latest commit is taken as this write's: each
   * output table has one writing stage, and a backfill runs the stages one after another. Without
   * the metric (a table whose history metrics were switched off) the range is counted.
   */
  public static long replace(Lake lake, TableId id, Dataset<Row> rows, LocalDate from, LocalDate to) {
    String predicate = sqlRange(from, to);
    var writer = rows.write().format("delta").mode("overwrite").option("overwriteSchema", predicate.isEmpty());
    if (!predicate.isEmpty() && lake.exists(id)) {
      writer.option("replaceWhere", predicate).save(lake.path(id));
    } else if (!lake.exists(id)) {
      writer.options(id.creationProperties()).partitionBy(Schemas.TRADE_DATE).save(lake.path(id));
    } else {
      writer.partitionBy(Schemas.TRADE_DATE).save(lake.path(id));
    }
    Row commit = io.delta.tables.DeltaTable.forPath(lake.spark(), lake.path(id)).history(1)
        .select("operation", "operationMetrics").first();
    java.util.Map<String, String> metrics = commit.isNullAt(1) ? java.util.Map.of() : commit.getJavaMap(1);
    String written = metrics.get("numOutputRows");
    if ("WRITE".equals(commit.getString(0)) && written != null) {
      return Long.parseLong(written);
    }
    return lake.spark().read().format("delta").load(lake.path(id)).filter(range(from, to)).count();
  }
}

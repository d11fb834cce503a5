package io.l2lake.quality;

import static org.apache.spark.sql.functions.sort_array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import io.l2lake.config.L2Config;
import io.l2lake.lake.Lake;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import io.l2lake.pipeline.JobRuns;
import io.l2lake.pipeline.RunContext;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Runs the integrity checks over the bronze tables for a date range and writes {@code ops.integrity}:
 * one row per symbol-day, dataset and check (passed or failed), plus one row per missing trading
 * day and per day cut short by an incomplete history answer. A symbol-day with a failed error-level
 * check is unusable; {@link #usableDays} tells later stages which days to skip and why.
 *
 * <p>Cost: per dataset one scan, one sort (the neighbour window) and one aggregation by symbol-day
 * shared by all its checks; the result replaces the range's rows of {@code ops.integrity} in one
 * commit.
 */
public final class IntegrityJob {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IntegrityJob.class);

  private IntegrityJob() {}

  public static final StructType SCHEMA = Schemas.struct(
      Schemas.field(Schemas.SYMBOL, DataTypes.StringType, false, "ticker"),
      Schemas.field(Schemas.TRADE_DATE, DataTypes.DateType, false, "trading date"),
      Schemas.field("dataset", DataTypes.StringType, false, "ticks, quotes, daily_bars, quarantine, files"),
      Schemas.field("check", DataTypes.StringType, false, "check name"),
      Schemas.field("level", DataTypes.StringType, false, "error or warning"),
      Schemas.field("violations", DataTypes.LongType, false, "rows or events violating the check"),
      Schemas.field("checked", DataTypes.LongType, false, "rows the check looked at"),
      Schemas.field("ratio", DataTypes.DoubleType, true, "violations / checked"),
      Schemas.field("failed", DataTypes.BooleanType, false, "the check failed (threshold passed)"),
      Schemas.field("detail", DataTypes.StringType, true, "explanation"),
      Schemas.field("run_id", DataTypes.StringType, false, "run that wrote the row"));

  /** Findings of a run for the summary. */
  public record Result(long symbolDays, long unusableDays, Map<String, Long> failedByCheck) {}

  /** Checks [from, to] (null for all dates). */
  public static Result run(SparkSession spark, L2Config config, RunContext run, LocalDate from,
      LocalDate to) {
    Instant started = Instant.now();
    Lake lake = new Lake(spark, config.lake().root());
    spark.sparkContext().setJobGroup("check-" + run.runId(), "l2lake integrity checks", false);
    Column range = io.l2lake.pipeline.StageIo.range(from, to);
    L2Config.Quality q = config.quality();

    Dataset<Row> ticks = lake.read(TableId.BRONZE_TICKS, Schemas.TICKS).filter(range);
    Dataset<Row> quotes = lake.read(TableId.BRONZE_QUOTES, Schemas.QUOTES).filter(range);
    Dataset<Row> daily = lake.read(TableId.BRONZE_DAILY_BARS, Schemas.DAILY_BARS).filter(range);
    Dataset<Row> quarantine = lake.read(TableId.BRONZE_QUARANTINE, Schemas.QUARANTINE).filter(range);
    Dataset<Row> files = lake.read(TableId.OPS_INGEST_FILES, Schemas.INGEST_FILES);

    Dataset<Row> findings = evaluate(IntegrityChecks.prepare(ticks, true, q),
            IntegrityChecks.tickChecks(q), run.runId())
        .unionByName(evaluate(IntegrityChecks.prepare(quotes, false, q), IntegrityChecks.quoteChecks(q),
            run.runId()))
        .unionByName(evaluate(daily, IntegrityChecks.dailyChecks(), run.runId()))
        .unionByName(quarantineFindings(quarantine, run.runId()))
        .unionByName(missingDays(lake.spark(), ticks, IntegrityChecks.TICKS, run.runId()))
        .unionByName(missingDays(lake.spark(), daily, IntegrityChecks.DAILY, run.runId()))
        .unionByName(incompleteAnswers(files, run.runId()).filter(range));

    try (var t = io.l2lake.pipeline.Timed.step(LOG, "integrity checks")) {
      if (from == null && to == null) {
        lake.ensure(TableId.OPS_INTEGRITY, SCHEMA, Schemas.TRADE_DATE);
        findings.write().format("delta").mode("overwrite").save(lake.path(TableId.OPS_INTEGRITY));
      } else {
        lake.replaceWhere(TableId.OPS_INTEGRITY, findings, io.l2lake.pipeline.StageIo.sqlRange(from, to),
            Schemas.TRADE_DATE);
      }
    }

    Dataset<Row> written = lake.read(TableId.OPS_INTEGRITY, SCHEMA).filter(range);
    Map<String, Long> failed = new TreeMap<>();
    for (Row r : written.filter(col("failed")).groupBy("level", "dataset", "check").count()
        .orderBy("level", "dataset", "check").collectAsList()) {
      failed.put(r.getString(0) + " " + r.getString(1) + "." + r.getString(2), r.getLong(3));
    }
    Dataset<Row> days = usableDays(written);
    long symbolDays = days.count();
    long unusable = days.filter(col("usable").equalTo(false)).count();
    Map<String, String> detail = new TreeMap<>();
    detail.put("symbol_days", Long.toString(symbolDays));
    detail.put("unusable_days", Long.toString(unusable));
    failed.forEach((k, v) -> detail.put("failed." + k.replace(' ', '.'), Long.toString(v)));
    JobRuns.record(lake, run, new JobRuns.Entry("check", started, Instant.now(), "succeeded", from, to,
        symbolDays, written.count(), detail));
    return new Result(symbolDays, unusable, failed);
  }

  /** Runs {@code checks} over prepared rows: one aggregation pass, one output row per check. */
  public static Dataset<Row> evaluate(Dataset<Row> prepared, List<Check> checks, String runId) {
    List<Column> aggs = new ArrayList<>();
    checks.forEach(c -> aggs.addAll(c.aggregates()));
    Dataset<Row> agg = prepared.groupBy(Schemas.SYMBOL, Schemas.TRADE_DATE)
        .agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new));
    // One struct per check, exploded: the aggregation runs once for all checks.
    List<Column> perCheck = new ArrayList<>();
    for (Check c : checks) {
      Column v = c.violations().cast("long");
      Column n = c.checked().cast("long");
      Column ratio = when(n.gt(0), v.divide(n));
      perCheck.add(org.apache.spark.sql.functions.struct(
          lit(c.dataset()).as("dataset"), lit(c.name()).as("check"), lit(c.level().code()).as("level"),
          v.as("violations"), n.as("checked"), ratio.as("ratio"),
          v.gt(0).and(ratio.isNull().or(ratio.gt(c.maxShare()))).as("failed"),
          c.detail().as("detail")));
    }
    return agg.select(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE),
            org.apache.spark.sql.functions.explode(org.apache.spark.sql.functions.array(
                perCheck.toArray(Column[]::new))).as("c"))
        .select(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE), col("c.*"), lit(runId).as("run_id"));
  }

  /** Lines quarantined per symbol-day and reason (warnings; duplicates under their own name). */
  static Dataset<Row> quarantineFindings(Dataset<Row> quarantine, String runId) {
    return quarantine.filter(col(Schemas.TRADE_DATE).isNotNull())
        .groupBy(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE), col("reason"))
        .agg(count(lit(1)).as("violations"))
        .select(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE), lit("quarantine").as("dataset"),
            when(col("reason").equalTo("duplicate_key"), lit("duplicate_key"))
                .otherwise(lit("quarantined_lines")).as("check"),
            lit("warning").as("level"), col("violations"), col("violations").as("checked"),
            lit(1.0).as("ratio"), lit(true).as("failed"),
            concat(lit("reason="), col("reason")).as("detail"), lit(runId).as("run_id"));
  }

  /**
   * Trading days (exchange calendar) between a symbol's first and last day in {@code rows} that have
   * no row. The calendar is built on the driver for the overall date span (a few thousand dates at
   * most) and joined, so nothing per symbol comes back to the driver.
   */
  static Dataset<Row> missingDays(SparkSession spark, Dataset<Row> rows, String dataset, String runId) {
    Dataset<Row> present = rows.select(Schemas.SYMBOL, Schemas.TRADE_DATE).distinct();
    Row span = present.agg(min(Schemas.TRADE_DATE), max(Schemas.TRADE_DATE)).first();
    StructType schema = Schemas.struct(Schemas.field("day", DataTypes.DateType, false, "trading day"));
    if (span.isNullAt(0)) {
      return spark.createDataFrame(List.of(), SCHEMA);
    }
    List<Row> days = ExchangeCalendar.tradingDays(span.getDate(0).toLocalDate(),
            span.getDate(1).toLocalDate()).stream()
        .map(d -> RowFactory.create(java.sql.Date.valueOf(d))).toList();
    Dataset<Row> calendar = spark.createDataFrame(days, schema);
    Dataset<Row> ranges = present.groupBy(Schemas.SYMBOL)
        .agg(min(Schemas.TRADE_DATE).as("first_day"), max(Schemas.TRADE_DATE).as("last_day"));
    Dataset<Row> expected = ranges.join(org.apache.spark.sql.functions.broadcast(calendar),
            col("day").between(col("first_day"), col("last_day")))
        .select(col(Schemas.SYMBOL), col("day").as(Schemas.TRADE_DATE));
    return expected.join(present, Schemas.names(Schemas.SYMBOL, Schemas.TRADE_DATE), "left_anti")
        .select(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE), lit(dataset).as("dataset"),
            lit("missing_day").as("check"), lit("warning").as("level"), lit(1L).as("violations"),
            lit(1L).as("checked"), lit(1.0).as("ratio"), lit(true).as("failed"),
            lit("no rows on an exchange trading day").as("detail"), lit(runId).as("run_id"));
  }

  /**
   * A history answer without its {@code !ENDMSG!} line was cut short: its last day in the order it
   * was sent (the oldest day of a newest-first answer) may be partial, so that day is an error.
   */
  static Dataset<Row> incompleteAnswers(Dataset<Row> files, String runId) {
    Dataset<Row> latest = files.groupBy(Schemas.SOURCE_FILE).agg(
        max_by(col("status"), col(Schemas.INGEST_RUN)).as("status"),
        max_by(col(Schemas.SYMBOL), col(Schemas.INGEST_RUN)).as(Schemas.SYMBOL),
        max_by(col("answer_order"), col(Schemas.INGEST_RUN)).as("answer_order"),
        max_by(col("min_date"), col(Schemas.INGEST_RUN)).as("min_date"),
        max_by(col("max_date"), col(Schemas.INGEST_RUN)).as("max_date"));
    return latest.filter(col("status").equalTo("incomplete").and(col("min_date").isNotNull()))
        .select(col(Schemas.SYMBOL),
            when(col("answer_order").equalTo("newest_first"), col("min_date"))
                .otherwise(col("max_date")).as(Schemas.TRADE_DATE),
            lit("files").as("dataset"), lit("incomplete_answer").as("check"), lit("error").as("level"),
            lit(1L).as("violations"), lit(1L).as("checked"), lit(1.0).as("ratio"), lit(true).as("failed"),
            concat(lit("no !ENDMSG! in "), col(Schemas.SOURCE_FILE)).as("detail"),
            lit(runId).as("run_id"));
  }

  /**
   * Per symbol-day: {@code usable} (no failed error-level check) and the sorted {@code reasons}
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
}

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

import io.l2lake.calendar.ExchangeCalendar;
import io.l2lake.config.L2Config;
import io.l2lake.config.Setting;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.StageIo;
import io.l2lake.lake.TableId;
import io.l2lake.stage.Stage;
import io.l2lake.stage.StageContext;
import io.l2lake.stage.StageData;
import io.l2lake.stage.StageInput;
import io.l2lake.stage.StageOutput;
import io.l2lake.stage.StageResult;
import io.l2lake.stage.StageSummary;
import io.l2lake.stage.Written;
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
 * The integrity checks over the bronze tables for a date range, written to {@code ops.integrity}:
 * one row per symbol-day, dataset and check (passed or failed), plus one row per missing trading
 * day and per day cut short by an incomplete history answer. A symbol-day with a failed error-level
 * check is unusable; {@link StageIo#usableDays} tells later stages which days to skip and why.
 *
 * <p>Cost: per dataset one scan, one sort (the neighbour window) and one aggregation by symbol-day
 * shared by all its checks; the result replaces the range's rows of {@code ops.integrity} in one
 * commit.
 */
public final class IntegrityStage implements Stage {

  /** The columns of {@code ops.integrity} ({@link Schemas#INTEGRITY}). */
  public static final StructType SCHEMA = Schemas.INTEGRITY;

  /** Findings of a run for the summary. */
  public record Result(long symbolDays, long unusableDays, Map<String, Long> failedByCheck) {
    /** The counts of a check run's {@code ops.job_runs} detail (see {@link #summarize}). */
    public static Result of(Map<String, String> detail) {
      return new Result(Long.parseLong(detail.getOrDefault("symbol_days", "0")),
          Long.parseLong(detail.getOrDefault("unusable_days", "0")), IntegrityStage.failedByCheck(detail));
    }
  }

  /** Checks [from, to] (null for all dates). */
  @Override
  public String name() {
    return "check";
  }

  @Override
  public List<StageInput> inputs() {
    return List.of(StageInput.optional(TableId.BRONZE_TICKS, Schemas.TICKS),
        StageInput.optional(TableId.BRONZE_QUOTES, Schemas.QUOTES),
        StageInput.optional(TableId.BRONZE_DAILY_BARS, Schemas.DAILY_BARS),
        StageInput.optional(TableId.BRONZE_QUARANTINE, Schemas.QUARANTINE),
        StageInput.optional(TableId.OPS_INGEST_FILES, Schemas.INGEST_FILES).whole());
  }

  @Override
  public List<StageOutput> outputs() {
    return List.of(StageOutput.replaceRange(TableId.OPS_INTEGRITY));
  }

  @Override
  public List<Setting<?>> settings() {
    return List.of(L2Config.SESSION_START, L2Config.SESSION_END, L2Config.REGULAR_OPEN, L2Config.REGULAR_CLOSE,
        L2Config.CROSSED_SHARE_ERROR, L2Config.LAST_OUTSIDE_TOLERANCE, L2Config.LAST_OUTSIDE_SHARE_WARN,
        L2Config.OUTLIER_JUMP, L2Config.HOLE_MINUTES);
  }

  @Override
  public StageResult transform(StageContext c, StageData data) {
    L2Config.Quality q = c.config().quality();
    String runId = c.run().runId();
    Dataset<Row> ticks = data.get(TableId.BRONZE_TICKS);
    Dataset<Row> daily = data.get(TableId.BRONZE_DAILY_BARS);
    Dataset<Row> findings = evaluate(IntegrityChecks.prepare(ticks, true, q), IntegrityChecks.tickChecks(q), runId)
        .unionByName(evaluate(IntegrityChecks.prepare(data.get(TableId.BRONZE_QUOTES), false, q),
            IntegrityChecks.quoteChecks(q), runId))
        .unionByName(evaluate(daily, IntegrityChecks.dailyChecks(), runId))
        .unionByName(quarantineFindings(data.get(TableId.BRONZE_QUARANTINE), runId))
        .unionByName(missingDays(c.spark(), ticks, IntegrityChecks.TICKS, runId))
        .unionByName(missingDays(c.spark(), daily, IntegrityChecks.DAILY, runId))
        .unionByName(incompleteAnswers(data.get(TableId.OPS_INGEST_FILES), runId).filter(data.range()));
    return StageResult.of(TableId.OPS_INTEGRITY, findings);
  }

  /**
   * Rows in: the symbol-days checked; detail: {@code symbol_days}, {@code unusable_days} and the failed checks
   * ({@code failed.<level>.<dataset>.<check>}: symbol-days), read from what was written.
   */
  @Override
  public StageSummary summarize(StageContext c, StageData data, Written written) {
    Dataset<Row> rows = written.read(TableId.OPS_INTEGRITY);
    Map<String, String> detail = new TreeMap<>();
    for (Row r : rows.filter(col("failed")).groupBy("level", "dataset", "check").count()
        .orderBy("level", "dataset", "check").collectAsList()) {
      detail.put("failed." + r.getString(0) + "." + r.getString(1) + "." + r.getString(2),
          Long.toString(r.getLong(3)));
    }
    Dataset<Row> days = usableDays(rows);
    long symbolDays = days.count();
    detail.put("symbol_days", Long.toString(symbolDays));
    detail.put("unusable_days", Long.toString(days.filter(col("usable").equalTo(false)).count()));
    return new StageSummary(symbolDays, detail);
  }

  /** The failed checks of a run's detail, as "level dataset.check" -> symbol-days. */
  public static Map<String, Long> failedByCheck(Map<String, String> detail) {
    Map<String, Long> out = new TreeMap<>();
    detail.forEach((k, v) -> {
      if (k.startsWith("failed.")) {
        String[] p = k.substring("failed.".length()).split("\\.", 2);
        out.put(p[0] + " " + p[1], Long.parseLong(v));
      }
    });
    return out;
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

  /** Per symbol-day: usable or not, and why ({@link StageIo#usableDays}). */
  public static Dataset<Row> usableDays(Dataset<Row> integrity) {
    return StageIo.usableDays(integrity);
  }
}

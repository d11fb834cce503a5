package io.l2lake.pregap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.l2lake.config.L2Config;
import io.l2lake.lake.Lake;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import io.l2lake.lake.JobRuns;
import io.l2lake.lake.RunContext;
import io.l2lake.lake.StageIo;
import io.l2lake.lake.Timed;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pre-gap analyser's job: daily bars from {@code bronze.daily_bars} (usable symbol-days only) or
 * from a CSV file, for [from, to] plus the look-back the features need and the look-ahead the event
 * study needs; bad bars are counted by reason and excluded ({@link DailyBars}). It writes
 * {@code gold.pregap} for [from, to] (Delta {@code replaceWhere} on trade_date, partitioned by
 * trade_date), the report ({@link PregapReport}) to {@code gold.pregap_report} and the event study
 * ({@link EventStudy}) to {@code gold.pregap_event_study}; those two hold one study per input and date
 * range (re-running a study replaces its rows), and records the run in {@code ops.job_runs}.
 *
 * <p>Cost: one read of the bars, the feature window pass, one write of {@code gold.pregap} (one file per
 * trading date; skipped with {@code writeSymbolDays} false, the report then reads the cached features), then
 * the report's passes over the cached features (see {@link PregapReport}) and the
 * event study's window pass.
 */
public final class PregapJob {
  private PregapJob() {}

  private static final Logger LOG = LoggerFactory.getLogger(PregapJob.class);

  /**
   * What the run found: bars read and excluded by reason, symbol-days skipped by the integrity checks
   * (lake input), rows written, events per label, the report, the event study rows (label, offset,
   * ...) and the seconds per step.
   */
  public record Result(String runId, String study, long barsRead, Map<String, Long> excluded, long skippedSymbolDays,
      long pregapRows, Map<String, Long> eventsByLabel, boolean accumulation, PregapReport.Report report,
      List<Row> eventStudy, Map<String, Double> seconds) {}

  /**
   * Runs the analyser. {@code csv} is a daily-bars file in the shared format, or null for the lake's
   * {@code bronze.daily_bars}.
   */
  public static Result run(SparkSession spark, L2Config config, RunContext run, String csv, LocalDate from,
      LocalDate to, PregapParams p, boolean writeSymbolDays) {
    Instant started = Instant.now();
    Lake lake = new Lake(spark, config.lake().root());
    spark.sparkContext().setJobGroup("pregap-" + run.runId(), "l2lake pregap", false);
    Map<String, Double> seconds = new LinkedHashMap<>();
    long t0 = System.nanoTime();
    LocalDate readFrom = from == null ? null : from.minusDays(p.lookbackCalendarDays());
    LocalDate readTo = to == null ? null : to.plusDays(p.lookaheadCalendarDays());
    String study = ((csv == null ? TableId.BRONZE_DAILY_BARS.qualifiedName() : Path.of(csv).getFileName().toString())
        + " [" + (from == null ? "first" : from) + ", " + (to == null ? "last" : to) + "]")
        .replaceAll("[^A-Za-z0-9._:,\\[\\] -]", "_");

    Dataset<Row> checked;
    long skippedDays = 0;
    Map<String, String> detail = new TreeMap<>();
    if (csv == null) {
      Dataset<Row> unusable = StageIo.unusableDays(lake, readFrom, readTo).cache();
      Dataset<Row> bronze = StageIo.input(lake, TableId.BRONZE_DAILY_BARS, readFrom, readTo, "ingest");
      checked = DailyBars.validate(StageIo.usableOnly(bronze, unusable).select(DailyBars.COLUMNS.stream()
          .map(org.apache.spark.sql.functions::col).toArray(Column[]::new)));
      Map<String, String> skipped = StageIo.skippedDetail(unusable);
      skippedDays = Long.parseLong(skipped.get("skipped_symbol_days"));
      detail.putAll(skipped);
      unusable.unpersist();
    } else {
      Column inRange = col(Schemas.TRADE_DATE).isNull().or(StageIo.range(readFrom, readTo));
      checked = DailyBars.fromCsv(DailyBars.readCsv(spark, csv)).filter(inRange);
    }
    checked = checked.persist(StorageLevel.MEMORY_AND_DISK());
    Map<String, Long> excluded = new TreeMap<>();
    long barsRead = 0;
    for (Row r : checked.groupBy(DailyBars.BAD_REASON).count().collectAsList()) {
      barsRead += r.getLong(1);
      if (!r.isNullAt(0)) {
        excluded.put(r.getString(0), r.getLong(1));
      }
    }
    excluded.forEach((k, v) -> detail.put("excluded." + k, Long.toString(v)));
    seconds.put("read and validate bars", (System.nanoTime() - t0) / 1e9);

    try {
      Dataset<Row> bars = DailyBars.usable(checked);
      Dataset<Row> accumulation = accumulation(lake);
      long t1 = System.nanoTime();
      Dataset<Row> pregap;
      try (Timed x = Timed.step(LOG, "pregap: features")) {
        if (writeSymbolDays) {
          pregap = GapFeatures.build(bars, accumulation, p).filter(StageIo.range(from, to))
              .repartition(col(Schemas.TRADE_DATE)).persist(StorageLevel.MEMORY_AND_DISK());
          StageIo.replace(lake, TableId.GOLD_PREGAP, pregap, from, to);
        } else {
          pregap = GapFeatures.build(bars, accumulation, p).filter(StageIo.range(from, to))
              .persist(StorageLevel.MEMORY_AND_DISK());
        }
      }
      List<Column> eventSums = new ArrayList<>();
      p.labels().forEach(l -> eventSums.add(sum(col(l)).as(l)));
      Row counts = pregap.agg(count(lit(1)), eventSums.toArray(Column[]::new)).first();
      long pregapRows = counts.getLong(0);
      Map<String, Long> events = new LinkedHashMap<>();
      for (String l : p.labels()) {
        events.put(l, counts.isNullAt(counts.fieldIndex(l)) ? 0L : counts.getLong(counts.fieldIndex(l)));
      }
      seconds.put(writeSymbolDays ? "features to gold.pregap" : "features (gold.pregap not written)",
          (System.nanoTime() - t1) / 1e9);

      long t2 = System.nanoTime();
      PregapReport.Report report;
      try (Timed x = Timed.step(LOG, "pregap: report")) {
        report = PregapReport.compute(pregap, p);
      }
      writeStudy(lake, TableId.GOLD_PREGAP_REPORT, ReportTable.SCHEMA,
          ReportTable.rows(report, study, from, to, run.runId()), study);
      seconds.put("report", (System.nanoTime() - t2) / 1e9);

      long t3 = System.nanoTime();
      List<Row> eventStudy;
      try (Timed x = Timed.step(LOG, "pregap: event study")) {
        eventStudy = new ArrayList<>(EventStudy.study(GapFeatures.labels(bars, p), StageIo.range(from, to), p)
            .collectAsList());
      }
      List<String> labels = p.labels();
      eventStudy.sort(Comparator.<Row>comparingInt(r -> labels.indexOf(r.getString(0)))
          .thenComparingInt(r -> r.getInt(1)));
      List<Row> studyRows = new ArrayList<>();
      for (Row r : eventStudy) {
        studyRows.add(RowFactory.create(study, r.get(0), r.get(1), r.get(2), r.get(3), r.get(4), r.get(5), r.get(6),
            r.get(7), run.runId()));
      }
      writeStudy(lake, TableId.GOLD_PREGAP_EVENT_STUDY, EventStudy.SCHEMA, studyRows, study);
      seconds.put("event study", (System.nanoTime() - t3) / 1e9);
      pregap.unpersist();

      detail.put("study", study);
      detail.put("params", p.describe());
      detail.put("analysed_rows", Long.toString(report.analysedRows()));
      detail.put("test_blocks", RollingOrigin.describe(report.blocks()));
      detail.put("flagged_rows", Long.toString(report.flaggedRows()));
      detail.put("symbol_days_written", Boolean.toString(writeSymbolDays));
      detail.put("accumulation", Boolean.toString(accumulation != null));
      events.forEach((k, v) -> detail.put("events." + k, Long.toString(v)));
      seconds.forEach((k, v) -> detail.put("seconds." + k, String.format(Locale.ROOT, "%.1f", v)));
      JobRuns.record(lake, run, new JobRuns.Entry("pregap", started, Instant.now(), "succeeded", from, to, barsRead,
          pregapRows, detail));
      return new Result(run.runId(), study, barsRead, excluded, skippedDays, pregapRows, events,
          accumulation != null, report, List.copyOf(studyRows), seconds);
    } finally {
      checked.unpersist();
    }
  }

  /** {@code gold.accumulation}'s columns for the features, or null when the lake has no tracker table. */
  static Dataset<Row> accumulation(Lake lake) {
    if (!lake.exists(TableId.GOLD_ACCUMULATION)) {
      return null;
    }
    Dataset<Row> a = lake.spark().read().format("delta").load(lake.path(TableId.GOLD_ACCUMULATION));
    List<String> missing = new ArrayList<>();
    List<String> have = List.of(a.columns());
    for (String c : List.of(Schemas.SYMBOL, Schemas.TRADE_DATE)) {
      if (!have.contains(c)) {
        missing.add(c);
      }
    }
    GapFeatures.ACCUMULATION_COLUMNS.stream().filter(c -> !have.contains(c)).forEach(missing::add);
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(TableId.GOLD_ACCUMULATION.qualifiedName() + " lacks the columns "
          + missing + " the pre-gap features read");
    }
    return a;
  }

  /**
   * Replaces the rows of one study in a summary table (creating it on first use); {@code study} holds
   * only letters, digits and {@code ._:,[] -}, so it is safe inside the SQL predicate.
   */
  static void writeStudy(Lake lake, TableId id, StructType schema, List<Row> rows, String study) {
    Dataset<Row> df = lake.spark().createDataFrame(rows, schema).coalesce(1);
    if (!lake.exists(id)) {
      df.write().format("delta").mode("append").save(lake.path(id));
      return;
    }
    df.write().format("delta").mode("overwrite").option("mergeSchema", "true")
        .option("replaceWhere", "study = '" + study + "'").save(lake.path(id));
  }
}

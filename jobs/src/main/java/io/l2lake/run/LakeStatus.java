package io.l2lake.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;

import io.l2lake.lake.Lake;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import io.l2lake.lake.WriterLease;
import io.l2lake.calendar.ExchangeCalendar;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;

/**
 * What whoever runs the nightly job needs to know about a lake, read from its tables without writing anything:
 * the last run of each stage with its status and first error line, the newest trading date of each pipeline
 * table, the lines the last ingest quarantined, the writer lease's holder, and whether the lake is healthy.
 *
 * <p>Healthy means: no stage's last run failed, and the lake's newest complete trading date (the oldest of the
 * pipeline tables' newest dates, over the tables that hold rows) is no older than the trading day before
 * {@code today} less {@code lagDays} trading days. A nightly backfill of day D runs after D's session, so from
 * the next calendar day on, D is expected.
 */
public final class LakeStatus {
  /** The tables whose newest date makes the lake's newest complete day, in pipeline order. */
  public static final List<TableId> PIPELINE = List.of(TableId.BRONZE_TICKS, TableId.BRONZE_QUOTES,
      TableId.BRONZE_DAILY_BARS, TableId.SILVER_TRADES, TableId.SILVER_BARS_1M, TableId.SILVER_BOOK,
      TableId.GOLD_SIGNALS_1M, TableId.GOLD_ACCUMULATION);

  /** The last run of a stage. */
  public record LastRun(String stage, String runId, String status, java.sql.Timestamp finished, double seconds,
      String error) {}

  /** The whole report. */
  public record Report(List<LastRun> lastRuns, Map<TableId, LocalDate> newestDates, LocalDate newestComplete,
      LocalDate expected, Long quarantinedInLastIngest, Optional<WriterLease.Holder> lease, List<String> problems) {
    public boolean healthy() {
      return problems.isEmpty();
    }
  }

  private LakeStatus() {}

  public static Report read(Lake lake, Configuration hadoop, LocalDate today, int lagDays) {
    List<LastRun> runs = new ArrayList<>();
    Long quarantined = null;
    if (lake.exists(TableId.OPS_JOB_RUNS)) {
      List<Row> last = lake.read(TableId.OPS_JOB_RUNS, Schemas.JOB_RUNS).groupBy("stage")
          .agg(max_by(struct(col("run_id"), col("status"), col("finished_at"), col("seconds"), col("detail")),
              struct(col("finished_at"), col("run_id"))).as("last"))
          .orderBy("stage").collectAsList();
      for (Row r : last) {
        Row l = r.getStruct(1);
        Map<String, String> detail = l.getJavaMap(4);
        runs.add(new LastRun(r.getString(0), l.getString(0), l.getString(1), l.getTimestamp(2), l.getDouble(3),
            detail.get("error")));
        if (r.getString(0).equals("ingest") && detail.containsKey("lines_quarantined")) {
          quarantined = Long.parseLong(detail.get("lines_quarantined"));
        }
      }
    }
    Map<TableId, LocalDate> newest = new LinkedHashMap<>();
    for (TableId id : PIPELINE) {
      if (lake.exists(id)) {
        Row r = lake.spark().read().format("delta").load(lake.path(id)).agg(max(Schemas.TRADE_DATE)).first();
        if (!r.isNullAt(0)) {
          newest.put(id, r.getDate(0).toLocalDate());
        }
      }
    }
    LocalDate complete = newest.values().stream().min(LocalDate::compareTo).orElse(null);
    LocalDate expected = expectedNewest(today, lagDays);
    List<String> problems = new ArrayList<>();
    for (LastRun r : runs) {
      if (!"succeeded".equals(r.status())) {
        problems.add("the last " + r.stage() + " run (" + r.runId() + ") " + r.status()
            + (r.error() == null ? "" : ": " + r.error()));
      }
    }
    if (complete == null) {
      problems.add("the lake holds no trading day yet");
    } else if (complete.isBefore(expected)) {
      TableId behind = newest.entrySet().stream().filter(e -> e.getValue().equals(complete)).findFirst()
          .orElseThrow().getKey();
      problems.add("the newest complete trading date is " + complete + " (" + behind.qualifiedName()
          + "), expected " + expected);
    }
    return new Report(runs, newest, complete, expected, quarantined, WriterLease.holder(hadoop, lake.root()),
        problems);
  }

  /** The newest trading day a lake should hold on {@code today}: the trading day before it, less the lag. */
  public static LocalDate expectedNewest(LocalDate today, int lagDays) {
    if (lagDays < 0) {
      throw new IllegalArgumentException("--lag-days must be >= 0, got " + lagDays);
    }
    LocalDate d = today.minusDays(1);
    int skipped = 0;
    while (true) {
      if (ExchangeCalendar.isTradingDay(d)) {
        if (skipped == lagDays) {
          return d;
        }
        skipped++;
      }
      d = d.minusDays(1);
    }
  }
}

package io.l2lake.ingest;

import static org.apache.spark.sql.functions.col;

import io.l2lake.lake.JobRuns;
import io.l2lake.lake.Lake;
import io.l2lake.lake.RunContext;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * The ingest's books: which files the lake already holds (and which to read again), each file's final line
 * balance once duplicates moved to quarantine, and the run's {@code ops.job_runs} row.
 */
final class IngestLedger {
  private IngestLedger() {}

  /** Status of a file that could not be read to its end. */
  static final String UNREADABLE = "unreadable";

  static List<Row> finalFileStats(List<Row> stats, Map<String, Long> moved) {
    List<Row> out = new ArrayList<>();
    for (Row s : stats) {
      Object[] v = new Object[Schemas.INGEST_FILES.length()];
      for (int i = 0; i < v.length; i++) {
        v[i] = s.get(i);
      }
      long n = moved.getOrDefault(s.<String>getAs(Schemas.SOURCE_FILE), 0L);
      int accepted = s.fieldIndex("accepted");
      int quarantined = s.fieldIndex("quarantined");
      v[accepted] = (Long) v[accepted] - n;
      v[quarantined] = (Long) v[quarantined] + n;
      long read = s.getAs("lines_read");
      if (read != (Long) v[accepted] + (Long) v[quarantined] + s.<Long>getAs("control")) {
        throw new IllegalStateException("line accounting broken for " + s.getAs(Schemas.SOURCE_FILE));
      }
      out.add(new org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema(v, Schemas.INGEST_FILES));
    }
    return out;
  }

  /**
   * Latest (size, mtime) per already-ingested file, leaving out the files to read again whatever their size
   * and time: those the last run found unreadable or empty (a download cut before its first line).
   */
  static Map<String, long[]> ingestedFiles(Lake lake) {
    Map<String, long[]> known = new HashMap<>();
    if (!lake.exists(TableId.OPS_INGEST_FILES)) {
      return known;
    }
    for (Row r : lake.read(TableId.OPS_INGEST_FILES, Schemas.INGEST_FILES)
        .groupBy(Schemas.SOURCE_FILE)
        .agg(org.apache.spark.sql.functions.max_by(col("file_size"), col("ingest_run")),
            org.apache.spark.sql.functions.max_by(col("file_mtime"), col("ingest_run")),
            org.apache.spark.sql.functions.max_by(col("status"), col("ingest_run")),
            org.apache.spark.sql.functions.max_by(col("lines_read"), col("ingest_run")))
        .collectAsList()) {
      boolean retry = UNREADABLE.equals(r.getString(3)) || r.getLong(4) == 0 && "incomplete".equals(r.getString(3));
      if (!retry) {
        known.put(r.getString(0), new long[] {r.getLong(1), r.getLong(2)});
      }
    }
    return known;
  }

  static void record(Lake lake, RunContext run, Instant started, IngestJob.Result r, LocalDate from,
      LocalDate to) {
    Map<String, String> detail = new TreeMap<>();
    detail.put("files_ingested", Integer.toString(r.filesIngested()));
    detail.put("files_skipped", Integer.toString(r.filesSkipped()));
    detail.put("unrecognised_paths", Integer.toString(r.unrecognisedPaths().size()));
    detail.put("lines_accepted", Long.toString(r.accepted()));
    detail.put("lines_quarantined", Long.toString(r.quarantined()));
    detail.put("lines_control", Long.toString(r.control()));
    detail.put("files_not_ok", Integer.toString(r.filesNotOk().size()));
    detail.put("files_unreadable", Long.toString(r.filesNotOk().stream()
        .filter(f -> f.endsWith(" (" + UNREADABLE + ")")).count()));
    r.rowsByTable().forEach((k, v) -> detail.put("rows." + k, Long.toString(v)));
    r.quarantinedByReason().forEach((k, v) -> detail.put("quarantined." + k, Long.toString(v)));
    long rowsOut = r.rowsByTable().values().stream().mapToLong(Long::longValue).sum();
    JobRuns.record(lake, run, new JobRuns.Entry("ingest", started, Instant.now(), "succeeded", from, to,
        r.linesRead(), rowsOut, detail));
  }}

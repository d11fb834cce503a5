package io.l2lake.lake;

import io.l2lake.lake.Lake;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.RowFactory;
import scala.jdk.javaapi.CollectionConverters;

/** Appends one row per stage run to {@code ops.job_runs}. */
public final class JobRuns {
  private JobRuns() {}

  /** What a stage reports about one run. */
  public record Entry(String stage, Instant started, Instant finished, String status, LocalDate from,
      LocalDate to, long rowsIn, long rowsOut, Map<String, String> detail) {
    public double seconds() {
      return Duration.between(started, finished).toNanos() / 1e9;
    }
  }

  /** The first line of an error's message (its class when it has none), at most 500 characters. */
  public static String firstLine(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getName();
    }
    String line = m.strip().lines().findFirst().orElse(m);
    return line.length() > 500 ? line.substring(0, 500) + "..." : line;
  }

  public static void record(Lake lake, RunContext run, Entry e) {
    var row = RowFactory.create(run.runId(), e.stage(), java.sql.Timestamp.from(e.started()),
        java.sql.Timestamp.from(e.finished()), e.seconds(), e.status(),
        e.from() == null ? null : java.sql.Date.valueOf(e.from()),
        e.to() == null ? null : java.sql.Date.valueOf(e.to()), e.rowsIn(), e.rowsOut(), run.codeVersion(),
        CollectionConverters.asScala(new TreeMap<>(e.detail())));
    lake.append(TableId.OPS_JOB_RUNS,
        lake.spark().createDataFrame(List.of(row), Schemas.JOB_RUNS));
  }
}

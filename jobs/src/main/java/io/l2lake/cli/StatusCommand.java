package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.lake.Lake;
import io.l2lake.lake.TableId;
import io.l2lake.run.LakeStatus;
import io.l2lake.lake.Sessions;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code l2lake status}: the lake's health for whoever runs the nightly job (see {@link LakeStatus}). Exits 1
 * when a stage's last run failed or the newest complete trading date is older than the calendar says it
 * should be, so cron or Airflow can alert on the status alone. Reads only; takes no lease.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Last run of each stage, newest trading date per table, last quarantine count and the writer "
        + "lease; exit 1 when a run failed or the lake is behind the exchange calendar.")
final class StatusCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--today", paramLabel = "YYYY-MM-DD",
      description = "The day to judge freshness on (default: today in New York).")
  LocalDate today;

  @Option(names = "--lag-days", paramLabel = "N",
      description = "Trading days the lake may trail the last session before it counts as behind (default 0).")
  int lagDays;

  @Override
  public Integer call() {
    L2Config config = common.load();
    LocalDate day = today != null ? today : LocalDate.now(ZoneId.of("America/New_York"));
    LakeStatus.expectedNewest(day, lagDays);
    SparkSession spark = Sessions.create(config);
    LakeStatus.Report r = LakeStatus.read(new Lake(spark, config.lake().root()), LakeWriter.hadoop(config), day,
        lagDays);
    print(System.out, config.lake().root(), r);
    return r.healthy() ? 0 : 1;
  }

  static void print(PrintStream out, String root, LakeStatus.Report r) {
    out.println("lake " + root);
    out.println("writer lease: " + r.lease().map(h -> "held by " + h.describe(Instant.now())).orElse("free"));
    out.println("last run of each stage:");
    if (r.lastRuns().isEmpty()) {
      out.println("  (no run recorded)");
    }
    for (LakeStatus.LastRun run : r.lastRuns()) {
      out.printf("  %-18s %-10s %s  %8.1f s  %s%s%n", run.stage(), run.status(), run.finished(), run.seconds(),
          run.runId(), run.error() == null ? "" : "  error: " + run.error());
    }
    out.println("newest trading date per table:");
    for (Map.Entry<TableId, java.time.LocalDate> e : r.newestDates().entrySet()) {
      out.printf("  %-20s %s%n", e.getKey().qualifiedName(), e.getValue());
    }
    out.printf("newest complete trading date: %s (expected %s)%n", r.newestComplete(), r.expected());
    out.println("lines quarantined by the last ingest: "
        + (r.quarantinedInLastIngest() == null ? "-" : String.format("%,d", r.quarantinedInLastIngest())));
    if (r.healthy()) {
      out.println("status: OK");
    } else {
      r.problems().forEach(p -> out.println("status: PROBLEM: " + p));
    }
  }
}

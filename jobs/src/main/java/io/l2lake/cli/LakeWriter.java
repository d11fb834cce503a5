package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.lake.Lake;
import io.l2lake.lake.WriterLease;
import io.l2lake.lake.JobRuns;
import io.l2lake.lake.RunContext;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;

/**
 * Runs a command that writes the lake: it holds the lake's {@link WriterLease} from before its Spark session
 * starts until it ends, so a second writer stops at once (exit 2) having changed nothing; and a failure is
 * recorded in {@code ops.job_runs} as a {@code failed} row of the command, with the error's first line, before
 * the error goes on to the command line (exit 1).
 */
final class LakeWriter {
  private LakeWriter() {}

  static int run(L2Config config, String command, Callable<Integer> body) throws Exception {
    RunContext run = RunContext.create();
    Instant started = Instant.now();
    try (WriterLease lease = WriterLease.acquire(hadoop(config), config.lake().root(), run.runId(), command)) {
      try {
        return body.call();
      } catch (Exception | Error e) {
        recordFailure(config, run, command, started, e);
        throw e;
      }
    }
  }

  /**
   * The Hadoop settings ({@code spark.hadoop.*}) a session of this run would have, for the lease's file system:
   * those {@code spark-submit --conf} passed (system properties), then the profile's, which win as they do for
   * the session.
   */
  static Configuration hadoop(L2Config config) {
    Configuration c = new Configuration();
    for (String k : System.getProperties().stringPropertyNames()) {
      if (k.startsWith("spark.hadoop.")) {
        c.set(k.substring("spark.hadoop.".length()), System.getProperty(k));
      }
    }
    for (Map.Entry<String, String> e : config.spark().entrySet()) {
      if (e.getKey().startsWith("spark.hadoop.")) {
        c.set(e.getKey().substring("spark.hadoop.".length()), e.getValue());
      }
    }
    return c;
  }

  private static void recordFailure(L2Config config, RunContext run, String command, Instant started,
      Throwable e) {
    SparkSession spark = SparkSession.getActiveSession().getOrElse(() -> SparkSession.getDefaultSession()
        .getOrElse(() -> null));
    if (spark == null || spark.sparkContext().isStopped()) {
      return;
    }
    try {
      JobRuns.record(new Lake(spark, config.lake().root()), run, new JobRuns.Entry(command, started, Instant.now(),
          "failed", null, null, 0, 0, Map.of("error", JobRuns.firstLine(e), "error_class", e.getClass().getName())));
    } catch (RuntimeException recording) {
      System.err.println("l2lake: could not record the failed run in ops.job_runs: " + JobRuns.firstLine(recording));
    }
  }
}

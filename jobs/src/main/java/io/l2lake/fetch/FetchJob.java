package io.l2lake.fetch;

import io.l2lake.config.L2Config;
import io.l2lake.lake.Feed;
import io.l2lake.lake.Lake;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import io.l2lake.lake.JobRuns;
import io.l2lake.lake.RunContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * {@code l2lake fetch}: plans the missing symbol-days ({@link MissingDays}), downloads them from
 * IQConnect's history lookup port into the landing zone ({@link Fetcher}), appends one row per request
 * to {@code ops.fetch_log} and the run to {@code ops.job_runs}. The downloaded files are read by the
 * next {@code l2lake ingest} like any other landing file. A dry run only plans and writes nothing.
 *
 * <p>Cost: the plan's Spark queries (see {@link MissingDays}); the download runs on the driver, bound by
 * IQConnect and the configured request rate; one Delta append each to the two logs.
 */
public final class FetchJob {
  private FetchJob() {}

  /**
   * What to fetch.
   *
   * @param rawRoot landing zone root (holds {@code iqfeed/})
   * @param server IQConnect's address and how to use it
   * @param symbols symbols to fetch; empty for every symbol in the lake
   * @param from first trading date, or null for {@code history-days} trading days back
   * @param to last trading date, or null for yesterday
   * @param feeds ticks and/or daily
   * @param dryRun plan only: no connection, nothing written
   * @param force ask again for days the fetch log says were answered
   * @param today today's date, US/Eastern
   */
  public record Options(String rawRoot, L2Config.Fetch server, List<String> symbols, LocalDate from, LocalDate to,
      Set<Feed> feeds, boolean dryRun, boolean force, LocalDate today) {}

  /** What a run did. */
  public record Result(String runId, MissingDays.Plan plan, List<Fetcher.Done> done, boolean dryRun,
      double seconds) {
    public long count(Fetcher.Outcome o) {
      return done.stream().filter(d -> d.outcome() == o).count();
    }

    /** Requests that failed for good (error or cut_gave_up). */
    public long failed() {
      return done.stream().filter(d -> d.outcome().failed()).count();
    }

    public long filesPublished() {
      return done.stream().filter(d -> d.file() != null).count();
    }

    public long lines() {
      return done.stream().filter(d -> d.file() != null).mapToLong(Fetcher.Done::lines).sum();
    }

    /** Requests by outcome code, every outcome listed. */
    public Map<String, Long> byOutcome() {
      Map<String, Long> m = new java.util.LinkedHashMap<>();
      for (Fetcher.Outcome o : Fetcher.Outcome.values()) {
        m.put(o.code(), count(o));
      }
      return m;
    }
  }

  /** Plans and, unless a dry run, fetches. */
  public static Result run(SparkSession spark, L2Config config, RunContext run, Options o) {
    Instant started = Instant.now();
    Lake lake = new Lake(spark, config.lake().root());
    spark.sparkContext().setJobGroup("fetch-" + run.runId(), "l2lake fetch", false);
    MissingDays.Plan plan = MissingDays.plan(lake, new MissingDays.Options(o.symbols(), o.from(), o.to(),
        o.feeds(), o.force(), o.today(), config.fetch().historyDays()));
    if (o.dryRun()) {
      return new Result(run.runId(), plan, List.of(), true, seconds(started));
    }
    return fetch(spark, config, run, o.rawRoot(), o.server(), plan, started);
  }

  /**
   * Makes the plan's requests into the landing zone {@code rawRoot}, logs them to {@code ops.fetch_log} and the
   * run to {@code ops.job_runs} (failed when a request failed for good).
   */
  public static Result fetch(SparkSession spark, L2Config config, RunContext run, String rawRoot,
      L2Config.Fetch server, MissingDays.Plan plan, Instant started) {
    Lake lake = new Lake(spark, config.lake().root());
    List<Fetcher.Done> done;
    try {
      FileSystem fs = new Path(rawRoot).getFileSystem(spark.sparkContext().hadoopConfiguration());
      done = new Fetcher(server, fs, rawRoot).fetch(plan.requests());
    } catch (IOException e) {
      throw new UncheckedIOException("landing zone " + rawRoot + ": " + e.getMessage(), e);
    }
    if (!done.isEmpty()) {
      List<Row> rows = done.stream().map(d -> log(d, run.runId())).toList();
      lake.append(TableId.OPS_FETCH_LOG, spark.createDataFrame(rows, Schemas.FETCH_LOG));
    }
    Result r = new Result(run.runId(), plan, done, false, seconds(started));
    Map<String, String> detail = new TreeMap<>();
    r.byOutcome().forEach((k, v) -> detail.put("requests." + k, Long.toString(v)));
    Map<Feed, Long> perFeed = new EnumMap<>(Feed.class);
    done.forEach(d -> perFeed.merge(d.request().feed(), 1L, Long::sum));
    perFeed.forEach((f, n) -> detail.put("requests." + f.dir(), Long.toString(n)));
    detail.put("files_published", Long.toString(r.filesPublished()));
    detail.put("lines", Long.toString(r.lines()));
    detail.put("server", server.host() + ":" + server.port());
    JobRuns.record(lake, run, new JobRuns.Entry("fetch", started, Instant.now(),
        r.failed() > 0 ? "failed" : "succeeded", plan.from(), plan.to(), done.size(), r.filesPublished(), detail));
    return r;
  }

  private static Row log(Fetcher.Done d, String runId) {
    FetchRequest q = d.request();
    return RowFactory.create(q.symbol(), q.feed().dir(), java.sql.Date.valueOf(q.from()),
        java.sql.Date.valueOf(q.to()), d.requestId(), d.command(), d.outcome().code(), d.lines(), d.attempts(),
        d.file(), d.message(), runId, java.sql.Timestamp.from(d.at()));
  }

  private static double seconds(Instant started) {
    return Duration.between(started, Instant.now()).toNanos() / 1e9;
  }
}

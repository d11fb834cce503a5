package io.l2lake.ingest;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.row_number;

import io.l2lake.lake.LandingZone;
import io.l2lake.config.L2Config;
import io.l2lake.iqfeed.RejectReason;
import io.l2lake.lake.Lake;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import io.l2lake.lake.JobRuns;
import io.l2lake.lake.RunContext;
import io.l2lake.lake.WorkBlocks;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SerializableWritable;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.storage.StorageLevel;

/**
 * Ingests the landing zone into the bronze tables: {@code bronze.ticks}, {@code bronze.quotes},
 * {@code bronze.depth}, {@code bronze.daily_bars} and {@code bronze.quarantine}, with per-file line
 * accounting in {@code ops.ingest_files} and the run in {@code ops.job_runs}.
 *
 * <p>Files already ingested with the same size and modification time are skipped unless forced. Rows
 * are upserted by natural key, so re-ingesting a file or an overlapping re-download never duplicates
 * a row: history ticks by (symbol, trade_date, market_center, tick_id), daily bars by (symbol,
 * trade_date), stream rows by (source file, line). Within one batch, a second line with the key of
 * another is quarantined as {@code duplicate_key}; the line from the newest file wins (then the
 * later path, then the first line), so overlapping downloads resolve to the most recent data.
 *
 * <p>Cost: one parallel pass over the raw files (files packed into tasks of about
 * {@code task-megabytes}) held in Spark's columnar cache, a shuffle per table for batch
 * de-duplication, and one Delta MERGE per table pruned to the batch's trading dates.
 *
 * <p>This class runs the steps in order and decides what is written when; each step is a class of its own:
 * {@link FilePacking} (files into tasks), {@link ParseRawFiles} (the parallel parse and its cache),
 * {@link Deduplication}, {@link TradeCorrections} and {@link IngestLedger} (files already held, the per-file
 * balance, the run's record).
 */
public final class IngestJob {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IngestJob.class);

  private IngestJob() {}

  /** What to ingest. */
  public record Options(String rawRoot, boolean force) {}

  /** What a run did, for the command line summary and the tests. */
  public record Result(
      String runId,
      int filesIngested,
      int filesSkipped,
      List<String> unrecognisedPaths,
      long linesRead,
      long accepted,
      long quarantined,
      long control,
      Map<String, Long> rowsByTable,
      Map<String, Long> quarantinedByReason,
      List<String> filesNotOk,
      Map<String, String> fileErrors) {}

  /** Runs the ingest; what it persisted or checkpointed is dropped when it ends ({@link WorkBlocks}). */
  public static Result run(SparkSession spark, L2Config config, RunContext run, Options options) {
    try (WorkBlocks blocks = WorkBlocks.open(spark)) {
      return ingest(spark, config, run, options);
    }
  }

  private static Result ingest(SparkSession spark, L2Config config, RunContext run, Options options) {
    Instant started = Instant.now();
    Lake lake = new Lake(spark, config.lake().root());
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    LandingZone.Listing listing = LandingZone.list(hadoop, options.rawRoot());

    List<LandingZone.RawFile> todo = new ArrayList<>();
    int skipped = 0;
    Map<String, long[]> known = options.force() ? Map.of() : IngestLedger.ingestedFiles(lake);
    for (LandingZone.RawFile f : listing.files()) {
      long[] prev = known.get(f.relativePath());
      if (prev != null && prev[0] == f.size() && prev[1] == f.mtime()) {
        skipped++;
      } else {
        todo.add(f);
      }
    }
    spark.sparkContext().setJobGroup("ingest-" + run.runId(), "l2lake ingest " + todo.size() + " files",
        false);
    if (todo.isEmpty()) {
      Result r = new Result(run.runId(), 0, skipped, listing.unrecognised(), 0, 0, 0, 0, Map.of(),
          Map.of(), List.of(), Map.of());
      IngestLedger.record(lake, run, started, r, null, null);
      return r;
    }

    // One row per raw file, in the order ParseRawFiles reads its fields.
    List<Row> fileRows = todo.stream().map(f -> RowFactory.create(f.absolutePath(), f.relativePath(),
        f.feed().dir(), f.symbol(), f.symbolValid(), f.size(), f.mtime())).toList();
    // Small files are packed into tasks of about task-megabytes of raw text each (at least one task
    // per core): a task per file would spend most of its time on fixed costs and tiny output files.
    long[] weights = todo.stream().mapToLong(f -> FilePacking.weight(f.relativePath(), f.size())).toArray();
    List<List<Row>> tasks = FilePacking.pack(weights, config.ingest().taskMegabytes() * (1L << 20),
        spark.sparkContext().defaultParallelism()).stream()
        .map(g -> (List<Row>) new ArrayList<>(g.stream().map(fileRows::get).toList())).toList();
    LOG.info("ingest: " + todo.size() + " raw files in " + tasks.size() + " parse tasks");
    Broadcast<SerializableWritable<Configuration>> conf = JavaSparkContext.fromSparkContext(
        spark.sparkContext()).broadcast(new SerializableWritable<>(hadoop));
    // The files are parsed once into Spark's in-memory columnar cache (spilling to local disk when
    // memory runs short); each table then reads its own kind's column from the cache. A Parquet
    // staging set cost twice as much: it writes null definition levels for every leaf of the six
    // record structs a row does not use, then reads them back. A cache block that is lost is rebuilt
    // by parsing its files again (landing-zone files are immutable downloads). Freed when the run
    // ends, whatever happens.
    // The parse hands Spark internal rows directly (see ParseRawFiles): the one place the ingest reaches
    // below the public Dataset API, to skip converting every record to external Java objects and back.
    JavaRDD<InternalRow> parsed = JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(tasks, tasks.size()).flatMap(List::iterator)
        .flatMap(new ParseRawFiles(conf, config.ingest().maxLineLength(), run.runId()));
    Dataset<Row> all = ((org.apache.spark.sql.classic.SparkSession) spark)
        .internalCreateDataFrame(parsed.rdd(), Envelope.ALL, false)
        .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      try (var t = io.l2lake.lake.Timed.step(LOG, "parse pass")) {
        all.count();
      }
      Map<Envelope.Output, Dataset<Row>> staged = new java.util.EnumMap<>(Envelope.Output.class);
      for (Envelope.Output out : Envelope.Output.values()) {
        if (todo.stream().noneMatch(f -> out.feeds.contains(f.feed().dir()))) {
          staged.put(out, spark.createDataFrame(List.of(), out.schema));
        } else if (out == Envelope.Output.SIDE) {
          staged.put(out, all.filter(col(Envelope.RECORD_KIND).isin(Envelope.REJECTED, Envelope.STATS))
              .select(Envelope.REJECTED, Envelope.STATS));
        } else {
          staged.put(out, all.filter(col(Envelope.RECORD_KIND).equalTo(out.kind)).select(out.kind + ".*"));
        }
      }
      return write(lake, run, started, listing, skipped, staged);
    } finally {
      all.unpersist();
    }
  }

  private static Result write(Lake lake, RunContext run, Instant started, LandingZone.Listing listing,
      int skipped, Map<Envelope.Output, Dataset<Row>> staged) {
    Dataset<Row> side = staged.get(Envelope.Output.SIDE);
    List<Row> stats;
    try (var t = io.l2lake.lake.Timed.step(LOG, "file statistics")) {
      stats = side.filter(col(Envelope.STATS).isNotNull()).select(Envelope.STATS + ".*").collectAsList();
    }
    // A file that could not be read to its end lands nothing: the records it gave before it broke off are
    // dropped here, its ops.ingest_files row says why, and the next run reads it again.
    List<String> unreadable = stats.stream().filter(s -> IngestLedger.UNREADABLE.equals(s.getAs("status")))
        .map(s -> s.<String>getAs(Schemas.SOURCE_FILE)).sorted().toList();
    if (!unreadable.isEmpty()) {
      stats.stream().filter(s -> IngestLedger.UNREADABLE.equals(s.getAs("status")))
          .forEach(s -> LOG.warn("ingest: unreadable, skipped: " + s.getAs("error")));
      Column lands = not(col(Schemas.SOURCE_FILE).isin(unreadable.toArray()));
      for (Envelope.Output out : Envelope.Output.values()) {
        if (out != Envelope.Output.SIDE) {
          staged.put(out, staged.get(out).filter(lands));
        }
      }
      side = side.filter(col(Envelope.REJECTED).isNull()
          .or(not(col(Envelope.REJECTED + "." + Schemas.SOURCE_FILE).isin(unreadable.toArray()))));
    }
    // Each file's accounting counts its records by kind, so no table's batch is counted by a scan.
    Map<String, Long> kindCounts = new HashMap<>();
    for (Row s : stats) {
      s.<String, Long>getJavaMap(s.fieldIndex(Envelope.RECORDS_BY_KIND)).forEach((k, n) -> kindCounts.merge(k, n,
          Long::sum));
    }
    List<LocalDate> dates = stats.stream()
        .flatMap(s -> datesBetween(Deduplication.localDate(s.getAs("min_date")), Deduplication.localDate(s.getAs("max_date"))))
        .distinct().sorted().toList();
    Column pruning = dates.isEmpty() ? lit(false)
        : col("t." + Schemas.TRADE_DATE).isin(dates.toArray());
    // Dates outside a file's [min, max] cannot hold its rows, so pruning to them is exact.

    Deduplication.Deduped ticks;
    Deduplication.Deduped daily;
    try (var t = io.l2lake.lake.Timed.step(LOG, "batch duplicates")) {
      ticks = Deduplication.deduplicate(staged.get(Envelope.Output.TICKS), Deduplication.filesToDeduplicate(stats, "ticks"),
          List.of(Schemas.SYMBOL, Schemas.TRADE_DATE, Schemas.ROW_KEY), "ticks", run.runId());
      daily = Deduplication.deduplicate(staged.get(Envelope.Output.DAILY_BARS), Deduplication.filesToDeduplicate(stats, "daily"),
          List.of(Schemas.SYMBOL, Schemas.TRADE_DATE), "daily", run.runId());
    }
    // A tick's row key starts with its feed (h| or l1|), so only target rows of the batch's feeds can
    // match: a batch of Level-1 trades skips the files of history ticks (their feed statistics), and
    // the other way round; and a batch whose feeds have no row yet on its dates is written by a replace
    // of those feeds' rows on those dates (tickScope), even when the other feed has rows there.
    List<String> tickFeeds = stats.stream().map(s -> s.<String>getAs("feed"))
        .map(f -> f.equals("ticks") ? "history" : f).filter(f -> f.equals("history") || f.equals("l1")).distinct()
        .sorted().toList();
    Column tickPruning = tickFeeds.isEmpty() ? pruning
        : pruning.and(col("t.feed").isin(tickFeeds.toArray()));
    String tickScope = tickFeeds.isEmpty() ? null
        : "feed IN (" + tickFeeds.stream().map(f -> "'" + f + "'").collect(Collectors.joining(", ")) + ")";

    Dataset<Row> deletes = staged.get(Envelope.Output.TRADE_DELETES).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> quarantine = null;
    try {
      // Everything a file's accounting needs is settled before the first write: the quarantine batch (with
      // the corrections that match no trade of the lake or of this batch) and every file's line balance.
      // A broken balance stops the run with the lake and ops.ingest_files as they were.
      Dataset<Row> unmatchedDeletes = TradeCorrections.unmatchedTradeDeletes(lake, deletes, ticks.kept(), run.runId());
      quarantine = side.filter(col(Envelope.REJECTED).isNotNull())
          .select(Envelope.REJECTED + ".*")
          .unionByName(ticks.duplicates()).unionByName(daily.duplicates()).unionByName(unmatchedDeletes)
          .persist(StorageLevel.MEMORY_AND_DISK());
      Map<String, Long> byReason = new TreeMap<>();
      Map<String, Long> movedToQuarantine = new HashMap<>();
      try (var t = io.l2lake.lake.Timed.step(LOG, "line accounting")) {
        for (Row r : quarantine.groupBy("reason", Schemas.SOURCE_FILE).count().collectAsList()) {
          byReason.merge(r.getString(0), r.getLong(2), Long::sum);
          String reason = r.getString(0);
          if (reason.equals(RejectReason.DUPLICATE_KEY.code())
              || reason.equals(RejectReason.CORRECTION_TARGET_NOT_FOUND.code())) {
            movedToQuarantine.merge(r.getString(1), r.getLong(2), Long::sum);
          }
        }
      }
      long quarantined = byReason.values().stream().mapToLong(Long::longValue).sum();
      List<Row> fileStats = IngestLedger.finalFileStats(stats, movedToQuarantine);
      long read = 0;
      long accepted = 0;
      long control = 0;
      long fileQuarantined = 0;
      List<String> notOk = new ArrayList<>();
      Map<String, String> errors = new TreeMap<>();
      for (Row s : fileStats) {
        read += s.<Long>getAs("lines_read");
        accepted += s.<Long>getAs("accepted");
        control += s.<Long>getAs("control");
        fileQuarantined += s.<Long>getAs("quarantined");
        if (!"ok".equals(s.getAs("status"))) {
          notOk.add(s.getAs(Schemas.SOURCE_FILE) + " (" + s.getAs("status") + ")");
          if (s.getAs("error") != null) {
            errors.put(s.getAs(Schemas.SOURCE_FILE), s.getAs("error"));
          }
        }
      }
      if (fileQuarantined != quarantined) {
        throw new IllegalStateException("line accounting broken: files report " + fileQuarantined
            + " quarantined lines, the quarantine batch holds " + quarantined + "; nothing was written");
      }

      Map<String, Long> rowsByTable = new LinkedHashMap<>();
      upsertIfAny(lake, rowsByTable, TableId.BRONZE_TICKS, ticks.kept(),
          kindCounts.getOrDefault(Envelope.TICK, 0L) - ticks.removed(),
          List.of(Schemas.SYMBOL, Schemas.TRADE_DATE, Schemas.ROW_KEY),
          List.of(Schemas.INGEST_RUN, Schemas.SOURCE_FILE, Schemas.LINE_NO, Schemas.SEQ), tickPruning, dates,
          tickScope);
      TradeCorrections.applyTradeDeletes(lake, deletes);
      upsertIfAny(lake, rowsByTable, TableId.BRONZE_QUOTES, staged.get(Envelope.Output.QUOTES),
          kindCounts.getOrDefault(Envelope.QUOTE, 0L),
          List.of(Schemas.SYMBOL, Schemas.TRADE_DATE, Schemas.SOURCE_FILE, Schemas.LINE_NO),
          List.of(Schemas.INGEST_RUN), pruning, dates, null);
      upsertIfAny(lake, rowsByTable, TableId.BRONZE_DEPTH, staged.get(Envelope.Output.DEPTH_EVENTS),
          kindCounts.getOrDefault(Envelope.DEPTH, 0L),
          List.of(Schemas.SYMBOL, Schemas.TRADE_DATE, Schemas.SOURCE_FILE, Schemas.LINE_NO, "part"),
          List.of(Schemas.INGEST_RUN), pruning, dates, null);
      upsertIfAny(lake, rowsByTable, TableId.BRONZE_DAILY_BARS, daily.kept(),
          kindCounts.getOrDefault(Envelope.DAILY, 0L) - daily.removed(),
          List.of(Schemas.SYMBOL, Schemas.TRADE_DATE),
          List.of(Schemas.INGEST_RUN, Schemas.SOURCE_FILE, Schemas.LINE_NO), pruning, dates, null);
      try (var t = io.l2lake.lake.Timed.step(LOG, "quarantine, file accounting and run record")) {
        rowsByTable.put(TableId.BRONZE_QUARANTINE.qualifiedName(), quarantined);
        if (quarantined > 0) {
          lake.upsertStable(TableId.BRONZE_QUARANTINE, quarantine, List.of(Schemas.SOURCE_FILE, Schemas.LINE_NO),
              List.of(Schemas.INGEST_RUN), null, Schemas.TRADE_DATE);
        } else {
          lake.ensure(TableId.BRONZE_QUARANTINE, Schemas.QUARANTINE, Schemas.TRADE_DATE);
        }
        // The commit point: once a file's row is here, the next run skips it (unless it is to be retried).
        lake.append(TableId.OPS_INGEST_FILES, lake.spark().createDataFrame(fileStats, Schemas.INGEST_FILES));
        Result result = new Result(run.runId(), stats.size(), skipped, listing.unrecognised(), read,
            accepted, quarantined, control, rowsByTable, byReason, notOk, errors);
        IngestLedger.record(lake, run, started, result, dates.isEmpty() ? null : dates.get(0),
            dates.isEmpty() ? null : dates.get(dates.size() - 1));
        return result;
      }
    } finally {
      deletes.unpersist();
      if (quarantine != null) {
        quarantine.unpersist();
      }
    }
  }

  /**
   * Upserts a batch of {@code n} rows into a bronze table when it has rows (an empty batch costs no
   * MERGE), recording its size; the table is created empty either way so readers always find it.
   */
  private static void upsertIfAny(Lake lake, Map<String, Long> rowsByTable, TableId id, Dataset<Row> rows,
      long n, List<String> keys, List<String> ignored, Column pruning, List<LocalDate> dates, String scope) {
    try (var t = io.l2lake.lake.Timed.step(LOG, "upsert " + id.qualifiedName())) {
      rowsByTable.put(id.qualifiedName(), n);
      if (n > 0) {
        lake.upsertStableByDate(id, rows, keys, ignored, pruning, Schemas.TRADE_DATE, dates, scope);
      } else {
        lake.ensure(id, rows.schema(), Schemas.TRADE_DATE);
      }
    }
  }

  private static java.util.stream.Stream<LocalDate> datesBetween(LocalDate from, LocalDate to) {
    if (from == null || to == null) {
      return java.util.stream.Stream.empty();
    }
    return from.datesUntil(to.plusDays(1));
  }
}

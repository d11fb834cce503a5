package io.l2lake.run;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;

import io.delta.tables.DeltaTable;
import io.l2lake.lake.Lake;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import io.l2lake.lake.JobRuns;
import io.l2lake.lake.StageIo;
import io.l2lake.lake.WorkBlocks;
import io.l2lake.stage.Stage;
import io.l2lake.stage.StageContext;
import io.l2lake.stage.StageData;
import io.l2lake.stage.StageInput;
import io.l2lake.stage.StageOutput;
import io.l2lake.stage.StageResult;
import io.l2lake.stage.StageSummary;
import io.l2lake.stage.Written;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Runs any {@link Stage} for a date range, doing for every stage what is not its transform: the Spark job group,
 * the reads of the range (and look-back) of each input, the unusable symbol-days left out, the writes, and the
 * {@code ops.job_runs} row: {@code succeeded} with rows in, rows out, seconds and the stage's counts, or
 * {@code failed} with the error's first line (the error is then rethrown, so the command exits non-zero).
 * What the stage persisted or checkpointed is dropped when it ends ({@link WorkBlocks}).
 */
public final class StageRunner {
  private StageRunner() {}

  /** What a run of a stage did. */
  public record Report(String stage, long rowsIn, Map<TableId, Long> rowsOut, Map<String, String> detail,
      double seconds) {
    /** The rows written to {@code id} (the rows its range holds after the run). */
    public long rows(TableId id) {
      return rowsOut.getOrDefault(id, 0L);
    }

    /** A detail count as a number (0 when absent). */
    public long count(String key) {
      String v = detail.get(key);
      return v == null ? 0 : Long.parseLong(v);
    }
  }

  public static Report run(Stage stage, StageContext c) {
    Instant started = Instant.now();
    Lake lake = c.lake();
    c.spark().sparkContext().setJobGroup(stage.name() + "-" + c.run().runId(), "l2lake " + stage.name(), false);
    try (WorkBlocks blocks = WorkBlocks.open(c.spark())) {
      StageData data = read(stage, c, lake);
      StageResult result = stage.transform(c, data);
      Map<TableId, Long> rows = write(stage, c, lake, result);
      Written written = new Written() {
        @Override
        public Map<TableId, Long> rows() {
          return rows;
        }

        @Override
        public Dataset<Row> read(TableId id) {
          return lake.spark().read().format("delta").load(lake.path(id)).filter(StageIo.range(c.from(), c.to()));
        }
      };
      StageSummary summary = stage.summarize(c, data, written);
      Map<String, String> detail = new TreeMap<>(summary.detail());
      if (stage.inputs().stream().anyMatch(StageInput::usableOnly)) {
        detail.putAll(StageIo.skippedDetail(data.unusable()));
      }
      rows.forEach((id, n) -> detail.put("rows." + id.qualifiedName(), Long.toString(n)));
      Instant finished = Instant.now();
      JobRuns.record(lake, c.run(), new JobRuns.Entry(stage.name(), started, finished, "succeeded", c.from(), c.to(),
          summary.rowsIn(), rows.values().stream().mapToLong(Long::longValue).sum(), detail));
      return new Report(stage.name(), summary.rowsIn(), Map.copyOf(rows), Map.copyOf(detail),
          Duration.between(started, finished).toNanos() / 1e9);
    } catch (RuntimeException e) {
      recordFailure(stage, c, lake, started, e);
      throw e;
    }
  }

  private static void recordFailure(Stage stage, StageContext c, Lake lake, Instant started, RuntimeException e) {
    try {
      JobRuns.record(lake, c.run(), new JobRuns.Entry(stage.name(), started, Instant.now(), "failed", c.from(),
          c.to(), 0, 0, Map.of("error", JobRuns.firstLine(e), "error_class", e.getClass().getName())));
    } catch (RuntimeException recording) {
      e.addSuppressed(recording);
    }
  }

  /**
   * The stage's planned outputs for the context's range, not written: its inputs read as a run reads them,
   * except the tables in {@code given}, whose rows are taken from there instead (cut to the range or look-back
   * like any input). What-if computations (a calibration sweeping a signal or tracker setting) chain stages
   * this way in memory.
   */
  public static Map<TableId, Dataset<Row>> plan(Stage stage, StageContext c, Map<TableId, Dataset<Row>> given) {
    return stage.transform(c, read(stage, c, c.lake(), given)).outputs();
  }

  static StageData read(Stage stage, StageContext c, Lake lake) {
    return read(stage, c, lake, Map.of());
  }

  private static StageData read(Stage stage, StageContext c, Lake lake, Map<TableId, Dataset<Row>> given) {
    boolean usable = stage.inputs().stream().anyMatch(StageInput::usableOnly);
    Dataset<Row> unusable = usable ? collected(StageIo.unusableDays(lake, c.from(), c.to()))
        : lake.spark().createDataFrame(List.of(), UNUSABLE);
    LocalDate lookFrom = c.from() == null ? null
        : c.from().minusDays(lookBackCalendarDays(stage.lookBackTradingDays(c)));
    Map<TableId, Dataset<Row>> tables = new LinkedHashMap<>();
    for (StageInput in : stage.inputs()) {
      Dataset<Row> rows;
      if (given.containsKey(in.table())) {
        rows = given.get(in.table());
      } else if (!lake.exists(in.table())) {
        if (in.absent() == null) {
          throw new IllegalArgumentException(in.table().qualifiedName() + " does not exist in " + lake.root()
              + ": run '" + Stages.producerOf(in.table()) + "' first");
        }
        rows = lake.spark().createDataFrame(List.of(), in.absent());
      } else {
        rows = lake.spark().read().format("delta").load(lake.path(in.table()));
      }
      rows = switch (in.range()) {
        case RANGE -> rows.filter(StageIo.range(c.from(), c.to()));
        case LOOK_BACK -> rows.filter(StageIo.range(lookFrom, c.to()));
        case WHOLE -> rows;
      };
      tables.put(in.table(), in.usableOnly() ? StageIo.usableOnly(rows, unusable) : rows);
    }
    return new StageData(tables, unusable, StageIo.range(c.from(), c.to()));
  }

  /**
   * The unusable symbol-days as a local relation: a short list (a row per failed symbol-day, at most one per
   * symbol and day of the range) computed once instead of once per input and per count, which each input's
   * anti-join then broadcasts, and which the optimizer drops altogether when it is empty (most runs).
   */
  private static Dataset<Row> collected(Dataset<Row> unusable) {
    return unusable.sparkSession().createDataFrame(unusable.collectAsList(), unusable.schema());
  }

  /** Calendar days that hold at least {@code tradingDays} trading days before a date (weekends, holidays). */
  public static int lookBackCalendarDays(int tradingDays) {
    return tradingDays == 0 ? 0 : (int) Math.ceil(tradingDays * 7.0 / 5.0) + 7;
  }

  private static Map<TableId, Long> write(Stage stage, StageContext c, Lake lake, StageResult result) {
    // The plan must match the declaration before anything is written: no output half written.
    List<TableId> declared = stage.outputs().stream().map(StageOutput::table).toList();
    List<TableId> missing = new ArrayList<>(declared);
    missing.removeAll(result.outputs().keySet());
    List<TableId> extra = new ArrayList<>(result.outputs().keySet());
    extra.removeAll(declared);
    if (!missing.isEmpty() || !extra.isEmpty()) {
      throw new IllegalStateException("stage " + stage.name() + " planned rows for " + result.outputs().keySet()
          + " but declares " + declared + "; nothing was written");
    }
    Map<TableId, Long> rows = new LinkedHashMap<>();
    for (StageOutput out : stage.outputs()) {
      Dataset<Row> planned = result.outputs().get(out.table());
      rows.put(out.table(), switch (out.mode()) {
        case REPLACE_RANGE -> StageIo.replace(lake, out.table(), planned, c.from(), c.to());
        case MERGE_KEYS -> merge(lake, out, planned, c.from(), c.to());
        case LATEST_PER_KEY -> latest(lake, out, planned);
      });
    }
    return rows;
  }

  /**
   * MERGE on the output's keys, the target pruned to the range; returns the rows MERGEd, counted again after
   * the MERGE: a stage MERGEs rows it checkpointed (they would otherwise be computed for each read).
   */
  private static long merge(Lake lake, StageOutput out, Dataset<Row> kept, LocalDate from, LocalDate to) {
    String range = StageIo.sqlRange(from, to);
    Column pruning = org.apache.spark.sql.functions.expr(range.isEmpty() ? "true"
        : range.replace(Schemas.TRADE_DATE, "t." + Schemas.TRADE_DATE));
    lake.upsert(out.table(), kept, out.keys(), out.ignored(), pruning, Schemas.TRADE_DATE);
    return kept.count();
  }

  /**
   * Keeps one row per key, the newest by trade date, of {@code rows} and of the table: a key's row is replaced
   * by a row at least as new. Returns the keys written.
   */
  private static long latest(Lake lake, StageOutput out, Dataset<Row> rows) {
    String key = out.keys().get(0);
    Dataset<Row> newest = rows.groupBy(key).agg(max_by(struct(col("*")), col(Schemas.TRADE_DATE)).as("r"))
        .select("r.*").localCheckpoint();
    if (!lake.exists(out.table())) {
      newest.write().format("delta").mode("append").save(lake.path(out.table()));
    } else {
      DeltaTable.forPath(lake.spark(), lake.path(out.table())).as("t")
          .merge(lake.alignToTable(out.table(), newest, new ArrayList<>()).as("s"), "t." + key + " = s." + key)
          .withSchemaEvolution()
          .whenMatched("s." + Schemas.TRADE_DATE + " >= t." + Schemas.TRADE_DATE).updateAll()
          .whenNotMatched().insertAll()
          .execute();
    }
    return newest.count();
  }

  /** The shape of the unusable symbol-days when no input asks for them. */
  private static final org.apache.spark.sql.types.StructType UNUSABLE = new org.apache.spark.sql.types.StructType()
      .add(Schemas.SYMBOL, "string").add(Schemas.TRADE_DATE, "date").add("reasons", "array<string>");
}

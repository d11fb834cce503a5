package io.l2lake.run;

import io.l2lake.lake.JobRuns;
import io.l2lake.lake.RunContext;
import io.delta.tables.DeltaTable;
import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.lake.LandingZone;
import io.l2lake.lake.Lake;
import io.l2lake.lake.TableId;
import io.l2lake.run.StageGraph.Stage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * Runs the stage graph ({@link StageGraph}) for a date range, skipping each stage that is already done
 * for exactly that range and resuming at the first one that is not. A stage is done when its row in
 * {@code ops.stage_state} succeeded with the same code version ({@link CodeVersion}) and the same input
 * fingerprint, and its output tables are still at the Delta versions it left them at.
 *
 * <p>The input fingerprint is the SHA-256 of: the Delta version of each input table (-1 when absent),
 * the effective values of the settings the stage depends on (for gold also the strategy parameters of
 * the signals, exits and tracker), and for ingest the landing zone's root and listing (every file's
 * path, size and modification time). Versions are whole-table, so a run that wrote another range of an
 * input table makes the stage run again: never wrong, sometimes more work than needed.
 *
 * <p>Every stage that runs is recorded in {@code ops.job_runs} as {@code backfill.<stage>} (succeeded, or
 * failed with the error message, after which the exception is rethrown and the run stops) and in
 * {@code ops.stage_state}. The jobs a stage runs record their own rows as well.
 *
 * <p>Cost: per stage a Delta log lookup per input and output table and a one-row MERGE; the stages
 * themselves cost what the jobs cost.
 */
public final class Backfill {
  private Backfill() {}

  /**
   * What to backfill.
   *
   * @param stages the stages to consider (they run in graph order whatever the order given)
   * @param force run every stage even when it is done
   * @param rawRoot the landing zone the ingest stage reads
   */
  public record Options(LocalDate from, LocalDate to, Set<Stage> stages, boolean force, String rawRoot) {
    public Options {
      if (from == null || to == null) {
        throw new IllegalArgumentException("backfill needs both --from and --to");
      }
      if (from.isAfter(to)) {
        throw new IllegalArgumentException("--from " + from + " is after --to " + to);
      }
      if (stages.isEmpty()) {
        throw new IllegalArgumentException("backfill needs at least one stage");
      }
      stages = Set.copyOf(stages);
    }

    /** Every stage of the graph. */
    public static Set<Stage> allStages() {
      return EnumSet.allOf(Stage.class);
    }
  }

  /** What happened to one stage: {@code ran} or {@code skipped}, with the reason it ran. */
  public record Outcome(Stage stage, boolean ran, String reason, double seconds, Map<String, Long> rows) {}

  /** The outcomes of a run, in graph order. */
  public record Result(String runId, List<Outcome> stages) {}

  /** Runs the backfill; {@code progress} hears of each stage as soon as it is settled. */
  public static Result run(SparkSession spark, L2Config config, Strategy strategy, Options o,
      Consumer<Outcome> progress) {
    Lake lake = new Lake(spark, config.lake().root());
    RunContext run = RunContext.create();
    String code = CodeVersion.current();
    Map<String, StageState.Entry> done = StageState.read(lake, o.from(), o.to());
    StageGraph.Context context = new StageGraph.Context(spark, config, strategy, run, o.from(), o.to(),
        o.rawRoot(), o.force());
    List<Outcome> outcomes = new ArrayList<>();
    for (Stage stage : Stage.values()) {
      if (!o.stages().contains(stage)) {
        continue;
      }
      Map<String, String> inputs = inputs(lake, stage, config, strategy, o.rawRoot());
      String fingerprint = digest(inputs);
      String reason = o.force() ? "forced" : whyNotDone(lake, done.get(stage.label()), code, fingerprint);
      Outcome outcome = reason == null
          ? new Outcome(stage, false, "done with the same code and inputs", 0, Map.of())
          : runStage(lake, context, stage, reason, code, inputs, fingerprint);
      outcomes.add(outcome);
      progress.accept(outcome);
    }
    return new Result(run.runId(), List.copyOf(outcomes));
  }

  private static Outcome runStage(Lake lake, StageGraph.Context c, Stage stage, String reason, String code,
      Map<String, String> inputs, String fingerprint) {
    Instant started = Instant.now();
    Map<String, String> detail = new TreeMap<>();
    detail.put("reason", reason);
    detail.put("input_fingerprint", fingerprint);
    detail.put("code_version", code);
    inputs.forEach((k, v) -> detail.put("input." + k, v));
    Map<String, Long> rows;
    Map<String, String> outputs;
    try {
      rows = stage.run(c);
      if (stage.label().equals(c.config().backfill().failAfterStage())) {
        throw new IllegalStateException("injected failure after stage " + stage.label() + " ("
            + L2Config.BACKFILL_FAIL_AFTER.key() + ")");
      }
      outputs = versions(lake, stage.outputs());
    } catch (RuntimeException e) {
      Instant failed = Instant.now();
      String message = e.getClass().getName() + ": " + e.getMessage();
      detail.put("error", message.length() > 4000 ? message.substring(0, 4000) : message);
      try {
        JobRuns.record(lake, c.run(), new JobRuns.Entry("backfill." + stage.label(), started, failed, "failed",
            c.from(), c.to(), 0, 0, detail));
        StageState.write(lake, new StageState.Entry(stage.label(), c.from(), c.to(), "failed", code, fingerprint,
            inputs, Map.of(), c.run().runId(), failed, detail.get("error")));
      } catch (RuntimeException recording) {
        e.addSuppressed(recording);
      }
      throw e;
    }
    Instant finished = Instant.now();
    outputs.forEach((k, v) -> detail.put("output." + k, v));
    rows.forEach((k, v) -> detail.put("rows." + k, Long.toString(v)));
    JobRuns.record(lake, c.run(), new JobRuns.Entry("backfill." + stage.label(), started, finished, "succeeded",
        c.from(), c.to(), 0, rows.values().stream().mapToLong(Long::longValue).sum(), detail));
    // The state row is the commit point: a stage killed before it is written runs again next time.
    StageState.write(lake, new StageState.Entry(stage.label(), c.from(), c.to(), "succeeded", code, fingerprint,
        inputs, outputs, c.run().runId(), finished, null));
    return new Outcome(stage, true, reason, java.time.Duration.between(started, finished).toNanos() / 1e9,
        Map.copyOf(rows));
  }

  /** Why the stage must run, or null when its state shows it done for these inputs and outputs. */
  static String whyNotDone(Lake lake, StageState.Entry state, String code, String fingerprint) {
    if (state == null) {
      return "never ran for this range";
    }
    if (!state.status().equals("succeeded")) {
      return "last run " + state.status();
    }
    if (!state.codeVersion().equals(code)) {
      return "code changed (" + state.codeVersion() + " -> " + code + ")";
    }
    if (!state.inputFingerprint().equals(fingerprint)) {
      return "inputs changed";
    }
    for (Map.Entry<String, String> out : state.outputs().entrySet()) {
      String now = dataVersion(lake, tableNamed(out.getKey()));
      if (!now.equals(out.getValue())) {
        return out.getKey() + " was written since (version " + out.getValue() + " -> " + now + ")";
      }
    }
    return null;
  }

  /** The stage's inputs: table versions, the settings digest and, for ingest, the landing listing. */
  static Map<String, String> inputs(Lake lake, Stage stage, L2Config config, Strategy strategy, String rawRoot) {
    Map<String, String> in = new TreeMap<>(versions(lake, stage.inputs()));
    in.put("config", digest(stage.effectiveSettings(config, strategy)));
    if (stage == Stage.INGEST) {
      in.put("raw_root", rawRoot);
      in.put("landing", landingDigest(lake.spark(), rawRoot));
    }
    return in;
  }

  private static Map<String, String> versions(Lake lake, List<TableId> tables) {
    Map<String, String> v = new TreeMap<>();
    for (TableId id : tables) {
      v.put(id.qualifiedName(), dataVersion(lake, id));
    }
    return v;
  }

  /**
   * The table's latest Delta version that changed data, or -1 when it does not exist. Commits that only
   * change comments ({@link io.l2lake.lake.LakeCatalog#COMMENT_OPERATIONS}, written when the table is
   * registered in the catalog) are not writes.
   */
  public static String dataVersion(Lake lake, TableId id) {
    if (!lake.exists(id)) {
      return "-1";
    }
    DeltaTable t = DeltaTable.forPath(lake.spark(), lake.path(id));
    for (int limit : new int[] {20, Integer.MAX_VALUE}) {
      var h = limit == Integer.MAX_VALUE ? t.history() : t.history(limit);
      var data = h.filter(org.apache.spark.sql.functions.not(org.apache.spark.sql.functions.col("operation")
          .isin(io.l2lake.lake.LakeCatalog.COMMENT_OPERATIONS.toArray()))).select("version")
          .orderBy(org.apache.spark.sql.functions.col("version").desc()).limit(1).collectAsList();
      if (!data.isEmpty()) {
        return Long.toString(data.get(0).getLong(0));
      }
    }
    return "-1";
  }

  private static TableId tableNamed(String qualified) {
    for (TableId id : TableId.values()) {
      if (id.qualifiedName().equals(qualified)) {
        return id;
      }
    }
    throw new IllegalStateException("ops.stage_state names an unknown table " + qualified);
  }

  /** SHA-256 over every landing file's relative path, size and modification time, in path order. */
  private static String landingDigest(SparkSession spark, String rawRoot) {
    LandingZone.Listing listing = LandingZone.list(spark.sparkContext().hadoopConfiguration(), rawRoot);
    Map<String, String> files = new TreeMap<>();
    for (LandingZone.RawFile f : listing.files()) {
      files.put(f.relativePath(), f.size() + " " + f.mtime());
    }
    return digest(files);
  }

  private static String digest(Map<String, String> values) {
    MessageDigest sha = CodeVersion.sha256();
    new TreeMap<>(values).forEach((k, v) -> {
      sha.update(k.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '=');
      sha.update(v.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) '\n');
    });
    return HexFormat.of().formatHex(sha.digest());
  }
}

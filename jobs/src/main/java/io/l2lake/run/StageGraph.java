package io.l2lake.run;

import io.l2lake.lake.RunContext;
import io.l2lake.config.L2Config;
import io.l2lake.config.Setting;
import io.l2lake.config.Strategy;
import io.l2lake.ingest.IngestJob;
import io.l2lake.lake.TableId;
import io.l2lake.run.StageRunner;
import io.l2lake.run.Stages;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * The backfill's stage graph, in run order: ingest -> check -> silver (trades, bars, book) -> gold
 * (signals, tracker). Each stage names the tables it reads and writes and the settings its output
 * depends on; {@link Backfill} fingerprints those to decide whether a stage is already done.
 */
public final class StageGraph {
  private StageGraph() {}

  /** What a stage needs to run for a date range. */
  public record Context(SparkSession spark, L2Config config, Strategy strategy, RunContext run, LocalDate from,
      LocalDate to, String rawRoot, boolean force) {}

  /**
   * One step of a backfill: the ingest, or the stages of {@link Stages#ALL} writing one zone ({@code check}: the
   * {@code ops} zone's integrity checks; {@code silver}; {@code gold}), with their inputs, outputs and settings
   * taken from those stages.
   */
  public enum Stage {
    /** Raw landing files to the bronze tables; the landing listing is its input. */
    INGEST("ingest", null),
    /** Integrity checks of the bronze tables for the range to {@code ops.integrity}. */
    CHECK("check", "ops"),
    /** Synchronised trades, minute bars and the pseudo-L2 book for the range. */
    SILVER("silver", "silver"),
    /** Accumulation signals and the tracker (with the watchlist) for the range. */
    GOLD("gold", "gold");

    private final String label;
    private final String zone;

    Stage(String label, String zone) {
      this.label = label;
      this.zone = zone;
    }

    /** The name used on the command line and in the ops tables. */
    public String label() {
      return label;
    }

    /** The stages this step runs, in run order (none for the ingest). */
    public List<io.l2lake.stage.Stage> members() {
      return zone == null ? List.of() : Stages.inZone(zone);
    }

    /** Tables whose Delta versions are part of the input fingerprint. */
    public List<TableId> inputs() {
      List<TableId> outs = outputs();
      return members().stream().flatMap(s -> s.inputs().stream()).map(io.l2lake.stage.StageInput::table)
          .filter(t -> !outs.contains(t)).distinct().toList();
    }

    /** Tables the step writes; their versions after a success are remembered. */
    public List<TableId> outputs() {
      if (zone == null) {
        return List.of(TableId.BRONZE_TICKS, TableId.BRONZE_QUOTES, TableId.BRONZE_DEPTH,
            TableId.BRONZE_DAILY_BARS, TableId.BRONZE_QUARANTINE, TableId.OPS_INGEST_FILES);
      }
      return members().stream().flatMap(s -> s.outputs().stream()).map(io.l2lake.stage.StageOutput::table)
          .distinct().toList();
    }

    /**
     * The effective values of the settings this step's output depends on (profile and strategy, each from its
     * registry), as parsed values printed back.
     */
    public Map<String, String> effectiveSettings(L2Config config, Strategy strategy) {
      List<Setting<?>> settings = zone == null ? List.of(L2Config.MAX_LINE_LENGTH)
          : members().stream().flatMap(s -> s.settings().stream()).distinct().toList();
      Map<String, String> out = new TreeMap<>();
      out.putAll(effective(settings.stream().filter(x -> !x.key().startsWith("strategy.")).toList(),
          config.values(), "profile"));
      out.putAll(effective(settings.stream().filter(x -> x.key().startsWith("strategy.")).toList(),
          strategy.values(), "strategy"));
      return out;
    }

    /** Runs the step; returns rows written per output and the ingest's counts. */
    public Map<String, Long> run(Context c) {
      Map<String, Long> rows = new LinkedHashMap<>();
      if (this == INGEST) {
        IngestJob.Result r = IngestJob.run(c.spark(), c.config(), c.run(),
            new IngestJob.Options(c.rawRoot(), c.force()));
        rows.put("files_ingested", (long) r.filesIngested());
        rows.put("files_skipped", (long) r.filesSkipped());
        rows.put("lines_accepted", r.accepted());
        rows.put("lines_quarantined", r.quarantined());
        return rows;
      }
      for (io.l2lake.stage.Stage s : members()) {
        StageRunner.Report r = StageRunner.run(s, new io.l2lake.stage.StageContext(c.spark(), c.config(),
            c.strategy(), c.run(), c.from(), c.to()));
        if (s.name().equals("check")) {
          rows.put("symbol_days", r.count("symbol_days"));
          rows.put("unusable_days", r.count("unusable_days"));
        } else {
          r.rowsOut().forEach((id, n) -> rows.put(id.qualifiedName(), n));
        }
      }
      if (this == GOLD) {
        rows.remove(TableId.GOLD_WATCHLIST.qualifiedName());
      }
      return rows;
    }

    /** The stage named {@code label}, or an error listing the names. */
    public static Stage named(String label) {
      return Arrays.stream(values()).filter(s -> s.label.equals(label.trim())).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown stage '" + label.trim() + "': the stages are "
              + String.join(",", L2Config.BACKFILL_STAGES)));
    }
  }

  private static Map<String, String> effective(List<Setting<?>> settings, Map<String, String> values,
      String source) {
    Map<String, String> out = new TreeMap<>();
    for (Setting<?> s : settings) {
      String raw = values.getOrDefault(s.key(), s.defaultValue());
      Object v = s.parse(raw, source);
      out.put(s.key(), v instanceof double[] d ? Arrays.toString(d) : String.valueOf(v));
    }
    return out;
  }
}

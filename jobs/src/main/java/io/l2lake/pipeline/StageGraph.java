package io.l2lake.pipeline;

import io.l2lake.bars.BarsJob;
import io.l2lake.book.BookJob;
import io.l2lake.config.L2Config;
import io.l2lake.config.Setting;
import io.l2lake.config.Strategy;
import io.l2lake.ingest.IngestJob;
import io.l2lake.lake.TableId;
import io.l2lake.quality.IntegrityJob;
import io.l2lake.signals.SignalsJob;
import io.l2lake.sync.SyncJob;
import io.l2lake.tracker.TrackerJob;
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

  /** One stage: its inputs, outputs, settings and the existing jobs it runs. */
  public enum Stage {
    /** Raw landing files to the bronze tables; the landing listing is its input. */
    INGEST("ingest", List.of(),
        List.of(TableId.BRONZE_TICKS, TableId.BRONZE_QUOTES, TableId.BRONZE_DEPTH, TableId.BRONZE_DAILY_BARS,
            TableId.BRONZE_QUARANTINE, TableId.OPS_INGEST_FILES),
        List.of(L2Config.MAX_LINE_LENGTH), false),
    /** Integrity checks of the bronze tables for the range to {@code ops.integrity}. */
    CHECK("check",
        List.of(TableId.BRONZE_TICKS, TableId.BRONZE_QUOTES, TableId.BRONZE_DAILY_BARS, TableId.BRONZE_QUARANTINE,
            TableId.OPS_INGEST_FILES),
        List.of(TableId.OPS_INTEGRITY),
        List.of(L2Config.SESSION_START, L2Config.SESSION_END, L2Config.REGULAR_OPEN, L2Config.REGULAR_CLOSE,
            L2Config.CROSSED_SHARE_ERROR, L2Config.LAST_OUTSIDE_TOLERANCE, L2Config.LAST_OUTSIDE_SHARE_WARN,
            L2Config.OUTLIER_JUMP, L2Config.HOLE_MINUTES), false),
    /** Synchronised trades, minute bars and the pseudo-L2 book for the range. */
    SILVER("silver", List.of(TableId.BRONZE_TICKS, TableId.BRONZE_QUOTES, TableId.OPS_INTEGRITY),
        List.of(TableId.SILVER_TRADES, TableId.SILVER_BARS_1M, TableId.SILVER_BOOK),
        List.of(L2Config.MAX_QUOTE_AGE, L2Config.OFF_EXCHANGE, L2Config.BLOCK_MULTIPLE, L2Config.ROUND_LOT,
            L2Config.BOOK_BUCKET, L2Config.BOOK_LEVELS, L2Config.BOOK_MEMORY), false),
    /** Accumulation signals and the tracker (with the watchlist) for the range. */
    GOLD("gold", List.of(TableId.SILVER_BARS_1M, TableId.SILVER_BOOK),
        List.of(TableId.GOLD_SIGNALS_1M, TableId.GOLD_ACCUMULATION, TableId.GOLD_WATCHLIST),
        List.of(L2Config.SESSION_START, L2Config.SESSION_END, L2Config.REGULAR_OPEN, L2Config.REGULAR_CLOSE,
            L2Config.BOOK_LEVELS), true);

    private final String label;
    private final List<TableId> inputs;
    private final List<TableId> outputs;
    private final List<Setting<?>> settings;
    private final boolean usesStrategy;

    Stage(String label, List<TableId> inputs, List<TableId> outputs, List<Setting<?>> settings,
        boolean usesStrategy) {
      this.label = label;
      this.inputs = inputs;
      this.outputs = outputs;
      this.settings = settings;
      this.usesStrategy = usesStrategy;
    }

    /** The name used on the command line and in the ops tables. */
    public String label() {
      return label;
    }

    /** Tables whose Delta versions are part of the input fingerprint. */
    public List<TableId> inputs() {
      return inputs;
    }

    /** Tables the stage writes; their versions after a success are remembered. */
    public List<TableId> outputs() {
      return outputs;
    }

    /**
     * The effective values of the settings (and, for gold, the strategy parameters of the signals, exits
     * and tracker) this stage's output depends on, as parsed values printed back.
     */
    public Map<String, String> effectiveSettings(L2Config config, Strategy strategy) {
      Map<String, String> out = new TreeMap<>(effective(settings, config.values(), "profile"));
      if (usesStrategy) {
        List<Setting<?>> used = Strategy.SETTINGS.stream()
            .filter(s -> !s.key().startsWith("strategy.backtest.") && !s.key().startsWith("strategy.stops."))
            .toList();
        out.putAll(effective(used, strategy.values(), "strategy"));
      }
      return out;
    }

    /** Runs the stage's jobs; returns rows written per output (as the jobs report them). */
    public Map<String, Long> run(Context c) {
      Map<String, Long> rows = new LinkedHashMap<>();
      switch (this) {
        case INGEST -> {
          IngestJob.Result r = IngestJob.run(c.spark(), c.config(), c.run(),
              new IngestJob.Options(c.rawRoot(), c.force()));
          rows.put("files_ingested", (long) r.filesIngested());
          rows.put("files_skipped", (long) r.filesSkipped());
          rows.put("lines_accepted", r.accepted());
          rows.put("lines_quarantined", r.quarantined());
        }
        case CHECK -> {
          IntegrityJob.Result r = IntegrityJob.run(c.spark(), c.config(), c.run(), c.from(), c.to());
          rows.put("symbol_days", r.symbolDays());
          rows.put("unusable_days", r.unusableDays());
        }
        case SILVER -> {
          rows.put(TableId.SILVER_TRADES.qualifiedName(),
              SyncJob.run(c.spark(), c.config(), c.run(), c.from(), c.to()).trades());
          rows.put(TableId.SILVER_BARS_1M.qualifiedName(),
              BarsJob.run(c.spark(), c.config(), c.run(), c.from(), c.to()));
          rows.put(TableId.SILVER_BOOK.qualifiedName(),
              BookJob.run(c.spark(), c.config(), c.run(), c.from(), c.to()));
        }
        case GOLD -> {
          rows.put(TableId.GOLD_SIGNALS_1M.qualifiedName(),
              SignalsJob.run(c.spark(), c.config(), c.strategy(), c.run(), c.from(), c.to()));
          rows.put(TableId.GOLD_ACCUMULATION.qualifiedName(),
              TrackerJob.run(c.spark(), c.config(), c.strategy(), c.run(), c.from(), c.to()));
        }
        default -> throw new IllegalStateException("no runner for stage " + label);
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

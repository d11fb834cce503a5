package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.generate.GenerateJob;
import io.l2lake.generate.MarketPlan;
import io.l2lake.ingest.IngestJob;
import io.l2lake.lake.Lake;
import io.l2lake.lake.RunContext;
import io.l2lake.lake.TableId;
import io.l2lake.run.Stages;
import io.l2lake.stage.Stage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The generated markets the evaluations run on, shared by {@code evaluate signals} and {@code evaluate backtest}:
 * per seed set, feed mode and with or without buyers, every seed's market is simulated into one landing zone
 * (symbols named by seed, truth in a lake per seed), ingested and run through every stage into one working lake
 * under {@code <work>/<market>}. A market is built once: a marker records what was simulated (seeds, sizes,
 * rates, feeds), and a later run asking for the same market reuses it, while one asking for another size
 * builds it again. Its gold stages run again when the code version changed, or those whose settings changed
 * and the stages after them.
 */
final class EvaluationMarkets {
  private EvaluationMarkets() {}

  /** The first trading day of every evaluation market. */
  static final LocalDate START = LocalDate.of(2025, 3, 3);

  /** What every market of a seed set simulates. */
  record Spec(List<Long> seeds, String seedLabel, int symbols, int days, double intensity, List<Double> strengths) {}

  /** One simulated market: its seeds in one feed mode, with buyers or none. */
  record Market(String label, String feeds, boolean nullMarket) {
    String dirName() {
      return label.replaceAll("[^A-Za-z0-9-]", "_") + "-" + feeds;
    }
  }

  /** The markets of {@code spec} for each feed mode, each followed by its null market when asked. */
  static List<Market> markets(Spec spec, List<String> feeds, boolean withNullMarket) {
    List<Market> out = new ArrayList<>();
    for (String f : feeds) {
      out.add(new Market(spec.seedLabel(), f, false));
      if (withNullMarket) {
        out.add(new Market(spec.seedLabel() + " null", f, true));
      }
    }
    return out;
  }

  private static final String SHUFFLE_PARTITIONS = "spark.sql.shuffle.partitions";

  /** Symbol-days of a market per shuffle partition of its stages. */
  static final int SYMBOL_DAYS_PER_PARTITION = 80;

  /**
   * Shuffle partitions for the stages of a market of {@code s}: one per {@value #SYMBOL_DAYS_PER_PARTITION}
   * symbol-days, at least {@code configured}. A market's stages run over all its days at once, and the
   * embedded profile's few partitions (sized for a night's run) put a 10 x 50 market's as-of join of every
   * trade and quote, about 600 symbol-days a task, through one sort and window buffer per partition: it ran
   * the 6 GB driver out of heap merging the sort's spills. Adaptive execution coalesces partitions that come
   * out small, so a small market loses nothing.
   */
  static int shufflePartitions(Spec s, int configured) {
    long symbolDays = (long) s.seeds().size() * s.symbols() * s.days();
    return (int) Math.max(configured, Math.min(2000, (symbolDays + SYMBOL_DAYS_PER_PARTITION - 1)
        / SYMBOL_DAYS_PER_PARTITION));
  }

  private static int configuredPartitions(SparkSession spark) {
    return Integer.parseInt(spark.sparkContext().getConf().get(SHUFFLE_PARTITIONS,
        spark.conf().get(SHUFFLE_PARTITIONS)));
  }

  /** The marker's first line: everything the simulated market depends on. */
  static String describe(Spec s, Market m) {
    return String.format(Locale.ROOT, "market seeds=%s symbols=%d days=%d intensity=%s strengths=%s feeds=%s null=%s",
        s.seeds(), s.symbols(), s.days(), s.intensity(), s.strengths(), m.feeds(), m.nullMarket());
  }

  /**
   * The market's working lake under {@code dir}, built unless its marker describes the same market; its
   * configuration. A complete market (simulated, ingested, silver) is kept, and its gold stages run again when
   * the strategy settings or the code version differ from those they last ran with (recorded beside the
   * marker), so a changed tracker or signal parameter is scored without simulating again. The simulated
   * landing files are deleted once ingested.
   */
  static L2Config build(SparkSession spark, L2Config config, Strategy strategy, Spec s, Market m, Path dir) {
    L2Config c = config.withLakeRoot(dir.resolve("lake").toString());
    spark.conf().set(SHUFFLE_PARTITIONS, Integer.toString(shufflePartitions(s, configuredPartitions(spark))));
    Path done = dir.resolve("complete");
    Path goldDone = dir.resolve("gold-settings");
    String settings = goldSettings(strategy);
    String market = describe(s, m);
    try {
      if (Files.isRegularFile(done) && Files.readAllLines(done).stream().findFirst().orElse("").equals(market)) {
        String before = Files.isRegularFile(goldDone) ? Files.readString(goldDone) : "";
        if (!before.equals(settings)) {
          Stages.run(stale(before, settings), spark, c, strategy, null, null);
          Files.writeString(goldDone, settings);
        }
        return c;
      }
      io.l2lake.bench.BenchData.deleteTree(dir);
      Path raw = dir.resolve("raw");
      for (long seed : s.seeds()) {
        MarketPlan.Options plan = new MarketPlan.Options(seed, s.symbols(), s.days(), START, s.intensity(),
            MarketPlan.FaultRates.none(), 3600, 5).withMarket(new MarketPlan.Market(s.strengths(), m.feeds(),
            m.nullMarket(), MarketPlan.Confounders.defaults()));
        GenerateJob.run(spark, new Lake(spark, dir.resolve("truth-" + seed).toString()), raw.toString(), plan,
            RunContext.create(), prefix(seed));
      }
      IngestJob.run(spark, c, RunContext.create(), new IngestJob.Options(raw.toString(), false));
      // Bronze and the quarantine hold every line now; the landing files of a 10 x 50 full-feed market
      // take 11 GB, and a market is only ever read back from its lake.
      io.l2lake.bench.BenchData.deleteTree(raw);
      Stages.run(Stages.ALL, spark, c, strategy, null, null);
      Files.writeString(goldDone, settings);
      Files.writeString(done, market + "\n" + Instant.now() + "\n");
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The gold stages to run again when the recorded settings {@code before} differ from {@code now}: every stage
   * after a code version change, else each stage one of whose settings changed and every stage reading what
   * one of those writes (a tracker setting reruns the tracker, not the signals).
   */
  static List<Stage> stale(String before, String now) {
    Map<String, String> was = settingsMap(before);
    Map<String, String> is = settingsMap(now);
    boolean code = !Objects.equals(was.get("code_version"), is.get("code_version"));
    List<Stage> out = new ArrayList<>();
    Set<TableId> rewritten = new HashSet<>();
    for (Stage st : Stages.inZone("gold")) {
      boolean changed = code || st.settings().stream().anyMatch(x -> !Objects.equals(was.get(x.key()), is.get(x.key())))
          || st.inputs().stream().anyMatch(in -> rewritten.contains(in.table()));
      if (changed) {
        out.add(st);
        st.outputs().forEach(o -> rewritten.add(o.table()));
      }
    }
    return out;
  }

  private static Map<String, String> settingsMap(String text) {
    Map<String, String> m = new HashMap<>();
    text.lines().forEach(l -> {
      int eq = l.indexOf('=');
      if (eq > 0) {
        m.put(l.substring(0, eq), l.substring(eq + 1));
      }
    });
    return m;
  }

  /** One truth table of every seed of the market in {@code dir}, in one frame (symbols carry their seed). */
  static Dataset<Row> truth(SparkSession spark, Path dir, List<Long> seeds, TableId id) {
    Dataset<Row> all = null;
    for (long seed : seeds) {
      Dataset<Row> d = read(new Lake(spark, dir.resolve("truth-" + seed).toString()), id);
      all = all == null ? d : all.unionByName(d);
    }
    return all;
  }

  /** The code version and every strategy setting's value: what the gold tables depend on besides silver. */
  static String goldSettings(Strategy strategy) {
    StringBuilder out = new StringBuilder("code_version=").append(RunContext.create().codeVersion()).append('\n');
    settingValues(strategy).forEach((key, value) -> out.append(key).append('=').append(value).append('\n'));
    return out.toString();
  }

  /** Every strategy setting's key and value as text, in the registry's order. */
  static java.util.Map<String, String> settingValues(Strategy strategy) {
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    for (var setting : Strategy.SETTINGS) {
      out.put(setting.key(), String.valueOf(strategy.get(setting)));
    }
    return out;
  }

  static Dataset<Row> read(Lake lake, TableId id) {
    if (!lake.exists(id)) {
      throw new IllegalStateException(id.qualifiedName() + " is missing in " + lake.root());
    }
    return lake.spark().read().format("delta").load(lake.path(id));
  }

  /** The symbols of seed {@code seed}: S, the seed, X, then the symbol's number (S11X003). */
  static String prefix(long seed) {
    return String.format(Locale.ROOT, "S%dX", seed);
  }
}

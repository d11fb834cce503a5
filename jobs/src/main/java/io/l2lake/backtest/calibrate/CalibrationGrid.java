package io.l2lake.backtest.calibrate;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.l2lake.config.ConfigException;
import io.l2lake.config.Setting;
import io.l2lake.config.StopSettings;
import io.l2lake.config.Strategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A parameter sweep read from a HOCON grid file: the strategy keys to vary with their candidate
 * values, and how the walk-forward splits and the selection work.
 *
 * <pre>
 * calibration {
 *   train-days = 63        # in-sample window, trading days
 *   test-days = 21         # out-of-sample window that follows it; folds roll forward by test-days
 *   anchored = false       # true: every in-sample window starts at the first day
 *   metric = sharpe        # sharpe | sortino | total_return | cagr | profit_factor | net_pnl | win_rate
 *   parallel-runs = 4      # backtests submitted to Spark at the same time
 * }
 * grid {
 *   strategy.backtest.entry-composite-min = [0.2, 0.3, 0.4]
 *   strategy.stops.k-normal = [2.0, 2.5, 3.0]
 * }
 * </pre>
 *
 * Backtest and stop keys ({@code strategy.backtest.*}, {@code strategy.stops.*}) can always be swept. The
 * signals' and the tracker's keys can when the caller computes those stages again for each combination
 * ({@link #load(Path, Set)} with the keys, and a {@link GoldInputs}); the command line does. The stop context
 * ({@code gold.stops}) and the earlier stages' settings cannot.
 * Every combination is validated as a whole strategy before any work starts, so an absurd value
 * stops the run with the key, the value and what is allowed.
 *
 * @param values the swept keys in file order, each with its candidate values as text
 */
public record CalibrationGrid(Map<String, List<String>> values, int trainDays, int testDays, boolean anchored,
    String metric, int parallelRuns) {

  /** Most combinations one calibration runs (each is 2 backtests per fold). */
  public static final int MAX_COMBINATIONS = 2_000;

  /** Selection metrics; all are better when higher. */
  public static final Set<String> METRICS = Set.of("sharpe", "sortino", "total_return", "cagr", "profit_factor",
      "net_pnl", "win_rate");

  static final Setting<Integer> TRAIN_DAYS = Setting.intIn("calibration.train-days", 63, 1, 5_000,
      "in-sample window in trading days");
  static final Setting<Integer> TEST_DAYS = Setting.intIn("calibration.test-days", 21, 1, 5_000,
      "out-of-sample window in trading days, right after the in-sample one");
  static final Setting<Boolean> ANCHORED = Setting.flag("calibration.anchored", false,
      "every in-sample window starts at the first day");
  static final Setting<String> METRIC = Setting.of("calibration.metric", "sharpe", String::trim, METRICS::contains,
      "one of " + new java.util.TreeSet<>(METRICS), "the metric the combinations are ranked by");
  static final Setting<Integer> PARALLEL = Setting.intIn("calibration.parallel-runs", 4, 1, 64,
      "backtests submitted to Spark at the same time");

  public CalibrationGrid {
    values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  /** Reads and validates a grid file whose keys are backtest and stop keys only. */
  public static CalibrationGrid load(Path file) {
    return load(file, Set.of());
  }

  /**
   * Reads and validates a grid file; besides the backtest and stop keys, the keys in {@code recomputed} may be
   * swept (the caller computes the signals and the tracker again for them, see {@link GoldInputs}).
   */
  public static CalibrationGrid load(Path file, Set<String> recomputed) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("grid file " + file + " does not exist");
    }
    Config c;
    try {
      c = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("grid file " + file + " does not parse: " + e.getMessage());
    }
    String source = file.toString();
    for (String top : c.root().keySet()) {
      if (!top.equals("calibration") && !top.equals("grid")) {
        throw new ConfigException("grid file " + file + " has a section '" + top + "': allowed are calibration and grid");
      }
    }
    Map<String, String> settings = new TreeMap<>();
    if (c.hasPath("calibration")) {
      c.getConfig("calibration").entrySet().forEach(e ->
          settings.put("calibration." + e.getKey(), String.valueOf(e.getValue().unwrapped())));
    }
    Set<String> known = Set.of(TRAIN_DAYS.key(), TEST_DAYS.key(), ANCHORED.key(), METRIC.key(), PARALLEL.key());
    for (String k : settings.keySet()) {
      if (!known.contains(k)) {
        throw new ConfigException("grid file " + file + ": unknown key '" + k + "': allowed are " + new java.util.TreeSet<>(known));
      }
    }
    if (!c.hasPath("grid") || c.getConfig("grid").entrySet().isEmpty()) {
      throw new ConfigException("grid file " + file + " has no 'grid { strategy.KEY = [v1, v2, ...] }' section");
    }
    Map<String, List<String>> grid = new LinkedHashMap<>();
    // entrySet is unordered: keep a stable order (sorted keys) so combination ids are reproducible.
    new TreeMap<>(flatten(c.getConfig("grid"))).forEach(grid::put);
    CalibrationGrid g = new CalibrationGrid(grid, get(TRAIN_DAYS, settings, source), get(TEST_DAYS, settings, source),
        get(ANCHORED, settings, source), get(METRIC, settings, source), get(PARALLEL, settings, source));
    g.validate(source, recomputed);
    return g;
  }

  private static Map<String, List<String>> flatten(Config grid) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : grid.entrySet()) {
      String key = e.getKey().replace("\"", "");
      ConfigValue v = e.getValue();
      List<String> list = new ArrayList<>();
      if (v.valueType() == ConfigValueType.LIST) {
        for (ConfigValue item : (com.typesafe.config.ConfigList) v) {
          list.add(text(item));
        }
      } else {
        list.add(text(v));
      }
      out.put(key, list);
    }
    return out;
  }

  /** A value as HOCON renders it (numbers normalised: 2.0 is 2), strings without their quotes. */
  private static String text(ConfigValue v) {
    return v.valueType() == ConfigValueType.STRING ? (String) v.unwrapped() : v.render();
  }

  private static <T> T get(Setting<T> s, Map<String, String> settings, String source) {
    String raw = settings.get(s.key());
    return raw == null ? s.parse(s.defaultValue(), "default") : s.parse(raw, source);
  }

  private void validate(String source, Set<String> recomputed) {
    Set<String> strategyKeys = new java.util.TreeSet<>();
    Strategy.SETTINGS.forEach(s -> strategyKeys.add(s.key()));
    long combinations = 1;
    for (Map.Entry<String, List<String>> e : values.entrySet()) {
      String key = e.getKey();
      if (!strategyKeys.contains(key)) {
        throw new ConfigException("grid key '" + key + "' (from " + source + ") is not a strategy key");
      }
      if (!key.startsWith("strategy.backtest.") && !key.startsWith("strategy.stops.") && !recomputed.contains(key)) {
        throw new ConfigException("grid key '" + key + "' (from " + source + ") cannot be swept here: only "
            + "strategy.backtest.* and strategy.stops.* keys"
            + (recomputed.isEmpty() ? "" : " and the signals' and tracker's settings")
            + " can; other stages' parameters are baked into their tables (run './l2lake gold --set " + key
            + "=...' into another lake)");
      }
      if (StopSettings.CONTEXT_SETTINGS.stream().anyMatch(s -> s.key().equals(key))) {
        throw new ConfigException("grid key '" + key + "' (from " + source + ") cannot be swept here: it sets the "
            + "stop context in gold.stops, written by the stops stage (run './l2lake gold --set " + key
            + "=...' into another lake); its k-low, k-normal and k-high can be swept");
      }
      if (e.getValue().isEmpty()) {
        throw new ConfigException("grid key '" + key + "' (from " + source + ") has no values");
      }
      if (e.getValue().size() != new java.util.HashSet<>(e.getValue()).size()) {
        throw new ConfigException("grid key '" + key + "' (from " + source + ") repeats a value: " + e.getValue());
      }
      combinations *= e.getValue().size();
      if (combinations > MAX_COMBINATIONS) {
        throw new ConfigException("grid (from " + source + ") has more than " + MAX_COMBINATIONS
            + " combinations: sweep fewer values or split the grid");
      }
    }
    for (Map<String, String> combination : combinations()) {
      Strategy.load(null, combination); // throws naming the key and value that are out of range
    }
  }

  /** Every combination of the swept values, in a fixed order (the combination id is its index + 1). */
  public List<Map<String, String>> combinations() {
    List<Map<String, String>> out = new ArrayList<>();
    out.add(new LinkedHashMap<>());
    for (Map.Entry<String, List<String>> e : values.entrySet()) {
      List<Map<String, String>> next = new ArrayList<>();
      for (Map<String, String> partial : out) {
        for (String v : e.getValue()) {
          Map<String, String> m = new LinkedHashMap<>(partial);
          m.put(e.getKey(), v);
          next.add(m);
        }
      }
      out = next;
    }
    return out;
  }
}

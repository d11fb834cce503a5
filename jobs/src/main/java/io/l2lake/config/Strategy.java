package io.l2lake.config;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The research parameters: every threshold, window and weight of the signals, exits, the accumulation tracker,
 * the stops and the backtest, read from {@code conf/strategy.conf} (keys under {@code strategy.}) with
 * {@code --set strategy.KEY=VALUE} overrides. Each stage's settings are declared once, with their type, range
 * and meaning, in a file of their own ({@link SignalSettings}, {@link ExitSettings}, {@link TrackerSettings},
 * {@link StopSettings}, {@link BacktestSettings}, {@link PregapSettings}); this class is the one registry that
 * loads and checks them all: an unknown key or a value out of range stops the run at start with a one-line
 * message. They stay in the kit rather than in each stage's package because more than one stage reads them
 * (the backtest applies the stop settings and reads the tracker's; calibration sweeps them all). The formulas
 * that use them are documented in {@code io.l2lake.signals}, {@code io.l2lake.tracker} and
 * {@code io.l2lake.backtest}.
 */
public record Strategy(SignalSettings signals, ExitSettings exits, TrackerSettings tracker, StopSettings stops,
    BacktestSettings backtest, Map<String, String> values)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Every setting the typed records hold (the pre-gap study's are {@link PregapSettings#SETTINGS}). */
  public static final List<Setting<?>> SETTINGS = Stream.of(StopSettings.SETTINGS, BacktestSettings.SETTINGS,
      SignalSettings.SETTINGS, ExitSettings.SETTINGS, TrackerSettings.SETTINGS).flatMap(List::stream).toList();

  /** The defaults (no file, no overrides). */
  public static Strategy defaults() {
    return load(null, Map.of());
  }

  /** Loads {@code file} (null: defaults only) with {@code strategy.KEY=VALUE} overrides on top. */
  public static Strategy load(Path file, Map<String, String> overrides) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> source = new TreeMap<>();
    if (file != null) {
      HoconFile.read(file).forEach((k, v) -> {
        values.put(k, v);
        source.put(k, file.toString());
      });
    }
    overrides.forEach((k, v) -> {
      values.put(k.trim(), v);
      source.put(k.trim(), "command line");
    });
    TreeSet<String> known = new TreeSet<>();
    SETTINGS.forEach(s -> known.add(s.key()));
    PregapSettings.SETTINGS.forEach(s -> known.add(s.key()));
    List<String> unknown = new ArrayList<>();
    values.keySet().stream().filter(k -> !known.contains(k)).forEach(k -> unknown.add(k + " (from " + source.get(k) + ")"));
    if (!unknown.isEmpty()) {
      throw new ConfigException("unknown strategy keys " + unknown + ": allowed are " + known);
    }
    Values g = new Values(values, source);
    PregapSettings.SETTINGS.forEach(g::v); // the pre-gap settings are read by the analyser; checked here at start
    return new Strategy(SignalSettings.read(g), ExitSettings.read(g), TrackerSettings.read(g), StopSettings.read(g),
        BacktestSettings.read(g), Map.copyOf(values));
  }

  /**
   * The value of any declared strategy setting (for settings read outside the typed records, such as
   * {@link PregapSettings}): the loaded or overridden value, else the default; already validated by
   * {@link #load}.
   */
  public <T> T get(Setting<T> s) {
    String raw = values.get(s.key());
    return raw == null ? s.parse(s.defaultValue(), "default") : s.parse(raw, "strategy");
  }

  /** The loaded values with where each came from, read setting by setting (the default where absent). */
  record Values(Map<String, String> values, Map<String, String> source) {
    <T> T v(Setting<T> s) {
      String raw = values.get(s.key());
      return raw == null ? s.parse(s.defaultValue(), "default") : s.parse(raw, source.get(s.key()));
    }
  }
}

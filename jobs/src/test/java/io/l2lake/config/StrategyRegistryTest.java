package io.l2lake.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The one registry over the per-stage settings files: every key declared once, under its stage's prefixes, and
 * present in {@code conf/strategy.conf}; unknown keys, bad values and inconsistent pairs refused at load.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class StrategyRegistryTest {
  private static final Path CONF = Path.of(System.getProperty("user.dir")).getParent().resolve("conf")
      .resolve("strategy.conf");

  private static Set<String> keys(List<Setting<?>> settings) {
    return settings.stream().map(Setting::key).collect(Collectors.toCollection(TreeSet::new));
  }

  private static void allUnder(List<Setting<?>> settings, String... prefixes) {
    for (Setting<?> s : settings) {
      assertTrue(java.util.Arrays.stream(prefixes).anyMatch(p -> s.key().startsWith("strategy." + p + ".")),
          s.key() + " is declared in the file of " + String.join("/", prefixes));
    }
  }

  @Test
  void eachStageDeclaresItsOwnKeysOnce() {
    allUnder(SignalSettings.SETTINGS, "signals", "absorption", "creep", "darkpool", "sinkhole", "contraction");
    allUnder(ExitSettings.SETTINGS, "fleeing", "dumping");
    allUnder(TrackerSettings.SETTINGS, "tracker");
    allUnder(StopSettings.SETTINGS, "stops");
    allUnder(BacktestSettings.SETTINGS, "backtest");
    allUnder(PregapSettings.SETTINGS, "pregap");
    List<Setting<?>> all = new ArrayList<>(Strategy.SETTINGS);
    all.addAll(PregapSettings.SETTINGS);
    assertEquals(all.size(), keys(all).size(), "no key is declared twice");
    assertEquals(SignalSettings.SETTINGS.size() + ExitSettings.SETTINGS.size() + TrackerSettings.SETTINGS.size()
        + StopSettings.SETTINGS.size() + BacktestSettings.SETTINGS.size(), Strategy.SETTINGS.size());
    assertTrue(StopSettings.SETTINGS.containsAll(StopSettings.CONTEXT_SETTINGS));
  }

  @Test
  void theConfFileSetsEveryDeclaredKeyAndLoads() {
    Set<String> declared = keys(Strategy.SETTINGS);
    declared.addAll(keys(PregapSettings.SETTINGS));
    assertEquals(declared, new TreeSet<>(HoconFile.read(CONF).keySet()),
        "conf/strategy.conf shows every setting, and only those");
    Strategy s = Strategy.load(CONF, Map.of());
    assertEquals("swing", s.stops().mode());
    assertEquals(s.values().get(BacktestSettings.ENTRY_STATES.key()), s.backtest().entryStates());
  }

  @Test
  void overridesReachTheirStagesRecord() {
    Strategy s = Strategy.load(null, Map.of("strategy.creep.window", "20", "strategy.tracker.ready-score", "0.5",
        "strategy.stops.k-high", "4", "strategy.backtest.late-entry-min-firing", "0", "strategy.dumping.bars", "7"));
    assertEquals(20, s.signals().creep().window());
    assertEquals(0.5, s.tracker().readyScore());
    assertEquals(4.0, s.stops().kHigh());
    assertEquals(0, s.backtest().lateEntryMinFiring());
    assertEquals(7, s.exits().dumpBars());
    assertEquals(Strategy.defaults().signals().absorption(), s.signals().absorption(), "the rest keep their defaults");
  }

  @Test
  void badInputStopsTheLoadWithTheKeyNamed() {
    ConfigException unknown = assertThrows(ConfigException.class,
        () -> Strategy.load(null, Map.of("strategy.backtest.entry-min-fring", "1")));
    assertTrue(unknown.getMessage().contains("strategy.backtest.entry-min-fring (from command line)"),
        unknown.getMessage());
    ConfigException range = assertThrows(ConfigException.class,
        () -> Strategy.load(null, Map.of("strategy.backtest.late-entry-min-firing", "6")));
    assertTrue(range.getMessage().contains("strategy.backtest.late-entry-min-firing"), range.getMessage());
    ConfigException ready = assertThrows(ConfigException.class,
        () -> Strategy.load(null, Map.of("strategy.tracker.ready-days", "1", "strategy.tracker.accumulating-days", "3")));
    assertTrue(ready.getMessage().contains(TrackerSettings.READY_DAYS.key())
        && ready.getMessage().contains(TrackerSettings.ACC_DAYS.key()), ready.getMessage());
    ConfigException regime = assertThrows(ConfigException.class, () -> Strategy.load(null,
        Map.of("strategy.stops.regime-low-percentile", "0.8", "strategy.stops.regime-high-percentile", "0.5")));
    assertTrue(regime.getMessage().contains(StopSettings.REGIME_LOW.key()), regime.getMessage());
  }
}

package io.l2lake.backtest.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CalibrationGridTest {
  @TempDir Path dir;

  private Path file(String text) throws Exception {
    Path p = dir.resolve("grid.conf");
    Files.writeString(p, text);
    return p;
  }

  @Test
  void readsSettingsAndEnumeratesEveryCombinationInKeyOrder() throws Exception {
    CalibrationGrid g = CalibrationGrid.load(file("""
        calibration { train-days = 10, test-days = 5, anchored = true, metric = sortino, parallel-runs = 2 }
        grid {
          strategy.stops.k-normal = [2.0, 3.0]
          strategy.backtest.entry-composite-min = [0.2, 0.3, 0.4]
          strategy.backtest.cooldown-bars = 15
        }
        """));
    assertEquals(10, g.trainDays());
    assertEquals(5, g.testDays());
    assertTrue(g.anchored());
    assertEquals("sortino", g.metric());
    assertEquals(2, g.parallelRuns());
    List<Map<String, String>> c = g.combinations();
    assertEquals(6, c.size());
    assertEquals(Map.of("strategy.backtest.cooldown-bars", "15", "strategy.backtest.entry-composite-min", "0.2",
        "strategy.stops.k-normal", "2"), c.get(0));
    assertEquals("3", c.get(1).get("strategy.stops.k-normal"));
    assertEquals(Map.of("strategy.backtest.cooldown-bars", "15", "strategy.backtest.entry-composite-min", "0.4",
        "strategy.stops.k-normal", "3"), c.get(5));
    assertEquals(List.of("strategy.backtest.cooldown-bars", "strategy.backtest.entry-composite-min",
        "strategy.stops.k-normal"), List.copyOf(c.get(3).keySet()));
  }

  @Test
  void defaultsAreSixMonthSplits() throws Exception {
    CalibrationGrid g = CalibrationGrid.load(file("grid { strategy.stops.k-high = [3, 4] }"));
    assertEquals(63, g.trainDays());
    assertEquals(21, g.testDays());
    assertEquals("sharpe", g.metric());
  }

  private String error(String text) throws Exception {
    Path p = file(text);
    return assertThrows(ConfigException.class, () -> CalibrationGrid.load(p)).getMessage();
  }

  @Test
  void badGridsStopWithTheKeyAndTheReason() throws Exception {
    assertTrue(error("grid { strategy.creep.window = [10, 20] }").contains("cannot be swept"));
    assertTrue(error("grid { strategy.stops.nope = [1] }").contains("not a strategy key"));
    String range = error("grid { strategy.backtest.participation-cap = [0.1, 7] }");
    assertTrue(range.contains("strategy.backtest.participation-cap") && range.contains("'7'"), range);
    assertTrue(error("calibration { metric = luck }\ngrid { strategy.stops.k-high = [3] }").contains("calibration.metric"));
    assertTrue(error("calibration { test-days = 0 }\ngrid { strategy.stops.k-high = [3] }").contains("calibration.test-days"));
    assertTrue(error("calibration { tran-days = 5 }\ngrid { strategy.stops.k-high = [3] }").contains("unknown key"));
    assertTrue(error("calibration { train-days = 5 }").contains("no 'grid"));
    assertTrue(error("grid { strategy.stops.k-high = [3, 3] }").contains("repeats"));
    assertTrue(error("grid { strategy.stops.k-high = [3] }\nsweep { }").contains("section 'sweep'"));
    assertTrue(error("grid { strategy.stops.k-high = [3").contains("does not parse"));
  }

  @Test
  void signalAndTrackerKeysAreSweptWhereTheCallerRecomputesThem() throws Exception {
    Path p = file("grid {\n  strategy.creep.window = [10, 20]\n  strategy.tracker.ready-score = [0.6, 0.7]\n}");
    CalibrationGrid g = CalibrationGrid.load(p, java.util.Set.of("strategy.creep.window",
        "strategy.tracker.ready-score"));
    assertEquals(4, g.combinations().size());
    String only = assertThrows(ConfigException.class, () -> CalibrationGrid.load(p,
        java.util.Set.of("strategy.tracker.ready-score"))).getMessage();
    assertTrue(only.contains("strategy.creep.window") && only.contains("signals' and tracker's settings"), only);
    // The stop context stays out, recomputed keys or not.
    Path stops = file("grid { strategy.stops.atr-days = [10, 14] }");
    assertTrue(assertThrows(ConfigException.class, () -> CalibrationGrid.load(stops,
        java.util.Set.of("strategy.tracker.ready-score"))).getMessage().contains("gold.stops"));
  }
}

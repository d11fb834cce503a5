package io.l2lake.pregap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.config.ConfigException;
import io.l2lake.config.PregapSettings;
import io.l2lake.config.Setting;
import io.l2lake.config.Strategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pre-gap settings: conf/strategy.conf lists every one at its default, overrides reach them, bad values stop. */
class PregapSettingsTest {
  static final Path CONF = Path.of("..", "conf", "strategy.conf");

  @Test
  void theConfFileListsEveryPregapSettingAtItsDefault() throws Exception {
    String text = Files.readString(CONF);
    assertTrue(text.contains("  pregap {"), "a pregap section");
    for (Setting<?> s : PregapSettings.SETTINGS) {
      String leaf = s.key().substring("strategy.pregap.".length());
      assertTrue(text.contains("    " + leaf + " = "), s.key() + " is listed");
    }
    assertEquals(PregapParams.defaults(), PregapParams.from(Strategy.load(CONF, Map.of())));
  }

  @Test
  void overridesReachTheParametersAndBadValuesStopWithOneLine() {
    PregapParams p = PregapParams.from(Strategy.load(CONF, Map.of("strategy.pregap.gaps", "0.3,0.1",
        "strategy.pregap.test-block-years", "1", "strategy.pregap.spread-price-bounds", "1",
        "strategy.pregap.spread-round-trip", "0.04,0.01")));
    assertEquals(List.of(0.1, 0.3), p.gaps());
    assertEquals(List.of("gap_up_10", "gap_up_30", "gap_down_10", "gap_down_30"), p.labels());
    assertEquals(1, p.testBlockYears());
    assertEquals(0.04, p.spreadFor(0.99), 0);
    assertEquals(0.01, p.spreadFor(1.0), 0);
    for (String[] bad : List.of(new String[] {"strategy.pregap.gaps", "0.2,0.2"},
        new String[] {"strategy.pregap.halt-days", "1"},
        new String[] {"strategy.pregap.bootstrap-samples", "199"},
        new String[] {"strategy.pregap.spread-price-bounds", "1,0.5"},
        new String[] {"strategy.pregap.spread-round-trip", "0.1,1.0"},
        new String[] {"strategy.pregap.absurd-ratio", "x"})) {
      ConfigException e = assertThrows(ConfigException.class, () -> Strategy.load(CONF, Map.of(bad[0], bad[1])),
          bad[0]);
      assertTrue(e.getMessage().startsWith("configuration key '" + bad[0] + "' has value '" + bad[1]
          + "' (from command line): allowed is "), e.getMessage());
      assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
    ConfigException unknown = assertThrows(ConfigException.class,
        () -> Strategy.load(null, Map.of("strategy.pregap.split-date", "2015-01-01")));
    assertTrue(unknown.getMessage().startsWith("unknown strategy keys [strategy.pregap.split-date"), unknown.getMessage());
  }
}

package io.l2lake.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Lists are parsed by the HOCON parser, from a file's list and from a {@code --set} value alike. */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class SettingListsTest {
  @TempDir Path dir;

  @Test
  void aListParsesTheSameFromAFileAndFromTheCommandLine() throws Exception {
    assertEquals(List.of(0.2, 0.5), Setting.numbers("[0.2, 0.5]"));
    assertEquals(List.of(0.2, 0.5), Setting.numbers("0.2,0.5"));
    assertEquals(List.of(0.2, 0.5), Setting.numbers(" [ 0.2 ,\n 0.5 ] "));
    assertEquals(List.of(1, 5, 10), Setting.integers("1, 5, 10"));
    assertEquals(List.of(), Setting.integers("[]"));
    Path f = dir.resolve("s.conf");
    Files.writeString(f, "strategy { pregap { gaps = [0.3,\n 0.6]\n return-days = [2, 4] } }\n");
    Strategy s = Strategy.load(f, Map.of());
    assertEquals(List.of(0.3, 0.6), s.get(PregapSettings.GAPS));
    assertEquals(List.of(2, 4), s.get(PregapSettings.RETURN_DAYS));
    Strategy o = Strategy.load(f, Map.of("strategy.pregap.gaps", "0.25,0.75"));
    assertEquals(List.of(0.25, 0.75), o.get(PregapSettings.GAPS));
  }

  @Test
  void aBadListIsRefusedWithItsKey() {
    assertThrows(RuntimeException.class, () -> Setting.numbers("[0.2, \"x\"]"));
    assertThrows(RuntimeException.class, () -> Setting.numbers("[0.2, [0.5]]"));
    assertThrows(RuntimeException.class, () -> Setting.integers("1.5, 2"));
    assertThrows(RuntimeException.class, () -> Setting.numbers("0.2;0.5"));
    ConfigException e = assertThrows(ConfigException.class,
        () -> Strategy.load(null, Map.of("strategy.pregap.return-days", "1, 2.5")));
    assertTrue(e.getMessage().contains("strategy.pregap.return-days"), e.getMessage());
  }
}

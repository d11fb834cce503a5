package io.l2lake.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class L2ConfigTest {
  @TempDir Path dir;

  @Test
  void theShippedProfilesLoad() {
    Path root = Path.of(System.getProperty("l2lake.root", "../"));
    L2Config local = L2Config.load(root.resolve("conf/spark-local.conf"), Map.of());
    assertEquals("data-lake", local.lake().root());
    assertEquals("data-lake/raw", local.lake().rawRoot());
    assertEquals("local[*]", local.spark().get("spark.master"));
    assertEquals("UTC", local.spark().get("spark.sql.session.timeZone"));
    assertEquals(LocalTime.of(9, 30), local.quality().regularOpen());
    L2Config cluster = L2Config.load(root.resolve("conf/spark-cluster.conf"), Map.of());
    assertTrue(cluster.lake().root().startsWith("s3a://"));
    assertEquals(null, cluster.spark().get("spark.master"));
  }

  @Test
  void commandLineOverridesTheFile() throws Exception {
    Path f = dir.resolve("p.conf");
    Files.writeString(f, "l2lake { lake-root = \"/tmp/a\", quality.intraday-hole-minutes = 20 }\n");
    L2Config c = L2Config.load(f, Map.of("l2lake.quality.intraday-hole-minutes", "45",
        "spark.sql.shuffle.partitions", "3"));
    assertEquals(45, c.quality().intradayHoleMinutes());
    assertEquals("/tmp/a/raw", c.lake().rawRoot());
    assertEquals("3", c.spark().get("spark.sql.shuffle.partitions"));
  }

  @Test
  void aBadValueNamesTheKeyTheValueAndWhatIsAllowed() {
    ConfigException e = assertThrows(ConfigException.class, () -> L2Config.load(null,
        Map.of("l2lake.quality.intraday-hole-minutes", "0")));
    assertEquals("configuration key 'l2lake.quality.intraday-hole-minutes' has value '0' (from command line):"
        + " allowed is an integer from 1 to 390", e.getMessage());
    ConfigException time = assertThrows(ConfigException.class, () -> L2Config.load(null,
        Map.of("l2lake.quality.session-start", "4am")));
    assertTrue(time.getMessage().contains("a time of day HH:MM"), time.getMessage());
  }

  @Test
  void anUnknownKeyIsAnErrorNotASilentDefault() throws Exception {
    Path f = dir.resolve("p.conf");
    Files.writeString(f, "l2lake.quality.intraday-hole-minute = 20\n");
    ConfigException e = assertThrows(ConfigException.class, () -> L2Config.load(f, Map.of()));
    assertTrue(e.getMessage().startsWith("unknown configuration keys [l2lake.quality.intraday-hole-minute (from "),
        e.getMessage());
    assertTrue(e.getMessage().contains("l2lake.quality.intraday-hole-minutes"), e.getMessage());
  }

  @Test
  void sessionTimesMustBeOrdered() {
    ConfigException e = assertThrows(ConfigException.class, () -> L2Config.load(null,
        Map.of("l2lake.quality.regular-open", "17:00")));
    assertTrue(e.getMessage().contains("must hold"), e.getMessage());
  }

  @Test
  void aFileThatDoesNotParseSaysWhere() throws Exception {
    Path f = dir.resolve("bad.conf");
    Files.writeString(f, "l2lake { lake-root = \n");
    ConfigException e = assertThrows(ConfigException.class, () -> L2Config.load(f, Map.of()));
    assertTrue(e.getMessage().contains("bad.conf"), e.getMessage());
  }
}

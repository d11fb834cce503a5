package io.l2lake.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.testing.ChildJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded catalog outlives the JVM: {@code l2lake catalog} in one JVM registers the lake in Spark's built-in
 * metastore under the lake root; {@code l2lake sql} in a later JVM finds the tables by name, with their comments.
 */
class CatalogPersistenceIT {
  @TempDir Path dir;

  @Test
  void aLaterJvmSeesTheTablesByName() {
    Lake lake = io.l2lake.testing.TestLakes.namedTablesLake(dir.resolve("lake"));

    String registered = l2lake("catalog", List.of("catalog"));
    assertTrue(registered.contains("catalog (embedded at " + lake.root() + "/_catalog): 2 tables"), registered);
    assertTrue(Files.isDirectory(dir.resolve("lake/_catalog/metastore_db")), "the metastore is under the lake");

    String queried = l2lake("sql", List.of("sql", "SHOW TABLES IN silver;\nSELECT symbol, vwap FROM silver.bars_1m;\n"
        + "DESCRIBE TABLE silver.bars_1m;\nSHOW DATABASES"));
    assertTrue(queried.contains("bars_1m"), queried);
    assertTrue(queried.contains("ABCD    1.25"), queried);
    String vwap = LakeCatalog.columnComment(TableId.SILVER_BARS_1M, "vwap");
    assertTrue(queried.lines().anyMatch(l -> l.startsWith("vwap ") && l.contains("double") && l.endsWith(vwap)),
        queried);
    assertTrue(queried.contains("silver") && queried.contains("ops") && !queried.lines().anyMatch(l -> l.trim()
        .equals("gold")), "a database per zone that has tables: " + queried);
  }

  private String l2lake(String name, List<String> command) {
    List<String> args = new ArrayList<>(List.of("-Dlog4j2.configurationFile="
        + ChildJvm.ROOT.resolve("conf/log4j2.properties"), "-cp", System.getProperty("java.class.path"),
        "io.l2lake.cli.Main"));
    args.addAll(command);
    args.addAll(List.of("--lake", dir.resolve("lake").toString(), "--set", "spark.master=local[1]",
        "--set", "spark.driver.host=127.0.0.1", "--set", "spark.driver.bindAddress=127.0.0.1"));
    try (ChildJvm jvm = ChildJvm.start(name, dir.resolve(name + ".log"), dir, Map.of(), "1g", args)) {
      int status = jvm.await(Duration.ofMinutes(5));
      String log = jvm.logText();
      assertEquals(0, status, log);
      return log;
    }
  }
}

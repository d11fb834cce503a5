package io.l2lake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.lake.Lake;
import io.l2lake.testing.ChildJvm;
import io.l2lake.testing.TestLakes;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code l2lake serve} in a JVM of its own; a JVM holding only the JVM Spark Connect client (no Spark engine,
 * no Delta) connects to it on 127.0.0.1 and queries the lake's tables by name.
 */
class ServeIT {
  /**
   * Engine-side jars the client JVM must not have: the client bundles its own SQL API (spark-core stays: the
   * API's classes name SparkContext in signatures).
   */
  static final Pattern ENGINE = Pattern.compile(
      "^(spark-(sql|sql-api|catalyst|hive|connect)_2\\.13-|delta-|hive-|hadoop-aws|bundle-).*");

  @TempDir Path dir;

  @Test
  void aConnectClientQueriesTheLakeByName() {
    Lake lake = TestLakes.namedTablesLake(dir.resolve("lake"));

    int port = ChildJvm.freePort();
    List<String> serveArgs = List.of("-Dlog4j2.configurationFile=" + ChildJvm.ROOT.resolve("conf/log4j2.properties"),
        "-cp", System.getProperty("java.class.path"), "io.l2lake.cli.Main", "serve", "--port", String.valueOf(port),
        "--lake", lake.root(), "--set", "spark.master=local[2]", "--set", "spark.driver.host=127.0.0.1",
        "--set", "spark.driver.bindAddress=127.0.0.1", "--set", "spark.sql.shuffle.partitions=2");
    try (ChildJvm server = ChildJvm.start("serve", dir.resolve("serve.log"), dir, Map.of(), "1536m", serveArgs)) {
      server.awaitLog("l2lake serve: Spark Connect at sc://127\\.0\\.0\\.1:" + port + " over lake .* \\(2 tables",
          Duration.ofMinutes(4));

      List<String> clientArgs = new ArrayList<>(List.of("-cp", clientClasspath(), "io.l2lake.testing.ConnectClient",
          "sc://127.0.0.1:" + port,
          "SHOW TABLES IN silver",
          "SELECT symbol, sum(volume) AS volume, max(vwap) AS vwap FROM silver.bars_1m GROUP BY symbol ORDER BY symbol",
          "SELECT count(*) FROM ops.job_runs"));
      try (ChildJvm client = ChildJvm.start("client", dir.resolve("client.log"), dir, Map.of(), "512m",
          clientArgs)) {
        int status = client.await(Duration.ofMinutes(4));
        String out = client.logText();
        assertEquals(0, status, out + "\n--- server:\n" + server.tail());
        assertTrue(out.contains("client session: org.apache.spark.sql.connect.SparkSession"), out);
        List<String> rows = out.lines().filter(l -> l.startsWith("row: ")).toList();
        assertEquals(List.of("row: [silver,bars_1m,false]", "row: [ABCD,10,1.5]", "row: [EFGH,11,0.5]", "row: [0]"),
            rows, out);
      }
    }
  }

  /** This module's test classes, the Connect client jar, and the libraries it needs, without the engine. */
  static String clientClasspath() {
    Path client = Path.of(System.getProperty("l2lake.connectClientJar"));
    assertTrue(Files.isRegularFile(client), "the Connect client jar is copied by the build: " + client);
    List<String> cp = new ArrayList<>(List.of(client.toString()));
    Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.endsWith(".jar") && e.contains("test-classes")
            || e.endsWith(".jar") && !ENGINE.matcher(Path.of(e).getFileName().toString()).matches())
        .forEach(cp::add);
    return cp.stream().collect(Collectors.joining(File.pathSeparator));
  }
}

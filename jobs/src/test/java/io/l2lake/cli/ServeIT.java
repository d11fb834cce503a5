package io.l2lake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.lake.Lake;
import io.l2lake.lake.TableId;
import io.l2lake.testing.ChildJvm;
import io.l2lake.testing.TestLakes;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code l2lake serve} in a JVM of its own; JVMs holding only the JVM Spark Connect client (no Spark engine, no
 * Delta) connect to it on localhost: without the token they are turned away, with it they query the lake's
 * tables by name and their writes are refused. Every socket the server listens on is a loopback one.
 */
class ServeIT {
  /**
   * Engine-side jars the client JVM must not have: the client bundles its own SQL API (spark-core stays: the
   * API's classes name SparkContext in signatures).
   */
  static final Pattern ENGINE = Pattern.compile(
      "^(spark-(sql|sql-api|catalyst|hive|connect)_2\\.13-|delta-|hive-|hadoop-aws|bundle-).*");

  private static final Pattern SOCKET = Pattern.compile("socket:\\[(\\d+)]");

  @TempDir Path dir;

  @Test
  @Timeout(value = 30, unit = TimeUnit.MINUTES)
  void aClientWithTheTokenReadsTheLakeAndCannotWriteIt() throws IOException {
    Lake lake = TestLakes.namedTablesLake(dir.resolve("lake"));
    Path outside = Files.writeString(dir.resolve("outside.txt"), "not in the lake\n");
    Path tokenFile = dir.resolve("token/serve-token");

    int port = ChildJvm.freePort();
    List<String> serveArgs = List.of("-Dlog4j2.configurationFile=" + ChildJvm.ROOT.resolve("conf/log4j2.properties"),
        "-cp", System.getProperty("java.class.path"), "io.l2lake.cli.Main", "serve", "--port", String.valueOf(port),
        "--lake", lake.root(), "--token-file", tokenFile.toString(), "--set", "spark.master=local[2]",
        "--set", "spark.ui.enabled=true", "--set", "spark.sql.shuffle.partitions=2");
    try (ChildJvm server = ChildJvm.start("serve", dir.resolve("serve.log"), dir, Map.of(), "1536m", serveArgs)) {
      server.awaitLog("l2lake serve: Spark Connect at sc://localhost:" + port + " over lake .* \\(2 tables.*read-only",
          Duration.ofMinutes(8));
      assertTrue(server.logText().contains("  token: " + tokenFile), server.tail());
      assertTrue(server.logText().contains("Spark UI off"), server.tail());
      String token = Files.readString(tokenFile);
      assertTrue(token.matches("[A-Za-z0-9_-]{43}"), "32 random bytes, URL-safe Base64: " + token);
      assertFalse(server.logText().contains(token), "the token is never printed");
      assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
          Files.getPosixFilePermissions(tokenFile));

      List<InetSocketAddress> listening = listening(server.pid());
      assertTrue(listening.stream().anyMatch(a -> a.getPort() == port), "the Connect port listens: " + listening);
      assertTrue(listening.size() >= 3, "Connect, driver RPC and block manager: " + listening);
      assertTrue(listening.stream().allMatch(a -> a.getAddress().isLoopbackAddress()),
          "every listening socket is on a loopback address: " + listening);

      String url = "sc://localhost:" + port;
      for (String refused : List.of(url, url + "/;token=" + "x".repeat(43))) {
        Client c = client(refused, "SELECT count(*) FROM silver.bars_1m");
        assertEquals(3, c.status, c.out + "\n--- server:\n" + server.tail());
        assertTrue(c.out.contains("UNAUTHENTICATED"), c.out);
        assertFalse(c.out.contains("row: "), c.out);
      }

      long version = TestLakes.version(Path.of(lake.root()), TableId.SILVER_BARS_1M);
      Client c = client(url + "/;token=" + token,
          "SHOW TABLES IN silver",
          "SELECT symbol, sum(volume) AS volume, max(vwap) AS vwap FROM silver.bars_1m GROUP BY symbol ORDER BY symbol",
          "SELECT count(*) FROM ops.job_runs",
          "DELETE FROM silver.bars_1m",
          "INSERT INTO silver.bars_1m SELECT * FROM silver.bars_1m",
          "DROP TABLE silver.bars_1m",
          "SELECT * FROM text.`" + outside + "`",
          "saveAsTable:silver.bars_copy:SELECT * FROM silver.bars_1m",
          "readText:" + outside,
          "SELECT count(*) FROM silver.bars_1m");
      assertEquals(0, c.status, c.out + "\n--- server:\n" + server.tail());
      assertTrue(c.out.contains("client session: org.apache.spark.sql.connect.SparkSession"), c.out);
      List<String> rows = c.out.lines().filter(l -> l.startsWith("row: ")).toList();
      assertEquals(List.of("row: [silver,bars_1m,false]", "row: [ABCD,10,1.5]", "row: [EFGH,11,0.5]", "row: [0]",
          "row: [3]"), rows, c.out);
      List<String> errors = c.out.lines().filter(l -> l.startsWith("error: ")).toList();
      assertEquals(6, errors.size(), c.out);
      for (String what : List.of("refused DeleteFromTable", "refused InsertIntoStatement", "refused DropTable",
          "refused text.`" + outside + "`", "refused CreateDataSourceTableAsSelectCommand", "refused a read of file:" + outside)) {
        assertTrue(errors.stream().anyMatch(e -> e.contains(what) && e.contains("--allow-writes")),
            what + " in:\n" + c.out);
      }
      assertEquals(version, TestLakes.version(Path.of(lake.root()), TableId.SILVER_BARS_1M));
      assertFalse(Files.exists(dir.resolve("lake/_catalog/warehouse/silver.db/bars_copy")), c.out);
    }
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void aNonLoopbackAddressNeedsAllowRemote() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int host;
    int driver;
    try {
      host = Main.execute("serve", "--host", "0.0.0.0", "--token-file", dir.resolve("t").toString());
      driver = Main.execute("serve", "--set", "spark.driver.bindAddress=0.0.0.0", "--token-file",
          dir.resolve("t").toString());
    } finally {
      System.setErr(old);
    }
    assertEquals(2, host);
    assertEquals(2, driver);
    assertEquals(List.of("l2lake: --host 0.0.0.0 is not a loopback address: the lake would be served to the network;"
            + " add --allow-remote to do that",
        "l2lake: spark.driver.bindAddress=0.0.0.0 is not a loopback address: the driver would listen on the network;"
            + " add --allow-remote to do that"), err.toString(StandardCharsets.UTF_8).lines().toList());
    assertFalse(Files.exists(dir.resolve("t")), "no token is written");
  }

  private record Client(int status, String out) {}

  private Client client(String url, String... statements) {
    List<String> args = new ArrayList<>(List.of("-cp", clientClasspath(), "io.l2lake.testing.ConnectClient", url));
    args.addAll(Arrays.asList(statements));
    Path log = dir.resolve("client-" + System.nanoTime() + ".log");
    try (ChildJvm client = ChildJvm.start("client", log, dir, Map.of(), "512m", args)) {
      int status = client.await(Duration.ofMinutes(6));
      return new Client(status, client.logText());
    }
  }

  /**
   * The addresses of the TCP sockets the process listens on: its socket inodes ({@code /proc/PID/fd}) matched
   * with the LISTEN entries (state 0A) of {@code /proc/PID/net/tcp} and {@code tcp6}.
   */
  static List<InetSocketAddress> listening(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : fds) {
        try {
          Matcher m = SOCKET.matcher(Files.readSymbolicLink(fd).toString());
          if (m.matches()) {
            inodes.add(m.group(1));
          }
        } catch (IOException e) {
          // The descriptor was closed after the listing: it is no socket of the process any more.
        }
      }
    }
    List<InetSocketAddress> out = new ArrayList<>();
    for (String table : List.of("tcp", "tcp6")) {
      Path file = Path.of("/proc", Long.toString(pid), "net", table);
      if (!Files.exists(file)) {
        continue;
      }
      List<String> lines = Files.readAllLines(file);
      for (String line : lines.subList(1, lines.size())) {
        String[] c = line.trim().split("\\s+");
        if (c[3].equals("0A") && inodes.contains(c[9])) {
          out.add(address(c[1]));
        }
      }
    }
    return out;
  }

  /** {@code 0100007F:3A98} (each 32-bit word in the machine's byte order) as 127.0.0.1:15000. */
  static InetSocketAddress address(String hex) throws IOException {
    String[] hostPort = hex.split(":");
    byte[] raw = HexFormat.of().parseHex(hostPort[0]);
    byte[] bytes = raw.clone();
    if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
      for (int w = 0; w < raw.length; w += 4) {
        for (int i = 0; i < 4; i++) {
          bytes[w + i] = raw[w + 3 - i];
        }
      }
    }
    return new InetSocketAddress(InetAddress.getByAddress(bytes), Integer.parseInt(hostPort[1], 16));
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

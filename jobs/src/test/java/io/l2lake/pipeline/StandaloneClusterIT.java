package io.l2lake.pipeline;

import static io.l2lake.pipeline.BackfillLakes.FROM;
import static io.l2lake.pipeline.BackfillLakes.TO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.testing.ChildJvm;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Spark standalone cluster on 127.0.0.1 (one master, two one-core workers, each its own JVM started from
 * the Spark jars) runs the application jar submitted through {@code org.apache.spark.deploy.SparkSubmit},
 * the class the {@code spark-submit} script runs, in client mode, with Delta given as {@code --jars} (what
 * {@code --packages} resolves to). The backfill's tables equal those of the same backfill run embedded.
 */
class StandaloneClusterIT {
  /** Jars of the test classpath that a Spark distribution does not hold. */
  static final Pattern NOT_SPARK = Pattern.compile(
      "^(l2lake-|delta-|junit-|opentest4j|apiguardian|duckdb|hadoop-aws|bundle-|surefire|failsafe|picocli|config-).*");
  static final Duration START = Duration.ofMinutes(2);
  static final Duration RUN = Duration.ofMinutes(20);

  @TempDir static Path dir;
  static Path sparkHome;
  static final List<ChildJvm> daemons = new ArrayList<>();
  static String masterUrl;

  @BeforeAll
  static void startCluster() throws IOException {
    sparkHome = sparkDistribution(dir.resolve("spark-home"));
    int port = ChildJvm.freePort();
    ChildJvm master = daemon("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
        "--port", String.valueOf(port), "--webui-port", String.valueOf(ChildJvm.freePort())));
    masterUrl = "spark://127.0.0.1:" + port;
    master.awaitLog("I have been elected leader", START);
    for (int i = 1; i <= 2; i++) {
      Path work = Files.createDirectories(dir.resolve("worker-" + i));
      daemon("worker-" + i, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
          "--cores", "1", "--memory", "1536m", "--webui-port", String.valueOf(ChildJvm.freePort()),
          "--work-dir", work.toString(), masterUrl));
    }
    for (ChildJvm w : daemons.subList(1, daemons.size())) {
      w.awaitLog("Successfully registered with master", START);
    }
  }

  @AfterAll
  static void stopCluster() {
    for (int i = daemons.size() - 1; i >= 0; i--) {
      daemons.get(i).close();
    }
  }

  @Test
  void theSubmittedBackfillWritesTheTablesOfTheEmbeddedRun() throws IOException {
    Path raw = BackfillLakes.shared().resolve("raw");
    Path reference = BackfillLakes.shared().resolve("reference");
    Path lake = dir.resolve("cluster-lake");
    String appJar = Path.of(System.getProperty("l2lake.appJar")).toAbsolutePath().toString();
    assertTrue(Files.isRegularFile(Path.of(appJar)), "the application jar is built: " + appJar);

    List<String> args = new ArrayList<>(List.of("-cp", sparkHome.resolve("jars") + File.separator + "*",
        "org.apache.spark.deploy.SparkSubmit", "--master", masterUrl, "--deploy-mode", "client",
        "--name", "l2lake-backfill-it", "--jars", String.join(",", deltaJars()),
        "--executor-memory", "1g", "--total-executor-cores", "2",
        "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--class", "io.l2lake.cli.Main", appJar,
        "backfill", "--from", FROM.toString(), "--to", TO.toString(), "--lake", lake.toString(),
        "--raw", raw.toString(),
        "--set", "spark.sql.shuffle.partitions=2", "--set", "spark.default.parallelism=2",
        "--set", "spark.databricks.delta.snapshotPartitions=1"));
    int status;
    String log;
    try (ChildJvm submit = ChildJvm.start("spark-submit", dir.resolve("submit.log"), ChildJvm.ROOT, env(),
        "1536m", args)) {
      status = submit.await(RUN);
      log = submit.logText();
      assertEquals(0, status, "spark-submit backfill exit status:\n" + submit.tail());
    }
    assertTrue(log.contains("Connected to Spark cluster with app ID"), "the driver ran on the cluster");
    assertTrue(log.contains("backfill: gold ran"), "every stage ran:\n" + log.lines()
        .filter(l -> l.startsWith("backfill:")).toList());
    for (ChildJvm worker : daemons.subList(1, daemons.size())) {
      assertTrue(worker.logText().contains("Asked to launch executor"), "an executor ran on every worker");
    }
    assertEquals(BackfillLakes.contents(reference), BackfillLakes.contents(lake));
  }

  private static ChildJvm daemon(String name, List<String> mainAndArgs) {
    List<String> args = new ArrayList<>(List.of("-cp", sparkHome.resolve("jars") + File.separator + "*"));
    args.addAll(mainAndArgs);
    ChildJvm jvm = ChildJvm.start(name, dir.resolve(name + ".log"), dir, env(), "512m", args);
    daemons.add(jvm);
    return jvm;
  }

  private static Map<String, String> env() {
    return Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.13",
        "SPARK_LOCAL_IP", "127.0.0.1", "SPARK_CONF_DIR", sparkHome.resolve("conf").toString());
  }

  /** A Spark distribution's layout: {@code jars/} linking the Spark and Hadoop jars of the test classpath. */
  static Path sparkDistribution(Path home) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    Files.createDirectories(home.resolve("conf"));
    for (Path jar : classpathJars()) {
      String name = jar.getFileName().toString();
      if (!NOT_SPARK.matcher(name).matches() && !Files.exists(jars.resolve(name))) {
        Files.createSymbolicLink(jars.resolve(name), jar);
      }
    }
    assertTrue(Files.exists(jars.resolve("spark-core_2.13-" + org.apache.spark.package$.MODULE$.SPARK_VERSION()
        + ".jar")), "spark-core is in the distribution");
    return home;
  }

  /** Delta's jars, as {@code --packages io.delta:delta-spark_2.13:<v>} would fetch them. */
  static List<String> deltaJars() {
    List<String> delta = classpathJars().stream().filter(p -> p.getFileName().toString().startsWith("delta-"))
        .map(Path::toString).toList();
    assertEquals(2, delta.size(), "delta-spark and delta-storage: " + delta);
    return delta;
  }

  private static List<Path> classpathJars() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(s -> s.endsWith(".jar")).map(s -> Path.of(s).toAbsolutePath()).toList();
  }
}

package io.l2lake.run;

import static io.l2lake.run.BackfillLakes.FROM;
import static io.l2lake.run.BackfillLakes.TO;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.lake.Lake;
import io.l2lake.lake.TableId;
import io.l2lake.testing.ChildJvm;
import io.l2lake.testing.SparkTestSession;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The production shape end to end on 127.0.0.1: a real Spark standalone cluster (one master, two one-core
 * workers, each its own JVM started from a Spark distribution layout) runs the application jar submitted
 * through {@code org.apache.spark.deploy.SparkSubmit} (the class the {@code spark-submit} script runs) in
 * client mode, with Delta and hadoop-aws given as {@code --jars} (what {@code --packages} resolves to), the
 * l2lake profile {@code conf/spark-cluster.conf}, and the landing zone and the lake on {@code s3a://}, served
 * by Adobe S3Mock in its own JVM. The driver and the executors take their keys from the AWS default provider
 * chain (environment variables, as an instance role would give them), never from a setting.
 *
 * <p>The backfill's tables equal those of the same backfill run embedded on the local disk; a backtest (an
 * l2lake JVM in local mode) then reads and writes the same lake; Delta history and time travel work over s3a;
 * and the secret key appears in no process output, no executor log, no table row, no Delta log and no
 * object of the bucket.
 */
class ClusterS3IT {
  /** Jars of the test classpath that a Spark distribution does not hold. */
  static final Pattern NOT_SPARK = Pattern.compile(
      "^(l2lake-|delta-|junit-|opentest4j|apiguardian|duckdb|hadoop-aws|bundle-|surefire|failsafe|picocli|config-).*");
  /** Jars a job on s3a adds to a Spark distribution ({@code --packages org.apache.hadoop:hadoop-aws:<v>}). */
  static final Pattern S3A = Pattern.compile("^(hadoop-aws|bundle)-.*");
  static final Duration START = Duration.ofMinutes(2);
  static final Duration RUN = Duration.ofMinutes(20);
  static final String BUCKET = "l2lake-it";
  static final String ACCESS_KEY = "AKIT" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  static final String SECRET_KEY = "itsecret-" + UUID.randomUUID();

  @TempDir static Path dir;
  static Path sparkHome;
  static final List<ChildJvm> daemons = new ArrayList<>();
  static String masterUrl;
  static String endpoint;

  @BeforeAll
  static void startS3AndCluster() throws IOException {
    Path jar = Path.of(System.getProperty("l2lake.s3mockJar"));
    assertTrue(Files.isRegularFile(jar), "the S3 test server jar is copied by the build: " + jar);
    int http = ChildJvm.freePort();
    daemons.add(ChildJvm.start("s3mock", dir.resolve("s3mock.log"), dir,
        Map.of("COM_ADOBE_TESTING_S3MOCK_STORE_INITIAL_BUCKETS", BUCKET,
            "COM_ADOBE_TESTING_S3MOCK_STORE_ROOT", Files.createDirectories(dir.resolve("s3-store")).toString()),
        "512m", List.of("-jar", jar.toString(), "--http.port=" + http, "--server.port=" + ChildJvm.freePort(),
            "--server.address=127.0.0.1")));
    endpoint = "http://127.0.0.1:" + http;

    sparkHome = sparkDistribution(dir.resolve("spark-home"));
    int port = ChildJvm.freePort();
    ChildJvm master = daemon("master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
        "--port", String.valueOf(port), "--webui-port", String.valueOf(ChildJvm.freePort())));
    masterUrl = "spark://127.0.0.1:" + port;
    for (int i = 1; i <= 2; i++) {
      Path work = Files.createDirectories(dir.resolve("worker-" + i));
      daemon("worker-" + i, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
          "--cores", "1", "--memory", "1536m", "--webui-port", String.valueOf(ChildJvm.freePort()),
          "--work-dir", work.toString(), masterUrl));
    }
    daemons.get(0).awaitLog("Started S3MockApplication", START);
    master.awaitLog("I have been elected leader", START);
    for (ChildJvm w : workers()) {
      w.awaitLog("Successfully registered with master", START);
    }

    s3aSettings(false).forEach((k, v) -> hadoop().set(k.substring("spark.hadoop.".length()), v));
    hadoop().set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    hadoop().set("fs.s3a.access.key", ACCESS_KEY);
    hadoop().set("fs.s3a.secret.key", SECRET_KEY);
  }

  @AfterAll
  static void stopAll() {
    for (int i = daemons.size() - 1; i >= 0; i--) {
      daemons.get(i).close();
    }
  }

  @Test
  void theSubmittedBackfillOnS3WritesTheTablesOfTheEmbeddedRun() throws IOException {
    SparkSession spark = SparkTestSession.get();
    Path localRaw = BackfillLakes.shared().resolve("raw");
    Path reference = BackfillLakes.shared().resolve("reference");
    String raw = "s3a://" + BUCKET + "/landing";
    String lake = "s3a://" + BUCKET + "/lake";
    org.apache.hadoop.fs.Path rawPath = new org.apache.hadoop.fs.Path(raw);
    FileSystem fs = rawPath.getFileSystem(hadoop());
    fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(localRaw.toUri()), rawPath);

    String backfill = submitBackfill(lake, raw);
    assertTrue(backfill.contains("Connected to Spark cluster with app ID"), "the driver ran on the cluster");
    assertTrue(backfill.contains("backfill: gold ran"), "every stage ran:\n" + backfill.lines()
        .filter(l -> l.startsWith("backfill:")).toList());
    for (ChildJvm worker : workers()) {
      assertTrue(worker.logText().contains("Asked to launch executor"), "an executor ran on every worker");
    }
    String backtest = runLocal("backtest", lake, List.of("backtest", "--from", FROM.toString(), "--to",
        TO.toString()));

    // The rows of the embedded backfill on the local disk (raw file names and times aside: the files moved).
    Set<String> moved = Set.of("source_file", "file_mtime");
    assertEquals(BackfillLakes.contents(reference.toString(), moved), BackfillLakes.contents(lake, moved));

    // Delta history and time travel over s3a.
    Lake l = new Lake(spark, lake);
    Dataset<Row> history = spark.sql("DESCRIBE HISTORY delta.`" + l.path(TableId.SILVER_TRADES) + "`");
    long latest = history.agg(org.apache.spark.sql.functions.max("version")).first().getLong(0);
    long rowsNow = spark.read().format("delta").load(l.path(TableId.SILVER_TRADES)).count();
    long rowsAsOf = spark.read().format("delta").option("versionAsOf", latest).load(l.path(TableId.SILVER_TRADES))
        .count();
    assertEquals(rowsNow, rowsAsOf);
    assertTrue(rowsNow > 0, "silver.trades has rows");
    assertTrue(spark.read().format("delta").option("versionAsOf", 0).load(l.path(TableId.OPS_INGEST_FILES))
        .columns().length > 0, "version 0 of ops.ingest_files is readable");

    // The backtest wrote its run and its chart into the same lake.
    Row run = spark.read().format("delta").load(l.path(TableId.GOLD_BACKTEST_RUNS)).first();
    assertTrue(run.<Long>getAs("trade_count") >= 0, "a backtest run row");
    assertTrue(backtest.contains(run.<String>getAs("run_id")), "the backtest printed its run id");
    Matcher chart = Pattern.compile("equity chart: (\\S+)").matcher(backtest);
    assertTrue(chart.find() && chart.group(1).startsWith(lake + "/"), "the equity chart went to the lake");
    assertTrue(fs.getFileStatus(new org.apache.hadoop.fs.Path(chart.group(1))).getLen() > 1000, "a PNG chart");

    // The secret is nowhere: no process output or executor log, no table row, no Delta log, no object.
    assertFalse(backfill.contains(SECRET_KEY) || backtest.contains(SECRET_KEY), "secret in a driver's output");
    try (Stream<Path> logs = Files.walk(dir).filter(p -> p.startsWith(dir.resolve("worker-1"))
        || p.startsWith(dir.resolve("worker-2")) || p.getFileName().toString().endsWith(".log"))) {
      int executorLogs = 0;
      for (Path p : logs.filter(Files::isRegularFile).toList()) {
        String body = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
        assertFalse(body.contains(SECRET_KEY), "the secret in " + p);
        executorLogs += p.getFileName().toString().equals("stderr") ? 1 : 0;
      }
      assertTrue(executorLogs >= 2, "every executor's log was read: " + executorLogs);
    }
    for (TableId id : TableId.values()) {
      if (l.exists(id)) {
        Dataset<Row> t = spark.read().format("delta").load(l.path(id));
        Column[] text = Arrays.stream(t.schema().fields()).map(f -> col(f.name()).cast("string"))
            .toArray(Column[]::new);
        assertEquals(0, t.filter(concat_ws("|", text).contains(SECRET_KEY)).count(), "secret in " + id);
      }
    }
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(new org.apache.hadoop.fs.Path(lake), true);
    int texts = 0;
    while (files.hasNext()) {
      LocatedFileStatus f = files.next();
      String name = f.getPath().getName();
      if (name.endsWith(".json") || name.endsWith(".crc") || name.endsWith(".png") || name.endsWith(".txt")) {
        try (var in = fs.open(f.getPath())) {
          String body = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
          assertFalse(body.contains(SECRET_KEY) || body.contains(ACCESS_KEY), "a key in " + f.getPath());
        }
        texts++;
      }
    }
    assertTrue(texts > 10, "Delta logs were read: " + texts);
  }

  /** {@code spark-submit ... backfill} on the cluster; returns the driver's output. */
  private static String submitBackfill(String lake, String raw) {
    String appJar = Path.of(System.getProperty("l2lake.appJar")).toAbsolutePath().toString();
    assertTrue(Files.isRegularFile(Path.of(appJar)), "the application jar is built: " + appJar);
    List<String> jars = new ArrayList<>(jarsOf(Pattern.compile("^delta-.*")));
    assertEquals(2, jars.size(), "delta-spark and delta-storage: " + jars);
    jars.addAll(jarsOf(S3A));
    assertEquals(4, jars.size(), "hadoop-aws and the AWS SDK bundle: " + jars);
    List<String> args = new ArrayList<>(List.of("-cp", sparkHome.resolve("jars") + File.separator + "*",
        "org.apache.spark.deploy.SparkSubmit", "--master", masterUrl, "--deploy-mode", "client",
        "--name", "l2lake-backfill-it", "--jars", String.join(",", jars),
        "--executor-memory", "1g", "--total-executor-cores", "2",
        "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--class", "io.l2lake.cli.Main", appJar,
        "backfill", "--from", FROM.toString(), "--to", TO.toString(), "--lake", lake, "--raw", raw,
        "--conf", ChildJvm.ROOT.resolve("conf/spark-cluster.conf").toString()));
    Map<String, String> settings = new LinkedHashMap<>(Map.of("spark.sql.shuffle.partitions", "2",
        "spark.default.parallelism", "2", "spark.databricks.delta.snapshotPartitions", "1",
        "l2lake.catalog.metastore", "none"));
    settings.putAll(s3aSettings(true));
    settings.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
    try (ChildJvm submit = ChildJvm.start("spark-submit", dir.resolve("submit.log"), ChildJvm.ROOT,
        withKeys(env()), "1536m", args)) {
      int status = submit.await(RUN);
      assertEquals(0, status, "spark-submit backfill exit status:\n" + submit.tail());
      return submit.logText();
    }
  }

  /** Runs {@code l2lake <args>} in a local-mode JVM of its own, the lake on s3a and the keys in its environment. */
  private static String runLocal(String name, String lake, List<String> command) {
    List<String> args = new ArrayList<>(List.of("-Dlog4j2.configurationFile="
        + ChildJvm.ROOT.resolve("conf/log4j2.properties"), "-cp", System.getProperty("java.class.path"),
        "io.l2lake.cli.Main"));
    args.addAll(command);
    args.addAll(List.of("--lake", lake, "--conf", ChildJvm.ROOT.resolve("conf/spark-cluster.conf").toString()));
    Map<String, String> settings = new LinkedHashMap<>(Map.of("spark.master", "local[2]",
        "spark.ui.enabled", "false", "spark.sql.shuffle.partitions", "2", "spark.default.parallelism", "2",
        "spark.databricks.delta.snapshotPartitions", "1", "spark.driver.host", "127.0.0.1",
        "spark.driver.bindAddress", "127.0.0.1", "l2lake.catalog.metastore", "none"));
    settings.putAll(s3aSettings(true));
    settings.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
    try (ChildJvm jvm = ChildJvm.start(name, dir.resolve(name + ".log"), ChildJvm.ROOT, withKeys(Map.of()),
        "1536m", args)) {
      int status = jvm.await(RUN);
      assertEquals(0, status, name + " on s3a:\n" + jvm.tail());
      return jvm.logText();
    }
  }

  /** The s3a settings of a run against the test server; credentials only by provider, never by value. */
  static Map<String, String> s3aSettings(boolean chain) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("spark.hadoop.fs.s3a.endpoint", endpoint);
    m.put("spark.hadoop.fs.s3a.endpoint.region", "us-east-1");
    m.put("spark.hadoop.fs.s3a.path.style.access", "true");
    m.put("spark.hadoop.fs.s3a.connection.ssl.enabled", "false");
    m.put("spark.hadoop.fs.s3a.change.detection.mode", "none");
    if (chain) {
      m.put("spark.hadoop.fs.s3a.aws.credentials.provider",
          "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider");
    }
    return m;
  }

  static Configuration hadoop() {
    return SparkTestSession.get().sparkContext().hadoopConfiguration();
  }

  private static Map<String, String> withKeys(Map<String, String> env) {
    Map<String, String> m = new LinkedHashMap<>(env);
    m.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
    m.put("AWS_SECRET_ACCESS_KEY", SECRET_KEY);
    m.put("AWS_REGION", "us-east-1");
    return m;
  }

  private static List<ChildJvm> workers() {
    return daemons.subList(2, daemons.size());
  }

  /** A cluster daemon; the workers (and so their executors) hold the keys in their environment. */
  private static ChildJvm daemon(String name, List<String> mainAndArgs) {
    List<String> args = new ArrayList<>(List.of("-cp", sparkHome.resolve("jars") + File.separator + "*"));
    args.addAll(mainAndArgs);
    ChildJvm jvm = ChildJvm.start(name, dir.resolve(name + ".log"), dir,
        name.startsWith("worker") ? withKeys(env()) : env(), "512m", args);
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

  /** Jars of the test classpath whose file name matches, as {@code --packages} would fetch them. */
  static List<String> jarsOf(Pattern name) {
    return classpathJars().stream().filter(p -> name.matcher(p.getFileName().toString()).matches())
        .map(Path::toString).toList();
  }

  private static List<Path> classpathJars() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(s -> s.endsWith(".jar")).map(s -> Path.of(s).toAbsolutePath()).toList();
  }
}

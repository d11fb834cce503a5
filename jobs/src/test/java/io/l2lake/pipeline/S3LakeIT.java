package io.l2lake.pipeline;

import static io.l2lake.pipeline.BackfillLakes.FROM;
import static io.l2lake.pipeline.BackfillLakes.TO;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.lake.Lake;
import io.l2lake.lake.TableId;
import io.l2lake.testing.ChildJvm;
import io.l2lake.testing.SparkTestSession;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake and the landing zone on {@code s3a://}, served by Adobe S3Mock started as its own JVM on
 * 127.0.0.1. An l2lake JVM ({@code backfill}, then {@code backtest}) takes its credentials from the AWS
 * default provider chain (environment variables), the profile's provider of {@code conf/spark-cluster.conf};
 * this JVM reads the result with keys given as Hadoop configuration. The tables equal those of the same
 * backfill on the local disk, Delta history and time travel work over s3a, and the secret key appears in no
 * log, no table row and no Delta log.
 */
class S3LakeIT {
  static final String BUCKET = "l2lake-it";
  static final String ACCESS_KEY = "AKIT" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
  static final String SECRET_KEY = "itsecret-" + UUID.randomUUID();
  static final Duration RUN = Duration.ofMinutes(20);

  @TempDir static Path dir;
  static ChildJvm s3;
  static String endpoint;

  @BeforeAll
  static void startS3() throws IOException {
    Path jar = Path.of(System.getProperty("l2lake.s3mockJar"));
    assertTrue(Files.isRegularFile(jar), "the S3 test server jar is copied by the build: " + jar);
    int http = ChildJvm.freePort();
    s3 = ChildJvm.start("s3mock", dir.resolve("s3mock.log"), dir,
        Map.of("COM_ADOBE_TESTING_S3MOCK_STORE_INITIAL_BUCKETS", BUCKET,
            "COM_ADOBE_TESTING_S3MOCK_STORE_ROOT", Files.createDirectories(dir.resolve("s3-store")).toString()),
        "512m", List.of("-jar", jar.toString(), "--http.port=" + http, "--server.port=" + ChildJvm.freePort(),
            "--server.address=127.0.0.1"));
    s3.awaitLog("Started S3MockApplication", Duration.ofMinutes(2));
    endpoint = "http://127.0.0.1:" + http;
    s3aSettings(false).forEach((k, v) -> hadoop().set(k.substring("spark.hadoop.".length()), v));
    hadoop().set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    hadoop().set("fs.s3a.access.key", ACCESS_KEY);
    hadoop().set("fs.s3a.secret.key", SECRET_KEY);
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  /** The s3a settings of a run against the test server; credentials only by provider, never by value. */
  static Map<String, String> s3aSettings(boolean chain) {
    Map<String, String> m = new java.util.LinkedHashMap<>();
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

  @Test
  void ingestThroughBacktestOnS3() throws IOException {
    SparkSession spark = SparkTestSession.get();
    Path localRaw = BackfillLakes.shared().resolve("raw");
    Path reference = BackfillLakes.shared().resolve("reference");
    String raw = "s3a://" + BUCKET + "/landing";
    String lake = "s3a://" + BUCKET + "/lake";
    org.apache.hadoop.fs.Path rawPath = new org.apache.hadoop.fs.Path(raw);
    FileSystem fs = rawPath.getFileSystem(hadoop());
    fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(localRaw.toUri()), rawPath);

    String backfill = run("backfill", lake, List.of("backfill", "--from", FROM.toString(), "--to", TO.toString(),
        "--raw", raw));
    assertTrue(backfill.contains("backfill: gold ran"), backfill);
    String backtest = run("backtest", lake, List.of("backtest", "--from", FROM.toString(), "--to", TO.toString()));

    // The same rows as the backfill on the local disk (raw file names and times aside: the files moved).
    assertEquals(BackfillLakes.contents(reference.toString(), Set.of()).keySet(),
        BackfillLakes.contents(lake, Set.of()).keySet());
    assertEquals(BackfillLakes.contents(reference.toString(), Set.of("source_file", "file_mtime")),
        BackfillLakes.contents(lake, Set.of("source_file", "file_mtime")));

    // Delta history and time travel over s3a.
    Lake l = new Lake(spark, lake);
    Dataset<Row> history = spark.sql("DESCRIBE HISTORY delta.`" + l.path(TableId.SILVER_TRADES) + "`");
    assertTrue(history.count() >= 1, "silver.trades has a history");
    long latest = history.agg(org.apache.spark.sql.functions.max("version")).first().getLong(0);
    long rowsNow = spark.read().format("delta").load(l.path(TableId.SILVER_TRADES)).count();
    long rowsAsOf = spark.read().format("delta").option("versionAsOf", latest).load(l.path(TableId.SILVER_TRADES))
        .count();
    assertEquals(rowsNow, rowsAsOf);
    assertTrue(rowsNow > 0, "silver.trades has rows");
    Dataset<Row> ingestFiles0 = spark.read().format("delta").option("versionAsOf", 0)
        .load(l.path(TableId.OPS_INGEST_FILES));
    assertTrue(ingestFiles0.count() >= 0, "version 0 of ops.ingest_files is readable");
    Row run = spark.read().format("delta").load(l.path(TableId.GOLD_BACKTEST_RUNS)).first();
    assertTrue(run.<Long>getAs("trade_count") >= 0, "a backtest run row");
    assertTrue(backtest.contains(run.<String>getAs("run_id")), "the backtest printed its run id");
    java.util.regex.Matcher chart = java.util.regex.Pattern.compile("equity chart: (\\S+)").matcher(backtest);
    assertTrue(chart.find() && chart.group(1).startsWith(lake + "/"), "the equity chart went to the lake");
    assertTrue(fs.getFileStatus(new org.apache.hadoop.fs.Path(chart.group(1))).getLen() > 1000, "a PNG chart");

    // The secret is nowhere: not in the l2lake JVM's output, no table row, no Delta log, no object.
    assertFalse(backfill.contains(SECRET_KEY) || backtest.contains(SECRET_KEY), "secret in a log");
    for (TableId id : TableId.values()) {
      if (l.exists(id)) {
        Dataset<Row> t = spark.read().format("delta").load(l.path(id));
        Column[] text = java.util.Arrays.stream(t.schema().fields()).map(f -> col(f.name()).cast("string"))
            .toArray(Column[]::new);
        assertEquals(0, t.filter(concat_ws("|", text).contains(SECRET_KEY)).count(), "secret in " + id);
      }
    }
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(new org.apache.hadoop.fs.Path(lake), true);
    int logs = 0;
    while (files.hasNext()) {
      LocatedFileStatus f = files.next();
      String name = f.getPath().getName();
      if (name.endsWith(".json") || name.endsWith(".crc") || name.endsWith(".png") || name.endsWith(".txt")) {
        try (var in = fs.open(f.getPath())) {
          String body = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
          assertFalse(body.contains(SECRET_KEY) || body.contains(ACCESS_KEY), "a key in " + f.getPath());
        }
        logs++;
      }
    }
    assertTrue(logs > 10, "Delta logs were read: " + logs);
  }

  /** Runs {@code l2lake <args>} in a JVM of its own with the lake on s3a and the keys in its environment. */
  private static String run(String name, String lake, List<String> command) {
    List<String> args = new ArrayList<>(List.of("-Dlog4j2.configurationFile="
        + ChildJvm.ROOT.resolve("conf/log4j2.properties"), "-cp", System.getProperty("java.class.path"),
        "io.l2lake.cli.Main"));
    args.addAll(command);
    args.addAll(List.of("--lake", lake, "--conf", ChildJvm.ROOT.resolve("conf/spark-cluster.conf").toString()));
    Map<String, String> settings = new java.util.LinkedHashMap<>(Map.of("spark.master", "local[2]",
        "spark.ui.enabled", "false", "spark.sql.shuffle.partitions", "2", "spark.default.parallelism", "2",
        "spark.databricks.delta.snapshotPartitions", "1", "spark.driver.host", "127.0.0.1",
        "spark.driver.bindAddress", "127.0.0.1", "l2lake.catalog.metastore", "none"));
    settings.putAll(s3aSettings(true));
    settings.forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
    try (ChildJvm jvm = ChildJvm.start(name, dir.resolve(name + ".log"), ChildJvm.ROOT,
        Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY, "AWS_REGION", "us-east-1"),
        "1536m", args)) {
      int status = jvm.await(RUN);
      assertEquals(0, status, name + " on s3a:\n" + jvm.tail());
      return jvm.logText();
    }
  }
}

package io.l2lake.testing;

import io.l2lake.lake.Sessions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** The one shared {@code local[2]} session of a test JVM: UI off, few shuffle partitions. */
public final class SparkTestSession {
  private static SparkSession spark;

  private SparkTestSession() {}

  public static synchronized SparkSession get() {
    if (spark == null) {
      SparkSession.Builder b = SparkSession.builder()
          .master("local[2]")
          .appName("l2lake-tests")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.default.parallelism", "2")
          .config("spark.sql.adaptive.enabled", "true")
          .config("spark.databricks.delta.snapshotPartitions", "1")
          .config("spark.sql.warehouse.dir", tmp("warehouse"))
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
      Sessions.DEFAULTS.forEach(b::config);
      Sessions.REQUIRED.forEach(b::config);
      spark = b.getOrCreate();
    }
    return spark;
  }

  /** The shared real data folder ({@code ../shared/data} beside the project). */
  public static Path sharedData() {
    String s = System.getProperty("l2lake.shared");
    Path p = s != null ? Path.of(s) : Path.of("..", "..", "shared");
    return p.resolve("data").normalize();
  }

  private static String tmp(String name) {
    try {
      return Files.createTempDirectory("l2lake-" + name).toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}

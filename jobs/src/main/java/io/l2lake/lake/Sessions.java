package io.l2lake.lake;

import io.l2lake.config.L2Config;
import java.util.Map;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession of a run from the validated configuration. The settings the lake depends
 * on are forced whatever the profile says: the Delta extension and catalog, the UTC session time
 * zone (Eastern times are converted explicitly; RAPIDS also requires UTC). Under {@code spark-submit}, a master given by the submit command wins over the profile.
 */
public final class Sessions {
  private Sessions() {}

  /** Settings without which the lake is wrong. */
  public static final Map<String, String> REQUIRED = Map.of(
      "spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension",
      "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog",
      "spark.sql.session.timeZone", "UTC");

  /**
   * Settings of the lake's files that a profile may change: Parquet timestamps as INT64 microseconds, the
   * Parquet standard's type, instead of Spark's default INT96 (a legacy type Parquet deprecates). INT96
   * costs a Julian-day conversion for every value written and read, and is dictionary-encoded as 12-byte
   * binaries; it took about a tenth of the time of writing the bronze tables. Readers of Parquet 2.x
   * (Spark 3+, Trino, DuckDB, the RAPIDS plugin) read both, and a table may hold files of both kinds.
   * And no dictionary for the columns whose values hardly repeat within a file (times, file order, line
   * numbers, the Level-1 trades' row keys): Parquet builds a dictionary of a column chunk's first page and
   * drops it when it saves nothing, which for those columns is always, after hashing every value.
   * {@code LakeFileFormatTest} reads both choices back from a written file's footer.
   */
  public static final Map<String, String> DEFAULTS = Map.of(
      "spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS",
      "spark.hadoop.parquet.enable.dictionary#ts", "false",
      "spark.hadoop.parquet.enable.dictionary#seq", "false",
      "spark.hadoop.parquet.enable.dictionary#line_no", "false",
      "spark.hadoop.parquet.enable.dictionary#row_key", "false");

  public static SparkSession create(L2Config config) {
    return builder(config).getOrCreate();
  }

  /**
   * A session whose catalog is the persistent one of {@code l2lake.catalog.metastore}: for {@code embedded},
   * Spark's built-in Hive metastore in a Derby database under {@code l2lake.catalog.embedded-dir} (one JVM at a
   * time may open it: while {@code l2lake serve} runs, query through it); for {@code external}, the metastore
   * of the cluster's {@code hive-site.xml}; for {@code none}, the session's in-memory catalog.
   */
  public static SparkSession createWithCatalog(L2Config config) {
    return createWithCatalog(config, Map.of());
  }

  /** As {@link #createWithCatalog(L2Config)}, with extra Spark settings (for example a server's plugin). */
  public static SparkSession createWithCatalog(L2Config config, Map<String, String> extra) {
    SparkSession.Builder b = builder(config);
    extra.forEach(b::config);
    L2Config.Catalog c = config.catalog();
    if (c.metastore().equals("embedded")) {
      java.nio.file.Path dir = java.nio.file.Path.of(c.embeddedDir()).toAbsolutePath().normalize();
      try {
        java.nio.file.Files.createDirectories(dir);
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("cannot create the catalog directory " + dir + ": " + e.getMessage());
      }
      System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());
      b.config("spark.sql.catalogImplementation", "hive")
          .config("spark.sql.warehouse.dir", dir.resolve("warehouse").toUri().toString())
          .config("spark.hadoop.javax.jdo.option.ConnectionURL",
              "jdbc:derby:;databaseName=" + dir.resolve("metastore_db") + ";create=true")
          .config("spark.hadoop.datanucleus.schema.autoCreateAll", "true")
          .config("spark.hadoop.hive.metastore.schema.verification", "false");
    } else if (c.metastore().equals("external")) {
      b.enableHiveSupport();
    }
    return b.getOrCreate();
  }

  private static SparkSession.Builder builder(L2Config config) {
    SparkSession.Builder b = SparkSession.builder().appName("l2lake");
    DEFAULTS.forEach(b::config);
    boolean submitted = System.getProperty("spark.master") != null;
    for (Map.Entry<String, String> e : config.spark().entrySet()) {
      if (submitted && e.getKey().equals("spark.master")) {
        continue;
      }
      b.config(e.getKey(), e.getValue());
    }
    REQUIRED.forEach(b::config);
    if (!submitted && !config.spark().containsKey("spark.master")) {
      b.master("local[*]");
    }
    return b;
  }
}

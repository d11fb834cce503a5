package io.l2lake.pipeline;

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

  public static SparkSession create(L2Config config) {
    SparkSession.Builder b = SparkSession.builder().appName("l2lake");
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
    return b.getOrCreate();
  }
}

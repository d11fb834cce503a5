package io.l2lake.stage;

import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.lake.Lake;
import io.l2lake.lake.RunContext;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/**
 * What a stage runs with: the session and lake, the typed configuration and strategy parameters, the run, and
 * its trading dates [from, to] (null bounds are open: the whole table).
 */
public record StageContext(SparkSession spark, L2Config config, Strategy strategy, RunContext run, LocalDate from,
    LocalDate to) {
  public Lake lake() {
    return new Lake(spark, config.lake().root());
  }
}

package io.l2lake.bench;

import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What the benchmark times but does not own: the ingest, the backtest, the as-of join and the simulator. The
 * command line hands an implementation in ({@code io.l2lake.cli.BenchJobs}), so the benchmark depends on the
 * kit and the runner only and never on a stage's or another tool's classes.
 */
public interface BenchSteps {
  /** Ingests the landing zone {@code rawRoot} into {@code config}'s lake, every file read again; raw lines read. */
  long ingest(SparkSession spark, L2Config config, Path rawRoot);

  /** The backtest over [from, to] with its random-entry control, into {@code config}'s lake. */
  void backtest(SparkSession spark, L2Config config, Strategy strategy, LocalDate from, LocalDate to);

  /**
   * l2lake's as-of join of {@code trades} and {@code quotes} (columns of {@code bronze.ticks} and
   * {@code bronze.quotes}): the trades with the prevailing quote's columns ({@code lake.Columns.Trades}).
   */
  Dataset<Row> asOf(Dataset<Row> trades, Dataset<Row> quotes, double maxAgeSeconds);

  /** The simulated market of {@code size} x {@code scale}, drawn without simulating it. */
  MarketDraw draw(BenchData.Size size, int scale);

  /** Simulates the market into the landing zone {@code raw} and its truth into the lake at {@code truthLake}. */
  Simulated simulate(SparkSession spark, BenchData.Size size, int scale, Path raw, Path truthLake);

  /** A drawn market: its symbols, first and last day, and a description that changes with any of its options. */
  record MarketDraw(int symbols, LocalDate from, LocalDate to, String description) {}

  /** What the simulator reported. */
  record Simulated(long symbolDays, long events, long trades, long quotes) {}
}

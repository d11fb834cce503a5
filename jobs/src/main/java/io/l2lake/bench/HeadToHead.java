package io.l2lake.bench;

import static org.apache.spark.sql.functions.col;

import io.l2lake.config.L2Config;
import io.l2lake.lake.Columns;
import io.l2lake.lake.Lake;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import io.l2lake.lake.RunContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The two head-to-head comparisons with DuckDB on the same files, on an empty lake: (a) the gzipped
 * tick answers to a typed table: l2lake's {@link IngestJob} of the tick landing zone against DuckDB's
 * {@code COPY ... read_csv} to Parquet; then the Level-1, depth and daily answers are ingested (not
 * timed) and (b) history trades as-of joined to the Level-1 quotes: l2lake's {@link AsOfQuotes} on the
 * bronze tables read from the lake against DuckDB's {@code ASOF JOIN} on the same rows exported to
 * Parquet, both writing Parquet, checked equal trade by trade. Two more timed steps split the gap:
 * Spark's own CSV source doing the DuckDB side of (a) ({@link SparkCsvPeer}), and l2lake's as-of plan
 * run to Spark's {@code noop} sink. Costs the two ingests, one export of the bronze trades and quotes
 * (not timed) and every side of each comparison.
 */
public final class HeadToHead {
  private HeadToHead() {}

  /** Trade columns both as-of sides carry through. */
  static final List<String> TRADE_COLUMNS = List.of(Schemas.SYMBOL, Schemas.TRADE_DATE, Schemas.ROW_KEY, Schemas.TS,
      Schemas.SEQ, "price", "size");
  /** Quote columns both as-of sides read. */
  static final List<String> QUOTE_COLUMNS = List.of(Schemas.SYMBOL, Schemas.TRADE_DATE, Schemas.TS, Schemas.SEQ,
      "bid", "bid_size", "ask", "ask_size");
  /** The as-of result's columns, in order. */
  static final List<String> AS_OF_COLUMNS = List.of(Schemas.SYMBOL, Schemas.TRADE_DATE, Schemas.ROW_KEY, Schemas.TS,
      Schemas.SEQ, "price", "size", Columns.Trades.QUOTE_TS, Columns.Trades.QUOTE_BID, Columns.Trades.QUOTE_ASK,
      Columns.Trades.QUOTE_BID_SIZE, Columns.Trades.QUOTE_ASK_SIZE, Columns.Trades.QUOTE_AGE);

  /** The history trades of the lake, with the columns the as-of join carries. */
  static Dataset<Row> trades(Lake lake) {
    return lake.spark().read().format("delta").load(lake.path(TableId.BRONZE_TICKS))
        .filter(col("feed").equalTo("history")).select(cols(TRADE_COLUMNS));
  }

  /** The Level-1 quotes of the lake. */
  static Dataset<Row> quotes(Lake lake) {
    return lake.spark().read().format("delta").load(lake.path(TableId.BRONZE_QUOTES)).select(cols(QUOTE_COLUMNS));
  }

  /** l2lake's as-of join of {@code trades} and {@code quotes}, in the columns of {@link #AS_OF_COLUMNS}. */
  public static Dataset<Row> asOf(BenchSteps steps, Dataset<Row> trades, Dataset<Row> quotes, double maxAgeSeconds) {
    return steps.asOf(trades, quotes, maxAgeSeconds).select(cols(AS_OF_COLUMNS));
  }

  /** Name of the l2lake side of comparison (a). */
  public static final String L2LAKE_INGEST = "l2lake ingest ticks";
  /** Spark's own CSV source doing the DuckDB side of comparison (a): the engine's floor. */
  public static final String SPARK_CSV = "spark csv->parquet";
  /** l2lake's as-of plan run to Spark's {@code noop} sink: comparison (b) without its Parquet write. */
  public static final String AS_OF_NOOP = "l2lake as-of, no output";

  /**
   * Runs both comparisons for one repetition on {@code config}'s lake, which must be empty, with the
   * market {@code m}, recording into {@code step}.
   */
  public static void run(SparkSession spark, L2Config config, BenchSteps steps, BenchData.Market m, Path dir,
      StepTimer step, int threads) {
    Lake lake = new Lake(spark, config.lake().root());
    double maxAge = config.sync().maxQuoteAgeSeconds();
    try {
      Files.createDirectories(dir);
      List<Path> tickFiles = BenchData.tickFiles(m);
      Path duckTicks = dir.resolve("duckdb-ticks.parquet");
      Files.deleteIfExists(duckTicks);
      long tickLines = step.time(Measurement.PEER, L2LAKE_INGEST, () -> steps.ingest(spark, config, m.ticksRoot()),
          "IngestJob on the tick landing zone, into an empty lake").rows();
      steps.ingest(spark, config, m.restRoot());
      long bronzeTicks = trades(lake).count();
      try (DuckDbPeer duck = new DuckDbPeer(threads)) {
        step.time(Measurement.PEER, "duckdb csv->parquet", () -> {
          long written = duck.ticksToParquet(tickFiles, duckTicks);
          if (written != bronzeTicks) {
            throw new IllegalStateException("DuckDB wrote " + written + " tick rows, l2lake " + bronzeTicks);
          }
          return tickLines;
        }, bronzeTicks + " rows on both sides");
      }
      Path sparkTicks = dir.resolve("spark-ticks");
      step.time(Measurement.PEER, SPARK_CSV, () -> {
        SparkCsvPeer.ticksToParquet(spark, tickFiles, sparkTicks);
        return tickLines;
      }, "Spark's CSV source, the DuckDB statement's columns");
      long sparkRows = spark.read().parquet(sparkTicks.toString()).count();
      if (sparkRows != bronzeTicks) {
        throw new IllegalStateException("Spark's CSV source wrote " + sparkRows + " tick rows, l2lake " + bronzeTicks);
      }

      String tradesDir = dir.resolve("bronze-trades").toString();
      String quotesDir = dir.resolve("bronze-quotes").toString();
      trades(lake).write().mode("overwrite").parquet(tradesDir);
      quotes(lake).write().mode("overwrite").parquet(quotesDir);
      long tradeRows = spark.read().parquet(tradesDir).count();
      long quoteRows = spark.read().parquet(quotesDir).count();
      long maxSeq = Math.max(maxSeq(spark.read().parquet(tradesDir)), maxSeq(spark.read().parquet(quotesDir)));
      if (maxSeq >= 1L << 25) {
        throw new IllegalStateException("seq " + maxSeq + " does not fit the packed as-of order (2^25)");
      }
      String l2lakeOut = dir.resolve("l2lake-asof").toString();
      Path duckOut = dir.resolve("duckdb-asof.parquet");
      Files.deleteIfExists(duckOut);
      step.time(Measurement.PEER, "l2lake as-of", () -> {
        asOf(steps, trades(lake), quotes(lake), maxAge).write().mode("overwrite").parquet(l2lakeOut);
        return tradeRows + quoteRows;
      }, tradeRows + " trades, " + quoteRows + " quotes from the lake");
      step.time(Measurement.PEER, AS_OF_NOOP, () -> {
        asOf(steps, trades(lake), quotes(lake), maxAge).write().format("noop").mode("overwrite").save();
        return tradeRows + quoteRows;
      }, "the same plan, nothing written");
      try (DuckDbPeer duck = new DuckDbPeer(threads)) {
        step.time(Measurement.PEER, "duckdb as-of", () -> {
          long written = duck.asOf(tradesDir + "/*.parquet", quotesDir + "/*.parquet", maxAge, duckOut);
          if (written != tradeRows) {
            throw new IllegalStateException("DuckDB as-of wrote " + written + " rows for " + tradeRows + " trades");
          }
          return tradeRows + quoteRows;
        }, "the same rows exported to Parquet");
        DuckDbPeer.Comparison c = duck.compare(l2lakeOut + "/*.parquet", duckOut.toString());
        step.info("as-of trades", c.left(), "l2lake");
        step.info("as-of trades duckdb", c.right(), "duckdb");
        step.info("as-of trades with quote", c.withQuote(), "l2lake");
        step.info("as-of mismatched", c.mismatched(), String.format(java.util.Locale.ROOT,
            "bid sum %.4f, ask sum %.4f", c.bidSum(), c.askSum()));
        if (!c.equal()) {
          throw new IllegalStateException("as-of results differ: " + c);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long maxSeq(Dataset<Row> rows) {
    Row r = rows.agg(org.apache.spark.sql.functions.max(Schemas.SEQ)).first();
    return r.isNullAt(0) ? 0 : r.getLong(0);
  }

  private static Column[] cols(List<String> names) {
    return names.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
  }
}

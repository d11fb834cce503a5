package io.l2lake.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_extract_all;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_utc_timestamp;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The engine's own floor for comparison (a): Spark's built-in CSV source doing what the DuckDB side
 * does, on the same gzipped answers: the layout's typed columns, the symbol from the landing path,
 * Eastern wall-clock times to UTC instants, the trading date, conditions as an array of two-hex-digit
 * codes, lines that are not ticks ({@code !ENDMSG!}) dropped, one Parquet directory. No validation, no
 * accounting, no de-duplication, no Delta. It tells how much of the gap to DuckDB is Spark's own
 * (row-at-a-time CSV parsing and Parquet writing) and how much is l2lake's work on top.
 */
public final class SparkCsvPeer {
  private SparkCsvPeer() {}

  /**
   * The fields of one layout, in file order: Spark's CSV schema, and DuckDB's column list through
   * {@link DuckDbPeer.TickLayout#columns()}.
   */
  static StructType schema(DuckDbPeer.TickLayout layout) {
    StructType s = new StructType();
    if (layout.request) {
      s = s.add("request", DataTypes.StringType);
    }
    if (layout.p62) {
      s = s.add("lh", DataTypes.StringType);
    }
    s = s.add("ts_et", DataTypes.TimestampType).add("price", DataTypes.DoubleType).add("size", DataTypes.LongType)
        .add("total_volume", DataTypes.LongType).add("bid", DataTypes.DoubleType).add("ask", DataTypes.DoubleType)
        .add("tick_id", DataTypes.LongType).add("basis", DataTypes.StringType)
        .add("market_center", DataTypes.IntegerType).add("conditions", DataTypes.StringType);
    if (layout.p62) {
      s = s.add("aggressor", DataTypes.IntegerType).add("day_code", DataTypes.IntegerType);
    }
    return s.add("trailing", DataTypes.StringType);
  }

  /** The typed tick rows of {@code files} (the session's time zone must be UTC, as l2lake's is). */
  static Dataset<Row> ticks(SparkSession spark, List<Path> files) {
    Dataset<Row> all = null;
    for (Map.Entry<DuckDbPeer.TickLayout, List<Path>> g : DuckDbPeer.byLayout(files).entrySet()) {
      boolean p62 = g.getKey().p62;
      DataType intType = DataTypes.IntegerType;
      Dataset<Row> rows = spark.read().schema(schema(g.getKey()))
          .option("header", "false").option("quote", "\u0000").option("mode", "PERMISSIVE")
          .option("timestampFormat", "yyyy-MM-dd HH:mm:ss.SSSSSS")
          .csv(g.getValue().stream().map(p -> p.toAbsolutePath().toString()).toArray(String[]::new))
          .filter(col("ts_et").isNotNull())
          .select(regexp_extract(col("_metadata.file_path"), "/iqfeed/ticks/([^/]+)/", 1).as("symbol"),
              to_date(col("ts_et")).as("trade_date"),
              to_utc_timestamp(col("ts_et"), "America/New_York").as("ts"),
              col("price"), col("size"), col("total_volume"), col("bid"), col("ask"), col("tick_id"), col("basis"),
              col("market_center"),
              regexp_extract_all(col("conditions"), lit("[0-9A-Fa-f]{2}"), lit(0)).as("conditions"),
              p62 ? col("aggressor") : lit(null).cast(intType).as("aggressor"),
              p62 ? col("day_code") : lit(null).cast(intType).as("day_code"));
      all = all == null ? rows : all.unionByName(rows);
    }
    if (all == null) {
      throw new IllegalArgumentException("no tick answers to read");
    }
    return all;
  }

  /** Converts tick answers to a Parquet directory (replaced). */
  public static void ticksToParquet(SparkSession spark, List<Path> files, Path out) {
    ticks(spark, files).write().mode("overwrite").parquet(out.toString());
  }
}

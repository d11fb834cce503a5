package io.l2lake.testing;

import io.l2lake.config.L2Config;
import io.l2lake.ingest.IngestJob;
import io.l2lake.lake.Lake;
import io.l2lake.lake.TableId;
import io.l2lake.lake.RunContext;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Helpers to build a lake in a temporary directory and compare tables. */
public final class TestLakes {
  private TestLakes() {}

  public static L2Config config(Path lakeRoot) {
    return L2Config.load(null, Map.of("l2lake.lake-root", lakeRoot.toString()));
  }

  public static IngestJob.Result ingest(Path lakeRoot, Path raw, boolean force) {
    return IngestJob.run(SparkTestSession.get(), config(lakeRoot), RunContext.create(),
        new IngestJob.Options(raw.toString(), force));
  }

  public static Dataset<Row> table(Path lakeRoot, TableId id) {
    return SparkTestSession.get().read().format("delta").load(new Lake(SparkTestSession.get(),
        lakeRoot.toString()).path(id));
  }

  public static long version(Path lakeRoot, TableId id) {
    return io.delta.tables.DeltaTable.forPath(SparkTestSession.get(),
            new Lake(SparkTestSession.get(), lakeRoot.toString()).path(id))
        .history(1).select("version").first().getLong(0);
  }

  /**
   * A lake of two small tables for the catalog tests: an empty {@code ops.job_runs} and a
   * {@code silver.bars_1m} of three rows (ABCD 2025-03-03 vwap 1.25 volume 7, ABCD 2025-03-04 1.5 3,
   * EFGH 2025-03-04 0.5 11) whose columns have no comments of their own.
   */
  public static io.l2lake.lake.Lake namedTablesLake(Path root) {
    var spark = SparkTestSession.get();
    var lake = new io.l2lake.lake.Lake(spark, root.toString());
    lake.ensure(TableId.OPS_JOB_RUNS, io.l2lake.lake.Schemas.JOB_RUNS);
    spark.sql("SELECT * FROM VALUES ('ABCD', DATE'2025-03-03', 1.25D, 7L), ('ABCD', DATE'2025-03-04', 1.5D, 3L),"
        + " ('EFGH', DATE'2025-03-04', 0.5D, 11L) AS t(symbol, trade_date, vwap, volume)")
        .write().format("delta").partitionBy("trade_date").save(lake.path(TableId.SILVER_BARS_1M));
    return lake;
  }

  /** The table's rows without the given columns, sorted, as strings (exact comparison). */
  public static List<String> rows(Dataset<Row> df, String... dropColumns) {
    Dataset<Row> d = df.drop(dropColumns);
    return d.orderBy(Arrays.stream(d.columns()).map(org.apache.spark.sql.functions::col)
            .toArray(org.apache.spark.sql.Column[]::new))
        .collectAsList().stream().map(Row::toString).toList();
  }
}

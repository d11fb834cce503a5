package io.l2lake.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.l2lake.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Registration names every table, writes the missing comments once, and follows a moved lake. */
class LakeCatalogTest {
  @TempDir Path dir;

  @Test
  void tablesAreNamedWithTableAndColumnComments() {
    SparkSession spark = SparkTestSession.get();
    Lake lake = io.l2lake.testing.TestLakes.namedTablesLake(dir.resolve("a"));

    List<LakeCatalog.Registered> first = LakeCatalog.register(spark, lake);
    assertEquals(List.of(TableId.SILVER_BARS_1M, TableId.OPS_JOB_RUNS),
        first.stream().map(LakeCatalog.Registered::id).toList());
    assertTrue(first.stream().allMatch(LakeCatalog.Registered::created));

    assertEquals(1, spark.sql("SELECT * FROM silver.bars_1m WHERE vwap = 1.25").count());
    Map<String, String> comments = columnComments(spark, "silver.bars_1m");
    for (String c : List.of("symbol", "trade_date", "vwap", "volume")) {
      String want = LakeCatalog.columnComment(TableId.SILVER_BARS_1M, c);
      assertNotNull(want, "a comment is known for silver.bars_1m." + c);
      assertEquals(want, comments.get(c), c);
    }
    assertEquals(TableId.SILVER_BARS_1M.description(), tableComment(spark, "silver.bars_1m"));
    assertEquals(TableId.OPS_JOB_RUNS.description(), tableComment(spark, "ops.job_runs"));
    // Columns commented by the stage's own schema keep their comment.
    assertEquals(Schemas.JOB_RUNS.apply("stage").getComment().get(), columnComments(spark, "ops.job_runs").get("stage"));
    assertEquals(TableId.zoneDescription("silver"), spark.sql("DESCRIBE DATABASE silver")
        .filter("info_name = 'Comment'").first().getString(1));

    // Registering again writes nothing and adds nothing: no Delta commit, the same names.
    long version = latestVersion(spark, lake, TableId.SILVER_BARS_1M);
    List<LakeCatalog.Registered> again = LakeCatalog.register(spark, lake);
    assertTrue(again.stream().noneMatch(LakeCatalog.Registered::created), again.toString());
    assertEquals(0, again.stream().mapToInt(LakeCatalog.Registered::commentsWritten).sum());
    assertEquals(version, latestVersion(spark, lake, TableId.SILVER_BARS_1M));

    // The comment commits are not data writes for the backfill.
    List<String> ops = DeltaTable.forPath(spark, lake.path(TableId.SILVER_BARS_1M)).history()
        .orderBy("version").collectAsList().stream().map(r -> r.<String>getAs("operation")).toList();
    assertEquals("WRITE", ops.get(0));
    assertTrue(ops.subList(1, ops.size()).stream().allMatch(LakeCatalog.COMMENT_OPERATIONS::contains), ops.toString());
    assertEquals("0", io.l2lake.run.Backfill.dataVersion(lake, TableId.SILVER_BARS_1M));

    // A lake rebuilt elsewhere: the names follow it.
    Lake moved = io.l2lake.testing.TestLakes.namedTablesLake(dir.resolve("b"));
    spark.sql("INSERT INTO delta.`" + moved.path(TableId.SILVER_BARS_1M) + "` VALUES ('EFGH', DATE'2025-03-04', 2.0D, 9L)");
    LakeCatalog.register(spark, moved);
    assertEquals(4, spark.sql("SELECT * FROM silver.bars_1m").count());
    spark.sql("DROP TABLE silver.bars_1m");
    spark.sql("DROP TABLE ops.job_runs");
    assertTrue(new Lake(spark, moved.root()).exists(TableId.SILVER_BARS_1M), "dropping a name keeps the data");
  }

  static Map<String, String> columnComments(SparkSession spark, String table) {
    return java.util.Arrays.stream(spark.table(table).schema().fields()).filter(f -> f.getComment().isDefined())
        .collect(Collectors.toMap(StructField::name, f -> f.getComment().get()));
  }

  static String tableComment(SparkSession spark, String table) {
    List<Row> rows = spark.sql("DESCRIBE TABLE EXTENDED " + table).filter("col_name = 'Comment'").collectAsList();
    return rows.isEmpty() ? null : rows.get(0).getString(1);
  }

  static long latestVersion(SparkSession spark, Lake lake, TableId id) {
    return DeltaTable.forPath(spark, lake.path(id)).history(1).first().getLong(0);
  }
}

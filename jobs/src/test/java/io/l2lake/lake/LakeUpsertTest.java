package io.l2lake.lake;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.delta.tables.DeltaTable;
import io.l2lake.testing.SparkTestSession;
import java.nio.file.Path;
import java.sql.Date;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upsert of rows that read the same on every pass ({@link Lake#upsertStable}) leaves the table an
 * ordinary upsert leaves, without the copy of its source Delta persists before an ordinary MERGE, and
 * leaves the session's setting as it was.
 */
class LakeUpsertTest {
  static final StructType SCHEMA = new StructType().add("symbol", DataTypes.StringType)
      .add("trade_date", DataTypes.DateType).add("k", DataTypes.LongType).add("v", DataTypes.StringType)
      .add("run", DataTypes.StringType);

  @TempDir Path dir;

  static Dataset<Row> rows(Object[]... r) {
    return SparkTestSession.get().createDataFrame(
        java.util.Arrays.stream(r).map(RowFactory::create).toList(), SCHEMA);
  }

  static Object[] row(String day, long k, String v, String run) {
    return new Object[] {"ABC", Date.valueOf(day), k, v, run};
  }

  void upsert(Lake lake, Dataset<Row> batch, boolean stable) {
    List<String> keys = List.of("symbol", "trade_date", "k");
    if (stable) {
      lake.upsertStable(TableId.BRONZE_DAILY_BARS, batch.persist(), keys, List.of("run"),
          col("t.trade_date").isin(Date.valueOf("2025-03-04"), Date.valueOf("2025-03-05")), "trade_date");
    } else {
      lake.upsert(TableId.BRONZE_DAILY_BARS, batch, keys, List.of("run"),
          col("t.trade_date").isin(Date.valueOf("2025-03-04"), Date.valueOf("2025-03-05")), "trade_date");
    }
  }

  @Test
  void stableUpsertMatchesAnUpsertWithoutCopyingItsSource() {
    SparkSession spark = SparkTestSession.get();
    String key = Lake.MATERIALIZE_SOURCE;
    // Unset, the setting reads as Delta's default once Delta has registered it.
    String before = spark.conf().get(key, "auto");
    Map<Boolean, List<Row>> tables = new java.util.HashMap<>();
    List<String> persisted = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onStageSubmitted(org.apache.spark.scheduler.SparkListenerStageSubmitted s) {
        scala.jdk.javaapi.CollectionConverters.asJava(s.stageInfo().rddInfos()).forEach(r -> {
          if (r.storageLevel().isValid()) {
            persisted.add(r.name());
          }
        });
      }
    };
    spark.sparkContext().addSparkListener(listener);
    for (boolean stable : new boolean[] {false, true}) {
      persisted.clear();
      Lake lake = new Lake(spark, dir.resolve(stable ? "stable" : "plain").toString());
      upsert(lake, rows(row("2025-03-04", 1, "a", "r1"), row("2025-03-04", 2, "b", "r1")), stable);
      // A new key on an existing day, a key whose value changed, one equal except the ignored run, a new
      // day: inserted, updated, untouched, inserted.
      upsert(lake, rows(row("2025-03-04", 3, "c", "r2"), row("2025-03-04", 2, "B", "r2"),
          row("2025-03-04", 1, "a", "r2"), row("2025-03-05", 1, "d", "r2")), stable);
      tables.put(stable, spark.read().format("delta").load(lake.path(TableId.BRONZE_DAILY_BARS))
          .orderBy("trade_date", "k").collectAsList());
      Row merge = DeltaTable.forPath(spark, lake.path(TableId.BRONZE_DAILY_BARS)).history(1).first();
      assertEquals("MERGE", merge.getAs("operation"));
      Map<String, String> metrics = scala.jdk.javaapi.CollectionConverters.asJava(
          merge.<scala.collection.Map<String, String>>getAs("operationMetrics"));
      assertEquals("2", metrics.get("numTargetRowsInserted"), stable + " " + metrics);
      assertEquals("1", metrics.get("numTargetRowsUpdated"), stable + " " + metrics);
      // Delta names the copy of a MERGE source it persists before the MERGE's two reads.
      assertEquals(!stable, persisted.contains("mergeMaterializedSource"), stable + " " + persisted);
      assertEquals(before, spark.conf().get(key, "auto"), "the setting is as it was");
    }
    spark.sparkContext().removeSparkListener(listener);
    assertEquals(tables.get(false).toString(), tables.get(true).toString());
    assertEquals("[[ABC,2025-03-04,1,a,r1], [ABC,2025-03-04,2,B,r2], [ABC,2025-03-04,3,c,r2], "
        + "[ABC,2025-03-05,1,d,r2]]", tables.get(true).toString());

    spark.conf().set(key, "all");
    try {
      Lake lake = new Lake(spark, dir.resolve("set").toString());
      upsert(lake, rows(row("2025-03-04", 1, "a", "r1")), true);
      upsert(lake, rows(row("2025-03-04", 1, "z", "r2")), true);
      assertEquals("all", spark.conf().get(key), "a session value is put back");
    } finally {
      spark.conf().unset(key);
    }
  }
}

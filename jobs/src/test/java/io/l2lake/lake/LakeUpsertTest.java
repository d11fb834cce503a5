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

  static List<Date> days(String... d) {
    return java.util.Arrays.stream(d).map(Date::valueOf).toList();
  }

  static void upsertByDate(Lake lake, Dataset<Row> batch, String... dates) {
    lake.upsertStableByDate(TableId.BRONZE_DAILY_BARS, batch.persist(), List.of("symbol", "trade_date", "k"),
        List.of("run"), col("t.trade_date").isin(days(dates).toArray()), "trade_date",
        days(dates).stream().map(Date::toLocalDate).toList(), null);
  }

  /** How the last commit wrote: "replace" (an overwrite of some dates that removed nothing) or "merge". */
  static String writeForm(SparkSession spark, Lake lake) {
    Row commit = DeltaTable.forPath(spark, lake.path(TableId.BRONZE_DAILY_BARS)).history(1).first();
    if (commit.getAs("operation").equals("MERGE")) {
      return "merge";
    }
    Map<String, String> p = scala.jdk.javaapi.CollectionConverters.asJava(
        commit.<scala.collection.Map<String, String>>getAs("operationParameters"));
    Map<String, String> metrics = scala.jdk.javaapi.CollectionConverters.asJava(
        commit.<scala.collection.Map<String, String>>getAs("operationMetrics"));
    assertEquals("0", metrics.getOrDefault("numRemovedFiles", "0"), "nothing replaced: " + metrics);
    return commit.getAs("operation") + " " + p.get("mode");
  }

  /**
   * Dates the table has no row on are written by a replace of those dates, which leaves every other
   * date alone; a batch touching a date that has rows is merged; the table ends as the MERGEs alone
   * leave it.
   */
  @Test
  void datesWithoutRowsAreReplacedAndTheRestMerged() {
    SparkSession spark = SparkTestSession.get();
    Lake byDate = new Lake(spark, dir.resolve("by-date").toString());
    Lake merged = new Lake(spark, dir.resolve("merged").toString());
    List<Dataset<Row>> batches = List.of(
        rows(row("2025-03-04", 1, "a", "r1"), row("2025-03-04", 2, "b", "r1")),
        rows(row("2025-03-05", 1, "d", "r2"), row("2025-03-06", 1, "e", "r2")),
        rows(row("2025-03-05", 1, "D", "r3"), row("2025-03-05", 2, "f", "r3"), row("2025-03-07", 1, "g", "r3")));
    String[][] dates = {{"2025-03-04"}, {"2025-03-05", "2025-03-06"}, {"2025-03-05", "2025-03-07"}};
    for (int i = 0; i < batches.size(); i++) {
      upsertByDate(byDate, batches.get(i), dates[i]);
      merged.upsertStable(TableId.BRONZE_DAILY_BARS, batches.get(i), List.of("symbol", "trade_date", "k"),
          List.of("run"), col("t.trade_date").isin(days(dates[i]).toArray()), "trade_date");
      if (i == 1) {
        assertEquals("WRITE Overwrite", writeForm(spark, byDate), "new dates on an existing table: replaced");
      }
    }
    assertEquals("merge", writeForm(spark, byDate), "a batch with a date that has rows");
    String expected = "[[ABC,2025-03-04,1,a,r1], [ABC,2025-03-04,2,b,r1], [ABC,2025-03-05,1,D,r3], "
        + "[ABC,2025-03-05,2,f,r3], [ABC,2025-03-06,1,e,r2], [ABC,2025-03-07,1,g,r3]]";
    for (Lake lake : List.of(byDate, merged)) {
      assertEquals(expected, spark.read().format("delta").load(lake.path(TableId.BRONZE_DAILY_BARS))
          .orderBy("trade_date", "k").collectAsList().toString());
    }
    // The same batch again changes nothing (merged: every key exists with equal values).
    upsertByDate(byDate, batches.get(2), dates[2]);
    assertEquals(expected, spark.read().format("delta").load(byDate.path(TableId.BRONZE_DAILY_BARS))
        .orderBy("trade_date", "k").collectAsList().toString());
    // A row outside the dates given is refused, not written.
    org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
        () -> upsertByDate(byDate, rows(row("2025-03-10", 1, "x", "r4"), row("2025-03-11", 1, "y", "r4")),
            "2025-03-10"));
    assertEquals(6, spark.read().format("delta").load(byDate.path(TableId.BRONZE_DAILY_BARS)).count());
    // A replace that removed rows (as one overlapping another writer's commit would) is reported with the
    // version to restore.
    String token = "test replace";
    rows(row("2025-03-07", 1, "G", "r5")).write().format("delta").mode("overwrite")
        .option("replaceWhere", "trade_date = DATE'2025-03-07'").option("userMetadata", token)
        .save(byDate.path(TableId.BRONZE_DAILY_BARS));
    IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
        () -> byDate.checkNothingReplaced(TableId.BRONZE_DAILY_BARS, token));
    org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("replaced 1 files")
        && e.getMessage().contains("TO VERSION AS OF"), e.getMessage());
    // The date column must be a key.
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> byDate.upsertStableByDate(TableId.BRONZE_DAILY_BARS, rows(row("2025-03-12", 1, "x", "r4")),
            List.of("symbol", "k"), List.of("run"), null, "trade_date", List.of(java.time.LocalDate.of(2025, 3, 12)),
            null));
  }

  /**
   * With a scope, rows of the same dates outside it (keys the batch cannot share) do not force a
   * MERGE, and the replace leaves them as they are; rows inside it do.
   */
  @Test
  void aScopeNarrowsWhatMustBeEmpty() {
    SparkSession spark = SparkTestSession.get();
    Lake lake = new Lake(spark, dir.resolve("scoped").toString());
    List<String> keys = List.of("symbol", "trade_date", "k");
    List<java.time.LocalDate> day = List.of(java.time.LocalDate.of(2025, 3, 4));
    // Keys below 100 and from 100 up never meet: the scope k >= 100 holds every key a batch of them can match.
    lake.upsertStableByDate(TableId.BRONZE_DAILY_BARS, rows(row("2025-03-04", 1, "a", "r1"),
        row("2025-03-04", 2, "b", "r1")), keys, List.of("run"), null, "trade_date", day, "k < 100");
    lake.upsertStableByDate(TableId.BRONZE_DAILY_BARS, rows(row("2025-03-04", 100, "c", "r2"),
        row("2025-03-04", 101, "d", "r2")), keys, List.of("run"), null, "trade_date", day, "k >= 100");
    assertEquals("WRITE Overwrite", writeForm(spark, lake), "no row of the date in scope: replaced");
    lake.upsertStableByDate(TableId.BRONZE_DAILY_BARS, rows(row("2025-03-04", 101, "D", "r3"),
        row("2025-03-04", 102, "e", "r3")), keys, List.of("run"), null, "trade_date", day, "k >= 100");
    assertEquals("merge", writeForm(spark, lake), "rows of the date in scope: merged");
    assertEquals("[[ABC,2025-03-04,1,a,r1], [ABC,2025-03-04,2,b,r1], [ABC,2025-03-04,100,c,r2], "
        + "[ABC,2025-03-04,101,D,r3], [ABC,2025-03-04,102,e,r3]]", spark.read().format("delta")
        .load(lake.path(TableId.BRONZE_DAILY_BARS)).orderBy("trade_date", "k").collectAsList().toString());
  }
}

package io.l2lake.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.testing.SparkTestSession;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a piece of work persists or checkpoints is dropped when it ends; what was held before is kept. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class WorkBlocksTest {
  @Test
  void dropsWhatTheWorkPersistedAndKeepsWhatWasThere() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> earlier = spark.range(100).toDF().persist(StorageLevel.MEMORY_AND_DISK());
    assertEquals(100, earlier.count());
    Set<Integer> before = WorkBlocks.persisted(spark);
    Set<Integer> during;
    try (WorkBlocks work = WorkBlocks.open(spark)) {
      Dataset<Row> persisted = spark.range(50).toDF().persist(StorageLevel.MEMORY_AND_DISK());
      assertEquals(50, persisted.count());
      Dataset<Row> checkpointed = spark.range(20).toDF().localCheckpoint();
      assertEquals(20, checkpointed.count());
      during = WorkBlocks.persisted(spark);
      during.removeAll(before);
      assertEquals(2, during.size(), "a persisted and a checkpointed RDD");
    }
    Set<Integer> after = WorkBlocks.persisted(spark);
    assertEquals(before, after, "the work's RDDs are dropped, the earlier one is kept");
    for (Integer id : during) {
      assertTrue(!after.contains(id));
    }
    assertEquals(100, earlier.count());
    earlier.unpersist(true);
  }
}

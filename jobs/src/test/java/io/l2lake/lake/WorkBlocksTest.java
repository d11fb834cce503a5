package io.l2lake.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.testing.SparkTestSession;
import java.util.HashSet;
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
  private static Set<Object> held(SparkSession spark) {
    return new HashSet<>(scala.jdk.javaapi.CollectionConverters.asJava(spark.sparkContext().getPersistentRDDs())
        .keySet());
  }

  @Test
  void dropsWhatTheWorkPersistedAndKeepsWhatWasThere() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> earlier = spark.range(100).toDF().persist(StorageLevel.MEMORY_AND_DISK());
    assertEquals(100, earlier.count());
    Set<Object> before = held(spark);
    Set<Object> during;
    try (WorkBlocks blocks = WorkBlocks.open(spark)) {
      Dataset<Row> persisted = spark.range(50).toDF().persist(StorageLevel.MEMORY_AND_DISK());
      assertEquals(50, persisted.count());
      Dataset<Row> checkpointed = spark.range(20).toDF().localCheckpoint();
      assertEquals(20, checkpointed.count());
      assertEquals(2, blocks.held(), "a persisted and a checkpointed RDD");
      during = held(spark);
      during.removeAll(before);
      assertEquals(2, during.size());
    }
    Set<Object> after = held(spark);
    assertEquals(before, after, "the work's RDDs are dropped, the earlier one is kept");
    for (Object id : during) {
      assertTrue(!after.contains(id));
    }
    assertEquals(100, earlier.count());
    earlier.unpersist(true);
  }
}

package io.l2lake.backtest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.testing.SparkTestSession;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The backtest's lineage cut over cached batches (its materialisation when the RAPIDS plugin is configured). */
@Timeout(120)
class CachedLeafTest {
  @Test
  void aCachedDatasetBecomesOneLeafWithItsRowsAndJoinsItself() {
    SparkSession spark = SparkTestSession.get();
    Dataset<Row> deep = spark.range(0, 50).toDF("id").withColumn("v", col("id").multiply(2))
        .filter(col("id").geq(10)).withColumn("w", col("v").plus(1)).groupBy(col("id").mod(5).as("k"))
        .agg(org.apache.spark.sql.functions.sum("w").as("s"));
    Dataset<Row> persisted = deep.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      persisted.count();
      Dataset<Row> leaf = BacktestJob.cachedLeaf(persisted);
      org.apache.spark.sql.catalyst.plans.logical.LogicalPlan plan =
          ((org.apache.spark.sql.classic.Dataset<?>) leaf).logicalPlan();
      assertTrue(plan instanceof org.apache.spark.sql.execution.columnar.InMemoryRelation, plan.toString());
      assertEquals(0, plan.children().size());
      assertEquals(deep.orderBy("k").collectAsList(), leaf.orderBy("k").collectAsList());
      // A self-join of the leaf resolves (the relation is instanced anew on each side).
      Dataset<Row> self = leaf.as("a").join(leaf.as("b"), col("a.k").equalTo(col("b.k")));
      assertEquals(5, self.count());
      // Its physical plan scans the cached batches.
      String physical = ((org.apache.spark.sql.classic.Dataset<?>) leaf).queryExecution().executedPlan().toString();
      assertTrue(physical.contains("InMemoryTableScan"), physical);
    } finally {
      persisted.unpersist(true);
    }
    assertThrows(IllegalStateException.class, () -> BacktestJob.cachedLeaf(spark.range(3).toDF()));
  }
}

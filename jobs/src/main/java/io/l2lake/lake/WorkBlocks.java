package io.l2lake.lake;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The blocks one piece of work (a stage run, an ingest) keeps in the block manager: what it persists and what it
 * checkpoints locally ({@code localCheckpoint} persists its RDD with no lineage to recompute it from). Opened
 * when the work starts; {@link #close()} drops every RDD persisted since, so one JVM running many pieces of work
 * in a row (a backfill, the evaluation's markets) does not carry the earlier ones' blocks.
 *
 * <p>Spark drops such blocks on its own only when the driver's garbage collector finds their RDD objects gone,
 * which with a large heap can be long after the work ended. Until then they hold storage memory, and execution
 * may evict stored blocks only down to {@code spark.memory.storageFraction} of the unified region: a later
 * stage's windows and sorts then ran out of execution memory (a 10-seed evaluation market after another one in
 * the same JVM failed with {@code UNABLE_TO_ACQUIRE_MEMORY} in the as-of join's window buffer).
 *
 * <p>Work runs one piece at a time per session: an RDD persisted by another thread while this one is open
 * would be dropped with it.
 */
public final class WorkBlocks implements AutoCloseable {
  private final JavaSparkContext context;
  private final Set<Integer> before;

  private WorkBlocks(JavaSparkContext context, Set<Integer> before) {
    this.context = context;
    this.before = before;
  }

  /** Starts counting what {@code spark} persists from now on. */
  public static WorkBlocks open(SparkSession spark) {
    return new WorkBlocks(JavaSparkContext.fromSparkContext(spark.sparkContext()), persisted(spark));
  }

  /** The ids of the RDDs {@code spark} holds persisted or checkpointed now. */
  public static Set<Integer> persisted(SparkSession spark) {
    return new HashSet<>(JavaSparkContext.fromSparkContext(spark.sparkContext()).getPersistentRDDs().keySet());
  }

  /** Drops every RDD persisted since {@link #open}, without waiting for the blocks to go. */
  @Override
  public void close() {
    for (Map.Entry<Integer, JavaRDD<?>> e : context.getPersistentRDDs().entrySet()) {
      if (!before.contains(e.getKey())) {
        e.getValue().unpersist(false);
      }
    }
  }
}

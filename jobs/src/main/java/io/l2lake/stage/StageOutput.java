package io.l2lake.stage;

import io.l2lake.lake.TableId;
import java.util.List;

/**
 * A table a stage writes, and how. Every mode leaves the same table when the stage runs again for the same
 * dates.
 *
 * @param table the table
 * @param mode how its rows are written
 * @param keys the key columns of a MERGE (empty for a replace)
 * @param ignored columns a MERGE does not compare (run ids): a row differing only there is left as it is
 */
public record StageOutput(TableId table, Mode mode, List<String> keys, List<String> ignored) {
  /** How an output is written. */
  public enum Mode {
    /** The rows of the run's dates replaced in one commit (the whole table when the range is open). */
    REPLACE_RANGE,
    /** Rows MERGEd on their keys, the target pruned to the run's dates. */
    MERGE_KEYS,
    /** One row per key, the newest by trade date: a key's row is replaced only by a row at least as new. */
    LATEST_PER_KEY
  }

  public static StageOutput replaceRange(TableId table) {
    return new StageOutput(table, Mode.REPLACE_RANGE, List.of(), List.of());
  }

  public static StageOutput mergeOn(TableId table, List<String> keys, List<String> ignored) {
    return new StageOutput(table, Mode.MERGE_KEYS, keys, ignored);
  }

  public static StageOutput latestPer(TableId table, String key) {
    return new StageOutput(table, Mode.LATEST_PER_KEY, List.of(key), List.of());
  }
}

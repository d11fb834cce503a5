package io.l2lake.stage;

import io.l2lake.lake.TableId;
import org.apache.spark.sql.types.StructType;

/**
 * A table a stage reads.
 *
 * @param table the table
 * @param absent the rows it has when the table does not exist yet (an empty frame of this schema); null when the
 *     stage cannot run without it (the runner then names the stage that writes it)
 * @param range how much of it: {@link Range#RANGE} the run's dates, {@link Range#LOOK_BACK} also the stage's
 *     look-back days before them, {@link Range#WHOLE} every row
 * @param usableOnly leave out the symbol-days the integrity checks marked unusable
 */
public record StageInput(TableId table, StructType absent, Range range, boolean usableOnly) {
  /** How much of a table a stage reads. */
  public enum Range { RANGE, LOOK_BACK, WHOLE }

  /** The run's dates of a table the stage needs. */
  public static StageInput required(TableId table) {
    return new StageInput(table, null, Range.RANGE, false);
  }

  /** The run's dates of a table that may not exist yet (then empty, of {@code schema}). */
  public static StageInput optional(TableId table, StructType schema) {
    return new StageInput(table, schema, Range.RANGE, false);
  }

  /** The same input without the unusable symbol-days. */
  public StageInput usable() {
    return new StageInput(table, absent, range, true);
  }

  /** The same input with the stage's look-back days before the range. */
  public StageInput withLookBack() {
    return new StageInput(table, absent, Range.LOOK_BACK, usableOnly);
  }

  /** The same input, every row whatever the range. */
  public StageInput whole() {
    return new StageInput(table, absent, Range.WHOLE, usableOnly);
  }
}

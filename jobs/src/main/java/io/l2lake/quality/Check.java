package io.l2lake.quality;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import org.apache.spark.sql.Column;

/**
 * A declarative integrity check on one dataset, evaluated per symbol-day. A check declares the
 * aggregates it needs; all checks on a dataset run together in one {@code groupBy(symbol,
 * trade_date).agg(...)} pass, and each then reads its violations and checked counts from the
 * aggregated row. It fails when {@code violations > 0} and {@code violations / checked > maxShare}.
 * A failed {@link Level#ERROR} check makes the symbol-day unusable for later stages.
 *
 * @param name stable check name stored in {@code ops.integrity.check}
 * @param aggregates aggregate columns, each aliased with a name unique to this check
 * @param violations over the aggregated row: number of violations
 * @param checked over the aggregated row: number of rows the check looked at
 * @param detail over the aggregated row: a short explanation, or null
 */
public record Check(String name, Level level, String dataset, String description,
    List<Column> aggregates, Column violations, Column checked, double maxShare, Column detail) {

  /** Error or warning. */
  public enum Level {
    ERROR, WARNING;

    public String code() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * A check counting rows where {@code violation} holds among rows where {@code applies} holds.
   */
  public static Check rows(String name, Level level, String dataset, String description,
      Column violation, Column applies, double maxShare) {
    String v = name + "__violations";
    String c = name + "__checked";
    return new Check(name, level, dataset, description,
        List.of(sum(when(applies.and(coalesce(violation, lit(false))), 1L).otherwise(0L)).as(v),
            sum(when(applies, 1L).otherwise(0L)).as(c)),
        col(v), col(c), maxShare, lit(null).cast("string"));
  }
}

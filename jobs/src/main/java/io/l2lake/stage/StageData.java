package io.l2lake.stage;

import io.l2lake.lake.TableId;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * A stage's inputs as the runner read them (each as its {@link StageInput} says), the unusable symbol-days of
 * the range with their reasons, and the range itself as a condition on {@code trade_date}.
 */
public record StageData(Map<TableId, Dataset<Row>> tables, Dataset<Row> unusable, Column range) {
  /** The input {@code id}. */
  public Dataset<Row> get(TableId id) {
    Dataset<Row> d = tables.get(id);
    if (d == null) {
      throw new IllegalArgumentException(id.qualifiedName() + " is not an input of this stage");
    }
    return d;
  }
}

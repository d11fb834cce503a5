package io.l2lake.stage;

import io.l2lake.lake.TableId;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The planned rows of each output table of a stage. */
public record StageResult(Map<TableId, Dataset<Row>> outputs) {
  public static StageResult of(TableId id, Dataset<Row> rows) {
    return new StageResult(Map.of(id, rows));
  }

  public static StageResult of(TableId a, Dataset<Row> rowsA, TableId b, Dataset<Row> rowsB) {
    Map<TableId, Dataset<Row>> m = new LinkedHashMap<>();
    m.put(a, rowsA);
    m.put(b, rowsB);
    return new StageResult(m);
  }
}

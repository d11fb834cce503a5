package io.l2lake.stage;

import io.l2lake.lake.TableId;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * What a run wrote: the rows each output now holds for the range (from the commits' metrics where they say),
 * and each output's rows of the range as a fresh read.
 */
public interface Written {
  Map<TableId, Long> rows();

  Dataset<Row> read(TableId id);
}

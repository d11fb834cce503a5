package io.l2lake.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.l2lake.lake.Lake;
import io.l2lake.lake.TableId;
import io.l2lake.testing.SparkTestSession;
import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stage's replace of a date range: what the table holds after it, and the row count it returns. */
class StageIoReplaceTest {
  static final StructType SCHEMA = new StructType().add("symbol", DataTypes.StringType)
      .add("trade_date", DataTypes.DateType).add("bar_ts", DataTypes.TimestampType).add("v", DataTypes.LongType);

  @TempDir Path dir;

  static Dataset<Row> rows(String day, int n, long v) {
    List<Row> r = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      r.add(RowFactory.create("S" + (i % 3), Date.valueOf(day),
          java.sql.Timestamp.from(java.time.Instant.parse(day + "T15:00:00Z").plusSeconds(60L * i)), v));
    }
    return SparkTestSession.get().createDataFrame(r, SCHEMA);
  }

  @Test
  void returnsTheRowsTheRangeHoldsAfterTheReplace() {
    SparkSession spark = SparkTestSession.get();
    Lake lake = new Lake(spark, dir.resolve("lake").toString());
    TableId id = TableId.SILVER_BARS_1M;
    LocalDate d1 = LocalDate.parse("2025-03-03");
    LocalDate d2 = LocalDate.parse("2025-03-04");
    // A new table, two days.
    assertEquals(7, StageIo.replace(lake, id, rows("2025-03-03", 4, 1).unionByName(rows("2025-03-04", 3, 1)),
        d1, d2));
    // One day again, with fewer rows: the other day is kept, the count is the day's.
    assertEquals(2, StageIo.replace(lake, id, rows("2025-03-04", 2, 2), d2, d2));
    Dataset<Row> t = spark.read().format("delta").load(lake.path(id));
    assertEquals(6, t.count());
    assertEquals(2, t.filter("v = 2").count());
    // The same replace again is the same table; an empty range is 0 rows and removes the day.
    assertEquals(2, StageIo.replace(lake, id, rows("2025-03-04", 2, 2), d2, d2));
    assertEquals(6, spark.read().format("delta").load(lake.path(id)).count());
    assertEquals(0, StageIo.replace(lake, id, rows("2025-03-04", 0, 3), d2, d2));
    assertEquals(4, spark.read().format("delta").load(lake.path(id)).count());
    // The whole table (open range).
    assertEquals(5, StageIo.replace(lake, id, rows("2025-03-05", 5, 4), null, null));
    assertEquals(5, spark.read().format("delta").load(lake.path(id)).count());
  }
}

package io.l2lake.columns;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.l2lake.testing.SparkTestSession;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RollingTest {
  @Test
  void matchesStddevSampOverLookBackFrames() {
    StructType schema = new StructType().add("k", DataTypes.StringType).add("i", DataTypes.IntegerType)
        .add("x", DataTypes.DoubleType);
    List<Row> rows = new ArrayList<>();
    java.util.Random r = new java.util.Random(3);
    for (int i = 0; i < 40; i++) {
      rows.add(RowFactory.create("a", i, i % 7 == 3 ? null : 0.3 + 0.01 * r.nextGaussian()));
      rows.add(RowFactory.create("c", i, 0.3));
    }
    Dataset<Row> d = SparkTestSession.get().createDataFrame(rows, schema);
    WindowSpec frame = Window.partitionBy("k").orderBy("i").rowsBetween(-5, -1);
    List<Row> out = d.select(col("k"), col("i"), stddev_samp(col("x")).over(frame).as("spark"),
        Rolling.stddevSamp(col("x"), frame).as("rolling")).orderBy("k", "i").collectAsList();
    for (Row o : out) {
      String where = o.getString(0) + " row " + o.getInt(1);
      if (o.isNullAt(2)) {
        assertNull(o.get(3), where + ": fewer than two values give null");
      } else if (o.getString(0).equals("c")) {
        assertEquals(0.0, o.getDouble(3), 0.0, where + ": a constant series has no spread");
      } else {
        assertEquals(o.getDouble(2), o.getDouble(3), 1e-12, where);
      }
    }
    // Row 0 has no earlier value, row 1 one: both null.
    assertNull(out.get(0).get(3));
    assertNull(out.get(1).get(3));
  }
}

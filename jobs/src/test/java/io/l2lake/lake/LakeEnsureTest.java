package io.l2lake.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.delta.tables.DeltaTable;
import io.l2lake.testing.SparkTestSession;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ensured (created empty) table is the table a first write of an empty frame would have made: the
 * same schema with comments and nullability, partitioning and properties, and it takes rows the same.
 */
class LakeEnsureTest {
  @TempDir Path dir;

  @Test
  void ensuredTableEqualsTheTableAnEmptyFirstWriteMakes() {
    SparkSession spark = SparkTestSession.get();
    Lake ensured = new Lake(spark, dir.resolve("ensured").toString());
    Lake written = new Lake(spark, dir.resolve("written").toString());
    for (TableId id : List.of(TableId.BRONZE_TICKS, TableId.BRONZE_QUARANTINE)) {
      StructType schema = id == TableId.BRONZE_TICKS ? Schemas.TICKS : Schemas.QUARANTINE;
      ensured.ensure(id, schema, Schemas.TRADE_DATE);
      written.append(id, spark.createDataFrame(List.of(), schema), Schemas.TRADE_DATE);

      Row a = detail(spark, ensured, id);
      Row b = detail(spark, written, id);
      assertEquals(b.<Object>getAs("partitionColumns"), a.<Object>getAs("partitionColumns"), id.qualifiedName());
      assertEquals(b.<Object>getAs("properties"), a.<Object>getAs("properties"), id.qualifiedName());
      assertEquals(0L, a.<Long>getAs("numFiles"));
      StructType as = spark.read().format("delta").load(ensured.path(id)).schema();
      StructType bs = spark.read().format("delta").load(written.path(id)).schema();
      assertEquals(bs, as, id.qualifiedName());
      for (StructField f : as.fields()) {
        assertEquals(bs.apply(f.name()).getComment(), f.getComment(), f.name());
      }
    }
    // Ticks' conditions column is array<string> with non-null elements in the stage schema; the
    // table, like a written one, allows nulls at every depth.
    ArrayType conditions = (ArrayType) spark.read().format("delta").load(ensured.path(TableId.BRONZE_TICKS))
        .schema().apply("conditions").dataType();
    assertTrue(conditions.containsNull());
    assertEquals(Map.of("delta.dataSkippingStatsColumns", "symbol,ts,feed"),
        scala.jdk.javaapi.CollectionConverters.asJava(detail(spark, ensured, TableId.BRONZE_TICKS)
            .<scala.collection.Map<String, String>>getAs("properties")));
  }

  @Test
  void ensureIsOneCommitAndIdempotent() {
    SparkSession spark = SparkTestSession.get();
    Lake lake = new Lake(spark, dir.resolve("lake").toString());
    assertFalse(lake.exists(TableId.BRONZE_QUARANTINE));
    lake.ensure(TableId.BRONZE_QUARANTINE, Schemas.QUARANTINE, Schemas.TRADE_DATE);
    lake.ensure(TableId.BRONZE_QUARANTINE, Schemas.QUARANTINE, Schemas.TRADE_DATE);
    assertEquals(1L, DeltaTable.forPath(spark, lake.path(TableId.BRONZE_QUARANTINE)).history().count());
    assertEquals(0L, lake.read(TableId.BRONZE_QUARANTINE, Schemas.QUARANTINE).count());
  }

  @Test
  void ensureTakesARelativeLakeRoot() throws java.io.IOException {
    SparkSession spark = SparkTestSession.get();
    Path cwd = Path.of("").toAbsolutePath();
    Path root = java.nio.file.Files.createTempDirectory(cwd.resolve("target"), "relative-lake");
    Lake lake = new Lake(spark, cwd.relativize(root).toString());
    assertFalse(lake.path(TableId.OPS_INTEGRITY).startsWith("/"));
    lake.ensure(TableId.OPS_INTEGRITY, io.l2lake.quality.IntegrityStage.SCHEMA, Schemas.TRADE_DATE);
    assertTrue(lake.exists(TableId.OPS_INTEGRITY));
    assertTrue(java.nio.file.Files.isDirectory(root.resolve("ops/integrity/_delta_log")));
  }

  @Test
  void nullableReachesEveryDepth() {
    StructType inner = new StructType().add("x", DataTypes.LongType, false);
    StructType schema = new StructType()
        .add("a", DataTypes.createArrayType(inner, false), false)
        .add("m", DataTypes.createMapType(DataTypes.StringType, DataTypes.createArrayType(DataTypes.IntegerType,
            false), false), false);
    StructType n = Lake.nullable(schema);
    ArrayType a = (ArrayType) n.apply("a").dataType();
    assertTrue(n.apply("a").nullable() && a.containsNull() && ((StructType) a.elementType()).apply("x").nullable());
    MapType m = (MapType) n.apply("m").dataType();
    assertTrue(n.apply("m").nullable() && m.valueContainsNull() && ((ArrayType) m.valueType()).containsNull());
  }

  private static Row detail(SparkSession spark, Lake lake, TableId id) {
    return spark.sql("DESCRIBE DETAIL delta.`" + lake.path(id) + "`").first();
  }
}

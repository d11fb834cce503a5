package io.l2lake.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lake's Parquet files are written with {@link Sessions#DEFAULTS}: timestamps as INT64 microseconds (not
 * Spark's INT96), and no dictionary for the columns whose values hardly repeat ({@code ts}, {@code seq},
 * {@code line_no}), while repeated strings keep theirs. Read from the footer of a file the lake wrote.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class LakeFileFormatTest {
  @TempDir Path dir;

  @Test
  void timestampsAreMicrosAndUniqueColumnsHaveNoDictionary() throws Exception {
    SparkSession spark = SparkTestSession.get();
    Lake lake = new Lake(spark, dir.toString());
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < 200; i++) {
      rows.add(RowFactory.create("ABCD", Date.valueOf("2025-03-03"),
          Timestamp.from(Timestamp.valueOf("2025-03-03 14:30:00").toInstant().plusMillis(i)),
          (long) i, 1.0, 100L, 1.01, 200L, "Q", "ba", "quote_time", "l1/ABCD/20250303.txt", (long) i + 1, "run-1"));
    }
    lake.append(TableId.BRONZE_QUOTES, spark.createDataFrame(rows, Schemas.QUOTES), Schemas.TRADE_DATE);

    Path file;
    try (Stream<Path> files = Files.walk(Path.of(lake.path(TableId.BRONZE_QUOTES)))) {
      file = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    ParquetMetadata footer;
    try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
        new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
      footer = reader.getFooter();
    }
    PrimitiveType ts = footer.getFileMetaData().getSchema().getType(Schemas.TS).asPrimitiveType();
    assertEquals(PrimitiveType.PrimitiveTypeName.INT64, ts.getPrimitiveTypeName());
    assertEquals(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS),
        ts.getLogicalTypeAnnotation());

    Map<String, Boolean> dictionary = new HashMap<>();
    for (ColumnChunkMetaData c : footer.getBlocks().get(0).getColumns()) {
      dictionary.put(c.getPath().toDotString(), c.hasDictionaryPage());
    }
    assertFalse(dictionary.get(Schemas.TS));
    assertFalse(dictionary.get(Schemas.SEQ));
    assertFalse(dictionary.get(Schemas.LINE_NO));
    assertTrue(dictionary.get(Schemas.SOURCE_FILE));
    assertTrue(dictionary.get("bid"));

    // And the values read back are the instants written.
    List<Row> back = spark.read().format("delta").load(lake.path(TableId.BRONZE_QUOTES))
        .orderBy(Schemas.SEQ).select(Schemas.TS).limit(2).collectAsList();
    assertEquals(Timestamp.valueOf("2025-03-03 14:30:00.001").toInstant(),
        back.get(1).getTimestamp(0).toInstant());
  }
}

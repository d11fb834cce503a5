package io.l2lake.ingest;

import static org.apache.spark.sql.functions.lit;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.l2lake.lake.Schemas;
import io.l2lake.testing.SparkTestSession;
import io.l2lake.testing.TestLakes;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The batch de-duplication keeps the newest file's row per key and quarantines the others, whatever the key
 * hash: a hash under which every row collides (so every row goes through the exact grouping) gives the same
 * result as the real one.
 */
class DeduplicateTest {
  static final StructType SCHEMA = new StructType()
      .add(Schemas.SYMBOL, DataTypes.StringType, false)
      .add(Schemas.TRADE_DATE, DataTypes.DateType, false)
      .add(Schemas.ROW_KEY, DataTypes.StringType, false)
      .add(Schemas.SOURCE_FILE, DataTypes.StringType, false)
      .add(Schemas.LINE_NO, DataTypes.LongType, false)
      .add(Schemas.RAW, DataTypes.StringType, false)
      .add(Envelope.FILE_MTIME, DataTypes.LongType, false);
  static final List<String> KEYS = List.of(Schemas.SYMBOL, Schemas.TRADE_DATE, Schemas.ROW_KEY);

  static Row row(String symbol, String day, String key, String file, long line, long mtime) {
    return RowFactory.create(symbol, java.sql.Date.valueOf(day), key, file, line, "raw " + file + ":" + line, mtime);
  }

  static Dataset<Row> rows(Row... rows) {
    return SparkTestSession.get().createDataFrame(List.of(rows), SCHEMA);
  }

  @Test
  void duplicatesKeepTheNewestFilesRowUnderAnyHash() {
    Dataset<Row> batch = rows(
        row("AAA", "2025-03-03", "h|1|10", "a.csv", 1, 100),
        row("AAA", "2025-03-03", "h|1|10", "b.csv", 7, 200), // newer file: kept
        row("AAA", "2025-03-03", "h|1|11", "a.csv", 2, 100),
        row("AAA", "2025-03-04", "h|1|10", "a.csv", 3, 100), // another day: another key
        row("BBB", "2025-03-03", "h|1|10", "a.csv", 4, 100), // another symbol: another key
        row("BBB", "2025-03-03", "h|1|12", "a.csv", 5, 100),
        row("BBB", "2025-03-03", "h|1|12", "a.csv", 6, 100)); // the same file: the first line is kept
    List<String> expectedKept = List.of(
        "[AAA|2025-03-03|h|1|10|b.csv|7]", "[AAA|2025-03-03|h|1|11|a.csv|2]", "[AAA|2025-03-04|h|1|10|a.csv|3]",
        "[BBB|2025-03-03|h|1|10|a.csv|4]", "[BBB|2025-03-03|h|1|12|a.csv|5]");
    List<String> expectedQuarantine = List.of(
        "[ticks|AAA|2025-03-03|a.csv|1|raw a.csv:1|duplicate_key|kept b.csv:7|run]",
        "[ticks|BBB|2025-03-03|a.csv|6|raw a.csv:6|duplicate_key|kept a.csv:5|run]");
    for (Deduplication.Deduped d : List.of(Deduplication.deduplicate(batch, KEYS, "ticks", "run"),
        Deduplication.deduplicate(batch, KEYS, "ticks", "run", cols -> lit(0L)))) {
      assertEquals(expectedKept, TestLakes.rows(d.kept()).stream().map(r -> r.replace(',', '|')).toList());
      assertEquals(expectedQuarantine, TestLakes.rows(d.duplicates()).stream().map(r -> r.replace(',', '|'))
          .toList());
      assertEquals(2, d.removed());
      assertEquals(List.of(Schemas.SYMBOL, Schemas.TRADE_DATE, Schemas.ROW_KEY, Schemas.SOURCE_FILE,
          Schemas.LINE_NO), List.of(d.kept().columns()));
    }
  }

  @Test
  void aBatchWithoutDuplicatesIsKeptWholeUnderAnyHash() {
    Dataset<Row> batch = rows(row("AAA", "2025-03-03", "h|1|10", "a.csv", 1, 100),
        row("AAA", "2025-03-03", "h|1|11", "a.csv", 2, 100));
    for (Deduplication.Deduped d : List.of(Deduplication.deduplicate(batch, KEYS, "ticks", "run"),
        Deduplication.deduplicate(batch, KEYS, "ticks", "run", cols -> lit(0L)))) {
      assertEquals(2, d.kept().count());
      assertEquals(0, d.duplicates().count());
      assertEquals(0, d.removed());
    }
    SparkSession spark = SparkTestSession.get();
    assertEquals(0, Deduplication.deduplicate(spark.createDataFrame(List.of(), SCHEMA), KEYS, "ticks", "run")
        .kept().count());
  }

  static final StructType FILE_STATS = new StructType()
      .add(Schemas.SOURCE_FILE, DataTypes.StringType, false)
      .add("feed", DataTypes.StringType, false)
      .add(Schemas.SYMBOL, DataTypes.StringType, false)
      .add("min_date", DataTypes.DateType, true)
      .add("max_date", DataTypes.DateType, true)
      .add(Envelope.KEYS_REPEATED, DataTypes.BooleanType, false);

  static Row file(String name, String feed, String symbol, String first, String last, boolean repeated) {
    return RowFactory.create(name, feed, symbol, first == null ? null : java.sql.Date.valueOf(first),
        last == null ? null : java.sql.Date.valueOf(last), repeated);
  }

  @Test
  void onlyFilesThatCanShareAKeyAreDeduplicated() {
    List<Row> stats = SparkTestSession.get().createDataFrame(List.of(
        // AAA: a and b overlap on the 4th, c touches the 5th of b, d is apart.
        file("a", "ticks", "AAA", "2025-03-03", "2025-03-04", false),
        file("c", "ticks", "AAA", "2025-03-05", "2025-03-05", false),
        file("b", "ticks", "AAA", "2025-03-04", "2025-03-05", false),
        file("d", "ticks", "AAA", "2025-03-07", "2025-03-10", false),
        // BBB: one day each, never the same day, one file repeating a key within itself.
        file("e", "ticks", "BBB", "2025-03-03", "2025-03-03", false),
        file("f", "ticks", "BBB", "2025-03-04", "2025-03-04", true),
        // The same dates as a, but another symbol, another feed, or no rows at all.
        file("g", "ticks", "CCC", "2025-03-03", "2025-03-04", false),
        file("h", "daily", "AAA", "2025-03-03", "2025-03-04", false),
        file("i", "ticks", "AAA", null, null, false),
        // A range that holds another: both.
        file("j", "daily", "BBB", "2025-01-02", "2025-03-31", false),
        file("k", "daily", "BBB", "2025-02-03", "2025-02-03", false)), FILE_STATS).collectAsList();
    assertEquals(java.util.Set.of("a", "b", "c", "f"), Deduplication.filesToDeduplicate(stats, "ticks"));
    assertEquals(java.util.Set.of("j", "k"), Deduplication.filesToDeduplicate(stats, "daily"));
    assertEquals(java.util.Set.of(), Deduplication.filesToDeduplicate(stats, "l1"));
  }

  @Test
  void deduplicatingTheFilesThatCanShareAKeyEqualsTheWholeBatch() {
    Dataset<Row> batch = rows(
        row("AAA", "2025-03-03", "h|1|10", "a.csv", 1, 100),
        row("AAA", "2025-03-03", "h|1|10", "b.csv", 7, 200),
        row("AAA", "2025-03-03", "h|1|11", "a.csv", 2, 100),
        row("AAA", "2025-03-03", "h|1|10", "c.csv", 3, 300), // the key of a and b, in an unlisted file
        row("BBB", "2025-03-05", "h|1|12", "d.csv", 5, 100));
    Deduplication.Deduped whole = Deduplication.deduplicate(batch, KEYS, "ticks", "run");
    Deduplication.Deduped listed = Deduplication.deduplicate(batch, java.util.Set.of("a.csv", "b.csv", "c.csv"), KEYS,
        "ticks", "run");
    assertEquals(TestLakes.rows(whole.kept()), TestLakes.rows(listed.kept()));
    assertEquals(TestLakes.rows(whole.duplicates()), TestLakes.rows(listed.duplicates()));
    assertEquals(2, listed.removed());
    assertEquals(List.of(whole.kept().columns()), List.of(listed.kept().columns()));
    // An unlisted file is kept whole: leaving c out (wrongly) keeps its row beside the newest listed one,
    // which shows the listed files alone are compared.
    Deduplication.Deduped withoutC = Deduplication.deduplicate(batch, java.util.Set.of("a.csv", "b.csv"), KEYS, "ticks",
        "run");
    assertEquals(4, withoutC.kept().count());
    assertEquals(1, withoutC.removed());
    Deduplication.Deduped none = Deduplication.deduplicate(batch, java.util.Set.of(), KEYS, "ticks", "run");
    assertEquals(5, none.kept().count());
    assertEquals(0, none.removed());
    assertEquals(0, none.duplicates().count());
  }
}

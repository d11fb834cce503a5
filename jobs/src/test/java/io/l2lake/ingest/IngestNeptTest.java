package io.l2lake.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import io.l2lake.testing.RawFiles;
import io.l2lake.testing.SparkTestSession;
import io.l2lake.testing.TestLakes;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real NEPT tick answers, sent oldest-first and newest-first, load to identical tables. */
class IngestNeptTest {
  static final Path DATA = SparkTestSession.sharedData().resolve("iqfeed");
  static final String OLDEST = "NEPT_ticks_2021-03-01_2021-03-03_oldest_first_p61.csv.gz";
  static final String NEWEST = "NEPT_ticks_2021-03-01_2021-03-03_newest_first_p61.csv.gz";

  @TempDir static Path dir;
  static Path lakeOldest;
  static Path lakeNewest;
  static IngestJob.Result oldest;
  static IngestJob.Result newest;

  @BeforeAll
  static void ingestBoth() {
    Path rawA = dir.resolve("rawA");
    Path rawB = dir.resolve("rawB");
    RawFiles.copy(rawA, "ticks", "NEPT", DATA.resolve(OLDEST));
    RawFiles.copy(rawB, "ticks", "NEPT", DATA.resolve(NEWEST));
    lakeOldest = dir.resolve("lakeA");
    lakeNewest = dir.resolve("lakeB");
    oldest = TestLakes.ingest(lakeOldest, rawA, false);
    newest = TestLakes.ingest(lakeNewest, rawB, false);
  }

  @Test
  void bothOrdersLoadToIdenticalTablesOf32627Trades() {
    Dataset<Row> a = TestLakes.table(lakeOldest, TableId.BRONZE_TICKS);
    Dataset<Row> b = TestLakes.table(lakeNewest, TableId.BRONZE_TICKS);
    assertEquals(32_627, a.count());
    assertEquals(32_627, b.count());
    // Lineage differs (file name, line number, run); every market-data column, seq included, is equal.
    String[] lineage = {Schemas.SOURCE_FILE, Schemas.LINE_NO, Schemas.INGEST_RUN};
    assertEquals(TestLakes.rows(a, lineage), TestLakes.rows(b, lineage));
    assertEquals(32_628, oldest.linesRead());
    assertEquals(32_627, oldest.accepted());
    assertEquals(0, oldest.quarantined());
    assertEquals(1, oldest.control());
    assertEquals(32_627, newest.accepted());
  }

  @Test
  void theKindsATickAnswerLacksGetEmptyTablesOfOneCommit() {
    // Readers always find them: each exists, is empty, has the trade date column and holds only
    // its creation (a metadata-only commit).
    for (TableId id : List.of(TableId.BRONZE_QUOTES, TableId.BRONZE_DEPTH, TableId.BRONZE_DAILY_BARS,
        TableId.BRONZE_QUARANTINE)) {
      Dataset<Row> t = TestLakes.table(lakeOldest, id);
      assertEquals(0, t.count(), id.qualifiedName());
      assertEquals(0L, TestLakes.version(lakeOldest, id), id.qualifiedName());
      assertEquals(0L, oldest.rowsByTable().get(id.qualifiedName()), id.qualifiedName());
      assertTrue(t.columns().length > 4 && List.of(t.columns()).contains(Schemas.TRADE_DATE), id.qualifiedName());
    }
    assertEquals(List.of(Schemas.TICKS.fieldNames()), List.of(TestLakes.table(lakeOldest, TableId.BRONZE_TICKS)
        .columns()));
    assertEquals(List.of(Schemas.QUOTES.fieldNames()), List.of(TestLakes.table(lakeOldest, TableId.BRONZE_QUOTES)
        .columns()));
  }

  @Test
  void linesAreCheckedFieldByField() {
    Dataset<Row> t = TestLakes.table(lakeNewest, TableId.BRONZE_TICKS);
    // 2021-03-01 04:00:00.028010,1.5200,1000,1000,1.5600,1.5700,1,E,11,1747,0,1,  (EST: UTC-5)
    Row first = t.filter(col("seq").equalTo(1)).first();
    assertEquals("NEPT", first.getAs("symbol"));
    assertEquals(java.sql.Date.valueOf("2021-03-01"), first.getAs("trade_date"));
    assertEquals(Timestamp.from(Instant.parse("2021-03-01T09:00:00.028010Z")), first.getAs("ts"));
    assertEquals(1.52, first.<Double>getAs("price"));
    assertEquals(1000L, first.<Long>getAs("size"));
    assertEquals(1000L, first.<Long>getAs("total_volume"));
    assertEquals(1.56, first.<Double>getAs("bid"));
    assertEquals(1.57, first.<Double>getAs("ask"));
    assertEquals(1L, first.<Long>getAs("tick_id"));
    assertEquals("E", first.getAs("basis"));
    assertEquals(11, first.<Integer>getAs("market_center"));
    assertEquals(List.of("17", "47"), first.getList(first.fieldIndex("conditions")));
    assertEquals(0, first.<Integer>getAs("aggressor"));
    assertEquals(1, first.<Integer>getAs("day_code"));
    assertEquals(32_627L, first.<Long>getAs("line_no")); // newest-first: the oldest trade is the last line
    // A sub-penny off-exchange print: 2021-03-01 08:00:02.924312,1.6399,1,83520,1.6000,1.6300,3,O,24,8717,0,1,
    Row subPenny = t.filter(col("ts").equalTo(Timestamp.from(Instant.parse("2021-03-01T13:00:02.924312Z"))))
        .first();
    assertEquals(1.6399, subPenny.<Double>getAs("price"));
    assertEquals(24, subPenny.<Integer>getAs("market_center"));
    assertEquals(List.of("87", "17"), subPenny.getList(subPenny.fieldIndex("conditions")));
    // The 20,000th line: 2021-03-02 14:08:04.462882,1.6600,329,5070160,...,458,C,18,01,0,2,
    Row mid = t.filter(col("seq").equalTo(20_000)).first();
    assertEquals(Timestamp.from(Instant.parse("2021-03-02T19:08:04.462882Z")), mid.getAs("ts"));
    assertEquals(18, mid.<Integer>getAs("market_center"));
    assertEquals(5_070_160L, mid.<Long>getAs("total_volume"));
  }

  @Test
  void marketCentersConditionsAndSubPennyPricesSurvive() {
    Dataset<Row> t = TestLakes.table(lakeOldest, TableId.BRONZE_TICKS);
    List<Integer> centers = t.select("market_center").distinct().orderBy("market_center")
        .collectAsList().stream().map(r -> r.getInt(0)).toList();
    assertEquals(List.of(5, 6, 7, 10, 11, 12, 18, 19, 24, 25, 26, 28, 80, 153, 164, 187), centers);
    assertEquals(List.of(11015L, 11637L, 9975L), t.groupBy("trade_date").count().orderBy("trade_date")
        .collectAsList().stream().map(r -> r.getLong(1)).toList());
    long subPenny = t.filter(org.apache.spark.sql.functions.abs(col("price").multiply(100)
        .minus(org.apache.spark.sql.functions.round(col("price").multiply(100)))).gt(1e-6)).count();
    assertTrue(subPenny > 100, "sub-penny prints: " + subPenny);
    assertEquals(0, t.filter(org.apache.spark.sql.functions.size(col("conditions")).equalTo(0)).count());
    // Prices keep their four decimals exactly.
    assertEquals(0, t.filter(org.apache.spark.sql.functions.round(col("price"), 4).notEqual(col("price")))
        .count());
  }
}

package io.l2lake.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import io.l2lake.testing.RawFiles;
import io.l2lake.testing.TestLakes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One landing zone with every feed and the awkward cases (L1 with a custom header and corrections,
 * depth, daily bars, a dump across a DST change, an overlapping re-download, a bad symbol
 * directory, a cut answer), ingested once; then re-ingested to prove idempotency.
 */
class IngestFormatsTest {
  @TempDir static Path dir;
  static Path raw;
  static Path lake;
  static IngestJob.Result first;

  @BeforeAll
  static void ingest() throws Exception {
    raw = dir.resolve("raw");
    lake = dir.resolve("lake");
    // History ticks: 6.2 with request ids across the 2021-03-14 DST change (Friday EST, Monday EDT).
    RawFiles.write(raw, "ticks", "ABCD", "ABCD_ticks_1.csv", List.of(
        "R1,LH,2021-03-12 15:59:59.000001,0.5100,100,1000,0.5000,0.5200,10,C,5,01,0,12,",
        "R1,LH,2021-03-15 09:30:00.000002,0.5300,200,200,0.5200,0.5400,1,C,5,01,0,15,",
        "R1,LH,2021-03-15 09:30:00.000002,0.5300,300,500,0.5200,0.5400,2,C,19,,0,15,",
        "R1,!ENDMSG!,"));
    // An overlapping re-download (newer file): one trade again with a corrected size, one new.
    Path second = RawFiles.write(raw, "ticks", "ABCD", "ABCD_ticks_2.csv.gz", List.of(
        "R2,LH,2021-03-15 09:30:00.000002,0.5300,250,450,0.5200,0.5400,1,C,5,01,0,15,",
        "R2,LH,2021-03-15 09:31:00.000000,0.5400,100,600,0.5300,0.5500,3,C,5,01,0,15,",
        "R2,!ENDMSG!,"));
    Files.setLastModifiedTime(second, java.nio.file.attribute.FileTime.fromMillis(
        System.currentTimeMillis() + 60_000));
    // Protocol 6.0, cut short (no !ENDMSG!).
    RawFiles.write(raw, "ticks", "WXYZ", "WXYZ.csv", List.of(
        "2020-04-01 08:59:06.041497,1.1900,1,26,1.0100,1.2000,1,O,5,873D17,"));
    // Level 1 with a custom header, a trade, a quote, and corrections (insert; delete of that trade;
    // delete of nothing).
    RawFiles.write(raw, "l1", "ABCD", "ABCD_l1_2025-11-20.txt", List.of(
        "S,CURRENT UPDATE FIELDNAMES,Symbol,Most Recent Trade,Most Recent Trade Size,"
            + "Most Recent Trade Time,Most Recent Trade Market Center,Bid,Bid Size,Ask,Ask Size,TickID,"
            + "Message Contents,Most Recent Trade Conditions",
        "T,20251120 10:15:43",
        "Q,ABCD,1.2400,370,10:15:42.250911,11,1.2300,,1.2400,1000,500,Cba,3D87,",
        "Q,ABCD,1.2400,370,10:15:42.250911,11,1.2300,900,1.2500,1000,500,ba,3D87,",
        "C,ABCD,I,11/20/2025,10:15:44.000000,1.2450,100,501,01,11,",
        "C,ABCD,X,11/20/2025,10:15:42.250911,1.2400,370,500,,11,",
        "C,ABCD,X,11/20/2025,10:15:42.250911,1.2400,370,999,,11,"));
    RawFiles.write(raw, "depth", "ABCD", "ABCD_depth.txt", List.of(
        "7,ABCD,B,1.2300,14300,38,4,10:05:12.334105,2025-11-20,",
        "9,ABCD,A,1.2500,10:05:13.001400,2025-11-20,"));
    RawFiles.write(raw, "daily", "ABCD", "ABCD_daily.csv", List.of(
        "D1,LH,2025-11-20,1.3100,1.1800,1.2000,1.2750,4821190,0,",
        "D1,LH,2025-11-21,1.3000,1.2000,1.2750,1.2900,3000000,0,",
        "D1,!ENDMSG!,"));
    // A symbol directory that is not a symbol, and a file outside the layout.
    RawFiles.write(raw, "ticks", "bad..sym", "x.csv", List.of("2021-03-15 09:30:00.000002,1,1,1,1,1,1,C,5,,0,15,"));
    Files.writeString(raw.resolve("iqfeed").resolve("ticks").resolve("stray.csv"), "x\n");
    first = TestLakes.ingest(lake, raw, false);
  }

  @Test
  void linesAreAccountedFor() {
    // 4 + 3 + 1 + 7 + 2 + 3 + 1 lines; control: 3 ENDMSG + header + T line.
    assertEquals(21, first.linesRead());
    assertEquals(5, first.control());
    assertEquals(first.linesRead(), first.accepted() + first.quarantined() + first.control());
    assertEquals(Map.of("correction_target_not_found", 1L, "duplicate_key", 1L, "invalid_symbol_path", 1L),
        first.quarantinedByReason());
    assertEquals(List.of("iqfeed/ticks/stray.csv"), first.unrecognisedPaths());
    assertEquals(List.of("iqfeed/ticks/WXYZ/WXYZ.csv (incomplete)",
        "iqfeed/ticks/bad..sym/x.csv (invalid_symbol_path)"), first.filesNotOk().stream().sorted().toList());
    Dataset<Row> files = TestLakes.table(lake, TableId.OPS_INGEST_FILES);
    assertEquals(0, files.filter("lines_read != accepted + quarantined + control").count());
    assertEquals(7, files.select(Schemas.SOURCE_FILE).distinct().count());
    // The batch sizes (from each file's records by kind, less the duplicates) are the rows written;
    // bronze.ticks then lost the one Level-1 trade its X correction deleted.
    Map<String, Long> written = first.rowsByTable();
    assertEquals(TestLakes.table(lake, TableId.BRONZE_TICKS).count() + 1, written.get("bronze.ticks"));
    for (TableId id : List.of(TableId.BRONZE_QUOTES, TableId.BRONZE_DEPTH, TableId.BRONZE_DAILY_BARS,
        TableId.BRONZE_QUARANTINE)) {
      assertEquals(TestLakes.table(lake, id).count(), written.get(id.qualifiedName()), id.qualifiedName());
    }
  }

  @Test
  void ticksAreDeduplicatedAcrossDownloadsAndDstIsRight() {
    Dataset<Row> t = TestLakes.table(lake, TableId.BRONZE_TICKS).filter("symbol = 'ABCD' AND feed = 'history'");
    assertEquals(4, t.count());
    // 15:59:59 EST = 20:59:59 UTC; 09:30 EDT = 13:30 UTC.
    assertEquals(Timestamp.from(Instant.parse("2021-03-12T20:59:59.000001Z")),
        t.filter("tick_id = 10").first().getAs("ts"));
    Row kept = t.filter("tick_id = 1 AND market_center = 5").first();
    assertEquals(Timestamp.from(Instant.parse("2021-03-15T13:30:00.000002Z")), kept.getAs("ts"));
    assertEquals(250L, kept.<Long>getAs("size")); // the newer download wins
    assertEquals("iqfeed/ticks/ABCD/ABCD_ticks_2.csv.gz", kept.getAs(Schemas.SOURCE_FILE));
    // tick_id 1 at market center 19 is another trade (ids count per market center).
    assertEquals(300L, t.filter("tick_id = 2").first().<Long>getAs("size"));
    Row dup = TestLakes.table(lake, TableId.BRONZE_QUARANTINE).filter("reason = 'duplicate_key'").first();
    assertEquals("iqfeed/ticks/ABCD/ABCD_ticks_1.csv", dup.getAs(Schemas.SOURCE_FILE));
    assertEquals(2L, dup.<Long>getAs(Schemas.LINE_NO));
    assertEquals("kept iqfeed/ticks/ABCD/ABCD_ticks_2.csv.gz:1", dup.getAs("detail"));
  }

  @Test
  void level1QuotesTradesAndCorrections() {
    Dataset<Row> q = TestLakes.table(lake, TableId.BRONZE_QUOTES).orderBy("seq");
    assertEquals(2, q.count());
    Row q1 = q.first();
    assertTrue(q1.isNullAt(q1.fieldIndex("bid_size")), "an empty size is null, not 0");
    assertEquals(1000L, q1.<Long>getAs("ask_size"));
    Dataset<Row> l1 = TestLakes.table(lake, TableId.BRONZE_TICKS).filter("feed = 'l1'");
    // The Q trade (tick 500) was deleted by the X correction; the I correction inserted tick 501.
    assertEquals(List.of(501L), l1.select("tick_id").collectAsList().stream().map(r -> r.getLong(0)).toList());
    assertTrue(l1.first().<Boolean>getAs("corrected"));
    Row orphan = TestLakes.table(lake, TableId.BRONZE_QUARANTINE)
        .filter("reason = 'correction_target_not_found'").first();
    assertEquals("tick_id=999", orphan.getAs("detail"));
  }

  @Test
  void depthAndDailyBars() {
    assertEquals(List.of("level_summary", "level_delete"), TestLakes.table(lake, TableId.BRONZE_DEPTH)
        .orderBy("seq").select("action").collectAsList().stream().map(r -> r.getString(0)).toList());
    Row bar = TestLakes.table(lake, TableId.BRONZE_DAILY_BARS).orderBy("trade_date").first();
    assertEquals(List.of(1.20, 1.31, 1.18, 1.275), List.of(bar.<Double>getAs("open"),
        bar.<Double>getAs("high"), bar.<Double>getAs("low"), bar.<Double>getAs("close")));
  }

  @Test
  void reIngestingLeavesEveryTableUnchanged() {
    List<TableId> tables = List.of(TableId.BRONZE_TICKS, TableId.BRONZE_QUOTES, TableId.BRONZE_DEPTH,
        TableId.BRONZE_DAILY_BARS, TableId.BRONZE_QUARANTINE);
    Map<TableId, List<String>> before = new java.util.HashMap<>();
    Map<TableId, Long> versions = new java.util.HashMap<>();
    for (TableId id : tables) {
      before.put(id, TestLakes.rows(TestLakes.table(lake, id)));
      versions.put(id, TestLakes.version(lake, id));
    }
    IngestJob.Result again = TestLakes.ingest(lake, raw, false);
    assertEquals(0, again.filesIngested());
    assertEquals(7, again.filesSkipped());
    for (TableId id : tables) {
      assertEquals(versions.get(id), TestLakes.version(lake, id), "unchanged files are skipped: " + id);
    }
    IngestJob.Result forced = TestLakes.ingest(lake, raw, true);
    assertEquals(7, forced.filesIngested());
    for (TableId id : tables) {
      assertEquals(before.get(id), TestLakes.rows(TestLakes.table(lake, id)), "same rows after --force: " + id);
    }
  }

  @Test
  void largeTablesKeepStatisticsOnlyOnTheColumnsQueriesFilterOn() {
    String path = lake.resolve(TableId.BRONZE_TICKS.zone()).resolve(TableId.BRONZE_TICKS.table()).toString();
    var spark = io.l2lake.testing.SparkTestSession.get();
    Row detail = spark.sql("DESCRIBE DETAIL delta.`" + path + "`").select("properties").first();
    assertEquals("symbol,ts,feed", detail.<scala.collection.Map<String, String>>getAs(0)
        .get("delta.dataSkippingStatsColumns").get());
    List<Row> stats = spark.read().json(path + "/_delta_log/*.json").filter(col("add").isNotNull())
        .select("add.stats").collectAsList();
    assertTrue(!stats.isEmpty());
    for (Row r : stats) {
      Row s = spark.read().json(spark.createDataset(List.of(r.getString(0)),
          org.apache.spark.sql.Encoders.STRING())).first();
      assertTrue(s.<Long>getAs("numRecords") > 0, r.getString(0));
      assertEquals(List.of("feed", "symbol", "ts"), List.of(s.<Row>getAs("minValues").schema().fieldNames()),
          r.getString(0));
    }
  }
}

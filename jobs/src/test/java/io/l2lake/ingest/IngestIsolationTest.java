package io.l2lake.ingest;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.cli.Main;
import io.l2lake.lake.TableId;
import io.l2lake.testing.RawFiles;
import io.l2lake.testing.TestLakes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Poison files are isolated: a good answer beside a truncated gzip, plain text named {@code .gz}, a colon in a
 * file name and an empty answer. The ingest exits 0 with the good rows in the lake, each other file recorded
 * {@code unreadable} or {@code incomplete} with an error naming it (none of its records lands, not even the
 * lines before the cut), and the next run reads only those four again.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class IngestIsolationTest {
  @TempDir Path dir;

  /** Commands run in this JVM find the shared test session (local[2], UI off) and use it. */
  @org.junit.jupiter.api.BeforeAll
  static void session() {
    io.l2lake.testing.SparkTestSession.get();
  }

  static final List<String> ANSWER = List.of(
      "R1,LH,2021-03-12 15:59:59.000001,0.5100,100,1000,0.5000,0.5200,10,C,5,01,0,12,",
      "R1,LH,2021-03-12 15:59:59.500000,0.5200,200,1200,0.5100,0.5300,11,C,5,01,0,12,",
      "R1,!ENDMSG!,");

  @Test
  void aBadFileLandsNothingAndTheRestOfTheBatchLands() throws Exception {
    Path raw = dir.resolve("raw");
    Path lake = dir.resolve("lake");
    RawFiles.write(raw, "ticks", "GOOD", "GOOD_ticks.csv", ANSWER);
    // A gzip cut in the middle: its first lines decompress, then the stream ends without its trailer.
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      many.add(String.format("R1,LH,2021-03-12 10:%02d:%02d.%06d,0.5100,100,1000,0.5000,0.5200,%d,C,5,01,0,12,",
          i / 3600 % 60, i / 60 % 60, i % 60 * 1000 + i, 100 + i));
    }
    many.add("R1,!ENDMSG!,");
    Path cut = RawFiles.write(raw, "ticks", "CUTZ", "CUTZ_ticks.csv.gz", many);
    byte[] gz = Files.readAllBytes(cut);
    Files.write(cut, java.util.Arrays.copyOf(gz, gz.length / 2));
    Path plain = RawFiles.write(raw, "ticks", "PLNZ", "PLNZ_ticks.csv", ANSWER);
    Files.move(plain, plain.resolveSibling("PLNZ_ticks.csv.gz"));
    RawFiles.write(raw, "ticks", "COLN", "COLN_2021-03-12T04:00.csv", ANSWER);
    Path empty = raw.resolve("iqfeed/ticks/EMPT/EMPT_ticks.csv");
    Files.createDirectories(empty.getParent());
    Files.createFile(empty);

    assertEquals(0, ingest(lake, raw));
    assertEquals(List.of("GOOD"), TestLakes.table(lake, TableId.BRONZE_TICKS).select("symbol").distinct()
        .collectAsList().stream().map(r -> r.getString(0)).toList());
    assertEquals(2, TestLakes.table(lake, TableId.BRONZE_TICKS).count());
    assertEquals(0, TestLakes.table(lake, TableId.BRONZE_QUARANTINE).count());

    Map<String, Row> files = lastRun(lake);
    assertEquals(5, files.size(), files.toString());
    assertEquals("ok", files.get("iqfeed/ticks/GOOD/GOOD_ticks.csv").getAs("status"));
    for (String f : List.of("iqfeed/ticks/CUTZ/CUTZ_ticks.csv.gz", "iqfeed/ticks/PLNZ/PLNZ_ticks.csv.gz",
        "iqfeed/ticks/COLN/COLN_2021-03-12T04:00.csv")) {
      Row r = files.get(f);
      assertEquals("unreadable", r.getAs("status"), f);
      String error = r.getAs("error");
      assertTrue(error.startsWith(f + ": "), error);
      assertEquals(0L, r.<Long>getAs("lines_read"), f);
    }
    Row e = files.get("iqfeed/ticks/EMPT/EMPT_ticks.csv");
    assertEquals("incomplete", e.getAs("status"));
    assertEquals("empty file", e.getAs("error"));

    long ticksVersion = TestLakes.version(lake, TableId.BRONZE_TICKS);
    assertEquals(0, ingest(lake, raw));
    Map<String, Row> retried = lastRun(lake);
    assertEquals(new java.util.TreeSet<>(List.of("iqfeed/ticks/CUTZ/CUTZ_ticks.csv.gz",
        "iqfeed/ticks/PLNZ/PLNZ_ticks.csv.gz", "iqfeed/ticks/COLN/COLN_2021-03-12T04:00.csv",
        "iqfeed/ticks/EMPT/EMPT_ticks.csv")), retried.keySet());
    assertEquals(ticksVersion, TestLakes.version(lake, TableId.BRONZE_TICKS), "nothing new to write");
  }

  private static int ingest(Path lake, Path raw) {
    return Main.execute("ingest", "--lake", lake.toString(), "--raw", raw.toString(),
        "--set", "spark.master=local[2]");
  }

  /** The ops.ingest_files rows of the newest run, by file. */
  private static Map<String, Row> lastRun(Path lake) {
    var files = TestLakes.table(lake, TableId.OPS_INGEST_FILES);
    String last = files.agg(org.apache.spark.sql.functions.max("ingest_run")).first().getString(0);
    Map<String, Row> out = new TreeMap<>();
    for (Row r : files.filter(col("ingest_run").equalTo(last)).collectAsList()) {
      out.put(r.getAs("source_file"), r);
    }
    return out;
  }
}

package io.l2lake.cli;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.lake.TableId;
import io.l2lake.run.LakeStatus;
import io.l2lake.testing.RawFiles;
import io.l2lake.testing.TestLakes;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} on a small lake: healthy while it holds the last session, exit 1 once it trails the calendar;
 * and a stage that fails leaves a {@code failed} row in {@code ops.job_runs} with its error's first line, makes
 * the command fail, and turns the status red.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StatusCommandTest {
  @TempDir Path dir;

  /** Commands run in this JVM find the shared test session (local[2], UI off) and use it. */
  @org.junit.jupiter.api.BeforeAll
  static void session() {
    io.l2lake.testing.SparkTestSession.get();
  }

  @Test
  void freshnessFailuresAndTheFailedRunRow() throws Exception {
    Path raw = dir.resolve("raw");
    Path lake = dir.resolve("lake");
    RawFiles.write(raw, "ticks", "ABCD", "ABCD_ticks.csv", List.of(
        "R1,LH,2021-03-12 15:59:59.000001,0.5100,100,1000,0.5000,0.5200,10,C,5,01,0,12,",
        "R1,LH,2021-03-12 15:59:59.500000,0.5200,200,1200,0.5100,0.5300,11,C,5,01,0,12,",
        "R1,!ENDMSG!,"));
    assertEquals(0, Main.execute("ingest", "--lake", lake.toString(), "--raw", raw.toString()));

    // Friday 2021-03-12 is the session before Monday the 15th; on Wednesday the 17th the lake is behind.
    Out monday = status(lake, "2021-03-15");
    assertEquals(0, monday.status, monday.text);
    assertTrue(monday.text.contains("bronze.ticks         2021-03-12"), monday.text);
    assertTrue(monday.text.contains("ingest             succeeded"), monday.text);
    assertTrue(monday.text.contains("writer lease: free"), monday.text);
    assertTrue(monday.text.contains("lines quarantined by the last ingest: 0"), monday.text);
    Out wednesday = status(lake, "2021-03-17");
    assertEquals(1, wednesday.status, wednesday.text);
    assertTrue(wednesday.text.contains("newest complete trading date is 2021-03-12 (bronze.ticks), expected "
        + "2021-03-16"), wednesday.text);
    assertEquals(0, status(lake, "2021-03-17", "--lag-days", "2").status);

    // A data file of bronze.ticks goes missing: silver fails, and says so in ops.job_runs.
    try (Stream<Path> files = Files.walk(lake.resolve("bronze/ticks"))) {
      for (Path p : files.filter(p -> p.toString().endsWith(".parquet")).toList()) {
        Files.delete(p);
      }
    }
    assertEquals(1, Main.execute("silver", "--lake", lake.toString()));
    List<Row> failed = TestLakes.table(lake, TableId.OPS_JOB_RUNS).filter(col("status").equalTo("failed"))
        .collectAsList();
    assertEquals(1, failed.size());
    assertEquals("silver", failed.get(0).getAs("stage"));
    String error = failed.get(0).<String, String>getJavaMap(failed.get(0).fieldIndex("detail")).get("error");
    assertTrue(error.startsWith("[FAILED_READ_FILE.FILE_NOT_EXIST]") && error.contains(".parquet")
        && !error.contains("\n"), error);
    Out after = status(lake, "2021-03-15");
    assertEquals(1, after.status, after.text);
    assertTrue(after.text.contains("status: PROBLEM: the last silver run"), after.text);
  }

  @Test
  void theExpectedDaySkipsWeekendsAndHolidays() {
    assertEquals(LocalDate.of(2021, 3, 12), LakeStatus.expectedNewest(LocalDate.of(2021, 3, 15), 0));
    assertEquals(LocalDate.of(2021, 3, 11), LakeStatus.expectedNewest(LocalDate.of(2021, 3, 15), 1));
    // Good Friday 2021-04-02: on Monday the 5th the last session is Thursday the 1st.
    assertEquals(LocalDate.of(2021, 4, 1), LakeStatus.expectedNewest(LocalDate.of(2021, 4, 5), 0));
    assertThrows(IllegalArgumentException.class, () -> LakeStatus.expectedNewest(LocalDate.of(2021, 4, 5), -1));
  }

  private record Out(int status, String text) {}

  private static Out status(Path lake, String today, String... more) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      List<String> args = new java.util.ArrayList<>(List.of("status", "--lake", lake.toString(), "--today", today));
      args.addAll(List.of(more));
      int s = Main.execute(args.toArray(String[]::new));
      return new Out(s, buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(old);
    }
  }
}

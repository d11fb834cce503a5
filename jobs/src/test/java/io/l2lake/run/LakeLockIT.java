package io.l2lake.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.cli.Main;
import io.l2lake.lake.TableId;
import io.l2lake.lake.WriterLease;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer at a time: a {@code backfill} in a child JVM holds the lake's writer lease; an {@code ingest} on
 * the same lake exits 2 naming it and changes no table version; once the child is killed with SIGKILL the
 * lease is broken and the next run succeeds.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class LakeLockIT {
  @TempDir Path dir;

  @Test
  void aSecondWriterStopsNamingTheHolderAndAKilledHoldersLeaseIsBroken() throws Exception {
    Path raw = dir.resolve("raw");
    BackfillLakes.generate(dir, raw);
    Path lake = dir.resolve("lake");
    Process child = new ProcessBuilder(BackfillKillTest.childCommand(lake, raw))
        .redirectError(dir.resolve("child.err").toFile()).start();
    try {
      String line = BackfillKillTest.firstStageLine(child, dir.resolve("child.err"));
      assertTrue(line.startsWith("backfill: ingest ran"), line);
      var holder = WriterLease.holder(new Configuration(), lake.toString()).orElseThrow();
      assertEquals(child.pid(), holder.pid());
      assertEquals("backfill", holder.command());

      Map<TableId, Long> before = BackfillLakes.versions(lake);
      Captured second = run("ingest", "--lake", lake.toString(), "--raw", raw.toString(), "--force");
      assertEquals(2, second.status, second.err);
      assertTrue(second.err.contains("being written by run " + holder.runId() + " (backfill, pid " + child.pid()),
          second.err);
      assertEquals(before.get(TableId.BRONZE_TICKS), BackfillLakes.versions(lake).get(TableId.BRONZE_TICKS));
      assertEquals(before.get(TableId.OPS_INGEST_FILES),
          BackfillLakes.versions(lake).get(TableId.OPS_INGEST_FILES));
    } finally {
      child.destroyForcibly();
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the killed child ended");
    }
    assertTrue(WriterLease.holder(new Configuration(), lake.toString()).isPresent(), "a SIGKILL leaves the lease");

    Captured next = run("ingest", "--lake", lake.toString(), "--raw", raw.toString());
    assertEquals(0, next.status, next.err);
    assertTrue(next.err.contains("broke the writer lease of run") && next.err.contains("is gone"), next.err);
    assertTrue(WriterLease.holder(new Configuration(), lake.toString()).isEmpty(), "released after the run");
    assertTrue(Files.exists(lake.resolve("bronze/ticks/_delta_log")));
  }

  private record Captured(int status, String err) {}

  /** Runs a command in this JVM with its standard error captured. */
  private static Captured run(String... args) {
    PrintStream old = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      int status = Main.execute(List.of(args).toArray(String[]::new));
      return new Captured(status, buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(old);
    }
  }
}

package io.l2lake.run;

import static io.l2lake.run.BackfillLakes.FROM;
import static io.l2lake.run.BackfillLakes.TO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.l2lake.lake.Lake;
import io.l2lake.testing.SparkTestSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backfill in its own JVM ({@code java -cp <test classpath> io.l2lake.cli.Main backfill}, with the flags of
 * {@code conf/jvm.options}) is killed once its first stage is recorded; the run resumed in this JVM ends
 * with the rows of an uninterrupted run.
 */
class BackfillKillTest {
  static final Path ROOT = Path.of(System.getProperty("l2lake.root", ".."));
  static final long WAIT_SECONDS = 300;
  @TempDir static Path dir;

  @Test
  void aKilledRunResumesToTheRowsOfAnUninterruptedRun() throws Exception {
    Path raw = BackfillLakes.shared().resolve("raw");
    Path killed = dir.resolve("killed");

    Process child = new ProcessBuilder(childCommand(killed, raw))
        .redirectError(dir.resolve("child.err").toFile()).start();
    try {
      String line = firstStageLine(child, dir.resolve("child.err"));
      assertTrue(line.startsWith("backfill: ingest ran"), line);
    } finally {
      child.destroyForcibly();
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the killed child ended");
    }
    var state = StageState.read(new Lake(SparkTestSession.get(), killed.toString()), FROM, TO);
    assertEquals("succeeded", state.get("ingest").status());
    assertTrue(!state.containsKey("gold"), "killed before gold: " + state.keySet());

    assertEquals(0, BackfillLakes.backfill(killed, raw));
    List<String> runs = BackfillLakes.backfillRuns(killed);
    assertEquals("backfill.ingest succeeded", runs.get(0));
    assertEquals(List.of("backfill.gold succeeded"), runs.subList(runs.size() - 1, runs.size()));
    assertEquals(1, runs.stream().filter(r -> r.startsWith("backfill.ingest")).count(), "ingest was skipped: " + runs);

    assertEquals(BackfillLakes.contents(BackfillLakes.shared().resolve("reference")), BackfillLakes.contents(killed));
  }

  /** The child JVM: this JVM's java and classpath, the launcher's flags, a small local session. */
  static List<String> childCommand(Path lake, Path raw) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx1g");
    for (String l : Files.readAllLines(ROOT.resolve("conf/jvm.options"))) {
      if (!l.isBlank() && !l.trim().startsWith("#")) {
        cmd.add(l.trim());
      }
    }
    cmd.add("-Dlog4j2.configurationFile=" + ROOT.resolve("conf/log4j2.properties").toAbsolutePath());
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.l2lake.cli.Main",
        "backfill", "--from", FROM.toString(), "--to", TO.toString(), "--lake", lake.toString(),
        "--raw", raw.toString(),
        "--set", "spark.master=local[2]", "--set", "spark.ui.enabled=false",
        "--set", "spark.sql.shuffle.partitions=2", "--set", "spark.default.parallelism=2",
        "--set", "spark.databricks.delta.snapshotPartitions=1",
        "--set", "spark.driver.host=127.0.0.1", "--set", "spark.driver.bindAddress=127.0.0.1"));
    return cmd;
  }

  /** The child's first {@code backfill: <stage> ...} line, waiting at most {@link #WAIT_SECONDS}. */
  static String firstStageLine(Process child, Path err) throws Exception {
    CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String l = r.readLine(); l != null; l = r.readLine()) {
          if (l.startsWith("backfill: ")) {
            return l;
          }
        }
        return null;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    try {
      String l = line.get(WAIT_SECONDS, TimeUnit.SECONDS);
      if (l == null) {
        fail("the child ended (status " + child.waitFor() + ") before recording a stage: "
            + Files.readString(err));
      }
      return l;
    } catch (TimeoutException e) {
      fail("no stage recorded within " + WAIT_SECONDS + " s: " + Files.readString(err));
      return null;
    }
  }
}

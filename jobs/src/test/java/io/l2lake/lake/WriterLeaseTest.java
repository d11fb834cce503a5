package io.l2lake.lake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class WriterLeaseTest {
  @TempDir Path dir;

  private WriterLease.LocalStore store() {
    return new WriterLease.LocalStore(dir.resolve("_locks/writer"));
  }

  @Test
  void aSecondWriterIsRefusedWithTheHoldersNameAndTheLeaseIsGivenBack() throws Exception {
    Configuration conf = new Configuration();
    String lake = dir.toString();
    try (WriterLease first = WriterLease.acquire(conf, lake, "run-a", "backfill")) {
      assertEquals("run-a", WriterLease.holder(conf, lake).orElseThrow().runId());
      LakeBusyException e = assertThrows(LakeBusyException.class,
          () -> WriterLease.acquire(conf, lake, "run-b", "ingest"));
      assertTrue(e.getMessage().contains("run run-a (backfill, pid " + ProcessHandle.current().pid()),
          e.getMessage());
      assertTrue(e.getMessage().contains(WriterLease.path(lake)), e.getMessage());
    }
    assertTrue(WriterLease.holder(conf, lake).isEmpty(), "released");
    try (WriterLease again = WriterLease.acquire(conf, lake, "run-b", "ingest")) {
      assertEquals("run-b", again.holder().runId());
    }
  }

  @Test
  void ofWritersStartingTogetherExactlyOneWins() throws Exception {
    int n = 8;
    ExecutorService pool = Executors.newFixedThreadPool(n);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<WriterLease>> tries = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String run = "run-" + i;
      tries.add(pool.submit(() -> {
        go.await();
        try {
          return WriterLease.acquire(store(), run, "ingest", Instant::now);
        } catch (LakeBusyException e) {
          return null;
        }
      }));
    }
    go.countDown();
    List<WriterLease> won = new ArrayList<>();
    for (Future<WriterLease> f : tries) {
      WriterLease l = f.get(30, TimeUnit.SECONDS);
      if (l != null) {
        won.add(l);
      }
    }
    pool.shutdown();
    assertEquals(1, won.size());
    won.get(0).close();
  }

  @Test
  void aLeaseOfAProcessThatIsGoneIsBrokenAtOnce() throws Exception {
    Process p = new ProcessBuilder("true").start();
    assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    Instant now = Instant.now();
    WriterLease.Holder dead = new WriterLease.Holder("run-dead", "backfill", WriterLease.hostName(), p.pid(), now,
        now);
    assertTrue(store().createNew(dead.text()));
    assertTrue(WriterLease.staleReason(dead, now).contains("process " + p.pid()));
    try (WriterLease l = WriterLease.acquire(store(), "run-next", "ingest", Instant::now)) {
      assertEquals("run-next", WriterLease.Holder.parse(store().read().orElseThrow()).runId());
    }
  }

  @Test
  void aLeaseOnAnotherHostIsTrustedUntilItsHeartbeatIsOld() throws Exception {
    Instant t0 = Instant.parse("2026-03-02T14:00:00Z");
    WriterLease.Holder remote = new WriterLease.Holder("run-remote", "backfill", "another-host", 4242, t0, t0);
    assertTrue(store().createNew(remote.text()));
    assertNull(WriterLease.staleReason(remote, t0.plus(WriterLease.STALE_AFTER)));
    assertThrows(LakeBusyException.class,
        () -> WriterLease.acquire(store(), "run-b", "ingest", () -> t0.plusSeconds(30)));
    Instant late = t0.plus(WriterLease.STALE_AFTER).plusSeconds(1);
    assertNotNull(WriterLease.staleReason(remote, late));
    try (WriterLease l = WriterLease.acquire(store(), "run-c", "ingest", () -> late)) {
      assertEquals("run-c", l.holder().runId());
    }
  }

  @Test
  void anUnreadableLeaseIsBrokenAndCloseLeavesAnotherRunsLeaseAlone() throws Exception {
    Files.createDirectories(dir.resolve("_locks"));
    Files.writeString(dir.resolve("_locks/writer"), "run_id=x\nheartbeat=garbage\n");
    WriterLease mine = WriterLease.acquire(store(), "run-mine", "ingest", Instant::now);
    // Another run took it over (say after this one stalled beyond the stale limit): closing must not remove it.
    Instant now = Instant.now();
    store().overwrite(new WriterLease.Holder("run-other", "ingest", "h", 1, now, now).text());
    mine.close();
    assertEquals("run-other", WriterLease.Holder.parse(store().read().orElseThrow()).runId());
    assertFalse(Files.list(dir.resolve("_locks")).anyMatch(f -> f.getFileName().toString().endsWith(".tmp")));
  }

  @Test
  void theHolderLineSaysHowOldTheHeartbeatIs() {
    Instant t0 = Instant.parse("2026-03-02T14:00:00Z");
    var h = new WriterLease.Holder("r1", "gold", "box", 7, t0, t0);
    assertEquals("run r1 (gold, pid 7 on box, started 2026-03-02T14:00:00Z, last heartbeat 12 s ago)",
        h.describe(t0.plus(Duration.ofSeconds(12))));
    assertEquals(h, WriterLease.Holder.parse(h.text()));
  }
}

package io.l2lake.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.l2lake.iqfeed.MutationTest;
import io.l2lake.lake.TableId;
import io.l2lake.testing.TestLakes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Corrupted real lines through the whole ingest: each line ends up exactly once, row or quarantine. */
class IngestMutationTest {
  @TempDir Path dir;

  @Test
  void everyLineIsARowOrAQuarantineRowInTheLake() throws Exception {
    Path file = dir.resolve("raw/iqfeed/ticks/NEPT/corrupted.csv");
    Files.createDirectories(file.getParent());
    Files.write(file, MutationTest.corruptedFile(3_000, 11));
    IngestJob.Result r = TestLakes.ingest(dir.resolve("lake"), dir.resolve("raw"), false);
    Dataset<Row> ticks = TestLakes.table(dir.resolve("lake"), TableId.BRONZE_TICKS).select("line_no");
    Dataset<Row> quarantine = TestLakes.table(dir.resolve("lake"), TableId.BRONZE_QUARANTINE).select("line_no");
    long rows = ticks.count();
    long quarantined = quarantine.count();
    assertEquals(3_001, r.linesRead());
    assertEquals(r.linesRead(), rows + quarantined + r.control());
    assertEquals(rows + quarantined, ticks.union(quarantine).distinct().count(), "no line in both tables");
    // Sampled real lines repeat, so many valid lines are duplicate keys: they are quarantined, not lost.
    assertEquals(r.quarantined(), quarantined);
  }
}

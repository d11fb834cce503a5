package io.l2lake.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.lake.LandingZone;
import io.l2lake.lake.Feed;
import io.l2lake.iqfeed.FuzzFiles;
import io.l2lake.iqfeed.RawFileParser;
import io.l2lake.iqfeed.RawRecords;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import io.l2lake.testing.CollectingSink;
import io.l2lake.testing.TestLakes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutated files of every feed (more than 2,000 mutated lines each, from {@link FuzzFiles}) through the
 * whole ingest into Delta: every (file, line) is exactly once a bronze row's line (a line's rows in
 * several tables count once), a quarantine row, or a control line, and {@code ops.ingest_files} says
 * the same per file. The control lines and the Level-1 lines that leave no row (a trade delete that
 * found its trade, an inserted trade it deleted) are known from the parser run on the same bytes.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
class IngestFuzzTest {
  @TempDir Path dir;

  /** What the parser alone makes of a file: its control lines and its Level-1 trades and deletes. */
  private record Parsed(Set<Long> control, CollectingSink sink) {}

  @Test
  @Timeout(value = 6, unit = TimeUnit.MINUTES)
  void everyLineOfEveryFeedIsOnceInTheLakeOrAControlLine() throws IOException {
    Path raw = dir.resolve("raw");
    Path lake = dir.resolve("lake");
    Map<String, FuzzFiles.FuzzFile> files = new TreeMap<>();
    Map<Feed, Long> mutated = new EnumMap<>(Feed.class);
    for (Feed feed : Feed.values()) {
      // Daily answers of a few months only: bars over decades would make the date-partitioned tables
      // write a file per trading date, thousands of them, for nothing this test checks.
      List<FuzzFiles.FuzzFile> feedFiles = FuzzFiles.forFeed(feed, 7_001 + feed.ordinal(), 2_000, 300,
          s -> feed != Feed.DAILY || s.name().startsWith("penny_daily_recent_"));
      for (FuzzFiles.FuzzFile f : feedFiles) {
        files.put(write(raw, f, f.name()), f);
        mutated.merge(feed, f.mutatedLines(), Long::sum);
      }
      if (feed == Feed.TICKS || feed == Feed.DAILY) {
        // An overlapping re-download of a history answer: its rows are duplicate keys of the first's.
        FuzzFiles.FuzzFile again = feedFiles.get(0);
        files.put(write(raw, again, "again_" + again.name()), again);
      }
    }
    Map<String, Parsed> parsed = new HashMap<>();
    files.forEach((relative, f) -> {
      CollectingSink sink = new CollectingSink();
      new RawFileParser(FuzzFiles.MAX_LINE_LENGTH).parse(f.feed(), f.symbol(), LandingZone.validSymbol(f.symbol()),
          relative, () -> new ByteArrayInputStream(f.bytes()), sink);
      parsed.put(relative, new Parsed(new TreeSet<>(sink.controlLines), sink));
    });

    long started = System.nanoTime();
    IngestJob.Result r = TestLakes.ingest(lake, raw, false);
    System.out.printf("ingest fuzz: %d files, mutated lines %s, ingest %.1f s%n", files.size(), mutated,
        (System.nanoTime() - started) / 1e9);

    // The lines with a row in any bronze table (a Level-1 trade line is in two of them), in one query.
    Dataset<Row> withRows = null;
    for (TableId t : List.of(TableId.BRONZE_TICKS, TableId.BRONZE_QUOTES, TableId.BRONZE_DEPTH,
        TableId.BRONZE_DAILY_BARS)) {
      Dataset<Row> l = TestLakes.table(lake, t).select(Schemas.SOURCE_FILE, Schemas.LINE_NO);
      withRows = withRows == null ? l : withRows.union(l);
    }
    Map<String, Set<Long>> rows = new HashMap<>();
    for (Row row : withRows.distinct().collectAsList()) {
      rows.computeIfAbsent(row.getString(0), k -> new HashSet<>()).add(row.getLong(1));
    }
    Map<String, List<Long>> quarantined = new HashMap<>();
    for (Row row : TestLakes.table(lake, TableId.BRONZE_QUARANTINE).select(Schemas.SOURCE_FILE, Schemas.LINE_NO)
        .collectAsList()) {
      quarantined.computeIfAbsent(row.getString(0), k -> new ArrayList<>()).add(row.getLong(1));
    }
    Map<String, Row> accounting = new HashMap<>();
    for (Row row : TestLakes.table(lake, TableId.OPS_INGEST_FILES).select(Schemas.SOURCE_FILE, "lines_read",
        "accepted", "quarantined", "control").collectAsList()) {
      assertEquals(null, accounting.put(row.getString(0), row), "one accounting row per file");
    }
    Map<String, Set<Long>> rowless = rowlessLevel1Lines(files, parsed);

    List<String> problems = new ArrayList<>();
    long lines = 0;
    for (Map.Entry<String, FuzzFiles.FuzzFile> e : files.entrySet()) {
      String file = e.getKey();
      long n = e.getValue().lines().size();
      lines += n;
      Set<Long> inRows = rows.getOrDefault(file, Set.of());
      List<Long> inQuarantine = quarantined.getOrDefault(file, List.of());
      Set<Long> q = new TreeSet<>(inQuarantine);
      Set<Long> control = parsed.get(file).control();
      Set<Long> noRow = rowless.getOrDefault(file, Set.of());
      if (q.size() != inQuarantine.size()) {
        problems.add(file + ": a line quarantined twice");
      }
      Set<Long> both = new TreeSet<>(inRows);
      both.retainAll(q);
      if (!both.isEmpty()) {
        problems.add(file + ": lines both in a bronze table and in quarantine " + both);
      }
      Set<Long> rest = new TreeSet<>();
      for (long line = 1; line <= n; line++) {
        if (!inRows.contains(line) && !q.contains(line)) {
          rest.add(line);
        }
      }
      Set<Long> expectedRest = new TreeSet<>(control);
      expectedRest.addAll(noRow);
      if (!rest.equals(expectedRest)) {
        problems.add(file + ": lines neither in a table nor in quarantine " + rest + ", control and row-less lines "
            + expectedRest);
      }
      if (inRows.stream().anyMatch(l -> l < 1 || l > n) || q.stream().anyMatch(l -> l < 1 || l > n)) {
        problems.add(file + ": a line number outside the file");
      }
      Row a = accounting.get(file);
      List<Long> expected = List.of(n, (long) inRows.size() + noRow.size(), (long) q.size(), (long) control.size());
      List<Long> actual = a == null ? null
          : List.of(a.getLong(1), a.getLong(2), a.getLong(3), a.getLong(4));
      if (!Objects.equals(expected, actual) || a.getLong(1) != a.getLong(2) + a.getLong(3) + a.getLong(4)) {
        problems.add(file + ": ops.ingest_files read/accepted/quarantined/control " + actual + " expected " + expected);
      }
    }
    assertEquals(List.of(), problems.subList(0, Math.min(10, problems.size())), problems.size() + " problems");
    assertEquals(lines, r.linesRead());
    assertEquals(r.linesRead(), r.accepted() + r.quarantined() + r.control());
    assertEquals(quarantined.values().stream().mapToLong(List::size).sum(), r.quarantined());
    for (Feed feed : Feed.values()) {
      assertTrue(mutated.get(feed) >= 2_000, "mutated lines of " + feed + ": " + mutated.get(feed));
    }
    // The batch reached every way a line leaves the parser: rows of each table, and duplicates and
    // unmatched or matched trade deletes after it.
    assertTrue(r.quarantinedByReason().containsKey("duplicate_key"), r.quarantinedByReason().toString());
    assertTrue(r.quarantinedByReason().containsKey("correction_target_not_found"),
        r.quarantinedByReason().toString());
    assertTrue(rowless.values().stream().mapToLong(Set::size).sum() > 0, "some trade delete found its trade");
    assertTrue(r.rowsByTable().values().stream().allMatch(v -> v > 0), r.rowsByTable().toString());
  }

  /** Writes a fuzz file into the landing zone under {@code name}; returns its path there. */
  private static String write(Path raw, FuzzFiles.FuzzFile f, String name) throws IOException {
    String relative = "iqfeed/" + f.feed().dir() + "/" + f.symbol() + "/" + name;
    Path p = raw.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.write(p, f.bytes());
    return relative;
  }

  /**
   * Level-1 lines accepted without leaving a row: a trade delete that found a Level-1 trade of its
   * symbol (same trading date and tick id, and market center when it names one; any file of the
   * batch), and an inserted trade ({@code C,...,I}) that such a delete removed. A deleted trade of a
   * {@code Q} line keeps its quote row.
   */
  private static Map<String, Set<Long>> rowlessLevel1Lines(Map<String, FuzzFiles.FuzzFile> files,
      Map<String, Parsed> parsed) {
    record Trade(String file, RawRecords.Tick tick) {}
    Map<String, List<Trade>> trades = new HashMap<>();
    parsed.forEach((file, p) -> {
      for (RawRecords.Tick t : p.sink().ticks) {
        if (t.feed().equals("l1") && t.tickId() != null) {
          trades.computeIfAbsent(files.get(file).symbol(), k -> new ArrayList<>()).add(new Trade(file, t));
        }
      }
    });
    Map<String, Set<Long>> out = new HashMap<>();
    parsed.forEach((file, p) -> {
      for (RawRecords.TradeDelete d : p.sink().deletes) {
        boolean found = false;
        for (Trade t : trades.getOrDefault(files.get(file).symbol(), List.of())) {
          if (t.tick().tradeDate() == d.tradeDate() && t.tick().tickId() == d.tickId()
              && (d.marketCenter() == null || d.marketCenter().equals(t.tick().marketCenter()))) {
            found = true;
            if (t.tick().corrected()) {
              out.computeIfAbsent(t.file(), k -> new HashSet<>()).add(t.tick().lineNo());
            }
          }
        }
        if (found) {
          out.computeIfAbsent(file, k -> new HashSet<>()).add(d.lineNo());
        }
      }
    });
    return out;
  }
}

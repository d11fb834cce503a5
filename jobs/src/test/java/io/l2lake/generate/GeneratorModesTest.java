package io.l2lake.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.lake.Lake;
import io.l2lake.lake.RunContext;
import io.l2lake.lake.TableId;
import io.l2lake.testing.SparkTestSession;
import io.l2lake.testing.TestLakes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ticks-only feeds, the null market, and same seed -> same files and truth tables. */
class GeneratorModesTest {
  @TempDir Path dir;

  private static MarketPlan.Options options(String feeds, boolean nullMarket) {
    return new MarketPlan.Options(5, 2, 4, LocalDate.of(2025, 3, 3), 0.05,
        new MarketPlan.FaultRates(0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0.001, 0), 3600, 2,
        new MarketPlan.Market(List.of(0.1), feeds, nullMarket, MarketPlan.Confounders.defaults()));
  }

  /** Every file under the landing zone with its SHA-256. */
  private static Map<String, String> digests(Path raw) {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.walk(raw)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f));
        out.put(raw.relativize(f).toString(), java.util.HexFormat.of().formatHex(d));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    return out;
  }

  private static List<String> rows(Path lake, TableId id, String order) {
    String[] by = order.split(",");
    return TestLakes.table(lake, id).orderBy(by[0], java.util.Arrays.copyOfRange(by, 1, by.length)).collectAsList().stream().map(Row::toString).toList();
  }

  @Test
  void ticksOnlyNullMarketWritesTickAnswersAndNoBuyer() {
    Path lake = dir.resolve("null");
    Path raw = lake.resolve("raw");
    SparkSession spark = SparkTestSession.get();
    GenerateJob.run(spark, new Lake(spark, lake.toString()), raw.toString(), options("ticks", true),
        RunContext.create());
    Map<String, String> files = digests(raw);
    assertTrue(files.keySet().stream().anyMatch(f -> f.startsWith("iqfeed/ticks/")), files.keySet().toString());
    assertTrue(files.keySet().stream().anyMatch(f -> f.startsWith("iqfeed/daily/")), files.keySet().toString());
    assertTrue(files.keySet().stream().allMatch(f -> f.startsWith("iqfeed/ticks/") || f.startsWith("iqfeed/daily/")),
        "only tick and daily answers: " + files.keySet());
    assertEquals(0, TestLakes.table(lake, TableId.TRUTH_BUYER_MINUTES).count(), "buyer minutes in a null market");
    assertEquals(8, TestLakes.table(lake, TableId.TRUTH_DAYS).filter("feeds = 'ticks' AND NOT buyer_active"
        + " AND buyer_shares = 0").count());
    Row episode = TestLakes.table(lake, TableId.TRUTH_EPISODES)
        .filter("symbol = 'SIM000' AND kind = 'accumulation'").first();
    assertEquals("accumulation", episode.getAs("kind"));
    assertEquals(0.0, (double) episode.getAs("strength"));
    assertTrue(episode.getAs("gap_date") != null, "the gap is kept");
    // The quote faults live in Level-1 dumps: none here; ingest reads the tick answers.
    assertEquals(0, TestLakes.table(lake, TableId.TRUTH_FAULTS).filter(
        "fault IN ('crossed_quote', 'zero_quote', 'missing_sizes')").count());
    TestLakes.ingest(lake, raw, false);
    assertTrue(TestLakes.table(lake, TableId.BRONZE_TICKS).count() > 1_000);
  }

  @Test
  void theSameSeedGivesTheSameFilesAndTables() {
    Path lake = dir.resolve("twice");
    Path raw = lake.resolve("raw");
    SparkSession spark = SparkTestSession.get();
    GenerateJob.run(spark, new Lake(spark, lake.toString()), raw.toString(), options("all", false),
        RunContext.create());
    Map<String, String> files = digests(raw);
    List<String> days = rows(lake, TableId.TRUTH_DAYS, "symbol,trade_date");
    List<String> minutes = rows(lake, TableId.TRUTH_BUYER_MINUTES, "symbol,minute");
    List<String> episodes = rows(lake, TableId.TRUTH_EPISODES, "symbol");
    List<String> faults = rows(lake, TableId.TRUTH_FAULTS, "symbol,trade_date,file,line,fault");
    assertTrue(minutes.size() > 10, "buyer minutes " + minutes.size());
    GenerateJob.run(spark, new Lake(spark, lake.toString()), raw.toString(), options("all", false),
        RunContext.create());
    assertEquals(files, digests(raw));
    assertEquals(days, rows(lake, TableId.TRUTH_DAYS, "symbol,trade_date"));
    assertEquals(minutes, rows(lake, TableId.TRUTH_BUYER_MINUTES, "symbol,minute"));
    assertEquals(episodes, rows(lake, TableId.TRUTH_EPISODES, "symbol"));
    assertEquals(faults, rows(lake, TableId.TRUTH_FAULTS, "symbol,trade_date,file,line,fault"));
    assertEquals(8, days.size());
  }
}

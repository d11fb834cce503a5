package io.l2lake.pregap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.cli.Main;
import io.l2lake.lake.TableId;
import io.l2lake.testing.SparkTestSession;
import io.l2lake.testing.TestLakes;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code l2lake pregap} on a sample of the real shared daily file, and its option checks. */
class PregapCommandTest {
  static final Path DAILY = SparkTestSession.sharedData().resolve("daily/penny_daily_ohlcv_dev.csv.gz");
  static final int SYMBOLS = 11;

  @TempDir Path dir;

  /** The header and every line of the file's first {@code symbols} tickers, plus two bad lines. */
  static Path sample(Path dir, int symbols) throws Exception {
    Path out = dir.resolve("sample_daily.csv.gz");
    Set<String> seen = new LinkedHashSet<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(DAILY)),
            StandardCharsets.UTF_8));
        Writer w = new java.io.OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(out)),
            StandardCharsets.UTF_8)) {
      w.write(in.readLine() + "\n");
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String ticker = line.substring(0, line.indexOf(','));
        if (!seen.contains(ticker) && seen.size() == symbols) {
          break;
        }
        seen.add(ticker);
        w.write(line + "\n");
      }
      w.write("ABCD,2009-06-01,1.0,0.9,1.1,1.0,100,0\n"); // high below low
      w.write("ABCD,2009-06-02,1.0,1.1,,1.0,100,0\n"); // missing low
    }
    return out;
  }

  @Test
  void onASampleOfTheRealDailyFileTheReportIsCompleteAndFinite() throws Exception {
    SparkTestSession.get();
    Path file = sample(dir, SYMBOLS);
    Path lake = dir.resolve("lake");
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    PrintStream old = System.out;
    int status;
    System.setOut(new PrintStream(text, true, StandardCharsets.UTF_8));
    try {
      status = Main.execute("pregap", "--daily", file.toString(), "--lake", lake.toString(), "--from", "2009-01-01",
          "--to", "2010-06-30", "--set", "strategy.pregap.first-test-year=2010", "--set",
          "strategy.pregap.test-block-years=1", "--set", "strategy.pregap.bootstrap-samples=200");
    } finally {
      System.setOut(old);
    }
    String printed = text.toString(StandardCharsets.UTF_8);
    assertEquals(0, status, printed);
    assertTrue(printed.contains("excluded 2 {high_below_low=1, missing_value=1}"), printed);
    assertTrue(printed.contains("Event study"), printed);

    PregapParams p = PregapParams.defaults();
    List<String> features = GapFeatures.catalogue(p).stream().map(GapFeatures.Feature::name)
        .filter(f -> !f.startsWith("acc_")).toList();
    List<Row> report = TestLakes.table(lake, TableId.GOLD_PREGAP_REPORT).collectAsList();
    assertEquals(features.size() * p.labels().size(), report.size(), "one line per feature and label");
    for (Row r : report) {
      String what = r.getAs("feature") + "/" + r.getAs("label");
      assertEquals(List.of("2010"), scala.jdk.javaapi.CollectionConverters.asJava(r.<scala.collection.Seq<String>>getAs(
          "test_blocks")));
      long events = r.<Long>getAs("events");
      if (r.getAs("label").equals("gap_up_20")) {
        assertTrue(events > 0, what + " has events");
      }
      if (events > 0) {
        for (String c : List.of("base_rate", "auc", "auc_within_vol")) {
          Double v = r.getAs(c);
          assertNotNull(v, what + " " + c);
          assertTrue(Double.isFinite(v) && v >= 0 && v <= 1, what + " " + c + " = " + v);
        }
        assertTrue(Double.isFinite(r.<Double>getAs("lift")), what);
      }
      if (r.getAs("oos_auc_base") != null) {
        Double base = r.getAs("oos_auc_base");
        assertTrue(base >= 0 && base <= 1, what);
        if (!r.getAs("feature").equals("rvol_20") && !r.getAs("feature").equals("dollar_volume_20")) {
          assertTrue(Double.isFinite(r.<Double>getAs("oos_gain")), what);
          if (r.getAs("oos_gain_lo") != null) {
            assertTrue(r.<Double>getAs("oos_gain_lo") <= r.<Double>getAs("oos_gain_hi"), what);
          }
        }
      }
      assertEquals(200, r.<Integer>getAs("bootstrap_samples"));
      assertEquals(10, r.<scala.collection.Seq<?>>getAs("event_rate_by_decile").size());
    }
    Row upVol = report.stream().filter(r -> r.getAs("feature").equals("rvol_20") && r.getAs("label").equals("gap_up_20"))
        .findFirst().orElseThrow();
    assertTrue(upVol.<Double>getAs("auc") > 0.7, "volatile stocks gap: " + upVol.getAs("auc"));

    long pregapRows = TestLakes.table(lake, TableId.GOLD_PREGAP).count();
    assertTrue(pregapRows > 2_000 && pregapRows < 4_000, "rows " + pregapRows);
    List<Row> study = TestLakes.table(lake, TableId.GOLD_PREGAP_EVENT_STUDY).collectAsList();
    assertEquals(16 * 4, study.stream().filter(r -> r.<Long>getAs("events") > 0).count(),
        "offsets -10..5 for each label");
    assertTrue(study.stream().allMatch(r -> r.getInt(r.fieldIndex("offset")) != -1
        || Math.abs(r.<Double>getAs("mean_return")) < 1e-15), "return at D-1 is 0 by construction");
    List<Row> runs = TestLakes.table(lake, TableId.OPS_JOB_RUNS).collectAsList();
    assertEquals(1, runs.size());
    assertEquals("pregap", runs.get(0).getAs("stage"));
  }

  @Test
  void aBadParameterStopsWithOneLineNamingTheOption() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int status;
    try {
      status = Main.execute("pregap", "--set", "strategy.pregap.gaps=0.2,0.005");
    } finally {
      System.setErr(old);
    }
    assertEquals(2, status);
    assertEquals("l2lake: configuration key 'strategy.pregap.gaps' has value '0.2,0.005' (from command line): allowed"
        + " is 1 to 4 distinct thresholds, each from 0.01 to 5 in whole percent (e.g. 0.2,0.5)",
        err.toString(StandardCharsets.UTF_8).trim());
    PregapParams d = PregapParams.defaults();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PregapParams.from(io.l2lake.config.Strategy.load(null, java.util.Map.of("strategy.pregap.range-days", "20"))));
    assertEquals("strategy.pregap.range-days has value '20': allowed is less than strategy.pregap.long-days (20)",
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PregapParams.from(io.l2lake.config.Strategy.load(null,
        java.util.Map.of("strategy.pregap.spread-price-bounds", "1,5"))));
    assertFalse(e.getMessage().contains("\n"));
    assertTrue(e.getMessage().startsWith("strategy.pregap.spread-round-trip has value '0.1,0.05,0.02,0.005': allowed"
        + " is one spread more than strategy.pregap.spread-price-bounds has bounds (2)"), e.getMessage());
    io.l2lake.config.ConfigException c = assertThrows(io.l2lake.config.ConfigException.class,
        () -> io.l2lake.config.Strategy.load(null, java.util.Map.of("strategy.pregap.bootstrap-samples", "50")));
    assertEquals("configuration key 'strategy.pregap.bootstrap-samples' has value '50' (from command line): allowed"
        + " is an integer from 200 to 100000", c.getMessage());
    assertEquals(1000, d.bootstrapSamples());
    assertEquals(0.05, d.spreadFor(0.5), 0);
    assertEquals(0.1, d.spreadFor(0.05), 0);
    assertEquals(0.02, d.spreadFor(1.0), 0);
    assertEquals(0.005, d.spreadFor(5.0), 0);
  }
}

package io.l2lake.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.config.L2Config;
import io.l2lake.testing.SparkTestSession;
import io.l2lake.testing.TestLakes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The benchmark's machinery on a tiny simulated market: DuckDB reads every tick answer layout to the
 * rows l2lake ingests, DuckDB's ASOF JOIN gives every trade the quote l2lake's as-of join gives it,
 * and the report renders its tables and keeps the hand-written text of the document.
 */
class BenchMachineryTest {
  @TempDir Path tmp;

  @Test
  void duckDbMatchesTheLakeOnATinyMarket() throws Exception {
    var spark = SparkTestSession.get();
    BenchData.Market m = BenchData.prepare(spark, new io.l2lake.cli.BenchJobs(), tmp.resolve("data"),
        new BenchData.Size(2, 1, 0.05, 7, LocalDate.of(2025, 3, 3)), 1);
    assertEquals(2, BenchData.tickFiles(m).size());
    L2Config config = TestLakes.config(tmp.resolve("lake"));
    try (HeapSampler heap = new HeapSampler()) {
      StepTimer step = new StepTimer(heap, 2, 1, 1);
      HeadToHead.run(spark, config, new io.l2lake.cli.BenchJobs(), m, tmp.resolve("h2h"), step, 2);
      Map<String, Long> facts = new java.util.HashMap<>();
      step.measurements().forEach(x -> facts.put(x.name(), x.rows()));
      long tickLines = facts.get(HeadToHead.L2LAKE_INGEST);
      long linesInFiles = 0;
      for (Path f : BenchData.tickFiles(m)) {
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(
            new java.util.zip.GZIPInputStream(Files.newInputStream(f)), java.nio.charset.StandardCharsets.ISO_8859_1))) {
          linesInFiles += r.lines().count();
        }
      }
      assertEquals(linesInFiles, tickLines, "the timed ingest read every tick line");
      assertEquals(0L, facts.get("as-of mismatched"));
      assertEquals(facts.get("as-of trades"), facts.get("as-of trades duckdb"));
      assertTrue(facts.get("as-of trades with quote") > 0, "some trades have a quote: " + facts);
      assertTrue(facts.get("as-of trades with quote") < facts.get("as-of trades"), "stale quotes too: " + facts);
      assertEquals(tickLines, facts.get("duckdb csv->parquet"));
      assertEquals(tickLines, facts.get(HeadToHead.SPARK_CSV));
      assertEquals(facts.get("l2lake as-of"), facts.get(HeadToHead.AS_OF_NOOP));
      assertEquals(6, step.measurements().stream().filter(x -> x.kind().equals(Measurement.PEER)).count());
      // Spark's CSV source typed the same ticks as the lake: same instants, prices and conditions.
      var lakeTicks = spark.read().format("delta").load(new io.l2lake.lake.Lake(spark, config.lake().root())
          .path(io.l2lake.lake.TableId.BRONZE_TICKS)).filter("feed = 'history'").select("symbol", "trade_date", "ts",
          "price", "size", "tick_id", "market_center", "conditions");
      var csvTicks = spark.read().parquet(tmp.resolve("h2h").resolve("spark-ticks").toString()).select("symbol",
          "trade_date", "ts", "price", "size", "tick_id", "market_center", "conditions");
      assertEquals(lakeTicks.count(), csvTicks.count());
      assertEquals(0, lakeTicks.exceptAll(csvTicks).count(), "Spark's CSV rows equal the lake's");
    }
  }

  @Test
  void tellsTheTickLayoutsApart() {
    assertEquals(DuckDbPeer.TickLayout.P62_REQUEST, DuckDbPeer.TickLayout.of("R3,LH,2025-03-03 09:30:00.1,1.0,"));
    assertEquals(DuckDbPeer.TickLayout.P62, DuckDbPeer.TickLayout.of("LH,2025-03-03 09:30:00.1,1.0,"));
    assertEquals(DuckDbPeer.TickLayout.P60_REQUEST, DuckDbPeer.TickLayout.of("R4,2025-03-03 09:30:00.1,1.0,"));
    assertEquals(DuckDbPeer.TickLayout.P60, DuckDbPeer.TickLayout.of("2025-03-03 09:30:00.1,1.0,"));
  }

  @Test
  void aStageWhoseTimeDoesNotGrowIsChargedTheSpreadOfItsTimes() {
    BenchFigures.Figure x1 = new BenchFigures.Figure("stops", 12, 1.7, 1.7, 1.7, 0, 1, 2);
    BenchFigures.Figure x2 = new BenchFigures.Figure("stops", 24, 1.6, 1.6, 1.6, 0, 1, 2);
    BenchFigures.Figure x4 = new BenchFigures.Figure("stops", 48, 1.6, 1.6, 1.6, 0, 1, 2);
    BenchProjection.Cost flat = BenchProjection.cost(List.of(x1, x2, x4), 2);
    assertEquals("flat", flat.fit());
    // 36 more rows within 0.1 s of spread, on 2 cores: at most 0.1 / 36 * 2 core-seconds a row.
    assertEquals(36 / 0.1 / 2, flat.rowsPerSecondPerCore(), 1e-9);
    assertEquals(1.6, flat.fixedSeconds(), 1e-12);
    BenchProjection.Cost same = BenchProjection.cost(List.of(x2, new BenchFigures.Figure("stops", 48, 1.6, 1.6, 1.6,
        0, 1, 2)), 2);
    assertEquals(24 / BenchProjection.TIMER_RESOLUTION_SECONDS / 2, same.rowsPerSecondPerCore(), 1e-9);
    BenchProjection.Cost growing = BenchProjection.cost(List.of(
        new BenchFigures.Figure("sync", 100, 2.0, 2.0, 2.0, 0, 1, 2),
        new BenchFigures.Figure("sync", 300, 4.0, 4.0, 4.0, 0, 1, 2)), 2);
    assertEquals("yes", growing.fit());
    assertEquals(1.0, growing.fixedSeconds(), 1e-12);
    assertEquals(50.0, growing.rowsPerSecondPerCore(), 1e-9);
  }

  @Test
  void reportHasEveryTableAndKeepsTheRestOfTheDocument() throws Exception {
    List<Measurement> ms = new ArrayList<>();
    for (int cores : new int[] {1, 2}) {
      for (int scale : new int[] {1, 2}) {
        ms.add(new Measurement(Measurement.INFO, cores, scale, 0, "symbol-days", 4L * scale, 0, 0, ""));
        ms.add(new Measurement(Measurement.INFO, cores, scale, 0, "simulated trades", 40_000L * scale, 0, 0, ""));
        ms.add(new Measurement(Measurement.INFO, cores, scale, 0, "simulated quote changes", 50_000L * scale, 0, 0, ""));
        int reps = cores == 2 && scale == 1 ? 3 : 1;
        if (reps == 1) { // a scaling cell: one warm-up of the chain on x1 data, in no table
          for (String stage : PipelineBench.STAGES) {
            ms.add(new Measurement(Measurement.STAGE, cores, 1, 1, stage, 100_000L, 1_000.0, 1L << 28, "").asWarmup());
          }
        }
        for (int rep = 1; rep <= reps; rep++) {
          for (String stage : PipelineBench.STAGES) {
            ms.add(new Measurement(Measurement.STAGE, cores, scale, rep, stage, 100_000L * scale,
                10.0 * scale / cores + rep, 1L << 28, ""));
          }
        }
      }
    }
    ms.add(new Measurement(Measurement.INFO, 2, 8, 0, "symbol-days", 32, 0, 0, ""));
    for (int rep = 1; rep <= 3; rep++) {
      ms.add(new Measurement(Measurement.PEER, 2, 8, rep, HeadToHead.L2LAKE_INGEST, 800_000, 6.0 + rep, 0, ""));
      ms.add(new Measurement(Measurement.PEER, 2, 8, rep, "duckdb csv->parquet", 800_000, 2.0, 0, "40000 rows"));
      ms.add(new Measurement(Measurement.PEER, 2, 8, rep, "l2lake as-of", 720_000, 6.0, 0, ""));
      ms.add(new Measurement(Measurement.PEER, 2, 8, rep, "duckdb as-of", 720_000, 1.5, 0, ""));
      ms.add(new Measurement(Measurement.PEER, 2, 8, rep, HeadToHead.SPARK_CSV, 800_000, 4.0, 0, ""));
      ms.add(new Measurement(Measurement.PEER, 2, 8, rep, HeadToHead.AS_OF_NOOP, 720_000, 3.0, 0, ""));
    }
    for (int rep = 1; rep <= 2; rep++) {
      for (Measurement w : List.of(
          new Measurement(Measurement.PEER, 2, 8, rep, HeadToHead.L2LAKE_INGEST, 800_000, 20.0 - 5 * rep, 0, ""),
          new Measurement(Measurement.PEER, 2, 8, rep, "duckdb csv->parquet", 800_000, 2.5, 0, "40000 rows"),
          new Measurement(Measurement.PEER, 2, 8, rep, "l2lake as-of", 720_000, 9.0, 0, ""),
          new Measurement(Measurement.PEER, 2, 8, rep, "duckdb as-of", 720_000, 1.5, 0, ""),
          new Measurement(Measurement.INFO, 2, 8, rep, "as-of mismatched", 7, 0, 0, "warm-up"))) {
        ms.add(w.asWarmup());
      }
    }
    ms.add(new Measurement(Measurement.INFO, 2, 8, 1, "as-of mismatched", 0, 0, 0, "bid sum 1.0, ask sum 2.0"));
    List<Measurement> parsed = Measurement.parseAll(ms.stream().map(Measurement::toLine).toList());
    assertEquals(ms, parsed);
    BenchReport.Context ctx = new BenchReport.Context("./l2lake bench", "now", 2, "0.1, 0.1, 0.1", "0.2, 0.2, 0.2",
        new BenchData.Size(4, 1, 0.4, 1, LocalDate.of(2025, 3, 3)),
        new BenchProjection.Projection(2000, 10_876, 54_380, "test"));
    String md = BenchReport.render(parsed, ctx);
    for (String want : List.of("### Per stage (2 cores, x1, median of 3)", "| sync | bronze.ticks + bronze.quotes | 100,000 | 7.0 (6.0-8.0)",
        "### Head-to-head with DuckDB 1.4.1 (same files, 2 cores, x8", "* x8 (head-to-head): 32 symbol-days",
        "median of 3 timed runs after 2 warm-up runs in the same JVM)",
        "| (a) gzipped tick answers -> typed table | 8.00 | 2.00 | **4.0** | 15.00 | 2.50 | 6.0 | 800,000 |",
        "| (b) trades as-of joined to quotes | 6.00 | 1.50 | **4.0** | 9.00 | 1.50 | 6.0 | 720,000 |",
        "0 differ (bid sum 1.0, ask sum 2.0)", "| (a) Spark's own CSV source doing the DuckDB statement",
        "-> Parquet | 4.00 | 2.0 | 2.0 |", "(read, shuffle, sort, window; no Parquet written) | 3.00 | 2.0 | 2.0 |", "### Scaling (seconds; median where repeated; the cells other than"
            + " the main one timed after 1 untimed run of the chain on the x1 data in the same JVM)",
        "| sync | 11.0 | 21.0 | 7.0 | 11.0 |", "Speed-up from doubling the cores",
        "### Projection", "| nightly: 2000 symbols x 1 day |", "re-backfill: 2000 symbols x 126 days")) {
      assertTrue(md.contains(want), "missing '" + want + "' in\n" + md);
    }
    Path doc = tmp.resolve("performance.md");
    Files.writeString(doc, "# Performance\n\nhand-written before\n\n" + BenchReport.BEGIN + "\nold\n" + BenchReport.END
        + "\n\n## Hand-written after\n");
    BenchReport.writeInto(doc, md);
    BenchReport.writeInto(doc, md);
    String text = Files.readString(doc);
    assertTrue(text.startsWith("# Performance\n\nhand-written before\n\n" + BenchReport.BEGIN));
    assertTrue(text.endsWith(BenchReport.END + "\n\n## Hand-written after\n"), text);
    assertEquals(1, text.split(java.util.regex.Pattern.quote(BenchReport.BEGIN), -1).length - 1);
  }
}

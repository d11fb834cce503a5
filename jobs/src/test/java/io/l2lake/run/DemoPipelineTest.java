package io.l2lake.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.lake.RunContext;
import io.l2lake.ingest.IngestJob;
import io.l2lake.lake.TableId;
import io.l2lake.quality.IntegrityStage;
import io.l2lake.testing.SparkTestSession;
import io.l2lake.testing.TestLakes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's path on the shipped sample, then every cell of every notebook on that lake. */
class DemoPipelineTest {
  static final Path ROOT = Path.of(System.getProperty("l2lake.root", ".."));
  @TempDir static Path dir;
  static Path lake;
  static IngestJob.Result ingest;
  static IntegrityStage.Result check;

  @BeforeAll
  static void runDemoPath() {
    lake = dir.resolve("lake");
    ingest = TestLakes.ingest(lake, ROOT.resolve("data-lake/samples"), false);
    var spark = SparkTestSession.get();
    var config = TestLakes.config(lake);
    io.l2lake.config.Strategy strategy = io.l2lake.config.Strategy.defaults();
    var reports = io.l2lake.run.Stages.run(io.l2lake.run.Stages.ALL, spark, config, strategy, null, null);
    check = IntegrityStage.Result.of(reports.get(0).detail());
    // The backtest and a one-fold calibration, so the backtest and calibration notebooks have their tables.
    var l = new io.l2lake.lake.Lake(spark, lake.toString());
    java.time.LocalDate first = java.time.LocalDate.of(2021, 3, 1);
    java.time.LocalDate last = java.time.LocalDate.of(2021, 3, 3);
    io.l2lake.backtest.BacktestJob.run(spark, l, strategy, RunContext.create(), first, last, true, 1);
    var grid = new io.l2lake.backtest.calibrate.CalibrationGrid(java.util.Map.of("strategy.backtest.entry-composite-min",
        List.of("0.2", "0.3")), 2, 1, false, "net_pnl", 2);
    io.l2lake.backtest.calibrate.CalibrationJob.run(spark, l, grid,
        combo -> io.l2lake.config.Strategy.load(null, combo), RunContext.create(), first, last);
  }

  @Test
  void signalsOnTheRealSampleAreFiniteAndVary() {
    var signals = TestLakes.table(lake, TableId.GOLD_SIGNALS_1M);
    // History ticks carry no sizes: the sizes are estimated, and the two signals whose estimate would read the
    // opposite of their meaning (sinkhole, fleeing) are null on every bar.
    assertEquals(0, signals.filter("sizes_source <> 'estimated'").count());
    assertEquals(0, signals.filter("sinkhole_score IS NOT NULL OR fleeing_score IS NOT NULL OR sinkhole_fires"
        + " OR fleeing").count());
    for (String c : List.of("absorption_score", "creep_score", "darkpool_score",
        "contraction_score", "composite", "dumping_score")) {
      Row r = signals.agg(org.apache.spark.sql.functions.min(c), org.apache.spark.sql.functions.max(c),
          org.apache.spark.sql.functions.count(c), org.apache.spark.sql.functions.countDistinct(
              org.apache.spark.sql.functions.col(c))).first();
      assertTrue(r.getLong(2) > 100, c + " scored on " + r.getLong(2) + " bars");
      assertTrue(r.getLong(3) > 10, c + " takes " + r.getLong(3) + " values");
      assertTrue(r.getDouble(0) >= 0 && r.getDouble(1) <= 1 && Double.isFinite(r.getDouble(1)), c + " in [0, 1]");
    }
    assertEquals(0, signals.filter("composite IS NOT NULL AND isnan(composite)").count());
    List<Row> days = TestLakes.table(lake, TableId.GOLD_ACCUMULATION).orderBy("trade_date").collectAsList();
    assertEquals(3, days.size());
    assertTrue(days.stream().allMatch(r -> io.l2lake.tracker.TrackerStates.STATES.contains(r.<String>getAs("state"))));
    assertEquals(1, TestLakes.table(lake, TableId.GOLD_WATCHLIST).count());
  }

  @Test
  void theSampleIngestsCleanlyAndIsChecked() {
    assertEquals(32_627, ingest.accepted());
    assertEquals(0, ingest.quarantined());
    assertEquals(3, check.symbolDays());
    assertEquals(0, check.unusableDays());
    List<Row> runs = TestLakes.table(lake, TableId.OPS_JOB_RUNS).orderBy("started_at").collectAsList();
    assertEquals(List.of("ingest", "check", "sync", "bars", "book", "signals", "tracker", "stops"),
        runs.stream().map(r -> r.<String>getAs("stage")).toList().subList(0, 8));
    assertEquals(32_628L, runs.get(0).<Long>getAs("rows_in"));
  }

  @Test
  void everyNotebookCellRuns() throws Exception {
    List<Path> notebooks;
    try (Stream<Path> s = Files.list(ROOT.resolve("notebooks"))) {
      notebooks = s.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
    }
    assertFalse(notebooks.isEmpty());
    for (Path nb : notebooks) {
      List<String> cells = cells(Files.readString(nb));
      assertTrue(cells.size() >= 2, nb + " has cells");
      for (String cell : cells) {
        String sql = cell.replace("${lake}", lake.toString());
        // A cell that does not parse, names a missing table or column, or fails to run throws here.
        SparkTestSession.get().sql(sql).collectAsList();
      }
    }
    for (String table : List.of("gold/backtest_runs", "gold/backtest_equity", "gold/calibration")) {
      assertTrue(SparkTestSession.get().read().format("delta").load(lake.resolve(table).toString()).count() > 0,
          table + " has rows for the notebooks");
    }
  }

  /** A user reading {@code DESCRIBE} finds every column of every table the demo path wrote explained. */
  @Test
  void everyColumnOfEveryWrittenTableHasAComment() {
    var spark = SparkTestSession.get();
    var l = new io.l2lake.lake.Lake(spark, lake.toString());
    List<String> missing = new ArrayList<>();
    int tables = 0;
    for (TableId id : TableId.values()) {
      if (!l.exists(id)) {
        continue;
      }
      tables++;
      for (var field : spark.read().format("delta").load(l.path(id)).schema().fields()) {
        if (field.getComment().isEmpty() && io.l2lake.lake.LakeCatalog.columnComment(id, field.name()) == null) {
          missing.add(id.qualifiedName() + "." + field.name());
        }
      }
    }
    assertTrue(tables >= 15, "the demo path wrote " + tables + " tables");
    assertTrue(missing.isEmpty(), "columns without a comment: " + missing);
  }

  @Test
  void theRunReportHasItsChartsAndTheRunsMetrics() throws Exception {
    var spark = SparkTestSession.get();
    var l = new io.l2lake.lake.Lake(spark, lake.toString());
    String runId = io.l2lake.report.RunReport.latestRun(spark, l);
    Path out = dir.resolve("report");
    var r = io.l2lake.report.RunReport.write(spark, l, runId, null, out.toString());
    String html = Files.readString(out.resolve("index.html"));
    Row run = spark.read().format("delta").load(lake.resolve("gold/backtest_runs").toString())
        .filter(org.apache.spark.sql.functions.col("run_id").equalTo(runId)
            .and(org.apache.spark.sql.functions.col("entries").equalTo("signal")))
        .select("trade_count").first();
    assertTrue(html.contains("<td class=\"l\">trade_count</td><td>" + run.get(0) + "</td>"), html);
    List<String> expected = new ArrayList<>(List.of("equity.png", "pregap.png", "quality.png"));
    if (r.symbol() != null) {
      expected.addAll(List.of("trades.png", "signals.png"));
    }
    assertEquals(expected.size(), r.charts().size());
    for (String png : expected) {
      var img = javax.imageio.ImageIO.read(out.resolve(png).toFile());
      assertTrue(img != null && img.getWidth() >= 900, png + " is a picture");
      assertTrue(html.contains("<img src=\"" + png + "\""), png + " is on the page");
    }
  }

  /** The SQL of each {@code -- COMMAND ----------} cell, comment lines removed, empty cells dropped. */
  static List<String> cells(String text) {
    List<String> out = new ArrayList<>();
    for (String cell : text.split("(?m)^-- COMMAND -+\\s*$")) {
      String sql = cell.lines().filter(l -> !l.trim().startsWith("--")).reduce("", (a, b) -> a + b + "\n")
          .trim();
      if (!sql.isEmpty()) {
        out.add(sql);
      }
    }
    return out;
  }
}

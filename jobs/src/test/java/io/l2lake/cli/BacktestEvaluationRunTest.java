package io.l2lake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.backtest.BacktestJob;
import io.l2lake.backtest.MatchedControls;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The side-by-side table of {@code evaluate backtest}, from hand-made results, and the markets' marker. */
@Timeout(30)
class BacktestEvaluationRunTest {
  private static final StructType METRICS = new StructType().add("trade_count", "long").add("total_return", "double")
      .add("net_pnl", "double");
  private static final StructType GAPS = new StructType().add("gaps", "long").add("after_ready", "long")
      .add("held", "long").add("held_after_ready", "long").add("oracle_trades", "long")
      .add("oracle_mean_return", "double").add("oracle_pnl", "double");

  private static BacktestEvaluationRun.Outcome outcome(boolean nullMarket, long trades, long ready, long heldReady,
      MatchedControls.Test test) {
    Row metrics = new GenericRowWithSchema(new Object[] {trades, 0.0123, 1234.4}, METRICS);
    Row gaps = new GenericRowWithSchema(new Object[] {40L, ready, heldReady + 1, heldReady, ready, 0.25, 500.0}, GAPS);
    BacktestJob.Result r = new BacktestJob.Result("run-" + nullMarket, Map.of("signal", metrics),
        Map.of("signal", gaps), test, test);
    return new BacktestEvaluationRun.Outcome(new EvaluationMarkets.Market(nullMarket ? "11-20 null" : "11-20",
        "ticks", nullMarket), Path.of("lake"), LocalDate.of(2025, 3, 3), LocalDate.of(2025, 5, 9), r, 10);
  }

  @Test
  void theTwoMarketsStandSideBySide() {
    MatchedControls.Test planted = MatchedControls.test(new double[] {0.05, 0.07}, new double[][] {{0, 0.01},
        {-0.01, 0}}, 99, 99, 1);
    String md = BacktestEvaluationRun.markdown(List.of(outcome(false, 2, 4, 3, planted), outcome(true, 0, 0, 0,
        null)));
    List<String> lines = md.lines().toList();
    assertEquals("| measure | with buyers | null market (no buyer) |", lines.get(0));
    assertEquals("|---|---|---|", lines.get(1));
    assertTrue(lines.contains("| strategy trades | 2 | 0 |"), md);
    assertTrue(lines.contains("| gaps after a READY day | 4 | 0 |"), md);
    assertTrue(lines.contains("| of those, held at the open | 3 of 4 (75%) | - |"), md);
    assertTrue(lines.contains("| oracle: trades, mean net return | 4, +25.00% | 0, +25.00% |"), md);
    assertTrue(lines.contains("| p (draws at least as good) | 0.0100 | - |"), md);
    assertTrue(lines.contains("| net PnL ($) | 1,234 | 1,234 |"), md);
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("| strategy: mean net return a trade [95%] | +6.000% [")),
        md);
  }

  @Test
  void theHeaderGivesTheSettingsThatDifferFromTheDefaults() {
    EvaluationMarkets.Spec spec = new EvaluationMarkets.Spec(List.of(11L, 12L), "11-12", 10, 50, 0.15,
        List.of(0.05));
    BacktestEvaluationRun.Options o = new BacktestEvaluationRun.Options(spec, "ticks", true, 1, null, null);
    String plain = BacktestEvaluationRun.header(o, io.l2lake.config.Strategy.defaults());
    assertTrue(plain.contains("--feeds ticks --docs docs`") && plain.contains("`conf/strategy.conf`) and 1000 "),
        plain);
    String set = BacktestEvaluationRun.header(o, io.l2lake.config.Strategy.load(null,
        Map.of("strategy.backtest.control-days", "20", "strategy.backtest.control-draws", "50")));
    assertTrue(set.contains("--set strategy.backtest.control-draws=50")
        && set.contains("--set strategy.backtest.control-days=20")
        && set.contains("but for the settings given with --set and 50 matched random draws"), set);
  }

  @Test
  void theMarkerNamesWhatWasSimulated() {
    EvaluationMarkets.Spec a = new EvaluationMarkets.Spec(List.of(11L, 12L), "11-12", 10, 50, 0.15, List.of(0.05));
    EvaluationMarkets.Spec b = new EvaluationMarkets.Spec(List.of(11L, 12L), "11-12", 5, 50, 0.15, List.of(0.05));
    EvaluationMarkets.Market m = new EvaluationMarkets.Market("11-12", "ticks", false);
    assertEquals("market seeds=[11, 12] symbols=10 days=50 intensity=0.15 strengths=[0.05] feeds=ticks null=false",
        EvaluationMarkets.describe(a, m));
    assertTrue(!EvaluationMarkets.describe(a, m).equals(EvaluationMarkets.describe(b, m)), "a size is part of it");
    assertEquals("11-12_null-ticks", new EvaluationMarkets.Market("11-12 null", "ticks", true).dirName());
  }

  @Test
  void aChangedTrackerSettingRerunsTheTrackerAndWhatReadsIt() {
    String base = EvaluationMarkets.goldSettings(io.l2lake.config.Strategy.defaults());
    String tracker = EvaluationMarkets.goldSettings(io.l2lake.config.Strategy.load(null,
        Map.of("strategy.tracker.ready-score", "0.6")));
    String signal = EvaluationMarkets.goldSettings(io.l2lake.config.Strategy.load(null,
        Map.of("strategy.creep.window", "20")));
    assertEquals(List.of(), EvaluationMarkets.stale(base, base));
    List<String> t = EvaluationMarkets.stale(base, tracker).stream().map(io.l2lake.stage.Stage::name).toList();
    assertTrue(t.contains("tracker") && !t.contains("signals"), t.toString());
    List<String> s = EvaluationMarkets.stale(base, signal).stream().map(io.l2lake.stage.Stage::name).toList();
    assertTrue(s.contains("signals") && s.contains("tracker"), s.toString());
    // A settings file from before a setting existed, or another code version: everything.
    assertEquals(io.l2lake.run.Stages.inZone("gold").size(), EvaluationMarkets.stale("", base).size());
  }

  @Test
  void aLargeMarketsStagesGetMoreShufflePartitionsThanTheProfile() {
    List<Long> tenSeeds = List.of(11L, 12L, 13L, 14L, 15L, 16L, 17L, 18L, 19L, 20L);
    EvaluationMarkets.Spec large = new EvaluationMarkets.Spec(tenSeeds, "11-20", 10, 50, 0.15, List.of(0.05));
    EvaluationMarkets.Spec small = new EvaluationMarkets.Spec(List.of(1L, 2L), "1-2", 4, 10, 0.15, List.of(0.05));
    assertEquals(63, EvaluationMarkets.shufflePartitions(large, 8), "5,000 symbol-days at 80 a partition");
    assertEquals(8, EvaluationMarkets.shufflePartitions(small, 8), "never fewer than the profile's");
    assertEquals(400, EvaluationMarkets.shufflePartitions(large, 400), "a cluster profile's setting stands");
  }
}

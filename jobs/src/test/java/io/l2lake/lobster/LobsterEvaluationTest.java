package io.l2lake.lobster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.config.L2Config;
import io.l2lake.testing.SparkTestSession;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The targets on the real GOOG and AMZN order books, with the default configuration; the JSON it prints. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class LobsterEvaluationTest {
  @Test
  void meetsTheTargetsOnRealOrderBooks() {
    List<LobsterEvaluation.SymbolResult> results = LobsterEvaluation.run(SparkTestSession.get(),
        SparkTestSession.sharedData().resolve("lobster"), L2Config.load(null, Map.of()));
    assertEquals(List.of("AMZN", "GOOG"), results.stream().map(LobsterEvaluation.SymbolResult::symbol).toList());
    for (LobsterEvaluation.SymbolResult r : results) {
      assertTrue(r.trades() > 10_000, r.symbol() + " trades " + r.trades());
      assertTrue(r.leeReady() >= 0.80, r.symbol() + " Lee-Ready " + r.leeReady());
      assertTrue(r.ofiMedianR2() >= 0.40, r.symbol() + " OFI R2 " + r.ofiMedianR2());
      assertTrue(r.depthMae().size() >= 4, r.symbol() + " levels " + r.depthMae().keySet());
      r.depthMae().forEach((level, mae) -> {
        assertTrue(mae[0] < mae[1], r.symbol() + " level " + level + " beats touch-size baseline");
        assertTrue(mae[0] < mae[2], r.symbol() + " level " + level + " beats last-seen baseline");
      });
    }
    String json = LobsterEvaluation.toJson(results);
    assertTrue(json.startsWith("{\"bucket_seconds\": 10, \"symbols\": {\"AMZN\": {\"trades\": "), json);
  }

  @Test
  @Timeout(value = 1, unit = TimeUnit.MINUTES)
  void jsonHasItsFieldsInOrderWithFourDecimalsAndNullForNaN() {
    Map<Integer, double[]> depth = new LinkedHashMap<>();
    depth.put(2, new double[] {1.5, 2.25, 3});
    depth.put(3, new double[] {12345.678949, Double.NaN, 0.00004});
    List<LobsterEvaluation.SymbolResult> results = List.of(
        new LobsterEvaluation.SymbolResult("AMZN", 12345, 0.8123456, 0.7, 0.65, 0.99, 0.95, 0.5,
            java.util.Arrays.asList(0.41, 0.55555, Double.NaN), depth, 77),
        new LobsterEvaluation.SymbolResult("GOOG", 0, Double.NaN, 0, 0, 0, 0, Double.POSITIVE_INFINITY, List.of(),
            Map.of(), 0));
    assertEquals("{\"bucket_seconds\": 10, \"symbols\": {"
        + "\"AMZN\": {\"trades\": 12345, \"lee_ready_accuracy\": 0.8123, \"tick_rule_accuracy\": 0.7000, "
        + "\"quote_rule_accuracy\": 0.6500, \"lee_ready_coverage\": 0.9900, \"quote_rule_coverage\": 0.9500, "
        + "\"ofi_r2_median\": 0.5000, \"ofi_r2_by_half_hour\": [0.4100, 0.5556, null], \"book_snapshots\": 77, "
        + "\"cum_depth_mae_by_level\": {\"2\": {\"pseudo_l2\": 1.5000, \"touch_size_baseline\": 2.2500, "
        + "\"last_seen_baseline\": 3.0000}, \"3\": {\"pseudo_l2\": 12345.6789, \"touch_size_baseline\": null, "
        + "\"last_seen_baseline\": 0.0000}}}, "
        + "\"GOOG\": {\"trades\": 0, \"lee_ready_accuracy\": null, \"tick_rule_accuracy\": 0.0000, "
        + "\"quote_rule_accuracy\": 0.0000, \"lee_ready_coverage\": 0.0000, \"quote_rule_coverage\": 0.0000, "
        + "\"ofi_r2_median\": null, \"ofi_r2_by_half_hour\": [], \"book_snapshots\": 0, "
        + "\"cum_depth_mae_by_level\": {}}}}", LobsterEvaluation.toJson(results));
  }
}

package io.l2lake.lobster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.config.L2Config;
import io.l2lake.testing.SparkTestSession;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The targets on the real GOOG and AMZN order books, with the default configuration. */
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
}

package io.l2lake.testing;

import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.signals.NoLookAheadTest;
import io.l2lake.signals.SignalsStage;
import io.l2lake.tracker.TrackerStage;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The signals and tracker days of {@link NoLookAheadTest#market}, computed once per JVM for each
 * (cut, signal and tracker parameters): the backtest and calibration tests share them.
 */
public final class ScoredMarkets {
  private static final Map<String, Scored> CACHE = new HashMap<>();
  private static final L2Config CONFIG = L2Config.load(null, Map.of());

  private ScoredMarkets() {}

  /** Scored minute bars and tracker days of one market. */
  public record Scored(Dataset<Row> signals, Dataset<Row> days) {}

  public static synchronized Scored of(Instant cut, Strategy s) {
    Map<String, String> scoring = new TreeMap<>(s.values());
    scoring.keySet().removeIf(k -> k.startsWith("strategy.backtest.") || k.startsWith("strategy.stops."));
    return CACHE.computeIfAbsent(cut + "|" + scoring, k -> {
      NoLookAheadTest.Market m = NoLookAheadTest.market(cut);
      Dataset<Row> signals = SignalsStage.compute(m.bars(), m.book(), s, CONFIG.quality(), 5).localCheckpoint();
      return new Scored(signals, TrackerStage.compute(signals, m.bars(), s.tracker()).localCheckpoint());
    });
  }
}

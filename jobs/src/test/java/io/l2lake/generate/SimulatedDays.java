package io.l2lake.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.LocalDate;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;

/**
 * Test helper: simulates symbol-days without Spark and writes their raw files (history tick answer,
 * Level-1 dump, depth dump) into a local landing zone, exactly as {@code l2lake generate} does for
 * each of its tasks. No faults are injected.
 */
public final class SimulatedDays {
  private SimulatedDays() {}

  /**
   * Writes the files of {@code symbols} x {@code days} trading days from {@code start} under
   * {@code raw/iqfeed/...}; deterministic from the seed. Symbols are {@link MarketPlan#symbolName}.
   */
  public static void write(Path raw, long seed, int symbols, int days, LocalDate start, double intensity) {
    MarketPlan.Options o = new MarketPlan.Options(seed, symbols, days, start, intensity,
        MarketPlan.FaultRates.none(), 3600, 5);
    try {
      FileSystem fs = FileSystem.getLocal(new Configuration());
      String root = raw.toUri().toString();
      for (MarketPlan.DayPlan p : MarketPlan.draw(o).days()) {
        DayFiles files = new DayFiles(fs, root, p);
        new DaySimulator(p, files).run();
        files.finish(fs, root);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

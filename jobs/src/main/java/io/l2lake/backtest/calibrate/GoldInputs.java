package io.l2lake.backtest.calibrate;

import io.l2lake.config.Strategy;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Where a calibration's backtests read the signals ({@code gold.signals_1m} rows) and the tracker's days
 * ({@code gold.accumulation} rows) for a combination: the lake's tables when the combination leaves the signal
 * and tracker settings as the lake was built with, else the rows those settings make, computed again from the
 * layers below (by whoever can run those stages: the command line hands in an implementation).
 */
public interface GoldInputs {
  /** The signal rows and the tracker's day rows one combination's backtests read. */
  record Inputs(Dataset<Row> signals, Dataset<Row> days) {}

  /**
   * What distinguishes {@code s}'s inputs from another combination's: equal keys, equal inputs (computed
   * once). The empty key is the lake's tables.
   */
  String key(Strategy s);

  /** The inputs for {@code s}; called once per distinct {@link #key}. */
  Inputs inputs(Strategy s);

  /** Every combination reads the same rows (the lake's tables, or a test's). */
  static GoldInputs fixed(Dataset<Row> signals, Dataset<Row> days) {
    Inputs in = new Inputs(signals, days);
    return new GoldInputs() {
      @Override
      public String key(Strategy s) {
        return "";
      }

      @Override
      public Inputs inputs(Strategy s) {
        return in;
      }
    };
  }
}

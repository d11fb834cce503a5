package io.l2lake.backtest.calibrate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Walk-forward splits over the trading days of a range: fold k fits on {@code train} days and is
 * tested on the {@code test} days right after them; the next fold starts {@code test} days later, so
 * the out-of-sample windows tile the range after the first in-sample window without overlapping.
 * Anchored splits keep every in-sample window starting at the first day (growing windows).
 */
public final class WalkForward {
  private WalkForward() {}

  /** One split: in-sample [trainFrom, trainTo], out-of-sample [testFrom, testTo], both inclusive. */
  public record Fold(int fold, LocalDate trainFrom, LocalDate trainTo, LocalDate testFrom, LocalDate testTo) {}

  /**
   * The folds over {@code days} (the trading days with data, ascending). Fails with a message naming
   * the sizes when not even one fold fits.
   */
  public static List<Fold> folds(List<LocalDate> days, int train, int test, boolean anchored) {
    if (train < 1 || test < 1) {
      throw new IllegalArgumentException("walk-forward windows must be at least one day, got train " + train
          + " and test " + test);
    }
    for (int i = 1; i < days.size(); i++) {
      if (!days.get(i).isAfter(days.get(i - 1))) {
        throw new IllegalArgumentException("trading days must be ascending and distinct");
      }
    }
    List<Fold> out = new ArrayList<>();
    for (int start = 0; start + train + test <= days.size(); start += test) {
      int trainStart = anchored ? 0 : start;
      int testStart = start + train;
      out.add(new Fold(out.size() + 1, days.get(trainStart), days.get(testStart - 1), days.get(testStart),
          days.get(testStart + test - 1)));
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("the data has " + days.size() + " trading days"
          + (days.isEmpty() ? "" : " (" + days.get(0) + " to " + days.get(days.size() - 1) + ")")
          + ", fewer than one walk-forward fold needs (train-days " + train + " + test-days " + test
          + "): widen the range or shorten the windows");
    }
    return out;
  }
}

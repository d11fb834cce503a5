package io.l2lake.backtest.calibrate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WalkForwardTest {
  private static List<LocalDate> days(int n) {
    List<LocalDate> d = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      d.add(LocalDate.of(2025, 1, 1).plusDays(i));
    }
    return d;
  }

  private static LocalDate day(int i) {
    return LocalDate.of(2025, 1, 1).plusDays(i);
  }

  @Test
  void rollingFoldsTileTheRangeAfterTheFirstTrainingWindow() {
    // Six months of 126 days, 63 in-sample and 21 out-of-sample: three folds.
    List<WalkForward.Fold> f = WalkForward.folds(days(126), 63, 21, false);
    assertEquals(List.of(
        new WalkForward.Fold(1, day(0), day(62), day(63), day(83)),
        new WalkForward.Fold(2, day(21), day(83), day(84), day(104)),
        new WalkForward.Fold(3, day(42), day(104), day(105), day(125))), f);
  }

  @Test
  void anchoredFoldsGrowFromTheFirstDay() {
    List<WalkForward.Fold> f = WalkForward.folds(days(10), 4, 3, true);
    assertEquals(List.of(new WalkForward.Fold(1, day(0), day(3), day(4), day(6)),
        new WalkForward.Fold(2, day(0), day(6), day(7), day(9))), f);
  }

  @Test
  void aLeftoverShorterThanATestWindowIsNotAFold() {
    assertEquals(1, WalkForward.folds(days(9), 4, 3, false).size());
  }

  @Test
  void tooFewDaysIsAClearError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> WalkForward.folds(days(5), 4, 2, false));
    assertTrue(e.getMessage().contains("5 trading days") && e.getMessage().contains("train-days 4 + test-days 2"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> WalkForward.folds(List.of(day(2), day(1)), 1, 1, false));
  }
}

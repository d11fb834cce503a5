package io.l2lake.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class MarketPlanTest {
  static MarketPlan.Options options(long seed, int symbols, int days, double missing) {
    return new MarketPlan.Options(seed, symbols, days, LocalDate.of(2025, 3, 3), 1.0,
        new MarketPlan.FaultRates(0, 0, 0, 0, 0, 0, 0, missing), 10, 5);
  }

  @Test
  void isDeterministicFromTheSeed() {
    assertEquals(MarketPlan.draw(options(5, 6, 30, 0.1)).days().stream().map(d -> d.open() + "/" + d.seed()).toList(),
        MarketPlan.draw(options(5, 6, 30, 0.1)).days().stream().map(d -> d.open() + "/" + d.seed()).toList());
  }

  @Test
  void plantsEpisodesGapsAndMissingDays() {
    MarketPlan.Plan p = MarketPlan.draw(options(11, 8, 30, 0.25));
    long missing = p.days().stream().filter(MarketPlan.DayPlan::missing).count();
    assertTrue(missing > 20 && missing < 100, "missing " + missing);
    assertTrue(p.days().stream().noneMatch(d -> d.missing() && (d.dayIndex() == 0 || d.dayIndex() == 29)));
    MarketPlan.Episode gap = p.episodes().stream().filter(e -> e.gapDate() != null).findFirst().orElseThrow();
    MarketPlan.DayPlan before = p.days().stream().filter(d -> d.symbol().equals(gap.symbol())
        && d.date().equals(gap.end())).findFirst().orElseThrow();
    MarketPlan.DayPlan after = p.days().stream().filter(d -> d.symbol().equals(gap.symbol())
        && d.date().equals(gap.gapDate())).findFirst().orElseThrow();
    assertEquals(gap.gapSize(), after.open() / before.close() - 1, 1e-9);
    assertTrue(gap.gapSize() >= 0.5 && gap.gapSize() <= 1.0);
    assertEquals(30, p.days().stream().filter(d -> d.symbol().equals("SIM000")).count());
    // Only exchange trading days: 2025-04-18 is Good Friday.
    assertTrue(p.days().stream().noneMatch(d -> d.date().equals(LocalDate.of(2025, 4, 18))));
  }
}

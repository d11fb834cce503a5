package io.l2lake.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
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

  @Test
  void confounderDaysAppearAtTheirRates() {
    MarketPlan.Confounders c = new MarketPlan.Confounders(0.10, 0.15, 0.05, 0.05, 0.20);
    MarketPlan.Plan p = MarketPlan.draw(options(3, 60, 80, 0).withMarket(new MarketPlan.Market(List.of(0.05), "all",
        false, c)));
    // Symbol confounders land on every kind of day at the same rates: on an agent's or a gap's days as on others,
    // so that a day without a confounder does not point at a buyer.
    java.util.Set<String> gaps = p.episodes().stream().filter(e -> e.gapDate() != null)
        .map(e -> e.symbol() + e.gapDate()).collect(Collectors.toSet());
    java.util.function.Predicate<MarketPlan.DayPlan> agentOrGap = d -> d.episodeKind() != null
        || gaps.contains(d.symbol() + d.date());
    List<MarketPlan.DayPlan> eligible = p.days().stream().filter(agentOrGap.negate()).toList();
    List<MarketPlan.DayPlan> agentDays = p.days().stream().filter(agentOrGap).toList();
    assertTrue(eligible.size() > 3000, "agent-free days " + eligible.size());
    assertTrue(agentDays.size() > 300, "agent and gap days " + agentDays.size());
    for (List<MarketPlan.DayPlan> group : List.of(eligible, agentDays)) {
      Map<String, Long> counts = group.stream().filter(d -> d.confounder() != null)
          .collect(Collectors.groupingBy(MarketPlan.DayPlan::confounder, Collectors.counting()));
      for (var e : Map.of("frenzy", 0.10, "quiet", 0.15, "news", 0.05, "halt", 0.05).entrySet()) {
        double share = counts.getOrDefault(e.getKey(), 0L) / (double) group.size();
        double tolerance = group == eligible ? 0.25 * e.getValue() : 0.6 * e.getValue();
        assertEquals(e.getValue(), share, tolerance, e.getKey() + " share " + share + " of " + group.size());
      }
    }
    // Symbol confounders are independent draws per symbol-day (market_vol is shared by a date, so left out).
    java.util.function.Predicate<MarketPlan.DayPlan> ownConfounder = d -> d.confounder() != null
        && !d.confounder().equals("market_vol");
    double confounded = eligible.stream().filter(ownConfounder).count() / (double) eligible.size();
    double agentConfounded = agentDays.stream().filter(ownConfounder).count() / (double) agentDays.size();
    assertEquals(confounded, agentConfounded, 0.08, "confounded share without and with an agent");
    // market_vol: drawn per trading day, for every symbol that day.
    java.util.Set<LocalDate> volDates = p.days().stream().filter(d -> "market_vol".equals(d.confounder()))
        .map(MarketPlan.DayPlan::date).collect(Collectors.toSet());
    assertEquals(0.20, volDates.size() / 80.0, 0.1, "market_vol dates " + volDates.size() + " of 80");
    assertTrue(p.days().stream().filter(d -> volDates.contains(d.date())).allMatch(d -> d.confounder() != null),
        "every symbol has a confounder on a market_vol date");
    assertTrue(p.days().stream().filter(d -> "halt".equals(d.confounder())).allMatch(d -> d.haltMinutes().length > 0));
    assertTrue(p.days().stream().filter(d -> "news".equals(d.confounder())).allMatch(d -> d.newsJump() != 0));
    assertTrue(p.days().stream().filter(d -> "quiet".equals(d.confounder())).allMatch(d -> d.activity() < 0.6));
    assertTrue(p.days().stream().filter(d -> "frenzy".equals(d.confounder())).allMatch(d -> d.activity() >= 2));
  }

  @Test
  void theNullMarketHasNoWorkingBuyerButKeepsEpisodesGapsAndSellers() {
    MarketPlan.Market nul = new MarketPlan.Market(List.of(0.1), "all", true, MarketPlan.Confounders.defaults());
    MarketPlan.Plan p = MarketPlan.draw(options(11, 40, 30, 0).withMarket(nul));
    MarketPlan.Plan q = MarketPlan.draw(options(11, 40, 30, 0).withMarket(
        new MarketPlan.Market(List.of(0.1), "all", false, MarketPlan.Confounders.defaults())));
    assertTrue(p.days().stream().filter(d -> d.agent() != null && d.agent().side() > 0)
        .allMatch(d -> d.agent().rate() == 0 && d.agent().quota() == 0));
    assertTrue(p.days().stream().anyMatch(d -> d.agent() != null && d.agent().side() < 0 && d.agent().rate() > 0),
        "sellers kept");
    assertTrue(p.episodes().stream().anyMatch(e -> e.gapDate() != null), "gaps kept");
    // The same seed draws the same planted episodes, dates, gaps and prices: the planted agents trade at rate 0,
    // and the null market's sellers come on top of them, listed as distribution episodes with a rate.
    java.util.function.Function<MarketPlan.Episode, String> key =
        e -> e.symbol() + e.kind() + e.start() + e.end() + e.gapDate() + e.gapSize();
    assertEquals(q.episodes().stream().map(key).toList(), p.episodes().stream()
        .filter(e -> !(e.kind().equals("distribution") && e.strength() > 0)).map(key).toList());
    assertTrue(p.episodes().stream().filter(e -> e.kind().equals("accumulation")).allMatch(e -> e.strength() == 0.0));
    assertEquals(q.days().stream().map(d -> d.open() + "/" + d.close() + "/" + d.seed()).toList(),
        p.days().stream().map(d -> d.open() + "/" + d.close() + "/" + d.seed()).toList());
  }

  @Test
  void theNullMarketsSellersIgnoreTheBuyersLabels() {
    MarketPlan.Market nul = new MarketPlan.Market(List.of(0.1), "all", true, MarketPlan.Confounders.defaults());
    long labelled = 0;
    long labelledSelling = 0;
    long other = 0;
    long otherSelling = 0;
    for (long seed = 1; seed <= 20; seed++) {
      for (MarketPlan.DayPlan d : MarketPlan.draw(options(seed, 16, 30, 0).withMarket(nul)).days()) {
        boolean selling = d.agent() != null && d.agent().side() < 0 && d.agent().rate() > 0;
        if ("accumulation".equals(d.episodeKind())) {
          labelled++;
          labelledSelling += selling ? 1 : 0;
        } else {
          other++;
          otherSelling += selling ? 1 : 0;
        }
      }
    }
    double onLabels = (double) labelledSelling / labelled;
    double elsewhere = (double) otherSelling / other;
    // 20 seeds x 16 symbols, a seller on one symbol in eight: about 40 sellers, some on the buyers' symbols.
    assertTrue(labelledSelling > 0, "a seller can work on a rate-0 buyer's labelled days");
    assertTrue(onLabels > 0.3 * elsewhere && onLabels < 3 * elsewhere,
        "seller days: " + onLabels + " of labelled days against " + elsewhere + " of the others");
    // In a planted market the seller's symbols are never the buyer's.
    MarketPlan.Plan planted = MarketPlan.draw(options(3, 16, 30, 0));
    assertTrue(planted.days().stream().filter(d -> "accumulation".equals(d.episodeKind()))
        .noneMatch(d -> d.agent() != null && d.agent().side() < 0));
  }

  @Test
  void episodesLastThreeToFifteenDaysAndDrawTheirStrengthFromTheList() {
    MarketPlan.Plan p = MarketPlan.draw(options(2, 40, 40, 0).withMarket(new MarketPlan.Market(
        List.of(0.02, 0.2), "all", false, MarketPlan.Confounders.defaults())));
    List<MarketPlan.Episode> agents = p.episodes().stream().filter(e -> !e.kind().equals("control")).toList();
    assertTrue(agents.size() >= 20);
    for (MarketPlan.Episode e : agents) {
      long days = p.days().stream().filter(d -> d.symbol().equals(e.symbol()) && d.episodeKind() != null).count();
      assertTrue(days >= 3 && days <= 15, e + ": " + days + " days");
      assertTrue(e.strength() == 0.02 || e.strength() == 0.2, "strength " + e.strength());
      assertTrue(e.targetShares() > 0);
    }
    assertTrue(agents.stream().anyMatch(e -> e.strength() == 0.02) && agents.stream().anyMatch(e -> e.strength() == 0.2));
  }
}

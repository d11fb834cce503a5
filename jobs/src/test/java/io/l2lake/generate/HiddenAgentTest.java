package io.l2lake.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hidden agent inside the simulator: its truth is exactly its prints on the tape, it trades only
 * in its windows and at its participation rate, and the episode label itself changes nothing the
 * detectors read.
 */
class HiddenAgentTest {
  /** Records every print and quote of a simulated day. */
  static final class Tape implements DaySimulator.Sink {
    final List<long[]> trades = new ArrayList<>();
    final List<long[]> quotes = new ArrayList<>();

    @Override
    public void trade(long ts, long price, long size, int center, String conditions, char basis, long bid, long ask,
        int side, int party) {
      trades.add(new long[] {ts, price, size, center, bid, ask, party});
    }

    @Override
    public void quote(long ts, long bid, long bidSize, long ask, long askSize) {
      quotes.add(new long[] {ts, bid, bidSize, ask, askSize});
    }

    @Override
    public void snapshot(long ts, long[][] bids, long[][] asks) {}

    @Override
    public void depth(long ts, long[][] bids, long[][] asks) {}
  }

  static MarketPlan.Options options(long seed, int symbols, int days, double intensity, List<Double> strengths) {
    return new MarketPlan.Options(seed, symbols, days, LocalDate.of(2025, 3, 3), intensity,
        MarketPlan.FaultRates.none(), 3600, 5, new MarketPlan.Market(strengths, "all", false,
            MarketPlan.Confounders.defaults()));
  }

  private static boolean offExchange(long center) {
    return center == 19 || center == 24;
  }

  private static boolean inWindows(int[] w, int minute) {
    for (int i = 0; i + 1 < w.length; i += 2) {
      if (minute >= w[i] && minute < w[i + 1]) {
        return true;
      }
    }
    return false;
  }

  @Test
  void theBuyersTruthIsItsOwnPrintsOnTheTapeAndOnlyInItsWindows() {
    MarketPlan.Plan plan = MarketPlan.draw(options(21, 3, 8, 0.1, List.of(0.05, 0.2)));
    int buyerDays = 0;
    for (MarketPlan.DayPlan p : plan.days()) {
      Tape tape = new Tape();
      DaySimulator sim = new DaySimulator(p, tape);
      sim.run();
      long[] lit = new long[DaySimulator.MINUTES];
      long[] off = new long[DaySimulator.MINUTES];
      long[] all = new long[DaySimulator.MINUTES];
      for (long[] t : tape.trades) {
        int m = (int) (t[0] / 60_000_000L) - 240;
        all[m] += t[2];
        if (t[6] == 1) {
          assertTrue(inWindows(p.windows(), m + 240), p.symbol() + " " + p.date() + ": buyer print outside its"
              + " windows at minute " + (m + 240));
          (offExchange(t[3]) ? off : lit)[m] += t[2];
        }
      }
      assertArrayEquals(all, sim.minuteVolume, "minute volume");
      assertArrayEquals(lit, sim.buyerLit, "buyer's lit shares per minute");
      assertArrayEquals(off, sim.buyerOff, "buyer's off-exchange shares per minute");
      if (java.util.Arrays.stream(lit).sum() + java.util.Arrays.stream(off).sum() > 0) {
        buyerDays++;
        assertTrue(p.agent() != null && p.agent().side() == 1);
      }
    }
    assertTrue(buyerDays >= 3, "days on which the buyer executed: " + buyerDays);
  }

  @Test
  void participationFollowsTheDrawnRateOverItsWindows() {
    // Per episode, over its days whose quota did not bind: own shares / all shares in its windows.
    MarketPlan.Plan plan = MarketPlan.draw(options(8, 8, 12, 0.1, List.of(0.02, 0.05, 0.10, 0.20)));
    java.util.Map<String, long[]> byEpisode = new java.util.TreeMap<>();
    java.util.Map<String, Double> rates = new java.util.TreeMap<>();
    for (MarketPlan.DayPlan p : plan.days()) {
      if (p.agent() == null) {
        continue;
      }
      DaySimulator sim = new DaySimulator(p, new GenerateJob.Discard());
      sim.run();
      long window = 0;
      long own = p.agent().side() > 0 ? 0 : sim.sellerShares;
      for (int m = 0; m < DaySimulator.MINUTES; m++) {
        if (inWindows(p.windows(), m + 240)) {
          window += sim.minuteVolume[m];
        }
        own += sim.buyerLit[m] + sim.buyerOff[m];
      }
      if (own < 0.95 * p.agent().quota()) {
        long[] sums = byEpisode.computeIfAbsent(p.symbol(), s -> new long[2]);
        sums[0] += own;
        sums[1] += window;
        rates.put(p.symbol(), p.agent().rate());
      }
    }
    assertTrue(byEpisode.size() >= 3, "episodes: " + byEpisode.keySet());
    for (var e : byEpisode.entrySet()) {
      double participation = e.getValue()[0] / (double) e.getValue()[1];
      double rate = rates.get(e.getKey());
      assertEquals(rate, participation, 0.25 * rate, e.getKey() + ": participation " + participation + " at rate "
          + rate);
    }
  }

  /** The same day with another episode kind and agent. */
  private static MarketPlan.DayPlan with(MarketPlan.DayPlan p, String regime, MarketPlan.Agent agent) {
    return new MarketPlan.DayPlan(p.symbol(), p.symbolIndex(), p.dayIndex(), p.date(), p.open(), p.close(), regime,
        p.seed(), p.missing(), p.protocol(), p.requestIds(), p.newestFirst(), p.options(), p.overnight(),
        p.dayReturn(), p.confounder(), p.activity(), agent, p.windows(), p.newsMinute(), p.newsJump(),
        p.haltMinutes());
  }

  private static String tapeText(MarketPlan.DayPlan p) {
    Tape tape = new Tape();
    new DaySimulator(p, tape).run();
    StringBuilder b = new StringBuilder();
    for (long[] t : tape.trades) {
      b.append(java.util.Arrays.toString(t)).append('\n');
    }
    for (long[] q : tape.quotes) {
      b.append(java.util.Arrays.toString(q)).append('\n');
    }
    return b.toString();
  }

  @Test
  void theLabelAloneChangesNothing() {
    MarketPlan.Plan plan = MarketPlan.draw(options(4, 4, 8, 0.05, List.of(0.10)));
    MarketPlan.DayPlan day = plan.days().stream().filter(d -> d.agent() != null && d.agent().side() == 1
        && d.windows().length > 0).findFirst().orElseThrow();
    MarketPlan.Agent a = day.agent();
    MarketPlan.Agent idle = new MarketPlan.Agent(a.side(), 0.0, 0, a.passive(), a.lift(), a.dark(), a.display(),
        a.improve());
    String control = tapeText(with(day, "normal", null));
    // A zero-rate buyer on an accumulation day leaves exactly the control day's tape and book.
    assertEquals(control, tapeText(with(day, "accumulation", idle)));
    assertEquals(control, tapeText(with(day, "distribution", null)));
    // ... while a working buyer changes it.
    assertNotEquals(control, tapeText(day));
  }

  /** The statistics detectors read, for one simulated day. */
  private static double[] dayStatistics(MarketPlan.DayPlan p) {
    Tape tape = new Tape();
    new DaySimulator(p, tape).run();
    long off = 0;
    long all = 0;
    double position = 0;
    long offPrints = 0;
    for (long[] t : tape.trades) {
      all += t[2];
      if (offExchange(t[3]) && t[5] > t[4]) {
        off += t[2];
        position += (t[1] - t[4]) / (double) (t[5] - t[4]);
        offPrints++;
      }
    }
    // 1-minute volatility of the mid and how often a best bid that left returns within 10 seconds.
    double[] lastMid = new double[DaySimulator.MINUTES];
    long refills = 0;
    long drops = 0;
    long previousBid = 0;
    long dropPrice = -1;
    long dropTs = 0;
    for (long[] q : tape.quotes) {
      int m = (int) (q[0] / 60_000_000L) - 240;
      if (q[1] > 0 && q[3] > 0 && m >= 0 && m < lastMid.length) {
        lastMid[m] = (q[1] + q[3]) / 2.0;
      }
      if (dropPrice > 0 && q[1] >= dropPrice && q[0] - dropTs <= 10_000_000L) {
        refills++;
        dropPrice = -1;
      }
      if (previousBid > 0 && q[1] < previousBid) {
        drops++;
        dropPrice = previousBid;
        dropTs = q[0];
      }
      previousBid = q[1];
    }
    double sum = 0;
    double sq = 0;
    int n = 0;
    for (int m = 331; m < 720; m++) { // 09:31-16:00
      if (lastMid[m] > 0 && lastMid[m - 1] > 0) {
        double r = Math.log(lastMid[m] / lastMid[m - 1]);
        sum += r;
        sq += r * r;
        n++;
      }
    }
    double vol = Math.sqrt(Math.max(0, sq / n - (sum / n) * (sum / n)));
    return new double[] {off / (double) all, position / offPrints, vol, refills / (double) Math.max(1, drops)};
  }

  @Test
  void atStrengthZeroEpisodeDaysLookLikeControlDays() {
    // Loose check across symbol-days: mean statistics of episode days (zero-rate agents) and of days
    // without an episode differ by less than three standard errors (plus a small floor).
    MarketPlan.Options o = new MarketPlan.Options(17, 8, 10, LocalDate.of(2025, 3, 3), 0.05,
        MarketPlan.FaultRates.none(), 3600, 5, new MarketPlan.Market(List.of(0.0), "all", false,
            MarketPlan.Confounders.none()));
    List<double[]> episode = new ArrayList<>();
    List<double[]> control = new ArrayList<>();
    for (MarketPlan.DayPlan p : MarketPlan.draw(o).days()) {
      if (p.episodeKind() != null) {
        episode.add(dayStatistics(p));
      } else {
        control.add(dayStatistics(p));
      }
    }
    assertTrue(episode.size() >= 8 && control.size() >= 8, episode.size() + " / " + control.size());
    String[] names = {"off-exchange share", "off-exchange print position", "1-minute volatility", "top-bid refills"};
    for (int k = 0; k < names.length; k++) {
      double[] e = moments(episode, k);
      double[] c = moments(control, k);
      double se = Math.sqrt(e[1] / episode.size() + c[1] / control.size());
      assertTrue(Math.abs(e[0] - c[0]) <= 3 * se + 0.02 * Math.abs(c[0]), names[k] + ": episode days " + e[0]
          + " vs control days " + c[0] + " (se " + se + ")");
    }
  }

  private static double[] moments(List<double[]> rows, int k) {
    double sum = 0;
    double sq = 0;
    for (double[] r : rows) {
      sum += r[k];
      sq += r[k] * r[k];
    }
    double mean = sum / rows.size();
    return new double[] {mean, Math.max(0, sq / rows.size() - mean * mean)};
  }
}

package io.l2lake.generate;

import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Simulates one symbol-day of a penny stock as a true limit order book driven by order flow, from
 * 04:00 to 20:00 Eastern. Prices are integers in units of $0.0001; the tick is 1 unit below $1 and
 * 100 units ($0.01) at or above $1.
 *
 * <p>Flow: Poisson events with a U-shaped intraday rate, quiet extended hours and bursts (a two-state
 * rate regime). Each event is a limit order (joining or improving the touch, or deeper), a
 * cancellation, or a marketable order with a heavy-tailed size that walks the book, one print per
 * resting queue it meets. Market-order direction leans towards a reference price: the day's planned
 * path from the open, which itself follows the traded price with a one-hour memory (so lasting
 * pressure moves it). Off-exchange prints follow lit trades, inside the quote, some at the midpoint,
 * sub-penny or on the penny at or above $1, through venues drawn from one distribution.
 *
 * <p>Confounders from the plan: more or less flow ({@code activity}), a news jump of the reference
 * price with a burst, 5-minute halts, and on {@code frenzy} days retail buying with wholesaler prints
 * at and above the midpoint.
 *
 * <p>The hidden agent (a buyer, or a seller as its mirror), when the day's plan has one, acts inside
 * the event loop during its windows only: it tracks everyone else's volume since its windows began
 * and its own executions against its participation rate and daily quota, and rests a displayed order
 * at (or one tick inside) the touch that it refills when hit (an iceberg), takes small amounts at the
 * far touch, or executes off-exchange at or near the midpoint, by its episode's mix. Its prints are
 * ordinary prints; price drift, volatility, spread and refills follow from the book. The simulator
 * never reads the plan's episode kind.
 *
 * <p>Memory: the book, the day's counters and per-minute arrays; everything else streams to the
 * {@link Sink}.
 */
final class DaySimulator {
  /** Receives the simulation as it happens. */
  interface Sink {
    /**
     * A print; {@code bid}/{@code ask} are the top of book just before it (0 when a side is empty);
     * {@code party} is +1 when the hidden buyer is a side of it, -1 the hidden seller, 0 neither.
     */
    void trade(long tsMicros, long price, long size, int marketCenter, String conditions, char basis,
        long bid, long ask, int side, int party);

    /** The top of book changed. */
    void quote(long tsMicros, long bid, long bidSize, long ask, long askSize);

    /** The true book at a snapshot time: [level][price, size] per side, best first. */
    void snapshot(long tsMicros, long[][] bids, long[][] asks);

    /** The top levels after an event (for the depth feed): [level][price, size] per side, best first. */
    void depth(long tsMicros, long[][] bids, long[][] asks);
  }

  static final long SESSION_START = 4 * 3600;
  static final long OPEN = 9 * 3600 + 1800;
  static final long CLOSE = 16 * 3600;
  static final long SESSION_END = 20 * 3600;
  static final int MINUTES = (int) ((SESSION_END - SESSION_START) / 60);
  private static final int[] LIT_CENTERS = {5, 5, 5, 11, 25, 26, 7};
  /** Off-exchange venues (TRF market centers): every off-exchange print draws from these. */
  private static final int[] OFF_EXCHANGE_CENTERS = {19, 19, 19, 24, 24};
  /** Price levels per side published in the depth feed. */
  static final int DEPTH_LEVELS = 5;
  /** Memory of the reference price's pull towards the traded price, in seconds. */
  private static final double REFERENCE_MEMORY = 3600;
  /**
   * Average shares printed per event by everyone but an agent (lit and off-exchange, bursts included),
   * measured on simulated days; sizes an agent's daily quota.
   */
  static final double VOLUME_PER_EVENT = 170;

  private final MarketPlan.DayPlan plan;
  private final Sink sink;
  private final SplittableRandom r;
  private final double openDollars;
  private final boolean frenzy;
  private final NavigableMap<Long, long[]> bids = new TreeMap<>(java.util.Comparator.reverseOrder());
  private final NavigableMap<Long, long[]> asks = new TreeMap<>();
  private long lastBid = -1;
  private long lastBidSize = -1;
  private long lastAsk = -1;
  private long lastAskSize = -1;
  private double anchor;
  private double lastT;
  long events;
  long trades;
  /** Per minute of the session: all volume, the buyer's lit and off-exchange volume. */
  final long[] minuteVolume = new long[MINUTES];
  final long[] buyerLit = new long[MINUTES];
  final long[] buyerOff = new long[MINUTES];
  long sellerShares;
  long volume;

  // The hidden agent: its own random stream (a rate-0 agent never draws), its resting order and counters.
  private final MarketPlan.Agent agent;
  private final SplittableRandom a;
  private long restingPrice = -1;
  /** Everyone else's volume during the agent's windows so far, and the agent's own executions. */
  private long othersInWindows;
  private long own;

  /** Level layout: [0] total size, [1] the agent's displayed size, [2] size queued ahead of it. */
  private static final int TOTAL = 0;
  private static final int AGENT = 1;
  private static final int AHEAD = 2;

  DaySimulator(MarketPlan.DayPlan plan, Sink sink, double openDollars) {
    this.plan = plan;
    this.sink = sink;
    this.r = new SplittableRandom(plan.seed());
    this.openDollars = openDollars;
    this.frenzy = "frenzy".equals(plan.confounder());
    this.agent = plan.agent() != null && plan.agent().rate() > 0 ? plan.agent() : null;
    this.a = new SplittableRandom(plan.seed() ^ 0x2545F4914F6CDD1DL);
  }

  /** A day opening at its planned open. */
  DaySimulator(MarketPlan.DayPlan plan, Sink sink) {
    this(plan, sink, plan.open());
  }

  static long tick(long price) {
    return price < 10_000 ? 1 : 100;
  }

  private long mid() {
    if (bids.isEmpty() || asks.isEmpty()) {
      return bids.isEmpty() ? (asks.isEmpty() ? toUnits(openDollars) : asks.firstKey()) : bids.firstKey();
    }
    return (bids.firstKey() + asks.firstKey()) / 2;
  }

  /** The mid at the end of the day, in dollars (the next day opens from it). */
  double closeDollars() {
    return mid() / 10_000.0;
  }

  static long toUnits(double dollars) {
    return Math.max(1, Math.round(dollars * 10_000));
  }

  /** The event rate (per second, before bursts and the day's activity) at a second of the day. */
  static double rate(double t, double intensity) {
    boolean regular = t >= OPEN && t < CLOSE;
    double u = regular ? 1 + 2.5 * (Math.exp(-(t - OPEN) / 1800.0) + Math.exp(-(CLOSE - t) / 1800.0)) : 0.06;
    return 1.6 * intensity * u;
  }

  /** The log of the planned path at a second: from the open to the planned return over the session. */
  private double plannedLog(double second) {
    double f = Math.max(0, Math.min(1, (second - OPEN) / (double) (CLOSE - OPEN)));
    double news = plan.newsMinute() >= 0 && second >= plan.newsMinute() * 60.0 ? plan.newsJump() : 0;
    return Math.log(openDollars * 10_000) + f * plan.dayReturn() + news;
  }

  void run() {
    seedBook(toUnits(openDollars));
    double intensity = plan.options().intensity() * plan.activity();
    boolean burst = false;
    int snapshotEvery = plan.options().bookSnapshotSeconds();
    double t = SESSION_START;
    lastT = t;
    long nextSnapshot = SESSION_START;
    double newsAt = plan.newsMinute() >= 0 ? plan.newsMinute() * 60.0 : Double.MAX_VALUE;
    emitQuoteIfChanged(micros(t));
    while (true) {
      if (r.nextDouble() < (burst ? 0.004 : 0.0015)) {
        burst = !burst;
      }
      double excited = t >= newsAt && t < newsAt + 1200 ? 4 : 1; // a news burst
      double rate = rate(t, intensity) * (burst ? 6 : 1) * excited;
      t += -Math.log(1 - r.nextDouble()) / rate;
      while (nextSnapshot <= t && nextSnapshot <= SESSION_END) {
        snapshot(nextSnapshot);
        nextSnapshot += snapshotEvery;
      }
      if (t >= SESSION_END) {
        break;
      }
      if (halted(t)) {
        burst = true; // trading resumes in a burst
        continue;
      }
      boolean regular = t >= OPEN && t < CLOSE;
      events++;
      follow(t);
      if (agent != null) {
        act(t, regular);
      }
      step(t, regular);
      emitQuoteIfChanged(micros(t));
      sink.depth(micros(t), top(bids, DEPTH_LEVELS), top(asks, DEPTH_LEVELS));
    }
    if (agent != null) {
      cancelResting();
    }
  }

  private boolean halted(double t) {
    for (int h : plan.haltMinutes()) {
      if (t >= h * 60.0 && t < h * 60.0 + 300) {
        return true;
      }
    }
    return false;
  }

  /** The reference price's offset from the planned path follows the traded price (exponential memory). */
  private void follow(double t) {
    double dt = t - lastT;
    lastT = t;
    double deviation = Math.log(mid()) - plannedLog(t);
    anchor += (deviation - anchor) * Math.min(1, dt / REFERENCE_MEMORY);
  }

  private long micros(double second) {
    return (long) (second * 1_000_000L);
  }

  private void seedBook(long mid) {
    long tk = tick(mid);
    long half = Math.max(tk, roundTo((long) (mid * (0.006 + 0.012 * r.nextDouble())), tk));
    for (int i = 0; i < 12; i++) {
      long gap = Math.max(tk, roundTo((long) (mid * 0.003 * (1 + i)), tk));
      addLevel(bids, Math.max(tk, roundTo(mid - half - gap * i, tk)), levelSize());
      addLevel(asks, roundTo(mid + half + gap * i, tk) + tk, levelSize());
    }
  }

  private static long roundTo(long price, long tk) {
    return Math.max(tk, price / tk * tk);
  }

  private long levelSize() {
    return 100L * (1 + (long) Math.floor(Math.exp(MarketPlan.gaussian(r) * 1.0 + 2.5)));
  }

  private long orderSize(SplittableRandom rnd) {
    if (rnd.nextDouble() < 0.35) {
      return 1 + rnd.nextInt(99); // odd lot
    }
    double pareto = Math.pow(1 - rnd.nextDouble(), -1 / 1.4);
    return Math.min(500_000, 100L * Math.max(1, Math.round(pareto * 2)));
  }

  /** Someone else's order joins the back of the queue at a price. */
  private static void addLevel(NavigableMap<Long, long[]> side, long price, long size) {
    side.computeIfAbsent(price, p -> new long[3])[TOTAL] += size;
  }

  private void step(double t, boolean regular) {
    double x = r.nextDouble();
    double pMarket = regular ? 0.22 : 0.15;
    double pCancel = 0.30;
    if (x < pMarket) {
      marketOrder(t, regular);
    } else if (x < pMarket + pCancel) {
      cancel();
    } else {
      limitOrder();
    }
    // Keep both sides alive: a real book always has some depth somewhere.
    if (bids.size() < 3 || asks.size() < 3) {
      refillThinSide();
    }
  }

  private void limitOrder() {
    long mid = mid();
    long tk = tick(mid);
    boolean bid = r.nextDouble() < (bids.size() < asks.size() ? 0.6 : 0.4);
    long bestBid = bids.isEmpty() ? mid - tk : bids.firstKey();
    long bestAsk = asks.isEmpty() ? mid + tk : asks.firstKey();
    long price;
    long spreadTicks = (bestAsk - bestBid) / tk;
    double halfTarget = mid * 0.01;
    if (spreadTicks > 2 && (bestAsk - bestBid) > 2 * halfTarget && r.nextDouble() < 0.5) {
      long inside = 1 + r.nextInt((int) Math.min(spreadTicks - 1, 50));
      price = bid ? bestBid + inside * tk : bestAsk - inside * tk;
    } else {
      long gap = Math.max(tk, roundTo((long) (mid * 0.003), tk));
      int k = (int) Math.min(20, Math.floor(-Math.log(1 - r.nextDouble()) * 2.5));
      price = bid ? bestBid - k * gap : bestAsk + k * gap;
    }
    price = roundTo(price, tk);
    if (bid && price >= bestAsk) {
      price = bestAsk - tk;
    }
    if (!bid && price <= bestBid) {
      price = bestBid + tk;
    }
    if (price <= 0) {
      return;
    }
    addLevel(bid ? bids : asks, price, levelSize());
  }

  /** Someone else cancels part of a level (never the agent's order). */
  private void cancel() {
    boolean bid = r.nextBoolean();
    NavigableMap<Long, long[]> side = bid ? bids : asks;
    if (side.size() <= 3) {
      return;
    }
    int index = (int) Math.min(side.size() - 1, Math.floor(-Math.log(1 - r.nextDouble()) * 4));
    var it = side.entrySet().iterator();
    Map.Entry<Long, long[]> e = it.next();
    for (int i = 0; i < index; i++) {
      e = it.next();
    }
    long[] level = e.getValue();
    long others = level[TOTAL] - level[AGENT];
    boolean halfCut = r.nextDouble() >= 0.5;
    if (others <= 0) {
      return;
    }
    long cut = halfCut ? Math.max(1, others / 2) : others;
    // Cancellations come from the queue ahead of the agent and behind it in proportion.
    long fromAhead = Math.min(level[AHEAD], Math.round((double) cut * level[AHEAD] / others));
    level[AHEAD] -= fromAhead;
    level[TOTAL] -= cut;
    if (level[TOTAL] <= 0) {
      side.remove(e.getKey());
    }
  }

  private void marketOrder(double t, boolean regular) {
    long mid = mid();
    double reference = plannedLog(t) + anchor;
    double lean = Math.max(-0.3, Math.min(0.3, 4 * (reference - Math.log(mid))));
    double pBuy = 0.5 + lean + (frenzy ? 0.06 : 0);
    boolean buy = r.nextDouble() < pBuy;
    long size = orderSize(r);
    NavigableMap<Long, long[]> book = buy ? asks : bids;
    long ts = micros(t);
    int center = LIT_CENTERS[r.nextInt(LIT_CENTERS.length)];
    long remaining = size;
    while (remaining > 0 && !book.isEmpty()) {
      long taken = fillTop(book, remaining, buy ? 1 : -1, 0, ts, center, regular, t);
      ts += 3;
      remaining -= taken;
    }
    // Off-exchange prints follow lit activity: retail flow on frenzy days is larger and buys.
    double pTrf = frenzy ? 0.75 : 0.5;
    while (r.nextDouble() < pTrf) {
      offExchange(ts, regular, t);
      ts += 1;
      pTrf *= 0.55;
    }
  }

  /**
   * An aggressor of {@code side} ({@code party} the agent or 0) takes up to {@code qty} from the best
   * level of {@code book}: the queue ahead of the agent's order, the agent's order, then the queue
   * behind it, one print each. The agent refills its order from its reserve when it is taken out.
   * Returns the size taken.
   */
  private long fillTop(NavigableMap<Long, long[]> book, long qty, int side, int party, long ts, int center,
      boolean regular, double t) {
    long bestBid = bids.isEmpty() ? 0 : bids.firstKey();
    long bestAsk = asks.isEmpty() ? 0 : asks.firstKey();
    Map.Entry<Long, long[]> e = book.firstEntry();
    long price = e.getKey();
    long[] level = e.getValue();
    long fill = Math.min(qty, level[TOTAL]);
    long fromAhead = level[AGENT] > 0 ? Math.min(fill, level[AHEAD]) : fill;
    long fromAgent = Math.min(fill - fromAhead, level[AGENT]);
    long behind = fill - fromAhead - fromAgent;
    int restingParty = agent == null ? 0 : agent.side();
    if (fromAhead > 0) {
      print(ts, price, fromAhead, center, regular, bestBid, bestAsk, side, party, t);
    }
    if (fromAgent > 0) {
      print(ts + 1, price, fromAgent, center, regular, bestBid, bestAsk, side, restingParty, t);
    }
    if (behind > 0) {
      print(ts + 2, price, behind, center, regular, bestBid, bestAsk, side, party, t);
    }
    level[TOTAL] -= fill;
    if (level[AGENT] > 0) {
      level[AHEAD] -= fromAhead;
      level[AGENT] -= fromAgent;
      if (level[AGENT] == 0 && fromAgent > 0) {
        level[AHEAD] = 0;
        if (deficit() > 0 && inWindow(t)) {
          // The iceberg refills at the back of the queue.
          long show = agent.display();
          level[AHEAD] = level[TOTAL];
          level[TOTAL] += show;
          level[AGENT] = show;
        } else {
          restingPrice = -1;
        }
      }
    }
    if (level[TOTAL] <= 0) {
      book.remove(price);
      if (price == restingPrice) {
        restingPrice = -1;
      }
    }
    return fill;
  }

  private void offExchange(long ts, boolean regular, double t) {
    long bestBid = bids.isEmpty() ? 0 : bids.firstKey();
    long bestAsk = asks.isEmpty() ? 0 : asks.firstKey();
    if (bestBid <= 0 || bestAsk <= 0) {
      return;
    }
    double pos;
    double x = r.nextDouble();
    if (frenzy && x < 0.7) {
      pos = 0.5 + 0.5 * r.nextDouble(); // a wholesaler fills retail buying at or above the midpoint
    } else if (x < 0.2) {
      pos = 0.5; // a midpoint cross
    } else {
      pos = r.nextDouble();
    }
    offExchangePrint(ts, regular, bestBid, bestAsk, pos, orderSize(r), 0, r, t);
  }

  /** An off-exchange print at {@code pos} of the spread (0 the bid, 1 the ask), venue drawn by {@code rnd}. */
  private void offExchangePrint(long ts, boolean regular, long bestBid, long bestAsk, double pos, long size,
      int party, SplittableRandom rnd, double t) {
    long price = bestBid + Math.round((bestAsk - bestBid) * pos);
    double y = rnd.nextDouble();
    if (price >= 10_000 && y < 0.5) {
      price = price / 100 * 100; // a penny print
    } else if (price >= 10_000 && price % 100 == 0) {
      price += 1 + rnd.nextInt(99); // a sub-penny internalised print
    }
    price = Math.max(bestBid, Math.min(bestAsk, price));
    int side = price * 2 > bestBid + bestAsk ? 1 : price * 2 < bestBid + bestAsk ? -1 : 0;
    int center = OFF_EXCHANGE_CENTERS[rnd.nextInt(OFF_EXCHANGE_CENTERS.length)];
    print(ts, price, size, center, regular, bestBid, bestAsk, side, party, t);
  }

  private void print(long ts, long price, long size, int center, boolean regular, long bid, long ask,
      int side, int party, double t) {
    StringBuilder cond = new StringBuilder();
    char basis = 'C';
    if (!regular) {
      cond.append("17");
      basis = 'E';
    }
    if (size < 100) {
      cond.append("87");
      if (regular) {
        basis = 'O';
      }
    }
    if (cond.length() == 0) {
      cond.append("01");
    }
    trades++;
    volume += size;
    int minute = (int) Math.min(MINUTES - 1, Math.max(0, (long) (ts / 60_000_000L) - SESSION_START / 60));
    minuteVolume[minute] += size;
    boolean offExchange = center == 19 || center == 24;
    if (party == 1) {
      if (offExchange) {
        buyerOff[minute] += size;
      } else {
        buyerLit[minute] += size;
      }
    } else if (party == -1) {
      sellerShares += size;
    }
    if (agent != null) {
      if (party == agent.side()) {
        own += size;
      } else if (inWindow(t)) {
        othersInWindows += size;
      }
    }
    sink.trade(ts, price, size, center, cond.toString(), basis, bid, ask, side, party);
  }

  // ---- the hidden agent ----

  private boolean inWindow(double t) {
    if (agent == null) {
      return false;
    }
    int minute = (int) (t / 60);
    int[] w = plan.windows();
    for (int i = 0; i + 1 < w.length; i += 2) {
      if (minute >= w[i] && minute < w[i + 1]) {
        return true;
      }
    }
    return false;
  }

  /** Shares the agent is behind its participation rate (negative: ahead), capped by its quota. */
  private double deficit() {
    double want = agent.rate() / (1 - agent.rate()) * othersInWindows - own;
    return Math.min(want, agent.quota() - own);
  }

  private void act(double t, boolean regular) {
    if (!inWindow(t)) {
      cancelResting();
      return;
    }
    double d = deficit();
    if (own >= agent.quota()) {
      cancelResting();
      return;
    }
    NavigableMap<Long, long[]> near = agent.side() > 0 ? bids : asks;
    NavigableMap<Long, long[]> far = agent.side() > 0 ? asks : bids;
    if (near.isEmpty() || far.isEmpty()) {
      return;
    }
    long display = agent.display();
    if (d > 0) {
      long best = near.firstKey();
      if (restingPrice != best && (restingPrice < 0 || a.nextDouble() < 0.3)) {
        // Join the touch, or improve it by a tick when the spread is wide.
        cancelResting();
        best = near.firstKey();
        long other = far.firstKey();
        long tk = tick(best);
        long price = best;
        if (Math.abs(other - best) >= 3 * tk && a.nextDouble() < agent.improve()) {
          price = best + agent.side() * tk;
        }
        long[] level = near.computeIfAbsent(price, p -> new long[3]);
        level[AHEAD] = level[TOTAL];
        level[TOTAL] += display;
        level[AGENT] = display;
        restingPrice = price;
      }
    } else if (d < -display) {
      cancelResting();
    }
    // Behind schedule beyond what its passive order can make up: take liquidity or go off-exchange.
    double threshold = display * (1 + 8 * agent.passive());
    if (d > threshold && a.nextDouble() < 0.25) {
      double aggressive = agent.lift() + agent.dark();
      long ts = micros(t);
      if (a.nextDouble() * aggressive < agent.lift()) {
        long size = (long) Math.min(d, display * (1 + a.nextInt(2)));
        if (a.nextDouble() < 0.25) {
          size = Math.min(size, 1 + a.nextInt(99)); // an odd lot
        }
        int center = LIT_CENTERS[a.nextInt(LIT_CENTERS.length)];
        fillTop(far, size, agent.side(), agent.side(), ts, center, regular, t);
      } else {
        long bestBid = bids.firstKey();
        long bestAsk = asks.firstKey();
        double pos = a.nextDouble() < 0.5 ? 0.5 : 0.2 + 0.6 * a.nextDouble();
        long size = (long) Math.max(1, Math.min(d, orderSize(a)));
        offExchangePrint(ts, regular, bestBid, bestAsk, agent.side() > 0 ? pos : 1 - pos, size, agent.side(), a, t);
      }
    }
  }

  private void cancelResting() {
    if (restingPrice < 0) {
      return;
    }
    NavigableMap<Long, long[]> near = agent.side() > 0 ? bids : asks;
    long[] level = near.get(restingPrice);
    if (level != null) {
      level[TOTAL] -= level[AGENT];
      level[AGENT] = 0;
      level[AHEAD] = 0;
      if (level[TOTAL] <= 0) {
        near.remove(restingPrice);
      }
    }
    restingPrice = -1;
  }

  private void refillThinSide() {
    long mid = mid();
    long tk = tick(mid);
    long gap = Math.max(tk, roundTo((long) (mid * 0.004), tk));
    while (bids.size() < 5) {
      long p = bids.isEmpty() ? roundTo(mid - gap, tk) : bids.lastKey() - gap;
      if (p <= 0) {
        break;
      }
      addLevel(bids, p, levelSize());
    }
    while (asks.size() < 5) {
      long p = asks.isEmpty() ? roundTo(mid + gap, tk) + tk : asks.lastKey() + gap;
      addLevel(asks, p, levelSize());
    }
  }

  private void emitQuoteIfChanged(long ts) {
    long b = bids.isEmpty() ? 0 : bids.firstKey();
    long bs = bids.isEmpty() ? 0 : bids.firstEntry().getValue()[TOTAL];
    long as0 = asks.isEmpty() ? 0 : asks.firstEntry().getValue()[TOTAL];
    long ak = asks.isEmpty() ? 0 : asks.firstKey();
    if (b != lastBid || bs != lastBidSize || ak != lastAsk || as0 != lastAskSize) {
      if (b > 0 && ak > 0 && b >= ak) {
        throw new IllegalStateException("crossed book at " + ts + ": " + b + " >= " + ak);
      }
      lastBid = b;
      lastBidSize = bs;
      lastAsk = ak;
      lastAskSize = as0;
      sink.quote(ts, b, bs, ak, as0);
    }
  }

  private void snapshot(long second) {
    int levels = plan.options().bookLevels();
    sink.snapshot(second * 1_000_000L, top(bids, levels), top(asks, levels));
  }

  private static long[][] top(NavigableMap<Long, long[]> side, int levels) {
    long[][] out = new long[Math.min(levels, side.size())][];
    int i = 0;
    for (Map.Entry<Long, long[]> e : side.entrySet()) {
      if (i == out.length) {
        break;
      }
      out[i++] = new long[] {e.getKey(), e.getValue()[TOTAL]};
    }
    return out;
  }
}

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
 * <p>Flow: Poisson events with a U-shaped intraday rate, quiet extended hours, bursts (a two-state
 * rate regime) and, on some days, a 5-minute halt. Each event is a limit order (joining or improving
 * the touch, or deeper), a cancellation, or a marketable order with a heavy-tailed size that walks
 * the book, one print per level. Market-order direction leans towards the day's planned path, so the
 * day ends near its planned close. Off-exchange (TRF) prints follow lit trades, priced inside the
 * quote, sub-penny for stocks at or above $1. Regimes: {@code accumulation} (a patient buyer refills
 * the bid when it is hit, buys off-exchange at or above the midpoint and soaks a refilling ask, while
 * bursts are rarer), {@code distribution} (bids pulled, large sells walking the book).
 *
 * <p>Memory: the book and the day's event counters; everything else streams to the {@link Sink}.
 */
final class DaySimulator {
  /** Receives the simulation as it happens. */
  interface Sink {
    /** A print; {@code bid}/{@code ask} are the top of book just before it (0 when a side is empty). */
    void trade(long tsMicros, long price, long size, int marketCenter, String conditions, char basis,
        long bid, long ask, int side);

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
  private static final int[] LIT_CENTERS = {5, 5, 5, 11, 25, 26, 7};
  /** Price levels per side published in the depth feed. */
  static final int DEPTH_LEVELS = 5;

  private final MarketPlan.DayPlan plan;
  private final Sink sink;
  private final SplittableRandom r;
  private final boolean accumulation;
  private final boolean distribution;
  private final NavigableMap<Long, long[]> bids = new TreeMap<>(java.util.Comparator.reverseOrder());
  private final NavigableMap<Long, long[]> asks = new TreeMap<>();
  private long lastBid = -1;
  private long lastBidSize = -1;
  private long lastAsk = -1;
  private long lastAskSize = -1;
  long events;
  long trades;

  DaySimulator(MarketPlan.DayPlan plan, Sink sink) {
    this.plan = plan;
    this.sink = sink;
    this.r = new SplittableRandom(plan.seed());
    this.accumulation = plan.regime().equals("accumulation");
    this.distribution = plan.regime().equals("distribution");
  }

  static long tick(long price) {
    return price < 10_000 ? 1 : 100;
  }

  private long mid() {
    if (bids.isEmpty() || asks.isEmpty()) {
      return bids.isEmpty() ? (asks.isEmpty() ? toUnits(plan.open()) : asks.firstKey()) : bids.firstKey();
    }
    return (bids.firstKey() + asks.firstKey()) / 2;
  }

  static long toUnits(double dollars) {
    return Math.max(1, Math.round(dollars * 10_000));
  }

  /** The planned price at a second of the day: log-linear from open to close over the session. */
  private double target(double second) {
    double f = Math.max(0, Math.min(1, (second - OPEN) / (double) (CLOSE - OPEN)));
    return Math.exp(Math.log(plan.open()) + f * (Math.log(plan.close()) - Math.log(plan.open()))) * 10_000;
  }

  void run() {
    seedBook(toUnits(plan.open()));
    double base = 1.6 * plan.options().intensity();
    boolean burst = false;
    long haltStart = r.nextDouble() < 0.1 ? OPEN + 1800 + r.nextInt((int) (CLOSE - OPEN - 3600)) : -1;
    int snapshotEvery = plan.options().bookSnapshotSeconds();
    double t = SESSION_START;
    long nextSnapshot = SESSION_START;
    emitQuoteIfChanged(micros(t));
    while (true) {
      boolean regular = t >= OPEN && t < CLOSE;
      double u = regular ? 1 + 2.5 * (Math.exp(-(t - OPEN) / 1800.0) + Math.exp(-(CLOSE - t) / 1800.0)) : 0.06;
      if (r.nextDouble() < (burst ? 0.004 : 0.0015 * (accumulation ? 0.3 : 1))) {
        burst = !burst;
      }
      double rate = base * u * (burst ? 6 : 1);
      t += -Math.log(1 - r.nextDouble()) / rate;
      while (nextSnapshot <= t && nextSnapshot <= SESSION_END) {
        snapshot(nextSnapshot);
        nextSnapshot += snapshotEvery;
      }
      if (t >= SESSION_END) {
        break;
      }
      if (haltStart > 0 && t >= haltStart && t < haltStart + 300) {
        continue; // trading halt: no events
      }
      events++;
      step(t, regular);
      emitQuoteIfChanged(micros(t));
      sink.depth(micros(t), top(bids, DEPTH_LEVELS), top(asks, DEPTH_LEVELS));
    }
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

  private long orderSize() {
    if (r.nextDouble() < 0.35) {
      return 1 + r.nextInt(99); // odd lot
    }
    double pareto = Math.pow(1 - r.nextDouble(), -1 / 1.4);
    return Math.min(500_000, 100L * Math.max(1, Math.round(pareto * 2)));
  }

  private static void addLevel(NavigableMap<Long, long[]> side, long price, long size) {
    side.computeIfAbsent(price, p -> new long[1])[0] += size;
  }

  private void step(double t, boolean regular) {
    double x = r.nextDouble();
    double pMarket = regular ? 0.22 : 0.15;
    double pCancel = distribution ? 0.36 : 0.30;
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
    if (distribution && bid && r.nextDouble() < 0.5) {
      bid = false; // bids are not replenished while a holder distributes
    }
    long bestBid = bids.isEmpty() ? mid - tk : bids.firstKey();
    long bestAsk = asks.isEmpty() ? mid + tk : asks.firstKey();
    long price;
    long spreadTicks = (bestAsk - bestBid) / tk;
    double halfTarget = mid * (accumulation ? 0.006 : 0.01);
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

  private void cancel() {
    boolean bid = distribution ? r.nextDouble() < 0.75 : r.nextBoolean();
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
    if (accumulation && bid && index == 0) {
      return; // the patient buyer does not pull its bid
    }
    long cut = r.nextDouble() < 0.5 ? e.getValue()[0] : Math.max(1, e.getValue()[0] / 2);
    e.getValue()[0] -= cut;
    if (e.getValue()[0] <= 0) {
      side.remove(e.getKey());
    }
  }

  private void marketOrder(double t, boolean regular) {
    double tgt = target(t);
    long mid = mid();
    double lean = Math.max(-0.3, Math.min(0.3, 4 * Math.log(tgt / mid)));
    double pBuy = 0.5 + lean + (accumulation ? 0.02 : 0) - (distribution ? 0.12 : 0);
    boolean buy = r.nextDouble() < pBuy;
    long size = orderSize();
    if (distribution && !buy) {
      size *= 3;
    }
    if (accumulation && buy && r.nextDouble() < 0.5) {
      size = Math.max(1, size / 3); // patient, small buys at the ask
    }
    NavigableMap<Long, long[]> book = buy ? asks : bids;
    long remaining = size;
    long ts = micros(t);
    int center = LIT_CENTERS[r.nextInt(LIT_CENTERS.length)];
    while (remaining > 0 && !book.isEmpty()) {
      long bestBid = bids.isEmpty() ? 0 : bids.firstKey();
      long bestAsk = asks.isEmpty() ? 0 : asks.firstKey();
      Map.Entry<Long, long[]> level = book.firstEntry();
      long fill = Math.min(remaining, level.getValue()[0]);
      print(ts, level.getKey(), fill, center, regular, bestBid, bestAsk, buy ? 1 : -1);
      level.getValue()[0] -= fill;
      remaining -= fill;
      if (level.getValue()[0] <= 0) {
        book.remove(level.getKey());
        // Accumulation: the hidden buyer refills a bid that sellers took out; a seller refills a
        // soaked ask.
        if (accumulation && (!buy ? r.nextDouble() < 0.7 : r.nextDouble() < 0.5)) {
          addLevel(book, level.getKey(), fill + levelSize());
        }
      }
      ts += 1;
    }
    // Off-exchange prints follow lit activity (30-50% of volume).
    double pTrf = accumulation ? 0.8 : 0.5;
    while (r.nextDouble() < pTrf) {
      offExchange(ts, regular);
      ts += 1;
      pTrf *= 0.55;
    }
  }

  private void offExchange(long ts, boolean regular) {
    long bestBid = bids.isEmpty() ? 0 : bids.firstKey();
    long bestAsk = asks.isEmpty() ? 0 : asks.firstKey();
    if (bestBid <= 0 || bestAsk <= 0) {
      return;
    }
    double pos = accumulation ? 0.5 + 0.5 * r.nextDouble() : r.nextDouble();
    long price = bestBid + Math.round((bestAsk - bestBid) * pos);
    if (price >= 10_000 && r.nextDouble() < 0.5) {
      price = price / 100 * 100; // a penny print
    } else if (price >= 10_000 && price % 100 == 0) {
      price += 1 + r.nextInt(99); // a sub-penny internalised print
    }
    price = Math.max(bestBid, Math.min(bestAsk, price));
    long size = orderSize();
    int side = price * 2 > bestBid + bestAsk ? 1 : price * 2 < bestBid + bestAsk ? -1 : 0;
    print(ts, price, size, r.nextBoolean() ? 19 : 24, regular, bestBid, bestAsk, side);
  }

  private void print(long ts, long price, long size, int center, boolean regular, long bid, long ask,
      int side) {
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
    sink.trade(ts, price, size, center, cond.toString(), basis, bid, ask, side);
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
    long bs = bids.isEmpty() ? 0 : bids.firstEntry().getValue()[0];
    long a = asks.isEmpty() ? 0 : asks.firstKey();
    long as = asks.isEmpty() ? 0 : asks.firstEntry().getValue()[0];
    if (b != lastBid || bs != lastBidSize || a != lastAsk || as != lastAskSize) {
      if (b > 0 && a > 0 && b >= a) {
        throw new IllegalStateException("crossed book at " + ts + ": " + b + " >= " + a);
      }
      lastBid = b;
      lastBidSize = bs;
      lastAsk = a;
      lastAskSize = as;
      sink.quote(ts, b, bs, a, as);
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
      out[i++] = new long[] {e.getKey(), e.getValue()[0]};
    }
    return out;
  }
}

package io.l2lake.generate;

import io.l2lake.calendar.ExchangeCalendar;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The daily skeleton of a synthetic market, drawn on the driver from the seed (a few numbers per
 * symbol-day): each symbol's kind and episodes, each trading day's planned move, confounder and,
 * on episode days, the hidden agent's parameters and active windows. The intraday simulation then
 * runs symbol by symbol ({@link DayPlan}s of one symbol in order, each day opening from the previous
 * simulated close), so the agents' impact carries over from day to day.
 *
 * <p>Kinds: {@code accumulation_gap} (a hidden buyer works a target over 3-15 days, then an overnight
 * news gap of +50% to +100% whose size is drawn independently of everything the buyer did), {@code
 * accumulation} without a gap, {@code distribution} (a hidden seller, the mirror), and {@code
 * control} (no agent). The agent's participation rate is drawn per episode from the strengths; its
 * windows are drawn per day. Nothing else in a day's plan depends on the kind: the planned daily
 * moves (log returns with a volatility of 10-20% a day by symbol, Student-t with 3 degrees of freedom,
 * occasional overnight gaps) and the confounders are drawn the same way for every symbol.
 *
 * <p>Confounders (on every day, agent or not, symbol by symbol, from a stream of their own; a buyer's quota
 * scales with the day's activity, so its participation stays its drawn rate): {@code frenzy} (retail buying, more
 * off-exchange flow), {@code quiet} (low volume and volatility), {@code news} (a jump and a burst),
 * {@code halt} (trading halts); and market-wide {@code market_vol} days (every symbol more volatile
 * and busier that day).
 */
public final class MarketPlan {
  private MarketPlan() {}

  /** Options of a generation run. */
  public record Options(long seed, int symbols, int days, LocalDate start, double intensity,
      FaultRates faults, int bookSnapshotSeconds, int bookLevels, Market market) implements Serializable {
    /** A market with the default agents and confounders. */
    public Options(long seed, int symbols, int days, LocalDate start, double intensity, FaultRates faults,
        int bookSnapshotSeconds, int bookLevels) {
      this(seed, symbols, days, start, intensity, faults, bookSnapshotSeconds, bookLevels, Market.defaults());
    }

    public Options withMarket(Market m) {
      return new Options(seed, symbols, days, start, intensity, faults, bookSnapshotSeconds, bookLevels, m);
    }
  }

  /** Fault rates: per line, except {@code missingDay} per symbol-day. */
  public record FaultRates(double malformed, double truncated, double duplicate, double outOfOrder,
      double crossedQuote, double zeroQuote, double missingSizes, double missingDay) implements Serializable {
    public static FaultRates none() {
      return new FaultRates(0, 0, 0, 0, 0, 0, 0, 0);
    }
  }

  /**
   * The market's agents and confounders: {@code strengths} the participation rates an episode's
   * agent draws from, {@code feeds} {@code all} (tick answers, Level-1 and depth dumps) or {@code
   * ticks} (tick answers and daily bars only), {@code nullMarket} every buyer at rate 0 (episodes,
   * gaps, sellers and confounders kept).
   */
  public record Market(List<Double> strengths, String feeds, boolean nullMarket, Confounders confounders)
      implements Serializable {
    public Market {
      strengths = List.copyOf(strengths);
      if (strengths.isEmpty()) {
        throw new IllegalArgumentException("--accumulation-strength needs at least one value");
      }
      for (double s : strengths) {
        if (!(s >= 0 && s <= 0.5)) {
          throw new IllegalArgumentException("--accumulation-strength values must be in [0, 0.5], got " + s);
        }
      }
      if (!feeds.equals("all") && !feeds.equals("ticks")) {
        throw new IllegalArgumentException("--feeds must be all or ticks, got " + feeds);
      }
    }

    public static Market defaults() {
      return new Market(List.of(0.02, 0.05, 0.10, 0.20), "all", false, Confounders.defaults());
    }

    public boolean ticksOnly() {
      return feeds.equals("ticks");
    }
  }

  /** Confounder rates per symbol-day ({@code marketVol} per trading day, for all symbols). */
  public record Confounders(double frenzy, double quiet, double news, double halt, double marketVol)
      implements Serializable {
    public Confounders {
      if (frenzy < 0 || quiet < 0 || news < 0 || halt < 0 || frenzy + quiet + news + halt > 1) {
        throw new IllegalArgumentException("confounder rates must be >= 0 and sum to at most 1");
      }
      if (marketVol < 0 || marketVol > 1) {
        throw new IllegalArgumentException("--market-vol-rate must be in [0, 1]");
      }
    }

    public static Confounders defaults() {
      return new Confounders(0.06, 0.08, 0.04, 0.04, 0.10);
    }

    public static Confounders none() {
      return new Confounders(0, 0, 0, 0, 0);
    }
  }

  /**
   * A planted episode, as {@code truth.episodes} stores it: {@code kind} accumulation or distribution,
   * or {@code control} for a control symbol's whole range. {@code strength} is the agent's
   * participation rate; {@code targetShares} the quantity it sets out to work (the sum of its daily
   * quotas); the three shares are its mix of passive bids, lifts of the ask and off-exchange
   * executions.
   */
  public record Episode(String symbol, String symbolKind, String kind, LocalDate start, LocalDate end,
      LocalDate gapDate, Double gapSize, Double strength, Long targetShares, Double passiveShare,
      Double liftShare, Double darkShare) implements Serializable {}

  /**
   * A hidden agent's parameters for one day: {@code side} +1 buyer, -1 seller; {@code rate} its
   * participation rate; {@code quota} the most it executes this day; {@code passive}, {@code lift},
   * {@code dark} its mix; {@code display} the displayed size of its resting order; {@code improve}
   * how often it improves the touch rather than joining it.
   */
  public record Agent(int side, double rate, long quota, double passive, double lift, double dark, long display,
      double improve) implements Serializable {}

  /**
   * Everything a day's simulation needs. {@code open}/{@code close} are the planned prices (the
   * simulation opens from the previous simulated close times {@code exp(overnight)} and leans towards
   * {@code exp(dayReturn)} over the session); {@code activity} multiplies the order-flow rate; {@code
   * windows} are the agent's active windows as [start, end) minutes of the day; {@code newsMinute} and
   * {@code newsJump} a news jump (log) at that minute, {@code haltMinutes} 5-minute halts. {@code
   * regime} is the episode kind or {@code normal}: the simulator never reads it.
   */
  public record DayPlan(String symbol, int symbolIndex, int dayIndex, LocalDate date, double open,
      double close, String regime, long seed, boolean missing, int protocol, boolean requestIds,
      boolean newestFirst, Options options, double overnight, double dayReturn, String confounder,
      double activity, Agent agent, int[] windows, int newsMinute, double newsJump, int[] haltMinutes)
      implements Serializable {
    /** The episode kind of this day, or null. */
    public String episodeKind() {
      return regime.equals("normal") ? null : regime;
    }
  }

  /** The plan: one entry per symbol-day (symbol by symbol, days in order), and the episodes. */
  public record Plan(List<DayPlan> days, List<Episode> episodes) implements Serializable {
    /** The days grouped by symbol, in order. */
    public List<List<DayPlan>> bySymbol() {
      Map<String, List<DayPlan>> m = new LinkedHashMap<>();
      for (DayPlan d : days) {
        m.computeIfAbsent(d.symbol(), s -> new ArrayList<>()).add(d);
      }
      return new ArrayList<>(m.values());
    }
  }

  /** Minutes of the day: session start, regular open and close, session end. */
  static final int PRE = 240;
  static final int OPEN = 570;
  static final int CLOSE = 960;
  static final int POST = 1200;

  public static Plan draw(Options o) {
    return draw(o, DEFAULT_PREFIX);
  }

  /** The symbols' names before their number, by default. */
  public static final String DEFAULT_PREFIX = "SIM";

  /**
   * As {@link #draw(Options)}, the symbols named {@code prefix} + three digits: markets of several seeds can share
   * one landing zone and lake under prefixes of their own (upper-case letters and digits).
   */
  public static Plan draw(Options o, String prefix) {
    if (!prefix.matches("[A-Z][A-Z0-9]{0,5}")) {
      throw new IllegalArgumentException("a symbol prefix is 1-6 upper-case letters and digits, starting with a "
          + "letter; got '" + prefix + "'");
    }
    if (o.symbols() < 1 || o.days() < 1) {
      throw new IllegalArgumentException("--symbols and --days must be at least 1");
    }
    List<LocalDate> dates = new ArrayList<>();
    for (LocalDate d = o.start(); dates.size() < o.days(); d = d.plusDays(1)) {
      if (ExchangeCalendar.isTradingDay(d)) {
        dates.add(d);
      }
    }
    Market market = o.market();
    Confounders c = market.confounders();
    SplittableRandom root = new SplittableRandom(o.seed());
    SplittableRandom marketRandom = root.split();
    boolean[] marketVol = new boolean[dates.size()];
    for (int d = 0; d < dates.size(); d++) {
      marketVol[d] = marketRandom.nextDouble() < c.marketVol();
    }
    List<DayPlan> days = new ArrayList<>();
    List<Episode> episodes = new ArrayList<>();
    for (int s = 0; s < o.symbols(); s++) {
      SplittableRandom r = root.split();
      String symbol = symbolName(prefix, s);
      String kind = kindOf(s);
      double price = Math.exp(Math.log(0.2) + r.nextDouble() * (Math.log(5.0) - Math.log(0.2)));
      double vol = 0.10 + 0.10 * r.nextDouble();
      // Symbol confounders are drawn for every day from their own stream, before and apart from any episode:
      // a buyer's days are as often frenzied, quiet, newsy or halted as anyone's, so their absence names nothing.
      SplittableRandom cr = r.split();
      Confounding[] confounding = new Confounding[dates.size()];
      for (int d = 0; d < dates.size(); d++) {
        confounding[d] = Confounding.draw(cr, c, marketVol[d]);
      }
      String[] regime = new String[dates.size()];
      java.util.Arrays.fill(regime, "normal");
      Agent[] agents = new Agent[dates.size()];
      int[][] windows = new int[dates.size()][];
      Double gap = null;
      int gapDay = -1;
      if (!kind.equals("control") && dates.size() >= 3) {
        boolean accumulation = kind.startsWith("accumulation");
        int length = Math.min(3 + r.nextInt(13), dates.size() - 2);
        int first = 1 + r.nextInt(Math.max(1, dates.size() - length - 1));
        int last = Math.min(dates.size() - 2, first + length - 1);
        double rate = market.strengths().get(r.nextInt(market.strengths().size()));
        if (market.nullMarket()) {
          // Every planted agent trades at rate 0: its days stay labelled, and the market's sellers come from
          // nullSeller below, placed without regard to the labels.
          rate = 0;
        }
        Style style = Style.draw(r);
        long target = 0;
        for (int d = first; d <= last; d++) {
          regime[d] = accumulation ? "accumulation" : "distribution";
          if (r.nextDouble() < 0.15 && d != first) {
            windows[d] = new int[0]; // a day off
            continue;
          }
          windows[d] = windows(r, style.lo(), style.hi());
          double expected = expectedVolume(windows[d], o.intensity() * confounding[d].activity());
          double slack = 1.0 + 0.6 * r.nextDouble();
          long quota = rate <= 0 ? 0 : Math.round(rate / (1 - rate) * expected * slack);
          target += quota;
          agents[d] = style.agent(accumulation ? 1 : -1, rate, quota);
        }
        if (kind.equals("accumulation_gap")) {
          gapDay = last + 1;
          gap = 0.5 + 0.5 * r.nextDouble();
        }
        episodes.add(new Episode(symbol, kind, accumulation ? "accumulation" : "distribution", dates.get(first),
            dates.get(last), gapDay >= 0 ? dates.get(gapDay) : null, gap, rate, target, style.passive(), style.lift(),
            style.dark()));
      }
      if (market.nullMarket()) {
        nullSeller(o, s, symbol, dates, regime, agents, windows, confounding, episodes);
      }
      if (kind.equals("control")) {
        // Controls are listed too (the whole range, no gap): truth then names every generated symbol.
        episodes.add(new Episode(symbol, kind, "control", dates.get(0), dates.get(dates.size() - 1), null, null,
            null, null, null, null, null));
      }
      int protocol = s % 5 == 4 ? 60 : 62;
      boolean requestIds = s % 2 == 0;
      boolean newestFirst = s % 7 == 6;
      for (int d = 0; d < dates.size(); d++) {
        double overnight = d == gapDay ? Math.log(1 + gap) : (r.nextDouble() < 0.05 ? 0.15 * t3(r) : 0.01 * t3(r));
        double open = clampPrice(price * Math.exp(overnight));
        Confounding k = confounding[d];
        double sigma = vol * k.sigmaMultiple();
        double dayReturn = sigma * 0.6 * t3(r);
        double close = clampPrice(open * Math.exp(dayReturn));
        boolean missing = d > 0 && d < dates.size() - 1 && r.nextDouble() < o.faults().missingDay();
        days.add(new DayPlan(symbol, s, d, dates.get(d), open, close, regime[d], r.nextLong(), missing,
            protocol, requestIds, newestFirst, o, overnight, Math.log(close / open), k.name(), k.activity(), agents[d],
            windows[d] == null ? new int[0] : windows[d], k.newsMinute(), k.newsJump(), k.haltMinutes()));
        price = close;
      }
    }
    return new Plan(days, episodes);
  }

  static final double MARKET_VOL_ACTIVITY = 1.3;

  /**
   * One symbol-day's confounder: its name (null for none), activity and volatility multiples, and the news
   * minute, jump and halts it brings. A market-wide volatility day multiplies on top of a symbol's own.
   */
  record Confounding(String name, double activity, double sigmaMultiple, int newsMinute, double newsJump,
      int[] haltMinutes) {
    static Confounding draw(SplittableRandom r, Confounders c, boolean marketVol) {
      String name = null;
      double activity = 1;
      double sigma = 1;
      int newsMinute = -1;
      double newsJump = 0;
      int[] halts = new int[0];
      double x = r.nextDouble();
      if (x < c.frenzy()) {
        name = "frenzy";
        activity = 2.0 + r.nextDouble();
      } else if (x < c.frenzy() + c.quiet()) {
        name = "quiet";
        activity = 0.25 + 0.15 * r.nextDouble();
        sigma = 0.4;
      } else if (x < c.frenzy() + c.quiet() + c.news()) {
        name = "news";
        newsMinute = OPEN + 15 + r.nextInt(CLOSE - OPEN - 45);
        newsJump = (r.nextBoolean() ? 1 : -1) * (0.05 + 0.25 * r.nextDouble());
      } else if (x < c.frenzy() + c.quiet() + c.news() + c.halt()) {
        name = "halt";
        int n = 1 + r.nextInt(2);
        halts = new int[n];
        for (int i = 0; i < n; i++) {
          halts[i] = OPEN + 30 + r.nextInt(CLOSE - OPEN - 60);
        }
        java.util.Arrays.sort(halts);
        newsJump = (r.nextBoolean() ? 1 : -1) * (0.03 + 0.1 * r.nextDouble());
        newsMinute = halts[0];
      }
      if (marketVol) {
        sigma *= 1.8;
        activity *= MARKET_VOL_ACTIVITY;
        if (name == null) {
          name = "market_vol";
        }
      }
      return new Confounding(name, activity, sigma, newsMinute, newsJump, halts);
    }
  }

  /** 1-3 windows of 30-150 minutes within [lo, hi) minutes of the day, merged where they overlap. */
  private static int[] windows(SplittableRandom r, int lo, int hi) {
    int n = 1 + r.nextInt(3);
    int[][] w = new int[n][];
    for (int i = 0; i < n; i++) {
      int len = Math.min(hi - lo, 30 + r.nextInt(121));
      int start = lo + r.nextInt(Math.max(1, hi - lo - len + 1));
      w[i] = new int[] {start, start + len};
    }
    java.util.Arrays.sort(w, (a, b) -> Integer.compare(a[0], b[0]));
    List<int[]> merged = new ArrayList<>();
    for (int[] x : w) {
      if (!merged.isEmpty() && x[0] <= merged.get(merged.size() - 1)[1]) {
        merged.get(merged.size() - 1)[1] = Math.max(merged.get(merged.size() - 1)[1], x[1]);
      } else {
        merged.add(x.clone());
      }
    }
    int[] out = new int[merged.size() * 2];
    for (int i = 0; i < merged.size(); i++) {
      out[2 * i] = merged.get(i)[0];
      out[2 * i + 1] = merged.get(i)[1];
    }
    return out;
  }

  /**
   * The expected volume of everyone else in the windows at a flow intensity: the event rate profile
   * of {@link DaySimulator} times the volume an average event prints (measured on simulated days).
   */
  /**
   * An agent's way of working, drawn once per episode: its mix of passive bids (joins, iceberg refills), lifts and
   * off-exchange executions (about a third of the episodes hardly use dark venues), the displayed size of its
   * resting order, how often it improves the touch, and the part of the day its windows fall in ([lo, hi)
   * minutes: regular hours only, also pre-market, or also after hours).
   */
  record Style(double passive, double lift, double dark, long display, double improve, int lo, int hi) {
    static Style draw(SplittableRandom r) {
      double passive = 0.2 + 0.6 * r.nextDouble();
      double lift = 0.05 + 0.25 * r.nextDouble();
      double dark = r.nextDouble() < 0.35 ? 0.02 : 0.1 + 0.4 * r.nextDouble();
      double sum = passive + lift + dark;
      long display = 100L * (1 + r.nextInt(4));
      double improve = 0.1 + 0.4 * r.nextDouble();
      int sessions = r.nextInt(10); // 0-6 regular hours only, 7-8 also pre-market, 9 also after hours
      int lo = sessions >= 7 && sessions <= 8 ? PRE + 60 : OPEN;
      int hi = sessions == 9 ? POST - 60 : CLOSE;
      return new Style(passive / sum, lift / sum, dark / sum, display, improve, lo, hi);
    }

    Agent agent(int side, double rate, long quota) {
      return new Agent(side, rate, quota, passive, lift, dark, display, improve);
    }
  }

  /**
   * The null market's hidden seller of symbol {@code s}: on one symbol in eight, as in a planted market, but drawn
   * for every symbol alike, from a stream of its own (the rest of the plan is what it would be without it), and
   * free to fall on the days a rate-0 buyer is labelled with. A null market must carry no information about its
   * labels; in a planted market the seller's symbols are never buyer symbols, so days without a buyer hold all
   * the sellers, and a score that (rightly) ranks a seller's days low would separate the null labels from the
   * rest for that reason alone. The seller's days keep their label (accumulation on a buyer's planted days,
   * distribution elsewhere); the seller's own episode is listed with kind distribution.
   */
  private static void nullSeller(Options o, int s, String symbol, List<LocalDate> dates, String[] regime,
      Agent[] agents, int[][] windows, Confounding[] confounding, List<Episode> episodes) {
    SplittableRandom r = new SplittableRandom(o.seed() * 0x9E3779B97F4A7C15L + 0x2545F4914F6CDD1DL * (s + 1));
    if (dates.size() < 3 || r.nextInt(8) != 0) {
      return;
    }
    List<Double> strengths = o.market().strengths().stream().filter(x -> x > 0).toList();
    double rate = strengths.isEmpty() ? 0.05 : strengths.get(r.nextInt(strengths.size()));
    int length = Math.min(3 + r.nextInt(13), dates.size() - 2);
    int first = 1 + r.nextInt(Math.max(1, dates.size() - length - 1));
    int last = Math.min(dates.size() - 2, first + length - 1);
    Style style = Style.draw(r);
    long target = 0;
    for (int d = first; d <= last; d++) {
      if (regime[d].equals("normal")) {
        regime[d] = "distribution";
      }
      if (r.nextDouble() < 0.15 && d != first) {
        continue;
      }
      windows[d] = windows(r, style.lo(), style.hi());
      double expected = expectedVolume(windows[d], o.intensity() * confounding[d].activity());
      long quota = Math.round(rate / (1 - rate) * expected * (1.0 + 0.6 * r.nextDouble()));
      target += quota;
      agents[d] = style.agent(-1, rate, quota);
    }
    episodes.add(new Episode(symbol, kindOf(s), "distribution", dates.get(first), dates.get(last), null, null,
        rate, target, style.passive(), style.lift(), style.dark()));
  }

  static double expectedVolume(int[] windows, double intensity) {
    double events = 0;
    for (int i = 0; i + 1 < windows.length; i += 2) {
      for (int m = windows[i]; m < windows[i + 1]; m++) {
        events += 60 * DaySimulator.rate(m * 60.0 + 30, intensity);
      }
    }
    return events * DaySimulator.VOLUME_PER_EVENT;
  }

  /** The planted kind of the i-th symbol: the kinds cycle so every run of 8 symbols has each. */
  static String kindOf(int i) {
    return switch (i % 4) {
      case 0 -> "accumulation_gap";
      case 2 -> "accumulation";
      case 3 -> i % 8 == 3 ? "distribution" : "control";
      default -> "control";
    };
  }

  /** Symbols SIM000, SIM001, ... (upper-case letters and digits: valid landing-path symbols). */
  public static String symbolName(int i) {
    return symbolName(DEFAULT_PREFIX, i);
  }

  /** The {@code i}-th symbol under {@code prefix}. */
  public static String symbolName(String prefix, int i) {
    return String.format("%s%03d", prefix, i);
  }

  static double clampPrice(double p) {
    return Math.max(0.05, Math.min(50.0, p));
  }

  /** A Student-t (3 degrees of freedom) draw scaled to unit variance. */
  static double t3(SplittableRandom r) {
    double z = gaussian(r);
    double chi = 0;
    for (int i = 0; i < 3; i++) {
      double g = gaussian(r);
      chi += g * g;
    }
    return z / Math.sqrt(chi / 3) / Math.sqrt(3.0);
  }

  static double gaussian(SplittableRandom r) {
    double u1 = r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(Math.max(u1, 1e-300))) * Math.cos(2 * Math.PI * u2);
  }
}

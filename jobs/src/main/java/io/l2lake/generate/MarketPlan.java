package io.l2lake.generate;

import io.l2lake.calendar.ExchangeCalendar;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The daily skeleton of a synthetic market, drawn on the driver from the seed (a few numbers per
 * symbol-day): each symbol's kind and planted episodes, and each trading day's open, close and
 * regime. The intraday simulation of every (symbol, day) then runs independently, in parallel, from
 * its own {@link DayPlan}.
 *
 * <p>Kinds: {@code accumulation_gap} (stealth accumulation over 5-15 days, then an overnight news gap
 * of +50% to +100%), {@code accumulation` without a gap, {@code distribution} (a dumping episode of
 * 2-6 days), and {@code control}. Daily moves: log returns with a volatility of 10-20% a day by
 * symbol, fat-tailed (Student-t, 3 degrees of freedom) with occasional overnight gaps.
 */
public final class MarketPlan {
  private MarketPlan() {}

  /** Options of a generation run. */
  public record Options(long seed, int symbols, int days, LocalDate start, double intensity,
      FaultRates faults, int bookSnapshotSeconds, int bookLevels) implements Serializable {}

  /** Fault rates: per line, except {@code missingDay} per symbol-day. */
  public record FaultRates(double malformed, double truncated, double duplicate, double outOfOrder,
      double crossedQuote, double zeroQuote, double missingSizes, double missingDay) implements Serializable {
    public static FaultRates none() {
      return new FaultRates(0, 0, 0, 0, 0, 0, 0, 0);
    }
  }

  /**
   * A planted episode, as {@code truth.episodes} stores it: {@code kind} accumulation or distribution,
   * or {@code control} for a control symbol's whole range.
   */
  public record Episode(String symbol, String symbolKind, String kind, LocalDate start, LocalDate end,
      LocalDate gapDate, Double gapSize) implements Serializable {}

  /** Everything a day's simulation needs. */
  public record DayPlan(String symbol, int symbolIndex, int dayIndex, LocalDate date, double open,
      double close, String regime, long seed, boolean missing, int protocol, boolean requestIds,
      boolean newestFirst, Options options) implements Serializable {}

  /** The plan: one entry per symbol-day, and the episodes. */
  public record Plan(List<DayPlan> days, List<Episode> episodes) implements Serializable {}

  public static Plan draw(Options o) {
    if (o.symbols() < 1 || o.days() < 1) {
      throw new IllegalArgumentException("--symbols and --days must be at least 1");
    }
    List<LocalDate> dates = new ArrayList<>();
    for (LocalDate d = o.start(); dates.size() < o.days(); d = d.plusDays(1)) {
      if (ExchangeCalendar.isTradingDay(d)) {
        dates.add(d);
      }
    }
    SplittableRandom root = new SplittableRandom(o.seed());
    List<DayPlan> days = new ArrayList<>();
    List<Episode> episodes = new ArrayList<>();
    for (int s = 0; s < o.symbols(); s++) {
      SplittableRandom r = root.split();
      String symbol = symbolName(s);
      String kind = kindOf(s);
      double price = Math.exp(Math.log(0.2) + r.nextDouble() * (Math.log(5.0) - Math.log(0.2)));
      double vol = 0.10 + 0.10 * r.nextDouble();
      String[] regime = new String[dates.size()];
      java.util.Arrays.fill(regime, "normal");
      Double gap = null;
      int gapDay = -1;
      if (!kind.equals("control") && dates.size() >= 3) {
        boolean accumulation = kind.startsWith("accumulation");
        int length = accumulation ? 5 + r.nextInt(Math.min(11, dates.size() - 2)) : 2 + r.nextInt(5);
        length = Math.min(length, dates.size() - 2);
        int first = 1 + r.nextInt(Math.max(1, dates.size() - length - 1));
        int last = Math.min(dates.size() - 2, first + length - 1);
        for (int d = first; d <= last; d++) {
          regime[d] = accumulation ? "accumulation" : "distribution";
        }
        if (kind.equals("accumulation_gap")) {
          gapDay = last + 1;
          gap = 0.5 + 0.5 * r.nextDouble();
        }
        episodes.add(new Episode(symbol, kind, accumulation ? "accumulation" : "distribution", dates.get(first),
            dates.get(last), gapDay >= 0 ? dates.get(gapDay) : null, gap));
      }
      if (kind.equals("control")) {
        // Controls are listed too (the whole range, no gap): truth then names every generated symbol.
        episodes.add(new Episode(symbol, kind, "control", dates.get(0), dates.get(dates.size() - 1), null, null));
      }
      int protocol = s % 5 == 4 ? 60 : 62;
      boolean requestIds = s % 2 == 0;
      boolean newestFirst = s % 7 == 6;
      for (int d = 0; d < dates.size(); d++) {
        double overnight = d == gapDay ? Math.log(1 + gap) : (r.nextDouble() < 0.05 ? 0.15 * t3(r) : 0.01 * t3(r));
        double open = clampPrice(price * Math.exp(overnight));
        double sigma = switch (regime[d]) {
          case "accumulation" -> vol * 0.4; // volatility contracts while a buyer absorbs supply
          case "distribution" -> vol * 1.3;
          default -> vol;
        };
        double drift = switch (regime[d]) {
          case "accumulation" -> 0.02;
          case "distribution" -> -0.12;
          default -> 0.0;
        };
        double close = clampPrice(open * Math.exp(drift + sigma * 0.6 * t3(r)));
        boolean missing = d > 0 && d < dates.size() - 1 && r.nextDouble() < o.faults().missingDay();
        days.add(new DayPlan(symbol, s, d, dates.get(d), open, close, regime[d], r.nextLong(), missing,
            protocol, requestIds, newestFirst, o));
        price = close;
      }
    }
    return new Plan(days, episodes);
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
    return String.format("SIM%03d", i);
  }

  private static double clampPrice(double p) {
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

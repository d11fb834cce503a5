package io.l2lake.evaluation;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.when;

import io.l2lake.lake.Schemas;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The known-gapper study's events: every up-gap of at least the smallest threshold whose lead-in lies inside the
 * tick-history window, and for each its matched controls.
 *
 * <p>Per symbol and daily bar D (bars in date order; a symbol's bars are its trading days):
 * <ul>
 *   <li>gap = open_D / close_(D-1) - 1;</li>
 *   <li>price = close_(D-1); volatility = standard deviation of the {@code volDays} daily log returns ending at
 *   D-1 (all of them present); dollar volume = mean close x volume over the same {@code volDays} bars;</li>
 *   <li>lead start = the date of bar D-{@code leadDays}: the event's ticks are wanted for every trading day
 *   from it to D.</li>
 * </ul>
 * A <b>gapper</b> is a symbol-day with gap &gt;= min(gaps), features present and its lead-in inside
 * [{@code windowFrom}, {@code windowTo}]. Its <b>controls</b> are other symbols on the same date D with the same
 * conditions, no up-gap of min(gaps) or more within {@code quietDays} bars either side of D (D included), chosen
 * nearest in deciles of price, volatility and dollar volume: the distance is the sum of the three absolute
 * decile differences (deciles over every symbol-day with features, so a decile means the same on every date);
 * ties are broken by a hash of (symbol, date, seed), so the choice repeats. At most {@code controlsPerGap} per
 * gapper, drawn without replacement within a date (gappers in symbol order take theirs in turn); fewer when
 * fewer qualify (the report counts them). A gap is only measured against the previous bar when that bar is at
 * most {@link #MAX_GAP_CALENDAR_DAYS} calendar days earlier, and a lead-in must not span a longer hole. A
 * gapper and its controls form one matched set,
 * named by the gapper ({@code SYM@DATE}); the bootstrap resamples sets.
 *
 * <p>Cost: one window pass over the daily bars per symbol, three approximate quantiles, one join of gappers
 * with the candidates of their dates; the candidate pairs (gappers x symbols trading on their dates: thousands
 * to tens of thousands of small rows) are collected and assigned on the driver.
 */
public final class GapperEvents {
  private GapperEvents() {}

  /**
   * How events are chosen.
   *
   * @param gaps gap thresholds, the smallest selects (e.g. 0.2, 0.5)
   * @param leadDays bars before D whose ticks are wanted (D-leadDays .. D)
   * @param quietDays a control has no qualifying up-gap within this many bars of D
   * @param volDays bars of the volatility and dollar volume
   * @param controlsPerGap controls per gapper
   * @param windowFrom first day with tick history (the lead-in must start on or after it)
   * @param windowTo last day with tick history (D must be on or before it)
   * @param seed tie-break seed of the control choice
   */
  public record Settings(List<Double> gaps, int leadDays, int quietDays, int volDays, int controlsPerGap,
      LocalDate windowFrom, LocalDate windowTo, long seed) {
    public Settings {
      gaps = List.copyOf(gaps);
      if (gaps.isEmpty() || gaps.stream().anyMatch(g -> !(g > 0) || g > 10)) {
        throw new IllegalArgumentException("gap thresholds must be in (0, 10], got " + gaps);
      }
      check(leadDays >= 1 && leadDays <= 60, "--lead-days must be 1..60, got " + leadDays);
      check(quietDays >= 0 && quietDays <= 120, "--quiet-days must be 0..120, got " + quietDays);
      check(volDays >= 2 && volDays <= 250, "--vol-days must be 2..250, got " + volDays);
      check(controlsPerGap >= 1 && controlsPerGap <= 50, "--controls-per-gap must be 1..50, got " + controlsPerGap);
      check(!windowFrom.isAfter(windowTo), "the tick window " + windowFrom + ".." + windowTo + " is empty");
    }

    public double minGap() {
      return gaps.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
    }
  }

  private static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  /** One row of a matched set: the gapper itself or one of its controls. */
  public record Event(String setId, String role, String symbol, LocalDate gapDate, LocalDate leadFrom, double gap,
      double price, double volatility, double dollarVolume, int priceDecile, int volDecile, int dvDecile,
      int distance) {
    public boolean gapper() {
      return "gapper".equals(role);
    }
  }

  /**
   * Most calendar days from the previous bar for D's open to count as an overnight gap (a weekend and a
   * holiday); a longer hole in the bars (a halt, a missing bar) gives no gap against a stale close.
   */
  static final int MAX_GAP_CALENDAR_DAYS = 4;

  /** The per-symbol-day features of {@code bars} (symbol, trade_date, open, close, volume; usable bars only). */
  static Dataset<Row> features(Dataset<Row> bars, Settings s) {
    WindowSpec bySymbol = Window.partitionBy(Schemas.SYMBOL).orderBy(Schemas.TRADE_DATE);
    WindowSpec past = bySymbol.rowsBetween(-s.volDays(), -1);
    WindowSpec around = bySymbol.rowsBetween(-s.quietDays(), s.quietDays());
    Column prevClose = lag(col("close"), 1).over(bySymbol);
    return bars.select(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE), col("open").cast("double").as("open"),
            col("close").cast("double").as("close"), col("volume").cast("double").as("volume"))
        .withColumn("prev_close", prevClose)
        .withColumn("_prev_date", lag(col(Schemas.TRADE_DATE), 1).over(bySymbol))
        .withColumn("gap", when(col("prev_close").gt(0).and(org.apache.spark.sql.functions.datediff(
            col(Schemas.TRADE_DATE), col("_prev_date")).leq(MAX_GAP_CALENDAR_DAYS)),
            col("open").divide(col("prev_close")).minus(1)))
        .withColumn("_ret", when(col("prev_close").gt(0).and(col("close").gt(0)),
            log(col("close").divide(col("prev_close")))))
        .withColumn("_n", count(col("_ret")).over(past))
        .withColumn("volatility", when(col("_n").equalTo(s.volDays()), stddev_samp(col("_ret")).over(past)))
        .withColumn("dollar_volume", when(col("_n").equalTo(s.volDays()),
            avg(col("close").multiply(col("volume"))).over(past)))
        .withColumn("price", col("prev_close"))
        .withColumn("_lead", lag(col(Schemas.TRADE_DATE), s.leadDays()).over(bySymbol))
        // A lead-in with a hole in it (more calendar days than its trading days can span) is not studied.
        .withColumn("lead_from", when(org.apache.spark.sql.functions.datediff(col(Schemas.TRADE_DATE), col("_lead"))
            .leq(s.leadDays() * 7 / 5 + 1 + MAX_GAP_CALENDAR_DAYS), col("_lead")))
        .withColumn("_near_gap", max(when(col("gap").geq(s.minGap() - 1e-9), 1).otherwise(0)).over(around))
        .filter(col("volatility").isNotNull().and(col("dollar_volume").isNotNull()).and(col("price").gt(0)))
        .drop("_ret", "_n", "_prev_date", "_lead");
  }

  /** The matched sets: gappers first by date and symbol, each followed by its controls nearest first. */
  public static List<Event> select(Dataset<Row> bars, Settings s) {
    Dataset<Row> cached = features(bars, s).cache();
    Dataset<Row> f = cached;
    try {
      f = withDecile(f, "price", "price_decile");
      f = withDecile(f, "volatility", "vol_decile");
      f = withDecile(f, "dollar_volume", "dv_decile");
      Column inWindow = col("lead_from").isNotNull()
          .and(col("lead_from").geq(lit(java.sql.Date.valueOf(s.windowFrom()))))
          .and(col(Schemas.TRADE_DATE).leq(lit(java.sql.Date.valueOf(s.windowTo()))));
      Dataset<Row> eligible = f.filter(inWindow);
      Dataset<Row> gappers = eligible.filter(col("gap").geq(s.minGap() - 1e-9));
      Dataset<Row> candidates = eligible.filter(col("_near_gap").equalTo(0));
      Dataset<Row> g = gappers.select(col(Schemas.SYMBOL).as("g_symbol"), col(Schemas.TRADE_DATE).as("g_date"),
          col("price_decile").as("g_pd"), col("vol_decile").as("g_vd"), col("dv_decile").as("g_dd"));
      Column distance = abs(col("price_decile").minus(col("g_pd"))).plus(abs(col("vol_decile").minus(col("g_vd"))))
          .plus(abs(col("dv_decile").minus(col("g_dd"))));
      Dataset<Row> candidatesOfGappers = g.join(candidates, col(Schemas.TRADE_DATE).equalTo(col("g_date"))
              .and(col(Schemas.SYMBOL).notEqual(col("g_symbol"))))
          .withColumn("distance", distance)
          .withColumn("_tie", hash(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE), lit(s.seed())));
      List<Event> out = new ArrayList<>();
      List<Row> gRows = gappers.orderBy(Schemas.TRADE_DATE, Schemas.SYMBOL).collectAsList();
      // Nearest first, without replacement within a date: gappers in symbol order take their controls in
      // turn, so one control symbol-day is never a negative of two sets.
      java.util.Map<String, List<Row>> ranked = new java.util.HashMap<>();
      for (Row r : candidatesOfGappers.orderBy("g_date", "g_symbol", "distance", "_tie", Schemas.SYMBOL)
          .collectAsList()) {
        String set = setId(r.getAs("g_symbol"), ((java.sql.Date) r.getAs("g_date")).toLocalDate());
        ranked.computeIfAbsent(set, k -> new ArrayList<>()).add(r);
      }
      java.util.Map<String, List<Event>> bySet = new java.util.HashMap<>();
      java.util.Set<String> used = new java.util.HashSet<>();
      for (Row gr : gRows) {
        LocalDate date = ((java.sql.Date) gr.getAs(Schemas.TRADE_DATE)).toLocalDate();
        String set = setId(gr.getAs(Schemas.SYMBOL), date);
        List<Event> chosen = new ArrayList<>();
        for (Row r : ranked.getOrDefault(set, List.of())) {
          if (chosen.size() == s.controlsPerGap()) {
            break;
          }
          if (used.add(r.<String>getAs(Schemas.SYMBOL) + "@" + date)) {
            chosen.add(event(set, "control", r, r.<Integer>getAs("distance")));
          }
        }
        bySet.put(set, chosen);
      }
      for (Row r : gRows) {
        String set = setId(r.getAs(Schemas.SYMBOL), ((java.sql.Date) r.getAs(Schemas.TRADE_DATE)).toLocalDate());
        out.add(event(set, "gapper", r, 0));
        out.addAll(bySet.getOrDefault(set, List.of()));
      }
      return List.copyOf(out);
    } finally {
      cached.unpersist();
    }
  }

  static String setId(String symbol, LocalDate date) {
    return symbol + "@" + date;
  }

  private static Event event(String set, String role, Row r, int distance) {
    return new Event(set, role, r.getAs(Schemas.SYMBOL), ((java.sql.Date) r.getAs(Schemas.TRADE_DATE)).toLocalDate(),
        ((java.sql.Date) r.getAs("lead_from")).toLocalDate(), r.<Double>getAs("gap"), r.<Double>getAs("price"),
        r.<Double>getAs("volatility"), r.<Double>getAs("dollar_volume"), r.<Integer>getAs("price_decile"),
        r.<Integer>getAs("vol_decile"), r.<Integer>getAs("dv_decile"), distance);
  }

  /** Adds decile 1..10 of {@code column} over all rows (approximate quantiles, relative error 1e-4). */
  static Dataset<Row> withDecile(Dataset<Row> d, String column, String name) {
    double[] probs = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
    double[] cuts = d.stat().approxQuantile(column, probs, 1e-4);
    Column decile = lit(10);
    for (int i = cuts.length - 1; i >= 0; i--) {
      decile = when(col(column).leq(cuts[i]), lit(i + 1)).otherwise(decile);
    }
    return d.withColumn(name, decile);
  }

  /** For messages: the set's size and how many controls matched their gapper's deciles exactly. */
  public static String describe(List<Event> events) {
    long gappers = events.stream().filter(Event::gapper).count();
    long controls = events.size() - gappers;
    long exact = events.stream().filter(e -> !e.gapper() && e.distance() == 0).count();
    return String.format(Locale.ROOT, "%d gappers, %d controls (%d matched on all three deciles)", gappers, controls,
        exact);
  }
}

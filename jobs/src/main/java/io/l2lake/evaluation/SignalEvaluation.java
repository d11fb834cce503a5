package io.l2lake.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The figures of one evaluated market (a seed set in one feed mode), each with its 95% bootstrap interval:
 * <ul>
 *   <li>{@code auc}, per score of {@link SignalScores#scoreNames()}: buyer days against every day without a buyer,
 *   for all strengths together ({@code strength} null) and per strength; clusters are symbols;</li>
 *   <li>{@code auc_seller_free}, per score: the same for all strengths, with the hidden seller's days left out of
 *   the negatives (a score that ranks "not being sold" above "being sold" is off 0.5 on a market without a
 *   buyer; this tells that apart from a leak of the buyer's label);</li>
 *   <li>{@code false_fire_rate}, per signal: the share of regular-session minutes of days without a buyer on which
 *   the signal fires; clusters are symbols;</li>
 *   <li>{@code ready_before_gap}: the share of gaps after a buyer's episode with READY on some day of the episode
 *   before the gap day (at least one day ahead), all and per strength; clusters are gaps;</li>
 *   <li>{@code ready_lead_days}: the mean number of trading days from the episode's first READY day to the gap,
 *   over the gaps with one; clusters are gaps;</li>
 *   <li>{@code ready_rate_negative}: the share of days without a buyer on which the tracker is READY; clusters are
 *   symbols;</li>
 *   <li>{@code ready_rate_outside}: the same over the days without a buyer outside every buyer's episode (controls,
 *   sellers, confounder days, the accumulation symbols' days before and after their episode): the days a buyer
 *   rests inside its episode are left out, since a tracker that holds READY through them (as it should: one quiet
 *   day does not undo two weeks) would count them as false;</li>
 *   <li>{@code ready_precision}: P(a gap follows | READY) at the stated base rate b of symbol-days before a gap,
 *   b x r / (b x r + (1 - b) x f), r = READY on the last day before a gap, f = READY on days without a buyer;
 *   its interval is that formula over the bounds of r and f (conservative: low r with high f, and back; 0 at
 *   the low end when r's low end is 0).</li>
 * </ul>
 */
public final class SignalEvaluation {
  private SignalEvaluation() {}

  /** Base rate of symbol-days that precede a 20% up-gap within 5 days among penny stocks (see the README). */
  public static final double BASE_RATE = 0.01;

  /** One figure: what, of which score, at which strength (null: all), with its interval and sample. */
  public record Measure(String seedSet, String feeds, Double strength, String measure, String score,
      RocAuc.Interval value) {}

  /** Every figure of one market from the rows {@link SignalScores} built. */
  public static List<Measure> measure(String seedSet, String feeds, Dataset<Row> symbolDays,
      Dataset<Row> negativeFires, Dataset<Row> gaps, int resamples, long seed) {
    List<Row> days = symbolDays.collectAsList();
    List<Row> fires = negativeFires.collectAsList();
    List<Row> gapRows = gaps.collectAsList();
    List<Measure> out = new ArrayList<>();
    TreeSet<Double> strengths = new TreeSet<>();
    for (Row r : days) {
      Double s = r.getAs("strength");
      if (s != null) {
        strengths.add(s);
      }
    }
    List<Double> levels = new ArrayList<>();
    levels.add(null);
    levels.addAll(strengths);
    for (Double level : levels) {
      List<Row> sample = days.stream().filter(r -> !r.<Boolean>getAs("positive")
          || level == null || level.equals(r.getAs("strength"))).toList();
      for (String score : SignalScores.scoreNames()) {
        out.add(new Measure(seedSet, feeds, level, "auc", score, auc(sample, score, resamples, seed)));
      }
      List<Row> g = gapRows.stream().filter(r -> level == null || level.equals(r.getAs("strength"))).toList();
      out.add(new Measure(seedSet, feeds, level, "ready_before_gap", "tracker",
          share(g, "ready_before", resamples, seed)));
    }
    // The same ranking with the hidden seller's days left out of the negatives: a score that reads "not being
    // sold" as "being bought" ranks the seller's days lowest, which moves its AUC off 0.5 even where no buyer is.
    List<Row> sellerFree = days.stream().filter(r -> r.<Boolean>getAs("positive")
        || !Objects.equals(r.getAs("seller"), true)).toList();
    for (String score : SignalScores.scoreNames()) {
      out.add(new Measure(seedSet, feeds, null, "auc_seller_free", score, auc(sellerFree, score, resamples, seed)));
    }
    for (String signal : new TreeSet<>(fires.stream().map(r -> r.<String>getAs("signal")).toList())) {
      List<Row> f = fires.stream().filter(r -> signal.equals(r.getAs("signal"))).toList();
      out.add(new Measure(seedSet, feeds, null, "false_fire_rate", signal, RocAuc.ratio(
          f.stream().mapToDouble(r -> r.<Long>getAs("fired_minutes")).toArray(),
          f.stream().mapToDouble(r -> r.<Long>getAs("negative_minutes")).toArray(),
          f.stream().map(r -> r.<String>getAs("symbol")).toArray(String[]::new), resamples, seed)));
    }
    List<Row> led = gapRows.stream().filter(r -> r.getAs("lead_days") != null).toList();
    out.add(new Measure(seedSet, feeds, null, "ready_lead_days", "tracker", RocAuc.ratio(
        led.stream().mapToDouble(r -> ((Number) r.getAs("lead_days")).doubleValue()).toArray(),
        led.stream().mapToDouble(r -> 1.0).toArray(), gapIds(led), resamples, seed)));
    List<Row> negatives = days.stream().filter(r -> !r.<Boolean>getAs("positive")).toList();
    RocAuc.Interval falseReady = readyShare(negatives, resamples, seed);
    out.add(new Measure(seedSet, feeds, null, "ready_rate_negative", "tracker", falseReady));
    List<Row> outside = negatives.stream().filter(r -> !Objects.equals(r.getAs("in_episode"), true)).toList();
    out.add(new Measure(seedSet, feeds, null, "ready_rate_outside", "tracker", readyShare(outside, resamples, seed)));
    RocAuc.Interval eve = share(gapRows, "ready_eve", resamples, seed);
    out.add(new Measure(seedSet, feeds, null, "ready_precision", "tracker", new RocAuc.Interval(
        precision(eve.estimate(), falseReady.estimate()), precisionLow(eve.low(), falseReady.high()),
        precision(eve.high(), falseReady.low()), eve.positives(), falseReady.negatives(), eve.clusters())));
    return out;
  }

  /** The AUC of {@code score} over the symbol-days of {@code sample}, clusters by symbol. */
  private static RocAuc.Interval auc(List<Row> sample, String score, int resamples, long seed) {
    boolean[] positive = new boolean[sample.size()];
    for (int i = 0; i < positive.length; i++) {
      positive[i] = sample.get(i).getAs("positive");
    }
    return RocAuc.bootstrap(sample.stream().mapToDouble(r -> r.<Double>getAs(score)).toArray(), positive,
        sample.stream().map(r -> r.<String>getAs("symbol")).toArray(String[]::new), resamples, seed);
  }

  /** The share of {@code days} on which the tracker is READY, clusters by symbol. */
  private static RocAuc.Interval readyShare(List<Row> days, int resamples, long seed) {
    return RocAuc.ratio(days.stream().mapToDouble(r -> Objects.equals(r.getAs("ready"), true) ? 1 : 0).toArray(),
        days.stream().mapToDouble(r -> 1.0).toArray(),
        days.stream().map(r -> r.<String>getAs("symbol")).toArray(String[]::new), resamples, seed);
  }

  /** P(gap | READY) at {@link #BASE_RATE}, from the READY rate before gaps and on days without a buyer. */
  static double precision(double readyBeforeGap, double readyOnNegatives) {
    double tp = BASE_RATE * readyBeforeGap;
    double fp = (1 - BASE_RATE) * readyOnNegatives;
    return tp + fp == 0 ? Double.NaN : tp / (tp + fp);
  }

  /**
   * The interval's low end: {@link #precision} of the lowest READY rate before gaps and the highest on days
   * without a buyer; 0 where the former is 0 (a READY that may find no gap finds none, whether or not it fires
   * elsewhere), where the plain formula would be 0/0.
   */
  static double precisionLow(double readyBeforeGapLow, double readyOnNegativesHigh) {
    return readyBeforeGapLow == 0 ? 0 : precision(readyBeforeGapLow, readyOnNegativesHigh);
  }

  private static RocAuc.Interval share(List<Row> gaps, String flag, int resamples, long seed) {
    return RocAuc.ratio(gaps.stream().mapToDouble(r -> Objects.equals(r.getAs(flag), true) ? 1 : 0).toArray(),
        gaps.stream().mapToDouble(r -> 1.0).toArray(), gapIds(gaps), resamples, seed);
  }

  private static String[] gapIds(List<Row> gaps) {
    return gaps.stream().map(r -> r.getAs("symbol") + "|" + r.getAs("gap_date")).toArray(String[]::new);
  }
}

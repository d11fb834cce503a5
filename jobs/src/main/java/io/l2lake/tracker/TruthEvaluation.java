package io.l2lake.tracker;

import static org.apache.spark.sql.functions.col;

import io.l2lake.lake.Lake;
import io.l2lake.lake.TableId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Scores the tracker against the simulator's ground truth ({@code truth.episodes}):
 * <ul>
 *   <li>ROC AUC of a per symbol-day score, accumulation-episode days (both accumulation kinds,
 *   start to end) against control symbols' days (Mann-Whitney, ties counted half);</li>
 *   <li>the share of accumulation-then-gap episodes in which the tracker was READY on some day from
 *   the episode's start up to the day before the gap;</li>
 *   <li>the share of control symbol-days on which it was READY.</li>
 * </ul>
 * The joined table is one row per symbol-day, small enough to score on the driver.
 */
public final class TruthEvaluation {
  private TruthEvaluation() {}

  /** The figures; NaN where a class is empty. */
  public record Result(long accumulationDays, long controlDays, double dayScoreAuc, double score5Auc,
      long gapEpisodes, long readyBeforeGap, double controlReadyRate) {
    public double readyBeforeGapRate() {
      return gapEpisodes == 0 ? Double.NaN : (double) readyBeforeGap / gapEpisodes;
    }
  }

  public static Result evaluate(Lake lake) {
    for (TableId t : List.of(TableId.TRUTH_EPISODES, TableId.GOLD_ACCUMULATION)) {
      if (!lake.exists(t)) {
        throw new IllegalArgumentException(t.qualifiedName() + " does not exist in " + lake.root()
            + ": run 'generate' and 'gold' first");
      }
    }
    var spark = lake.spark();
    Dataset<Row> episodes = spark.read().format("delta").load(lake.path(TableId.TRUTH_EPISODES));
    Dataset<Row> acc = spark.read().format("delta").load(lake.path(TableId.GOLD_ACCUMULATION));
    Dataset<Row> labelled = acc.as("a").join(episodes.as("e"), col("a.symbol").equalTo(col("e.symbol"))
            .and(col("a.trade_date").between(col("e.start_date"), col("e.end_date"))))
        .filter(col("e.kind").isin("accumulation", "control"))
        .select(col("e.kind"), col("a.day_score"), col("a.score_5"));
    List<Double> posDay = new ArrayList<>();
    List<Double> negDay = new ArrayList<>();
    List<Double> pos5 = new ArrayList<>();
    List<Double> neg5 = new ArrayList<>();
    for (Row r : labelled.collectAsList()) {
      boolean positive = r.getString(0).equals("accumulation");
      double day = r.isNullAt(1) ? 0 : r.getDouble(1);
      double s5 = r.isNullAt(2) ? 0 : r.getDouble(2);
      (positive ? posDay : negDay).add(day);
      (positive ? pos5 : neg5).add(s5);
    }
    Dataset<Row> gaps = episodes.filter(col("gap_date").isNotNull());
    long gapEpisodes = gaps.count();
    long readyBefore = gaps.as("e").join(acc.as("a"), col("a.symbol").equalTo(col("e.symbol"))
            .and(col("a.trade_date").geq(col("e.start_date"))).and(col("a.trade_date").lt(col("e.gap_date")))
            .and(col("a.state").equalTo("READY")))
        .select("e.symbol", "e.start_date").distinct().count();
    Dataset<Row> controlDays = acc.as("a").join(episodes.filter(col("kind").equalTo("control")).as("e"),
        col("a.symbol").equalTo(col("e.symbol")));
    long controls = controlDays.count();
    long controlReady = controlDays.filter(col("a.state").equalTo("READY")).count();
    return new Result(posDay.size(), negDay.size(), auc(posDay, negDay), auc(pos5, neg5), gapEpisodes,
        readyBefore, controls == 0 ? Double.NaN : (double) controlReady / controls);
  }

  /** ROC AUC = P(score of a positive > score of a negative) + half the ties. */
  public static double auc(List<Double> positives, List<Double> negatives) {
    if (positives.isEmpty() || negatives.isEmpty()) {
      return Double.NaN;
    }
    double[] neg = negatives.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    double wins = 0;
    for (double p : positives) {
      int below = lowerBound(neg, p);
      int notAbove = lowerBound(neg, Math.nextUp(p));
      wins += below + 0.5 * (notAbove - below);
    }
    return wins / ((double) positives.size() * neg.length);
  }

  private static int lowerBound(double[] sorted, double v) {
    int i = Arrays.binarySearch(sorted, v);
    if (i < 0) {
      return -i - 1;
    }
    while (i > 0 && sorted[i - 1] == v) {
      i--;
    }
    return i;
  }
}

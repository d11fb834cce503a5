package io.l2lake.pregap;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.signum;
import static org.apache.spark.sql.functions.when;

import java.util.Collections;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Label hygiene: flags the labelled symbol-days whose gap label cannot be trusted, so that the study
 * reports them separately instead of counting them as gaps or non-gaps. Both flags are null where D
 * has no label (no previous bar within {@code maxGapDays}), else true or false:
 * <ul>
 *   <li>{@code halt_suspect}: D-1 to D spans {@code haltDays} calendar days or more (at least one
 *       weekday without a bar: a halt or a hole, not one night), or D-1 traded no shares (its close is
 *       stale).
 *   <li>{@code bad_print_suspect}, only where |gap_return| reaches the smallest gap threshold: D traded
 *       no shares (a zero print), or the open is at least {@code absurdRatio} times the previous close
 *       or at most its inverse (an absurd print), or the gap fully reverses by D's close (the close is at
 *       or beyond the previous close, on the side the gap left) on a volume below {@code reversalVolume}
 *       times the mean volume of the {@code longDays} bars before D (tiny volume; not flagged while that
 *       window is incomplete).
 * </ul>
 * The flags read D's close and volume: they clean the label, they are never features.
 *
 * <p>Cost: three more window expressions on the features' window pass (same ordering).
 */
public final class LabelHygiene {
  private LabelHygiene() {}

  public static final String HALT = "halt_suspect";
  public static final String BAD_PRINT = "bad_print_suspect";
  /** true when either flag is set: the row is left out of the analysed rows. */
  public static Column flagged() {
    return col(HALT).or(col(BAD_PRINT));
  }

  /** Adds the two flags to bars that carry {@link GapFeatures#labels}' columns. */
  public static Dataset<Row> flags(Dataset<Row> labelled, PregapParams p) {
    WindowSpec w = GapFeatures.bySymbol();
    int l = p.longDays();
    Column labelledRow = col(GapFeatures.PREV_CLOSE).isNotNull().and(col(GapFeatures.DAYS_SINCE_PREV)
        .leq(p.maxGapDays()));
    Column prevVolume = lag(col("volume"), 1).over(w);
    Column meanVolume = when(count(col("volume")).over(w.rowsBetween(-l, -1)).equalTo(l),
        avg(col("volume").cast("double")).over(w.rowsBetween(-l, -1)));
    double smallest = Collections.min(p.gaps());
    Column gap = col(GapFeatures.GAP_RETURN);
    Column ratio = col("open").divide(col(GapFeatures.PREV_CLOSE));
    Column reverses = col("close").minus(col(GapFeatures.PREV_CLOSE)).multiply(signum(gap)).leq(0);
    Column tiny = col("volume").cast("double").lt(col("_mean_volume").multiply(p.reversalVolume()));
    Column bad = col("volume").equalTo(0)
        .or(ratio.geq(p.absurdRatio())).or(ratio.leq(1 / p.absurdRatio()))
        .or(reverses.and(col("_mean_volume").isNotNull()).and(tiny));
    return labelled.withColumn("_prev_volume", prevVolume).withColumn("_mean_volume", meanVolume)
        .withColumn(HALT, when(labelledRow, col(GapFeatures.DAYS_SINCE_PREV).geq(p.haltDays())
            .or(col("_prev_volume").equalTo(0))))
        .withColumn(BAD_PRINT, when(labelledRow,
            abs(gap).geq(lit(smallest - PregapParams.GAP_TOLERANCE)).and(bad)))
        .drop("_prev_volume", "_mean_volume");
  }
}

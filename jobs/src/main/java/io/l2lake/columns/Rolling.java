package io.l2lake.columns;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sqrt;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Rolling statistics over row frames written with the window aggregates the RAPIDS Accelerator runs on
 * the GPU for any frame (count, sum): its {@code stddev_samp} does not support frames that start
 * before the current row, which every look-back baseline here uses.
 */
public final class Rolling {
  /**
   * Variance below this share of the frame's mean square is rounding error of the sum-of-squares form
   * (a constant series would otherwise get a standard deviation near 1e-9 instead of 0), and is 0.
   */
  public static final double RELATIVE_ZERO = 1e-12;

  private Rolling() {}

  /**
   * The sample standard deviation of {@code x} over {@code frame}, as {@code stddev_samp(x).over(frame)}:
   * null with fewer than two non-null values. Computed as sqrt((sum(x^2) - sum(x)^2 / n) / (n - 1)).
   */
  public static Column stddevSamp(Column x, WindowSpec frame) {
    Column n = count(x).over(frame);
    Column s = sum(x).over(frame);
    Column ss = sum(x.multiply(x)).over(frame);
    Column centred = ss.minus(s.multiply(s).divide(n));
    Column variance = when(centred.gt(ss.multiply(lit(RELATIVE_ZERO))), centred.divide(n.minus(1)))
        .otherwise(lit(0.0));
    // A NaN among the values makes the result NaN, as stddev_samp's.
    return when(n.geq(2), when(centred.isNaN(), lit(Double.NaN)).otherwise(sqrt(variance)));
  }
}

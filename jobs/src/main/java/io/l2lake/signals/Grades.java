package io.l2lake.signals;

import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import org.apache.spark.sql.Column;

/**
 * Turns a condition "x reaches threshold t" into a grade in [0, 1] that equals the signal trigger
 * {@code T} exactly at the threshold: linear through (t, T) and (full, 1), clamped to [0, 1]. With
 * {@code full > t} the condition is "x &gt;= t"; with {@code full < t} it is "x &lt;= t". A signal's
 * score is the {@code least} of its condition grades, so the score reaches {@code T} exactly when every
 * condition holds: "fires" and "score &gt;= trigger" are the same statement. A null input (a quantity
 * the data cannot give, e.g. no baseline yet) gives a null grade, and {@code least} skips nulls only
 * when asked to ({@link #weakest} treats a null grade as 0, so a signal without its inputs never fires).
 */
final class Grades {
  private Grades() {}

  static Column grade(Column x, double threshold, double full, double trigger) {
    if (full == threshold) {
      return when(x.isNull(), lit(null).cast("double")).when(x.geq(threshold), lit(1.0)).otherwise(lit(0.0));
    }
    double slope = (1 - trigger) / (full - threshold);
    return least(lit(1.0), greatest(lit(0.0), lit(trigger).plus(x.minus(threshold).multiply(slope))));
  }

  /** The weakest of the grades; null when any grade is null (a missing input cannot be ignored). */
  static Column weakest(Column... grades) {
    Column anyNull = lit(false);
    for (Column g : grades) {
      anyNull = anyNull.or(g.isNull());
    }
    Column least = grades.length == 1 ? grades[0] : least(grades);
    return when(anyNull, lit(null).cast("double")).otherwise(least);
  }

  /** {@code score >= trigger}, false for a null score. */
  static Column fires(Column score, double trigger) {
    return when(score.isNull(), lit(false)).otherwise(score.geq(trigger - 1e-12));
  }
}

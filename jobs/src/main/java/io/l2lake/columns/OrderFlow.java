package io.l2lake.columns;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.l2lake.lake.Schemas;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Per quote update, the order-flow imbalance contribution of Cont, Kukanov and Stoikov (2014):
 * <pre>
 *   e_n = 1{B_n >= B_n-1} q^B_n - 1{B_n <= B_n-1} q^B_n-1 - 1{A_n <= A_n-1} q^A_n + 1{A_n >= A_n-1} q^A_n-1
 * </pre>
 * from consecutive best bid/ask prices (B, A) and sizes (q) of a symbol-day, plus the quote midpoint.
 * {@code ofi} is null without sizes or for the day's first quote. Summed over an interval it explains
 * that interval's mid-price change.
 *
 * <p>Cost: one sort of the quotes by (symbol, trade_date, ts, seq).
 */
public final class OrderFlow {
  private OrderFlow() {}

  public static final String OFI = "ofi";
  public static final String QUOTE_MID = "quote_mid";

  public static Dataset<Row> contributions(Dataset<Row> quotes) {
    WindowSpec w = Window.partitionBy(Schemas.SYMBOL, Schemas.TRADE_DATE)
        .orderBy(col(Schemas.TS), col(Schemas.SEQ));
    Column b = col("bid");
    Column a = col("ask");
    Column qb = col("bid_size");
    Column qa = col("ask_size");
    Column pb = col("_pb");
    Column pa = col("_pa");
    Column pqb = col("_pqb");
    Column pqa = col("_pqa");
    Column e = when(b.geq(pb), qb).otherwise(lit(0L))
        .minus(when(b.leq(pb), pqb).otherwise(lit(0L)))
        .minus(when(a.leq(pa), qa).otherwise(lit(0L)))
        .plus(when(a.geq(pa), pqa).otherwise(lit(0L)));
    Column twoSided = b.gt(0).and(a.gt(0)).and(b.leq(a));
    return quotes
        .withColumn("_pb", lag(b, 1).over(w))
        .withColumn("_pa", lag(a, 1).over(w))
        .withColumn("_pqb", lag(qb, 1).over(w))
        .withColumn("_pqa", lag(qa, 1).over(w))
        .withColumn(OFI, when(pb.gt(0).and(pa.gt(0)).and(b.gt(0)).and(a.gt(0)), e.cast("double")))
        .withColumn(QUOTE_MID, when(twoSided, b.plus(a).divide(2)))
        .drop("_pb", "_pa", "_pqb", "_pqa");
  }
}

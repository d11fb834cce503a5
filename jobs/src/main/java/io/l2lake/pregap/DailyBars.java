package io.l2lake.pregap;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.l2lake.lake.Schemas;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.StructType;

/**
 * The pre-gap analyser's input: daily bars (symbol, trade_date, open, high, low, close, volume), from
 * {@code bronze.daily_bars} or from a CSV file in the shared daily format
 * ({@code ticker,date,open,high,low,close,volume,openint}, header line, gzip allowed), read with
 * Spark's CSV reader.
 *
 * <p>Every row gets a {@code bad_reason}, null for a usable bar; the first rule a row breaks names it:
 * {@code malformed_line} (the CSV reader could not split it into the columns), {@code missing_value}
 * (an empty symbol, date, price or volume), {@code bad_number} (a value that does not parse),
 * {@code non_positive_price} (a price {@code <= 0}), {@code high_below_low},
 * {@code open_close_outside_range} (open or close outside [low, high], as the lake's integrity check),
 * {@code negative_volume}, {@code duplicate_key} (two usable rows for one symbol and date: both are
 * excluded, neither can be trusted). The job counts the excluded rows by reason and prints them; no
 * row is dropped silently.
 *
 * <p>Cost: one pass over the rows plus one shuffle by (symbol, trade_date) for the duplicate rule.
 */
public final class DailyBars {
  private DailyBars() {}

  public static final String BAD_REASON = "bad_reason";
  static final String CORRUPT = "_corrupt_line";

  /** The bar columns the analyser uses, in order. */
  public static final List<String> COLUMNS =
      List.of(Schemas.SYMBOL, Schemas.TRADE_DATE, "open", "high", "low", "close", "volume");

  /** The shared daily file, every column read as text (typed below, so a bad value is counted, not fatal). */
  static final StructType CSV = Schemas.struct(
      Schemas.field("ticker", StringType, true, "ticker"),
      Schemas.field("date", StringType, true, "trading date yyyy-MM-dd"),
      Schemas.field("open", StringType, true, "open"),
      Schemas.field("high", StringType, true, "high"),
      Schemas.field("low", StringType, true, "low"),
      Schemas.field("close", StringType, true, "close"),
      Schemas.field("volume", StringType, true, "volume"),
      Schemas.field("openint", StringType, true, "open interest (unused)"),
      Schemas.field(CORRUPT, StringType, true, "the line, when the reader could not split it"));

  /** The CSV file (or directory, or glob) as text columns. */
  public static Dataset<Row> readCsv(SparkSession spark, String path) {
    return spark.read().format("csv").option("header", "true").option("mode", "PERMISSIVE")
        .option("columnNameOfCorruptRecord", CORRUPT).schema(CSV).load(path);
  }

  /** Text columns of {@link #readCsv} to typed bars with {@code bad_reason}. */
  public static Dataset<Row> fromCsv(Dataset<Row> text) {
    Column reason = lit(null).cast("string");
    List<String> fields = List.of("ticker", "date", "open", "high", "low", "close", "volume");
    Column missing = lit(false);
    for (String f : fields) {
      missing = missing.or(col(f).isNull()).or(trim(col(f)).equalTo(""));
    }
    Column typedDate = trim(col("date")).try_cast("date");
    Column badNumber = typedDate.isNull();
    for (String f : List.of("open", "high", "low", "close")) {
      badNumber = badNumber.or(trim(col(f)).try_cast("double").isNull());
    }
    badNumber = badNumber.or(trim(col("volume")).try_cast("long").isNull());
    reason = when(col(CORRUPT).isNotNull(), lit("malformed_line"))
        .when(missing, lit("missing_value"))
        .when(badNumber, lit("bad_number"))
        .otherwise(reason);
    Dataset<Row> typed = text.select(
        trim(col("ticker")).as(Schemas.SYMBOL),
        typedDate.as(Schemas.TRADE_DATE),
        trim(col("open")).try_cast("double").as("open"),
        trim(col("high")).try_cast("double").as("high"),
        trim(col("low")).try_cast("double").as("low"),
        trim(col("close")).try_cast("double").as("close"),
        trim(col("volume")).try_cast("long").as("volume"),
        reason.as(BAD_REASON));
    return validate(typed);
  }

  /**
   * Applies the price, volume and key rules to typed bars; keeps an earlier {@code bad_reason} when the
   * input has one.
   */
  public static Dataset<Row> validate(Dataset<Row> bars) {
    Column earlier = List.of(bars.columns()).contains(BAD_REASON) ? col(BAD_REASON) : lit(null).cast("string");
    Column o = col("open");
    Column h = col("high");
    Column l = col("low");
    Column c = col("close");
    Column reason = when(earlier.isNotNull(), earlier)
        .when(o.isNull().or(h.isNull()).or(l.isNull()).or(c.isNull()).or(col("volume").isNull())
            .or(col(Schemas.SYMBOL).isNull()).or(col(Schemas.TRADE_DATE).isNull()), lit("missing_value"))
        .when(o.leq(0).or(h.leq(0)).or(l.leq(0)).or(c.leq(0)), lit("non_positive_price"))
        .when(h.lt(l), lit("high_below_low"))
        .when(o.lt(l).or(o.gt(h)).or(c.lt(l)).or(c.gt(h)), lit("open_close_outside_range"))
        .when(col("volume").lt(0), lit("negative_volume"));
    Dataset<Row> checked = bars.select(col(Schemas.SYMBOL), col(Schemas.TRADE_DATE), o, h, l, c,
        col("volume"), reason.as(BAD_REASON));
    Column usableInKey = count(when(col(BAD_REASON).isNull(), lit(1)))
        .over(Window.partitionBy(Schemas.SYMBOL, Schemas.TRADE_DATE));
    return checked.withColumn(BAD_REASON, when(col(BAD_REASON).isNull().and(usableInKey.gt(1)),
        lit("duplicate_key")).otherwise(col(BAD_REASON)));
  }

  /** The usable bars, bar columns only. */
  public static Dataset<Row> usable(Dataset<Row> checked) {
    return checked.filter(col(BAD_REASON).isNull())
        .select(COLUMNS.stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new));
  }
}

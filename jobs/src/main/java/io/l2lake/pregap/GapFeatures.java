package io.l2lake.pregap;

import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.l2lake.lake.Schemas;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Builds {@code gold.pregap}: per symbol-day D the gap labels of D and features known at the close of
 * D-1. D-1 is the symbol's previous bar; every window counts the symbol's bars (trading days present),
 * and every feature reads bars up to D-1 only (frames end at row -1, lags start at 1), so changing the
 * bars of D or later cannot change D's features.
 *
 * <ul>
 *   <li>{@code gap_return} = open_D / close_{D-1} - 1; {@code gap_up_<100g>} = 1 when
 *       gap_return >= g, {@code gap_down_<100g>} = 1 when gap_return <= -g (both within
 *       {@link PregapParams#GAP_TOLERANCE}, so a ratio of quoted prices exactly on g counts), else 0;
 *       null when D has no previous bar or the previous bar is more than {@code maxGapDays} calendar
 *       days before D (a hole in the data, not one night).
 *   <li>{@code ret_k} = close_{D-1} / close_{D-1-k} - 1.
 *   <li>{@code vol_slope_n}: OLS slope of y = ln(1 + volume) on the bar position t = 0..n-1 over
 *       D-n..D-1: sum_i ((n+1)/2 - i) y_{D-i} / (n (n^2 - 1) / 12), i = 1..n (per bar, in log units).
 *   <li>{@code range_ratio_s_L}: mean of (high - low) / close over D-s..D-1 divided by the same mean over
 *       D-L..D-1 (below 1: the range contracts).
 *   <li>{@code rvol_L}: sample standard deviation of ln(close_j / close_{j-1}) for j = D-L..D-1.
 *   <li>{@code dist_high_L} = 1 - close_{D-1} / max(high over D-L..D-1): how far below the L-bar high
 *       the last close is (0 at the high).
 *   <li>{@code dollar_volume_L}: mean of close x volume over D-L..D-1.
 *   <li>From {@code gold.accumulation} where the lake has it, the row of (symbol, D-1):
 *       {@code acc_day_score}, {@code acc_score_5}, {@code acc_score_10}, {@code acc_state} and its level
 *       {@code acc_state_level} (DECAYED/EXITED 0, WATCH 1, ACCUMULATING 2, READY 3, TRIGGERED 4), and
 *       {@code acc_off_exchange_share}; null where the tracker has no row for D-1.
 * </ul>
 * A feature is null until its whole window exists (fewer bars before D than it needs).
 *
 * <p>Cost: one sort of the bars by (symbol, trade_date) and one window pass over each symbol (all the
 * frames share the ordering); the accumulation join is one shuffle join on (symbol, day).
 */
public final class GapFeatures {
  private GapFeatures() {}

  /** How a feature enters the logistic model, before winsorising and standardising on the training rows. */
  public enum Scale {
    /** The value as it is. */
    IDENTITY,
    /** ln(max(x, 1e-6)), for positive, skewed values. */
    LOG,
    /** ln(1 + x), for returns (giving the log return) and volumes. */
    LOG1P
  }

  /** A feature column of {@code gold.pregap}: its name, what it is and its scale in the model. */
  public record Feature(String name, String comment, Scale scale) {}

  public static final String GAP_RETURN = "gap_return";
  public static final String PREV_CLOSE = "prev_close";
  public static final String PREV_DATE = "prev_date";
  public static final String DAYS_SINCE_PREV = "days_since_prev";
  public static final String ACC_STATE = "acc_state";

  /** The accumulation tracker's columns read from {@code gold.accumulation}. */
  public static final List<String> ACCUMULATION_COLUMNS =
      List.of("day_score", "score_5", "score_10", "state", "off_exchange_share");

  /** The realised-volatility feature: the baseline every other feature is compared with. */
  public static String volatility(PregapParams p) {
    return "rvol_" + p.longDays();
  }

  /** The features in {@code gold.pregap}, in column order (the accumulation ones last). */
  public static List<Feature> catalogue(PregapParams p) {
    List<Feature> f = new ArrayList<>();
    for (int k : p.returnDays()) {
      f.add(new Feature("ret_" + k, k + "-bar return to the close of D-1: close_{D-1} / close_{D-1-" + k + "} - 1",
          Scale.LOG1P));
    }
    for (int n : p.slopeDays()) {
      f.add(new Feature("vol_slope_" + n, "volume acceleration: OLS slope of ln(1 + volume) per bar over D-" + n
          + "..D-1", Scale.IDENTITY));
    }
    int s = p.rangeDays();
    int l = p.longDays();
    f.add(new Feature("range_ratio_" + s + "_" + l, "range contraction: mean (high - low) / close over D-" + s
        + "..D-1 / the same over D-" + l + "..D-1", Scale.LOG));
    f.add(new Feature(volatility(p), "realised volatility: sample std of daily log close-to-close returns over D-"
        + l + "..D-1", Scale.LOG));
    f.add(new Feature("dist_high_" + l, "distance below the high: 1 - close_{D-1} / max(high over D-" + l
        + "..D-1)", Scale.IDENTITY));
    f.add(new Feature("dollar_volume_" + l, "mean close x volume over D-" + l + "..D-1", Scale.LOG1P));
    f.add(new Feature("acc_day_score", "gold.accumulation day_score of D-1 (null without a tracker row)",
        Scale.IDENTITY));
    f.add(new Feature("acc_score_5", "gold.accumulation score_5 of D-1", Scale.IDENTITY));
    f.add(new Feature("acc_score_10", "gold.accumulation score_10 of D-1", Scale.IDENTITY));
    f.add(new Feature("acc_state_level", "tracker state of D-1 as a level: DECAYED/EXITED 0, WATCH 1,"
        + " ACCUMULATING 2, READY 3, TRIGGERED 4", Scale.IDENTITY));
    f.add(new Feature("acc_off_exchange_share", "gold.accumulation off_exchange_share of D-1", Scale.IDENTITY));
    return List.copyOf(f);
  }

  /** The schema of {@code gold.pregap} for these parameters (label and feature names follow them). */
  public static StructType schema(PregapParams p) {
    List<StructField> f = new ArrayList<>();
    f.add(Schemas.field(Schemas.SYMBOL, StringType, false, "ticker"));
    f.add(Schemas.field(Schemas.TRADE_DATE, DateType, false, "day D, whose open may gap"));
    f.add(Schemas.field(PREV_DATE, DateType, true, "date of the symbol's previous bar (D-1)"));
    f.add(Schemas.field(DAYS_SINCE_PREV, IntegerType, true, "calendar days from D-1 to D"));
    f.add(Schemas.field(PREV_CLOSE, DoubleType, true, "close of D-1"));
    f.add(Schemas.field("open", DoubleType, false, "open of D"));
    f.add(Schemas.field(GAP_RETURN, DoubleType, true, "open_D / close_{D-1} - 1"));
    for (double g : p.gaps()) {
      f.add(Schemas.field(PregapParams.upLabel(g), IntegerType, true, String.format(Locale.ROOT,
          "1 when gap_return >= %s, else 0; null without a previous bar within %d days", g, p.maxGapDays())));
    }
    for (double g : p.gaps()) {
      f.add(Schemas.field(PregapParams.downLabel(g), IntegerType, true, String.format(Locale.ROOT,
          "1 when gap_return <= -%s, else 0; null without a previous bar within %d days", g, p.maxGapDays())));
    }
    f.add(Schemas.field(LabelHygiene.HALT, BooleanType, true, "suspected halt: " + p.haltDays()
        + "+ calendar days since D-1 or no shares traded on D-1 (null without a label)"));
    f.add(Schemas.field(LabelHygiene.BAD_PRINT, BooleanType, true, "suspected bad print: a gap with no shares"
        + " traded on D, an open " + p.absurdRatio() + "x or 1/" + p.absurdRatio() + "x the previous close, or a"
        + " gap fully reversed by the close on under " + p.reversalVolume() + "x the mean volume (null without a"
        + " label)"));
    for (Feature feature : catalogue(p)) {
      f.add(Schemas.field(feature.name(), feature.name().equals("acc_state_level") ? IntegerType : DoubleType,
          true, feature.comment() + " (data to the close of D-1 only)"));
      if (feature.name().equals("acc_state_level")) {
        f.add(Schemas.field(ACC_STATE, StringType, true, "gold.accumulation state of D-1"));
      }
    }
    return new StructType(f.toArray(StructField[]::new));
  }

  /**
   * {@code gold.pregap} rows for every bar: labels, features and (when {@code accumulation} is not
   * null) the tracker's row of D-1.
   */
  public static Dataset<Row> build(Dataset<Row> bars, Dataset<Row> accumulation, PregapParams p) {
    Dataset<Row> rows = withAccumulation(features(LabelHygiene.flags(labels(bars, p), p), p), accumulation);
    List<Column> out = new ArrayList<>();
    for (StructField f : schema(p).fields()) {
      out.add(col(f.name()).cast(f.dataType()).as(f.name(), f.metadata()));
    }
    return rows.select(out.toArray(Column[]::new));
  }

  static WindowSpec bySymbol() {
    return Window.partitionBy(Schemas.SYMBOL).orderBy(Schemas.TRADE_DATE);
  }

  /** Adds prev_date, days_since_prev, prev_close, gap_return and the labels of D. */
  public static Dataset<Row> labels(Dataset<Row> bars, PregapParams p) {
    WindowSpec w = bySymbol();
    Dataset<Row> d = bars
        .withColumn(PREV_DATE, lag(col(Schemas.TRADE_DATE), 1).over(w))
        .withColumn(PREV_CLOSE, lag(col("close"), 1).over(w))
        .withColumn(DAYS_SINCE_PREV, datediff(col(Schemas.TRADE_DATE), col(PREV_DATE)))
        .withColumn(GAP_RETURN, col("open").divide(col(PREV_CLOSE)).minus(1));
    Column labelled = col(PREV_CLOSE).isNotNull().and(col(DAYS_SINCE_PREV).leq(p.maxGapDays()));
    Column gap = col(GAP_RETURN);
    for (double g : p.gaps()) {
      d = d.withColumn(PregapParams.upLabel(g), when(labelled,
          when(gap.geq(g - PregapParams.GAP_TOLERANCE), 1).otherwise(0)));
    }
    for (double g : p.gaps()) {
      d = d.withColumn(PregapParams.downLabel(g), when(labelled,
          when(gap.leq(-g + PregapParams.GAP_TOLERANCE), 1).otherwise(0)));
    }
    return d;
  }

  /** Adds the daily-bar features of D (data to the close of D-1). */
  public static Dataset<Row> features(Dataset<Row> bars, PregapParams p) {
    WindowSpec w = bySymbol();
    int l = p.longDays();
    int s = p.rangeDays();
    Dataset<Row> d = bars
        .withColumn("_lr", log(col("close").divide(lag(col("close"), 1).over(w))))
        .withColumn("_hl", col("high").minus(col("low")).divide(col("close")))
        .withColumn("_ly", log1p(col("volume").cast("double")))
        .withColumn("_dv", col("close").multiply(col("volume")));
    Column prevClose = lag(col("close"), 1).over(w);
    for (int k : p.returnDays()) {
      d = d.withColumn("ret_" + k, prevClose.divide(lag(col("close"), 1 + k).over(w)).minus(1));
    }
    for (int n : p.slopeDays()) {
      Column num = lit(0.0);
      for (int i = 1; i <= n; i++) {
        num = num.plus(lag(col("_ly"), i).over(w).multiply((n + 1) / 2.0 - i));
      }
      d = d.withColumn("vol_slope_" + n, num.divide(n * ((double) n * n - 1) / 12.0));
    }
    WindowSpec longFrame = w.rowsBetween(-l, -1);
    WindowSpec shortFrame = w.rowsBetween(-s, -1);
    Column full = count(col("_hl")).over(longFrame).equalTo(l);
    Column longRange = avg(col("_hl")).over(longFrame);
    d = d.withColumn("range_ratio_" + s + "_" + l, when(full.and(longRange.gt(0)),
        avg(col("_hl")).over(shortFrame).divide(longRange)));
    d = d.withColumn(volatility(p), when(count(col("_lr")).over(longFrame).equalTo(l),
        io.l2lake.columns.Rolling.stddevSamp(col("_lr"), longFrame)));
    d = d.withColumn("dist_high_" + l, when(full, lit(1).minus(prevClose.divide(max(col("high")).over(longFrame)))));
    d = d.withColumn("dollar_volume_" + l, when(full, avg(col("_dv")).over(longFrame)));
    return d.drop("_lr", "_hl", "_ly", "_dv");
  }

  /**
   * Adds the accumulation tracker's row of (symbol, D-1): {@code accumulation} holds symbol,
   * trade_date and {@link #ACCUMULATION_COLUMNS}; null (no tracker table) gives null columns.
   */
  public static Dataset<Row> withAccumulation(Dataset<Row> rows, Dataset<Row> accumulation) {
    if (accumulation == null) {
      return rows.withColumn("acc_day_score", lit(null).cast("double"))
          .withColumn("acc_score_5", lit(null).cast("double"))
          .withColumn("acc_score_10", lit(null).cast("double"))
          .withColumn(ACC_STATE, lit(null).cast("string"))
          .withColumn("acc_state_level", lit(null).cast("int"))
          .withColumn("acc_off_exchange_share", lit(null).cast("double"));
    }
    Column state = col("state");
    Dataset<Row> a = accumulation.select(
        col(Schemas.SYMBOL),
        col(Schemas.TRADE_DATE).as(PREV_DATE),
        col("day_score").cast("double").as("acc_day_score"),
        col("score_5").cast("double").as("acc_score_5"),
        col("score_10").cast("double").as("acc_score_10"),
        state.cast("string").as(ACC_STATE),
        when(state.isin("DECAYED", "EXITED"), 0).when(state.equalTo("WATCH"), 1)
            .when(state.equalTo("ACCUMULATING"), 2).when(state.equalTo("READY"), 3)
            .when(state.equalTo("TRIGGERED"), 4).as("acc_state_level"),
        col("off_exchange_share").cast("double").as("acc_off_exchange_share"));
    return rows.join(a, Schemas.names(Schemas.SYMBOL, PREV_DATE), "left");
  }
}

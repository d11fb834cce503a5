package io.l2lake.pregap;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.log1p;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.stddev_samp;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.StringType;

import io.l2lake.lake.Schemas;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Rolling-origin evaluation of the logistic models: the analysed years are cut into test blocks of
 * {@code testBlockYears} years from {@code firstTestYear} on; each block is scored by models fitted on
 * all the years before its first year, never on its own rows or later ones.
 *
 * <p>Per (feature, block) the inputs are, from the training rows of that block only: the baseline
 * x1 = ln(rvol_L), x2 = ln(close_{D-1}), x3 = ln(1 + dollar_volume_L) and the feature x4 (after its
 * {@link GapFeatures.Scale}), each winsorised at its 1% and 99% training quantiles and standardised
 * with the training mean and standard deviation. The baseline model uses x1..x3, the feature model
 * x1..x4 ({@link Logistic}); the features of the baseline (rvol_L, dollar_volume_L) get only the
 * baseline model. The test scores are the linear predictors b.x (monotone in the probability).
 *
 * <p>Cost: every analysed row is repeated once per block it trains or tests (about 2.5 times for three
 * blocks ending at the last year), cached; one aggregation for the scales, about ten Newton passes over
 * the training rows, and the scored test rows (test rows x labels x 2 models) for the ranks.
 */
public final class RollingOrigin {
  private RollingOrigin() {}

  static final String MODEL = "_model";
  static final String BLOCK = "block";
  static final String KIND = "kind";
  static final String TARGET = "target";
  static final String TRAIN = "_train";
  static final List<String> INPUTS = List.of("x1", "x2", "x3", "x4");

  /** One test block: its index, first and last year (inclusive). */
  public record Block(int index, int first, int last) {
    public String name() {
      return first == last ? Integer.toString(first) : first + "-" + last;
    }
  }

  /**
   * The test blocks over the years present: [first + k n, first + (k + 1) n - 1] for k = 0, 1, ...,
   * the last one cut at the last year present; a block must have a year present before it (to fit on)
   * and one in it (to test).
   */
  public static List<Block> blocks(Collection<Integer> years, int firstTestYear, int blockYears) {
    TreeSet<Integer> y = new TreeSet<>(years);
    List<Block> out = new ArrayList<>();
    if (y.isEmpty()) {
      return out;
    }
    for (int first = firstTestYear; first <= y.last(); first += blockYears) {
      int last = Math.min(first + blockYears - 1, y.last());
      boolean before = y.first() < first;
      boolean in = !y.subSet(first, true, last, true).isEmpty();
      if (before && in) {
        out.add(new Block(out.size(), first, last));
      }
    }
    return List.copyOf(out);
  }

  /** The model key of a (feature, block). */
  static String model(String feature, int block) {
    return feature + "@" + block;
  }

  /**
   * The model rows of every (feature, block) from the long table ({@code feature}, {@code value},
   * {@code _year}, {@code _vol}, {@code _price}, {@code _dv}, symbol, labels, ...): the rows of the block's
   * training years ({@code _train}) and test years, with the scaled inputs x1..x4.
   */
  static Dataset<Row> modelRows(Dataset<Row> longRows, List<GapFeatures.Feature> features, List<Block> blocks) {
    List<Row> b = new ArrayList<>();
    blocks.forEach(x -> b.add(RowFactory.create(x.index(), x.first(), x.last())));
    Dataset<Row> blockTable = longRows.sparkSession().createDataFrame(b, Schemas.struct(
        Schemas.field(BLOCK, IntegerType, false, "block"),
        Schemas.field("_first", IntegerType, false, "first test year"),
        Schemas.field("_last", IntegerType, false, "last test year")));
    Column scale = null;
    for (GapFeatures.Feature f : features) {
      Column v = col(PregapReport.VALUE);
      Column t = switch (f.scale()) {
        case IDENTITY -> v;
        case LOG -> log(greatest(v, lit(1e-6)));
        case LOG1P -> log1p(greatest(v, lit(-1 + 1e-6)));
      };
      scale = scale == null ? when(col(PregapReport.FEATURE).equalTo(f.name()), t)
          : scale.when(col(PregapReport.FEATURE).equalTo(f.name()), t);
    }
    Dataset<Row> t = longRows.crossJoin(broadcast(blockTable)).filter(col(PregapReport.YEAR).leq(col("_last")))
        .withColumn(TRAIN, col(PregapReport.YEAR).lt(col("_first")))
        .withColumn(MODEL, concat(col(PregapReport.FEATURE), lit("@"), col(BLOCK).cast("string")))
        .withColumn("_t1", log(greatest(col(PregapReport.VOL), lit(1e-6))))
        .withColumn("_t2", log(greatest(col(PregapReport.PRICE), lit(1e-6))))
        .withColumn("_t3", log1p(greatest(col(PregapReport.DOLLAR_VOLUME), lit(0.0))))
        .withColumn("_t4", scale)
        .drop("_first", "_last");
    List<Column> q = new ArrayList<>();
    for (int j = 1; j <= 4; j++) {
      q.add(percentile_approx(col("_t" + j), array(lit(0.01), lit(0.99)), lit(10_000)).as("_q" + j));
    }
    Dataset<Row> bounds = t.filter(col(TRAIN)).groupBy(MODEL).agg(q.get(0), q.subList(1, 4).toArray(Column[]::new));
    List<Column> moments = new ArrayList<>();
    for (int j = 1; j <= 4; j++) {
      Column w = least(greatest(col("_t" + j), col("_q" + j).getItem(0)), col("_q" + j).getItem(1));
      moments.add(avg(w).as("_m" + j));
      moments.add(stddev_samp(w).as("_s" + j));
    }
    Dataset<Row> scales = t.filter(col(TRAIN)).join(broadcast(bounds), MODEL).groupBy(MODEL)
        .agg(moments.get(0), moments.subList(1, moments.size()).toArray(Column[]::new))
        .join(bounds, MODEL);
    Dataset<Row> scaled = t.join(broadcast(scales), MODEL);
    for (int j = 1; j <= 4; j++) {
      Column w = least(greatest(col("_t" + j), col("_q" + j).getItem(0)), col("_q" + j).getItem(1));
      scaled = scaled.withColumn("x" + j, when(col("_s" + j).gt(0), w.minus(col("_m" + j)).divide(col("_s" + j)))
          .otherwise(lit(0.0)));
    }
    List<String> drop = new ArrayList<>(List.of("_t1", "_t2", "_t3", "_t4"));
    for (int j = 1; j <= 4; j++) {
      drop.add("_q" + j);
      drop.add("_m" + j);
      drop.add("_s" + j);
    }
    return scaled.drop(drop.toArray(String[]::new));
  }

  /**
   * Fits, per block and label, the baseline model once (on the rows of the volatility feature {@code vol},
   * i.e. every analysed row) and the baseline + feature model of every feature outside the baseline
   * (on that feature's rows), on the training rows of {@code modelRows}. The features of the baseline
   * ({@code baseline}) get no model of their own.
   */
  static Map<Logistic.Key, Logistic.Fit> fit(Dataset<Row> modelRows, List<String> labels, String vol,
      Set<String> baseline) {
    Column other = lit(true);
    for (String b : baseline) {
      other = other.and(col(PregapReport.FEATURE).notEqual(b));
    }
    return Logistic.fit(modelRows.filter(col(TRAIN)).filter(col(PregapReport.FEATURE).equalTo(vol).or(other)), MODEL,
        INPUTS, labels, g -> g.startsWith(vol + "@") ? Set.of(Logistic.Kind.BASE) : Set.of(Logistic.Kind.WITH_FEATURE));
  }

  /**
   * The test rows scored by their block's models: per row and fitted (label, kind) the columns
   * {@code feature}, {@code block}, {@code kind} (BASE or WITH_FEATURE), {@code target} (the label),
   * {@code score} = b1 x1 + ... + b4 x4, {@code y} (the row's label), symbol, trade_date, {@code _gap},
   * {@code _price}.
   */
  static Dataset<Row> scores(Dataset<Row> modelRows, Map<Logistic.Key, Logistic.Fit> fits, List<String> labels,
      List<GapFeatures.Feature> features, List<Block> blocks, String vol) {
    List<StructField> fields = new ArrayList<>(List.of(
        Schemas.field(MODEL, StringType, false, "model"),
        Schemas.field(TARGET, StringType, false, "label"),
        Schemas.field(KIND, StringType, false, "kind")));
    for (int j = 1; j <= 4; j++) {
      fields.add(Schemas.field("_b" + j, DoubleType, false, "coefficient"));
    }
    List<Row> coef = new ArrayList<>();
    fits.forEach((k, f) -> {
      if (f.fitted() && k.kind() == Logistic.Kind.WITH_FEATURE) {
        double[] c = f.coefficients();
        coef.add(RowFactory.create(k.group(), k.label(), k.kind().name(), c[1], c[2], c[3], c[4]));
      }
    });
    // The block's baseline model scores every feature's test rows (its inputs x1..x3 are scaled per
    // (feature, block) from the same training rows, up to that feature's null rows).
    for (Block b : blocks) {
      for (String l : labels) {
        Logistic.Fit f = fits.get(new Logistic.Key(model(vol, b.index()), l, Logistic.Kind.BASE));
        if (f == null || !f.fitted()) {
          continue;
        }
        double[] c = f.coefficients();
        for (GapFeatures.Feature feature : features) {
          coef.add(RowFactory.create(model(feature.name(), b.index()), l, Logistic.Kind.BASE.name(), c[1], c[2],
              c[3], 0.0));
        }
      }
    }
    Column y = null;
    for (String l : labels) {
      y = y == null ? when(col(TARGET).equalTo(l), col(l)) : y.when(col(TARGET).equalTo(l), col(l));
    }
    Column score = lit(0.0);
    for (int j = 1; j <= 4; j++) {
      score = score.plus(col("_b" + j).multiply(col("x" + j)));
    }
    Dataset<Row> models = modelRows.sparkSession().createDataFrame(coef, new StructType(fields.toArray(StructField[]::new)));
    return modelRows.filter(org.apache.spark.sql.functions.not(col(TRAIN))).join(broadcast(models), MODEL)
        .select(col(PregapReport.FEATURE), col(BLOCK), col(KIND), col(TARGET), score.as("score"), y.as("y"),
            col(Schemas.SYMBOL), col(Schemas.TRADE_DATE), col(PregapReport.GAP), col(PregapReport.PRICE));
  }

  static String describe(List<Block> blocks) {
    List<String> out = new ArrayList<>();
    blocks.forEach(b -> out.add(b.name()));
    return String.format(Locale.ROOT, "%s", String.join(", ", out));
  }
}

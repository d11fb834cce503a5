package io.l2lake.cli;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.evaluation.SignalEvalReport;
import io.l2lake.evaluation.SignalEvaluation;
import io.l2lake.evaluation.SignalScores;
import io.l2lake.lake.Lake;
import io.l2lake.lake.TableId;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code l2lake evaluate signals}: the detectors against generated markets whose truth they never see. Per market
 * (a seed set, with or without buyers) and feed mode, the working lake of {@link EvaluationMarkets} is scored by
 * {@link SignalEvaluation}. A market already built is not simulated again (the run resumes where it stopped). The figures go to {@code gold.signal_eval} of the command's lake, to standard
 * output as JSON, and with {@code --docs DIR} to {@code DIR/signals.md} and {@code DIR/signals-detection.png}.
 */
final class SignalEvaluationRun {
  private SignalEvaluationRun() {}

  /** What to evaluate. */
  record Options(List<Long> seeds, String seedLabel, int symbols, int days, double intensity, List<Double> strengths,
      List<String> feeds, boolean withNullMarket, int resamples, Path work, Path docs) {
    EvaluationMarkets.Spec spec() {
      return new EvaluationMarkets.Spec(seeds, seedLabel, symbols, days, intensity, strengths);
    }
  }

  static List<SignalEvaluation.Measure> run(SparkSession spark, L2Config config, Strategy strategy, Options o) {
    List<SignalEvaluation.Measure> all = new ArrayList<>();
    for (EvaluationMarkets.Market m : EvaluationMarkets.markets(o.spec(), o.feeds(), o.withNullMarket())) {
      Instant started = Instant.now();
      Path dir = o.work().resolve(m.dirName());
      L2Config c = EvaluationMarkets.build(spark, config, strategy, o.spec(), m, dir);
      Lake lake = new Lake(spark, c.lake().root());
      Dataset<Row> truthDays = EvaluationMarkets.truth(spark, dir, o.seeds(), TableId.TRUTH_DAYS);
      Dataset<Row> episodes = EvaluationMarkets.truth(spark, dir, o.seeds(), TableId.TRUTH_EPISODES)
          .select("symbol", "kind", "start_date", "end_date", "gap_date", "strength");
      // In the null market every buyer trades at rate 0: its planted days are the positives (they must score
      // like any other day); elsewhere a positive is a day the buyer executed on.
      Column positive = m.nullMarket()
          ? coalesce(col("episode_kind").equalTo("accumulation"), lit(false))
          : col("buyer_active");
      Dataset<Row> labelled = truthDays.withColumn("buyer_active", positive)
          .withColumn("strength", m.nullMarket() ? lit(0.0) : col("strength"));
      Dataset<Row> gapEpisodes = m.nullMarket() ? episodes.withColumn("strength",
          org.apache.spark.sql.functions.when(col("kind").equalTo("accumulation"), lit(0.0))) : episodes;
      Dataset<Row> signals = EvaluationMarkets.read(lake, TableId.GOLD_SIGNALS_1M);
      Dataset<Row> acc = EvaluationMarkets.read(lake, TableId.GOLD_ACCUMULATION);
      all.addAll(SignalEvaluation.measure(m.label(), m.feeds(), SignalScores.symbolDays(signals, acc, labelled),
          SignalScores.negativeMinuteFires(signals, labelled), SignalScores.gaps(acc,
              gapEpisodes.filter(col("kind").equalTo("accumulation"))), o.resamples(), 1L));
      System.err.printf(Locale.ROOT, "evaluate signals: %s, feeds %s scored in %d s%n", m.label(), m.feeds(),
          Duration.between(started, Instant.now()).toSeconds());
    }
    return all;
  }

  /** The title of {@code signals.md} and how to make it again. */
  static String header(Options o) {
    return String.format(Locale.ROOT, "# Signals and tracker on the fair simulator%n%n"
        + "Made by `./l2lake evaluate signals --seeds %s --symbols %d --days %d --intensity %s --docs docs` "
        + "(participation rates %s; feeds %s; %s). A positive is a symbol-day on which the hidden buyer "
        + "executed; every other symbol-day is a negative. On a null market the buyers trade at rate 0 and "
        + "their planted days are the positives. Chart: `signals-detection.png`.%n%n",
        o.seedLabel(), o.symbols(), o.days(), o.intensity(), o.strengths(), String.join(", ", o.feeds()),
        o.withNullMarket() ? "each also as a null market" : "no null market");
  }

  /** Writes the table rows, the markdown and the chart. */
  static void publish(SparkSession spark, L2Config config, Options o, String evaluationId,
      List<SignalEvaluation.Measure> measures) throws IOException {
    Lake lake = new Lake(spark, config.lake().root());
    lake.append(TableId.GOLD_SIGNAL_EVAL, SignalEvalReport.rows(spark, evaluationId, measures, o.resamples()),
        "seed_set");
    if (o.docs() != null) {
      Files.createDirectories(o.docs());
      SignalEvalReport.detectionChart(measures, "score_5", o.docs().resolve("signals-detection.png"));
      Files.writeString(o.docs().resolve("signals.md"), header(o) + SignalEvalReport.markdown(measures));
    }
  }
}

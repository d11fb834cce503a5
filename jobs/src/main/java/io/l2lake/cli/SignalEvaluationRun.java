package io.l2lake.cli;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.evaluation.SignalEvalReport;
import io.l2lake.evaluation.SignalEvaluation;
import io.l2lake.evaluation.SignalScores;
import io.l2lake.generate.GenerateJob;
import io.l2lake.generate.MarketPlan;
import io.l2lake.ingest.IngestJob;
import io.l2lake.lake.Lake;
import io.l2lake.lake.RunContext;
import io.l2lake.lake.TableId;
import io.l2lake.run.Stages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code l2lake evaluate signals}: the detectors against generated markets whose truth they never see. Per market
 * (a seed set, with or without buyers) and feed mode, every seed's market is simulated into one landing zone
 * (symbols named by seed, truth in a lake per seed), ingested and run through every stage into one working lake,
 * then scored by {@link SignalEvaluation}. A market whose working lake is complete is not simulated again (the
 * run resumes where it stopped). The figures go to {@code gold.signal_eval} of the command's lake, to standard
 * output as JSON, and with {@code --docs DIR} to {@code DIR/signals.md} and {@code DIR/signals-detection.png}.
 */
final class SignalEvaluationRun {
  private SignalEvaluationRun() {}

  /** What to evaluate. */
  record Options(List<Long> seeds, String seedLabel, int symbols, int days, double intensity, List<Double> strengths,
      List<String> feeds, boolean withNullMarket, int resamples, Path work, Path docs) {}

  /** One simulated market: its seeds in one feed mode, with buyers or none. */
  record Market(String label, String feeds, boolean nullMarket) {
    String dirName() {
      return label.replaceAll("[^A-Za-z0-9-]", "_") + "-" + feeds;
    }
  }

  static List<SignalEvaluation.Measure> run(SparkSession spark, L2Config config, Strategy strategy, Options o) {
    List<Market> markets = new ArrayList<>();
    for (String feeds : o.feeds()) {
      markets.add(new Market(o.seedLabel(), feeds, false));
      if (o.withNullMarket()) {
        markets.add(new Market(o.seedLabel() + " null", feeds, true));
      }
    }
    List<SignalEvaluation.Measure> all = new ArrayList<>();
    for (Market m : markets) {
      Instant started = Instant.now();
      Path dir = o.work().resolve(m.dirName());
      L2Config c = build(spark, config, strategy, o, m, dir);
      Lake lake = new Lake(spark, c.lake().root());
      Dataset<Row> truthDays = null;
      Dataset<Row> episodes = null;
      for (long seed : o.seeds()) {
        Lake truth = new Lake(spark, dir.resolve("truth-" + seed).toString());
        Dataset<Row> d = read(truth, TableId.TRUTH_DAYS);
        Dataset<Row> e = read(truth, TableId.TRUTH_EPISODES).select("symbol", "kind", "start_date", "end_date",
            "gap_date", "strength");
        truthDays = truthDays == null ? d : truthDays.unionByName(d);
        episodes = episodes == null ? e : episodes.unionByName(e);
      }
      // In the null market every buyer trades at rate 0: its planted days are the positives (they must score
      // like any other day); elsewhere a positive is a day the buyer executed on.
      Column positive = m.nullMarket()
          ? coalesce(col("episode_kind").equalTo("accumulation"), lit(false))
          : col("buyer_active");
      Dataset<Row> labelled = truthDays.withColumn("buyer_active", positive)
          .withColumn("strength", m.nullMarket() ? lit(0.0) : col("strength"));
      Dataset<Row> gapEpisodes = m.nullMarket() ? episodes.withColumn("strength",
          org.apache.spark.sql.functions.when(col("kind").equalTo("accumulation"), lit(0.0))) : episodes;
      Dataset<Row> signals = read(lake, TableId.GOLD_SIGNALS_1M);
      Dataset<Row> acc = read(lake, TableId.GOLD_ACCUMULATION);
      all.addAll(SignalEvaluation.measure(m.label(), m.feeds(), SignalScores.symbolDays(signals, acc, labelled),
          SignalScores.negativeMinuteFires(signals, labelled), SignalScores.gaps(acc,
              gapEpisodes.filter(col("kind").equalTo("accumulation"))), o.resamples(), 1L));
      System.err.printf(Locale.ROOT, "evaluate signals: %s, feeds %s scored in %d s%n", m.label(), m.feeds(),
          Duration.between(started, Instant.now()).toSeconds());
    }
    return all;
  }

  /**
   * The market's working lake, built unless a marker says it is complete; its configuration. A complete market
   * (simulated, ingested, silver) is kept, and its gold stages run again when the strategy settings or the code
   * version differ from those they last ran with (recorded beside the marker), so a changed tracker or signal
   * parameter is scored without simulating again.
   */
  private static L2Config build(SparkSession spark, L2Config config, Strategy strategy, Options o, Market m, Path dir) {
    L2Config c = config.withLakeRoot(dir.resolve("lake").toString());
    Path done = dir.resolve("complete");
    Path goldDone = dir.resolve("gold-settings");
    String settings = goldSettings(strategy);
    try {
      if (Files.isRegularFile(done)) {
        if (!Files.isRegularFile(goldDone) || !Files.readString(goldDone).equals(settings)) {
          Stages.run(Stages.inZone("gold"), spark, c, strategy, null, null);
          Files.writeString(goldDone, settings);
        }
        return c;
      }
      io.l2lake.bench.BenchData.deleteTree(dir);
      Path raw = dir.resolve("raw");
      for (long seed : o.seeds()) {
        MarketPlan.Options plan = new MarketPlan.Options(seed, o.symbols(), o.days(), LocalDate.of(2025, 3, 3),
            o.intensity(), MarketPlan.FaultRates.none(), 3600, 5).withMarket(new MarketPlan.Market(o.strengths(),
            m.feeds(), m.nullMarket(), MarketPlan.Confounders.defaults()));
        GenerateJob.run(spark, new Lake(spark, dir.resolve("truth-" + seed).toString()), raw.toString(), plan,
            RunContext.create(), prefix(seed));
      }
      IngestJob.run(spark, c, RunContext.create(), new IngestJob.Options(raw.toString(), false));
      Stages.run(Stages.ALL, spark, c, strategy, null, null);
      Files.writeString(goldDone, settings);
      Files.writeString(done, Instant.now().toString());
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The code version and every strategy setting's value: what the gold tables depend on besides silver. */
  static String goldSettings(Strategy strategy) {
    StringBuilder out = new StringBuilder("code_version=").append(RunContext.create().codeVersion()).append('\n');
    for (var s : Strategy.SETTINGS) {
      out.append(s.key()).append('=').append(String.valueOf(strategy.get(s))).append('\n');
    }
    return out.toString();
  }

  private static Dataset<Row> read(Lake lake, TableId id) {
    if (!lake.exists(id)) {
      throw new IllegalStateException(id.qualifiedName() + " is missing in " + lake.root());
    }
    return lake.spark().read().format("delta").load(lake.path(id));
  }

  /** The symbols of seed {@code seed}: S, the seed, X, then the symbol's number (S11X003). */
  static String prefix(long seed) {
    return String.format(Locale.ROOT, "S%dX", seed);
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

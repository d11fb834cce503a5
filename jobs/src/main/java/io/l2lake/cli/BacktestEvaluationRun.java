package io.l2lake.cli;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.l2lake.backtest.BacktestJob;
import io.l2lake.backtest.MatchedControls;
import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.lake.Lake;
import io.l2lake.lake.RunContext;
import io.l2lake.lake.TableId;
import io.l2lake.report.ReportCharts;
import io.l2lake.report.RunReportModel;
import io.l2lake.report.RunReportReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * {@code l2lake evaluate backtest}: the strategy on the fair generated markets of {@link EvaluationMarkets}, with
 * buyers and without (the null market keeps every planted gap and its dates, with each buyer trading at rate 0).
 * Each market's working lake gets its seeds' {@code truth.episodes}, so the gap attribution counts the planted
 * gaps; then one backtest with the matched random draws runs over all of its days. The figures of both markets
 * go side by side to standard output as Markdown and, with {@code --docs DIR}, to {@code DIR/backtest.md} with
 * the planted market's two pictures ({@code backtest-luck.png}, {@code backtest-gaps.png}).
 */
final class BacktestEvaluationRun {
  private BacktestEvaluationRun() {}

  /** What to run. */
  record Options(EvaluationMarkets.Spec spec, String feeds, boolean withNullMarket, long seed, Path work, Path docs) {}

  /** One market's backtest: its run, range and figures. */
  record Outcome(EvaluationMarkets.Market market, Path lake, LocalDate from, LocalDate to, BacktestJob.Result result,
      double seconds) {}

  static List<Outcome> run(SparkSession spark, L2Config config, Strategy strategy, Options o) {
    List<Outcome> out = new ArrayList<>();
    for (EvaluationMarkets.Market m : EvaluationMarkets.markets(o.spec(), List.of(o.feeds()), o.withNullMarket())) {
      Instant started = Instant.now();
      Path dir = o.work().resolve(m.dirName());
      L2Config c = EvaluationMarkets.build(spark, config, strategy, o.spec(), m, dir);
      Lake lake = new Lake(spark, c.lake().root());
      EvaluationMarkets.truth(spark, dir, o.spec().seeds(), TableId.TRUTH_EPISODES).write().format("delta")
          .mode("overwrite").option("overwriteSchema", "true").save(lake.path(TableId.TRUTH_EPISODES));
      Row range = EvaluationMarkets.read(lake, TableId.GOLD_ACCUMULATION)
          .agg(min(col("trade_date")), max(col("trade_date"))).first();
      LocalDate from = range.getDate(0).toLocalDate();
      LocalDate to = range.getDate(1).toLocalDate();
      BacktestJob.Result r = BacktestJob.run(spark, lake, strategy, RunContext.create(), from, to, true, o.seed());
      double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;
      System.err.printf(Locale.ROOT, "evaluate backtest: %s, feeds %s in %.0f s%n", m.label(), m.feeds(), seconds);
      out.add(new Outcome(m, dir.resolve("lake"), from, to, r, seconds));
    }
    return out;
  }

  /**
   * The title of {@code backtest.md} and how to make it again: the command with a {@code --set} for every
   * strategy setting that differs from the defaults, so a run with overrides does not pass for a default run.
   */
  static String header(Options o, Strategy strategy) {
    EvaluationMarkets.Spec s = o.spec();
    java.util.Map<String, String> defaults = EvaluationMarkets.settingValues(Strategy.defaults());
    StringBuilder sets = new StringBuilder();
    EvaluationMarkets.settingValues(strategy).forEach((key, value) -> {
      if (!value.equals(defaults.get(key))) {
        sets.append(" --set ").append(key).append('=').append(value.replace(" ", ""));
      }
    });
    return String.format(Locale.ROOT, "# The strategy on the fair simulator%n%n"
        + "Made by `./l2lake evaluate backtest --seeds %s --symbols %d --days %d --intensity %s --feeds %s%s"
        + " --docs docs` (participation rates %s; %s). Each market is every seed's symbols in one lake; the backtest"
        + " runs over all of its days with the strategy's defaults (`conf/strategy.conf`)%s and %d matched random"
        + " draws. Pictures of the market with buyers: `backtest-luck.png`, `backtest-gaps.png`.%n%n",
        s.seedLabel(), s.symbols(), s.days(), s.intensity(), o.feeds(), sets, s.strengths(),
        o.withNullMarket() ? "also as a null market: the same gaps, no buyer" : "no null market",
        sets.isEmpty() ? "" : " but for the settings given with --set", strategy.backtest().controlDraws());
  }

  /** The two markets side by side: trades, gaps, holding, the oracle, the strategy against its draws. */
  static String markdown(List<Outcome> outcomes) {
    StringBuilder b = new StringBuilder();
    b.append("| measure |");
    outcomes.forEach(x -> b.append(' ').append(x.market().nullMarket() ? "null market (no buyer)" : "with buyers")
        .append(" |"));
    b.append('\n').append("|---|");
    outcomes.forEach(x -> b.append("---|"));
    b.append('\n');
    line(b, outcomes, "days", x -> x.from() + " to " + x.to());
    line(b, outcomes, "strategy trades", x -> count(metric(x, "trade_count")));
    line(b, outcomes, "gaps (planted)", x -> count(gap(x, "gaps")));
    line(b, outcomes, "gaps after a READY day", x -> count(gap(x, "after_ready")));
    line(b, outcomes, "of those, held at the open", x -> share(gap(x, "held_after_ready"), gap(x, "after_ready")));
    line(b, outcomes, "all gaps held at the open", x -> count(gap(x, "held")));
    line(b, outcomes, "oracle: trades, mean net return", x -> count(gap(x, "oracle_trades")) + ", "
        + pct(gap(x, "oracle_mean_return")));
    line(b, outcomes, "strategy: mean net return a trade [95%]", x -> test(x.result().returns()));
    line(b, outcomes, "matched draws: mean [5-95%]", x -> draws(x.result().returns()));
    line(b, outcomes, "p (draws at least as good)", x -> p(x.result().returns()));
    line(b, outcomes, "strategy: % of capital a trade [95%]", x -> test(x.result().capital()));
    line(b, outcomes, "p (% of capital)", x -> p(x.result().capital()));
    line(b, outcomes, "total return, net", x -> pct(metric(x, "total_return")));
    line(b, outcomes, "net PnL ($)", x -> {
      Number v = metric(x, "net_pnl");
      return v == null ? "-" : String.format(Locale.ROOT, "%,.0f", v.doubleValue());
    });
    line(b, outcomes, "run id", x -> "`" + x.result().runId() + "`");
    return b.toString();
  }

  /** Writes {@code backtest.md} and the pictures of the first market with buyers. */
  static void publish(SparkSession spark, Strategy strategy, Options o, List<Outcome> outcomes) throws IOException {
    Files.createDirectories(o.docs());
    Files.writeString(o.docs().resolve("backtest.md"), header(o, strategy) + markdown(outcomes));
    for (Outcome x : outcomes) {
      if (x.market().nullMarket()) {
        continue;
      }
      RunReportReader reader = new RunReportReader(spark, new Lake(spark, x.lake().toString()));
      String runId = x.result().runId();
      double capital = strategy.backtest().initialCapital();
      ImageIO.write(ReportCharts.luck("Skill or luck: the strategy against matched random entries",
          reader.luck(runId, capital)), "png", o.docs().resolve("backtest-luck.png").toFile());
      ImageIO.write(ReportCharts.gaps("The planted gaps: held at the open, exited before, or never entered",
          reader.gapCounts(runId), reader.oracle(runId)), "png", o.docs().resolve("backtest-gaps.png").toFile());
      return;
    }
  }

  private interface Cell {
    String of(Outcome x);
  }

  private static void line(StringBuilder b, List<Outcome> outcomes, String name, Cell cell) {
    b.append("| ").append(name).append(" |");
    outcomes.forEach(x -> b.append(' ').append(cell.of(x)).append(" |"));
    b.append('\n');
  }

  private static Number metric(Outcome x, String column) {
    Row r = x.result().metrics().get("signal");
    return r == null || r.isNullAt(r.fieldIndex(column)) ? null : (Number) r.get(r.fieldIndex(column));
  }

  private static Number gap(Outcome x, String column) {
    Row r = x.result().gaps().get("signal");
    return r == null || r.isNullAt(r.fieldIndex(column)) ? null : (Number) r.get(r.fieldIndex(column));
  }

  private static String count(Number v) {
    return v == null ? "0" : Long.toString(v.longValue());
  }

  private static String share(Number part, Number whole) {
    long w = whole == null ? 0 : whole.longValue();
    long p = part == null ? 0 : part.longValue();
    return w == 0 ? "-" : String.format(Locale.ROOT, "%d of %d (%.0f%%)", p, w, 100.0 * p / w);
  }

  private static String pct(Number v) {
    return v == null || Double.isNaN(v.doubleValue()) ? "-" : String.format(Locale.ROOT, "%+.2f%%",
        100 * v.doubleValue());
  }

  private static String test(MatchedControls.Test t) {
    return t == null || t.trades() == 0 ? "-" : String.format(Locale.ROOT, "%+.3f%% [%+.3f%%, %+.3f%%]",
        100 * t.strategyMean(), 100 * t.ciLow(), 100 * t.ciHigh());
  }

  private static String draws(MatchedControls.Test t) {
    return t == null || t.trades() == 0 ? "-" : String.format(Locale.ROOT, "%+.3f%% [%+.3f%%, %+.3f%%]",
        100 * t.drawMean(), 100 * t.drawP05(), 100 * t.drawP95());
  }

  private static String p(MatchedControls.Test t) {
    return t == null || t.trades() == 0 ? "-" : String.format(Locale.ROOT, "%.4f", t.pValue());
  }
}

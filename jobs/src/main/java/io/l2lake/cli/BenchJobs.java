package io.l2lake.cli;

import io.l2lake.backtest.BacktestJob;
import io.l2lake.bench.BenchData;
import io.l2lake.bench.BenchSteps;
import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.generate.GenerateJob;
import io.l2lake.generate.MarketPlan;
import io.l2lake.ingest.IngestJob;
import io.l2lake.lake.Lake;
import io.l2lake.lake.RunContext;
import io.l2lake.sync.AsOfQuotes;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** The benchmark's steps, done by the jobs themselves ({@link BenchSteps}). */
public final class BenchJobs implements BenchSteps {
  @Override
  public long ingest(SparkSession spark, L2Config config, Path rawRoot) {
    return IngestJob.run(spark, config, RunContext.create(), new IngestJob.Options(rawRoot.toString(), true))
        .linesRead();
  }

  @Override
  public void backtest(SparkSession spark, L2Config config, Strategy strategy, LocalDate from, LocalDate to) {
    BacktestJob.run(spark, new Lake(spark, config.lake().root()), strategy, RunContext.create(), from, to, true, 1L);
  }

  @Override
  public Dataset<Row> asOf(Dataset<Row> trades, Dataset<Row> quotes, double maxAgeSeconds) {
    return AsOfQuotes.join(trades, quotes, maxAgeSeconds);
  }

  static MarketPlan.Options options(BenchData.Size size, int scale) {
    return new MarketPlan.Options(size.seed(), size.symbols() * scale, size.days(), size.start(), size.intensity(),
        MarketPlan.FaultRates.none(), 3600, 1);
  }

  @Override
  public MarketDraw draw(BenchData.Size size, int scale) {
    MarketPlan.Options o = options(size, scale);
    List<MarketPlan.DayPlan> days = MarketPlan.draw(o).days();
    return new MarketDraw(o.symbols(), days.get(0).date(), days.get(days.size() - 1).date(), o.toString());
  }

  @Override
  public Simulated simulate(SparkSession spark, BenchData.Size size, int scale, Path raw, Path truthLake) {
    GenerateJob.Result r = GenerateJob.run(spark, new Lake(spark, truthLake.toString()), raw.toString(),
        options(size, scale), RunContext.create());
    return new Simulated(r.symbolDays(), r.events(), r.trades(), r.quotes());
  }
}

package io.l2lake.tracker;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;

import io.delta.tables.DeltaTable;
import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.lake.Lake;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import io.l2lake.pipeline.JobRuns;
import io.l2lake.pipeline.RunContext;
import io.l2lake.pipeline.StageIo;
import io.l2lake.signals.SignalsJob;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes {@code gold.accumulation} (per symbol-day aggregates, decayed scores and tracker state) for
 * [from, to] by MERGE on (symbol, trade_date), and moves each symbol's row in {@code gold.watchlist}
 * (the current state per symbol) to its newest day by MERGE on symbol, so a nightly run updates the
 * watchlist in place and re-running an older range never moves it back. It reads the signals and bars
 * of the 40 trading days before {@code from} as well: the decayed scores, trigger volume mean and
 * hold/decay windows look that far back.
 */
public final class TrackerJob {
  private TrackerJob() {}

  static final int LOOKBACK_DAYS = 40;

  public static Dataset<Row> compute(Dataset<Row> signals, Dataset<Row> bars, Strategy.Tracker p) {
    return TrackerStates.track(DailyAccumulation.aggregate(signals, bars, p), p);
  }

  public static long run(SparkSession spark, L2Config config, Strategy strategy, RunContext run, LocalDate from,
      LocalDate to) {
    Instant started = Instant.now();
    Lake lake = new Lake(spark, config.lake().root());
    spark.sparkContext().setJobGroup("tracker-" + run.runId(), "l2lake accumulation tracker", false);
    LocalDate readFrom = from == null ? null : from.minusDays(SignalsJob.lookbackCalendarDays(LOOKBACK_DAYS));
    Dataset<Row> signals = StageIo.input(lake, TableId.GOLD_SIGNALS_1M, readFrom, to, "signals");
    Dataset<Row> bars = StageIo.input(lake, TableId.SILVER_BARS_1M, readFrom, to, "silver");
    Dataset<Row> days = compute(signals, bars, strategy.tracker()).filter(StageIo.range(from, to))
        .withColumn("tracker_run", lit(run.runId()))
        .withColumn("code_version", lit(run.codeVersion()));
    days = days.localCheckpoint();
    lake.upsert(TableId.GOLD_ACCUMULATION, days, List.of(Schemas.SYMBOL, Schemas.TRADE_DATE),
        List.of("tracker_run", "code_version"), org.apache.spark.sql.functions.expr(prefixed(StageIo.sqlRange(from, to))),
        Schemas.TRADE_DATE);
    Dataset<Row> latest = days.groupBy(Schemas.SYMBOL)
        .agg(max_by(struct(col("*")), col(Schemas.TRADE_DATE)).as("r")).select("r.*");
    if (!lake.exists(TableId.GOLD_WATCHLIST)) {
      latest.write().format("delta").mode("append").save(lake.path(TableId.GOLD_WATCHLIST));
    } else {
      DeltaTable.forPath(spark, lake.path(TableId.GOLD_WATCHLIST)).as("t")
          .merge(lake.alignToTable(TableId.GOLD_WATCHLIST, latest, new java.util.ArrayList<>()).as("s"),
              "t.symbol = s.symbol")
          .withSchemaEvolution()
          .whenMatched("s.trade_date >= t.trade_date").updateAll()
          .whenNotMatched().insertAll()
          .execute();
    }
    long rows = days.count();
    JobRuns.record(lake, run, new JobRuns.Entry("tracker", started, Instant.now(), "succeeded", from, to,
        signals.filter(StageIo.range(from, to)).count(), rows, Map.of()));
    return rows;
  }

  /** A {@link StageIo#sqlRange} predicate on the MERGE target alias {@code t} ("true" when unbounded). */
  private static String prefixed(String range) {
    return range.isEmpty() ? "true" : range.replace("trade_date", "t.trade_date");
  }
}

package io.l2lake.bars;

import io.l2lake.config.L2Config;
import io.l2lake.lake.Lake;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import io.l2lake.pipeline.JobRuns;
import io.l2lake.pipeline.RunContext;
import io.l2lake.pipeline.StageIo;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Writes {@code silver.bars_1m} for a date range from {@code silver.trades} and the quotes (see {@link MinuteBars}). */
public final class BarsJob {
  private BarsJob() {}

  public static long run(SparkSession spark, L2Config config, RunContext run, LocalDate from, LocalDate to) {
    Instant started = Instant.now();
    Lake lake = new Lake(spark, config.lake().root());
    spark.sparkContext().setJobGroup("bars-" + run.runId(), "l2lake bars", false);
    Dataset<Row> unusable = StageIo.unusableDays(lake, from, to);
    Dataset<Row> trades = StageIo.input(lake, TableId.SILVER_TRADES, from, to, "sync");
    Dataset<Row> quotes = StageIo.usableOnly(
        lake.read(TableId.BRONZE_QUOTES, Schemas.QUOTES).filter(StageIo.range(from, to)), unusable);
    long bars = StageIo.replace(lake, TableId.SILVER_BARS_1M, MinuteBars.build(trades, quotes), from, to);
    JobRuns.record(lake, run, new JobRuns.Entry("bars", started, Instant.now(), "succeeded", from, to,
        trades.count(), bars, StageIo.skippedDetail(unusable)));
    return bars;
  }
}

package io.l2lake.book;

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

/** Writes {@code silver.book} for a date range from {@code silver.trades} and the quotes (see {@link PseudoBook}). */
public final class BookJob {
  private BookJob() {}

  public static long run(SparkSession spark, L2Config config, RunContext run, LocalDate from, LocalDate to) {
    Instant started = Instant.now();
    Lake lake = new Lake(spark, config.lake().root());
    spark.sparkContext().setJobGroup("book-" + run.runId(), "l2lake pseudo-L2 book", false);
    Dataset<Row> unusable = StageIo.unusableDays(lake, from, to);
    Dataset<Row> trades = StageIo.input(lake, TableId.SILVER_TRADES, from, to, "sync");
    Dataset<Row> quotes = StageIo.usableOnly(
        lake.read(TableId.BRONZE_QUOTES, Schemas.QUOTES).filter(StageIo.range(from, to)), unusable);
    long rows = StageIo.replace(lake, TableId.SILVER_BOOK,
        PseudoBook.estimate(PseudoBook.withTickQuotes(quotes, trades), trades, config.book()), from, to);
    JobRuns.record(lake, run, new JobRuns.Entry("book", started, Instant.now(), "succeeded", from, to,
        trades.count(), rows, StageIo.skippedDetail(unusable)));
    return rows;
  }
}

package io.l2lake.sync;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.l2lake.config.L2Config;
import io.l2lake.lake.Lake;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import io.l2lake.pipeline.JobRuns;
import io.l2lake.pipeline.RunContext;
import io.l2lake.pipeline.StageIo;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Writes {@code silver.trades} for a date range from the bronze ticks and quotes (see {@link TradeSync}). */
public final class SyncJob {
  private SyncJob() {}

  /** Counts for the summary: trades written, quote-source shares and the tick/L1 agreement rate. */
  public record Result(long trades, Map<String, Long> bySource, Double agreementRate, long skippedDays) {}

  public static Result run(SparkSession spark, L2Config config, RunContext run, LocalDate from, LocalDate to) {
    Instant started = Instant.now();
    Lake lake = new Lake(spark, config.lake().root());
    spark.sparkContext().setJobGroup("sync-" + run.runId(), "l2lake sync", false);
    Dataset<Row> unusable = StageIo.unusableDays(lake, from, to).cache();
    Dataset<Row> ticks = StageIo.usableOnly(StageIo.input(lake, TableId.BRONZE_TICKS, from, to, "ingest"),
        unusable);
    Dataset<Row> quotes = StageIo.usableOnly(
        lake.read(TableId.BRONZE_QUOTES, Schemas.QUOTES).filter(StageIo.range(from, to)), unusable);
    StageIo.replace(lake, TableId.SILVER_TRADES, TradeSync.synchronise(ticks, quotes, config.sync()), from, to);

    Dataset<Row> written = lake.spark().read().format("delta").load(lake.path(TableId.SILVER_TRADES))
        .filter(StageIo.range(from, to));
    Row c = written.agg(count(lit(1)),
        sum(when(col("quote_source").equalTo("l1"), 1L).otherwise(0L)),
        sum(when(col("quote_source").equalTo("tick"), 1L).otherwise(0L)),
        sum(when(col("quotes_agree"), 1L).otherwise(0L)),
        sum(when(col("quotes_agree").isNotNull(), 1L).otherwise(0L))).first();
    Map<String, Long> bySource = new TreeMap<>();
    bySource.put("l1", c.getLong(1));
    bySource.put("tick", c.getLong(2));
    bySource.put("none", c.getLong(0) - c.getLong(1) - c.getLong(2));
    Double agreement = c.getLong(4) == 0 ? null : c.getLong(3) / (double) c.getLong(4);
    Map<String, String> detail = new TreeMap<>(StageIo.skippedDetail(unusable));
    bySource.forEach((k, v) -> detail.put("quote_source." + k, Long.toString(v)));
    if (agreement != null) {
      detail.put("tick_l1_quote_agreement", String.format(java.util.Locale.ROOT, "%.4f", agreement));
    }
    long skipped = Long.parseLong(detail.get("skipped_symbol_days"));
    unusable.unpersist();
    JobRuns.record(lake, run, new JobRuns.Entry("sync", started, Instant.now(), "succeeded", from, to,
        c.getLong(0), c.getLong(0), detail));
    return new Result(c.getLong(0), bySource, agreement, skipped);
  }
}

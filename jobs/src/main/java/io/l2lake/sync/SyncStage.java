package io.l2lake.sync;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.l2lake.config.L2Config;
import io.l2lake.config.Setting;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import io.l2lake.stage.Stage;
import io.l2lake.stage.StageContext;
import io.l2lake.stage.StageData;
import io.l2lake.stage.StageInput;
import io.l2lake.stage.StageOutput;
import io.l2lake.stage.StageResult;
import io.l2lake.stage.StageSummary;
import io.l2lake.stage.Written;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;

/**
 * {@code silver.trades} for a date range from the bronze ticks and quotes (see {@link TradeSync}). Its run's
 * detail counts the trades by the source of their prevailing quote ({@code quote_source.l1}, {@code .tick},
 * {@code .none}) and, where a trade had both, how often the tick's own quote agreed with Level 1
 * ({@code tick_l1_quote_agreement}).
 */
public final class SyncStage implements Stage {
  @Override
  public String name() {
    return "sync";
  }

  @Override
  public List<StageInput> inputs() {
    return List.of(StageInput.required(TableId.BRONZE_TICKS).usable(),
        StageInput.optional(TableId.BRONZE_QUOTES, Schemas.QUOTES).usable());
  }

  @Override
  public List<StageOutput> outputs() {
    return List.of(StageOutput.replaceRange(TableId.SILVER_TRADES));
  }

  @Override
  public List<Setting<?>> settings() {
    return List.of(L2Config.MAX_QUOTE_AGE, L2Config.OFF_EXCHANGE, L2Config.BLOCK_MULTIPLE, L2Config.ROUND_LOT,
        L2Config.SIDE_RULE, L2Config.QUOTE_SETTLE_MS);
  }

  @Override
  public StageResult transform(StageContext context, StageData data) {
    return StageResult.of(TableId.SILVER_TRADES, TradeSync.synchronise(data.get(TableId.BRONZE_TICKS),
        data.get(TableId.BRONZE_QUOTES), context.config().sync()));
  }

  /** Rows in: the trades written (one per usable tick); the quote sources and agreement, from the output. */
  @Override
  public StageSummary summarize(StageContext context, StageData data, Written written) {
    Row c = written.read(TableId.SILVER_TRADES).agg(count(lit(1)),
        sum(when(col("quote_source").equalTo("l1"), 1L).otherwise(0L)),
        sum(when(col("quote_source").equalTo("tick"), 1L).otherwise(0L)),
        sum(when(col("quotes_agree"), 1L).otherwise(0L)),
        sum(when(col("quotes_agree").isNotNull(), 1L).otherwise(0L))).first();
    Map<String, String> detail = new TreeMap<>();
    detail.put("quote_source.l1", Long.toString(c.getLong(1)));
    detail.put("quote_source.tick", Long.toString(c.getLong(2)));
    detail.put("quote_source.none", Long.toString(c.getLong(0) - c.getLong(1) - c.getLong(2)));
    if (c.getLong(4) > 0) {
      detail.put("tick_l1_quote_agreement", String.format(java.util.Locale.ROOT, "%.4f",
          c.getLong(3) / (double) c.getLong(4)));
    }
    return new StageSummary(c.getLong(0), detail);
  }
}

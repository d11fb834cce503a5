package io.l2lake.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

import io.l2lake.iqfeed.RejectReason;
import io.l2lake.lake.Lake;
import io.l2lake.lake.Schemas;
import io.l2lake.lake.TableId;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Level-1 trade corrections ({@code C,...,X} lines): the corrections that match no trade are quarantined before
 * anything is written, and the trades the others name are deleted once the batch's ticks are in the lake.
 */
final class TradeCorrections {
  private TradeCorrections() {}

  /** A correction's match on a Level-1 trade ({@code d} the correction, {@code t} the trade). */
  private static Column correctionMatch() {
    return col("d.symbol").equalTo(col("t.symbol"))
        .and(col("d.trade_date").equalTo(col("t.trade_date")))
        .and(col("d.tick_id").equalTo(col("t.tick_id")))
        .and(col("d.market_center").isNull().or(col("d.market_center").equalTo(col("t.market_center"))));
  }

  /**
   * The {@code C,...,X} corrections that match no Level-1 trade, neither in the lake nor in this batch's
   * {@code batchTicks}, as quarantine rows (settled before anything is written).
   */
  static Dataset<Row> unmatchedTradeDeletes(Lake lake, Dataset<Row> deletes, Dataset<Row> batchTicks,
      String runId) {
    if (deletes.isEmpty()) {
      return lake.spark().createDataFrame(List.of(), Schemas.QUARANTINE);
    }
    String[] keys = {Schemas.SYMBOL, Schemas.TRADE_DATE, "tick_id", "market_center", "feed"};
    Dataset<Row> ticks = lake.read(TableId.BRONZE_TICKS, Schemas.TICKS).select(keys[0], keys[1], keys[2], keys[3],
            keys[4])
        .unionByName(batchTicks.select(keys[0], keys[1], keys[2], keys[3], keys[4]))
        .filter(col("feed").equalTo("l1"));
    return deletes.as("d").join(ticks.as("t"), correctionMatch(), "left_anti")
        .select(lit("l1").as("feed"), col(Schemas.SYMBOL), col(Schemas.TRADE_DATE),
            col(Schemas.SOURCE_FILE), col(Schemas.LINE_NO), col(Schemas.RAW),
            lit(RejectReason.CORRECTION_TARGET_NOT_FOUND.code()).as("reason"),
            concat(lit("tick_id="), col("tick_id").cast("string")).as("detail"),
            lit(runId).as(Schemas.INGEST_RUN))
        .localCheckpoint();
  }

  /** Deletes the Level-1 trades named by {@code C,...,X} corrections (after the batch's ticks are written). */
  static void applyTradeDeletes(Lake lake, Dataset<Row> deletes) {
    if (deletes.isEmpty() || !lake.exists(TableId.BRONZE_TICKS)) {
      return;
    }
    io.delta.tables.DeltaTable.forPath(lake.spark(), lake.path(TableId.BRONZE_TICKS)).as("t")
        .merge(deletes.select(Schemas.SYMBOL, Schemas.TRADE_DATE, "market_center", "tick_id").distinct()
            .as("d"), correctionMatch().and(col("t.feed").equalTo("l1")))
        .whenMatched().delete()
        .execute();
  }

}

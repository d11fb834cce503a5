package io.l2lake.book;

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
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** {@code silver.book}, the pseudo Level-2 book, for a date range from the trades and quotes (see {@link PseudoBook}). */
public final class BookStage implements Stage {
  @Override
  public String name() {
    return "book";
  }

  @Override
  public List<StageInput> inputs() {
    return List.of(StageInput.required(TableId.SILVER_TRADES),
        StageInput.optional(TableId.BRONZE_QUOTES, Schemas.QUOTES).usable());
  }

  @Override
  public List<StageOutput> outputs() {
    return List.of(StageOutput.replaceRange(TableId.SILVER_BOOK));
  }

  @Override
  public List<Setting<?>> settings() {
    return List.of(L2Config.BOOK_BUCKET, L2Config.BOOK_LEVELS, L2Config.BOOK_MEMORY);
  }

  @Override
  public StageResult transform(StageContext context, StageData data) {
    Dataset<Row> trades = data.get(TableId.SILVER_TRADES);
    return StageResult.of(TableId.SILVER_BOOK, PseudoBook.estimate(
        PseudoBook.withTickQuotes(data.get(TableId.BRONZE_QUOTES), trades), trades, context.config().book()));
  }
}

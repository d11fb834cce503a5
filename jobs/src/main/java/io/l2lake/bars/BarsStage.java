package io.l2lake.bars;

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

/** {@code silver.bars_1m} for a date range from {@code silver.trades} and the quotes (see {@link MinuteBars}). */
public final class BarsStage implements Stage {
  @Override
  public String name() {
    return "bars";
  }

  @Override
  public List<StageInput> inputs() {
    return List.of(StageInput.required(TableId.SILVER_TRADES),
        StageInput.optional(TableId.BRONZE_QUOTES, Schemas.QUOTES).usable());
  }

  @Override
  public List<StageOutput> outputs() {
    return List.of(StageOutput.replaceRange(TableId.SILVER_BARS_1M));
  }

  @Override
  public List<Setting<?>> settings() {
    return List.of();
  }

  @Override
  public StageResult transform(StageContext context, StageData data) {
    return StageResult.of(TableId.SILVER_BARS_1M,
        MinuteBars.build(data.get(TableId.SILVER_TRADES), data.get(TableId.BRONZE_QUOTES)));
  }
}

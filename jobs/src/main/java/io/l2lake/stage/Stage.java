package io.l2lake.stage;

import io.l2lake.config.Setting;
import java.util.List;
import java.util.Map;

/**
 * One stage of the lake: what it reads, what it writes and how, the settings its output depends on, and one
 * pure {@link #transform} from its inputs to its outputs. Everything around the transform (the Spark job group,
 * reading the date range and its look-back, leaving out the symbol-days the integrity checks found unusable,
 * writing each output, the {@code ops.job_runs} row with status {@code succeeded} or {@code failed}, rows in
 * and out, seconds) is the runner's, the same for every stage.
 *
 * <p>The stage order is not written anywhere: the graph runs a stage after every stage that writes one of its
 * inputs. A new stage is a class implementing this interface in a package of its own, one line in the graph's
 * list, and its settings' block in the configuration files.
 */
public interface Stage {
  /** Name on the command line, in job groups and in {@code ops.job_runs}. */
  String name();

  /** Tables read, with how each is read. */
  List<StageInput> inputs();

  /** Tables written, with how each is written. */
  List<StageOutput> outputs();

  /**
   * The settings (profile and strategy) the output depends on, all registered {@link Setting}s: the backfill
   * fingerprints their effective values to know whether a stage is done.
   */
  List<Setting<?>> settings();

  /**
   * Trading days read before the range's first day by the inputs marked {@link StageInput#lookBack()} (rolling
   * baselines, the tracker's memory); none by default.
   */
  default int lookBackTradingDays(StageContext context) {
    return 0;
  }

  /**
   * The transform: the output rows of every {@link #outputs()} table for the range (rows of look-back days must
   * not be returned), built only from {@code data} and the context's parameters. It plans; the runner executes.
   */
  StageResult transform(StageContext context, StageData data);

  /**
   * What the run's {@code ops.job_runs} row says, once the outputs are written: rows in and any counts of the
   * stage's own. By default the rows of the first input in the range, and nothing more.
   */
  default StageSummary summarize(StageContext context, StageData data, Written written) {
    StageInput first = inputs().get(0);
    return new StageSummary(data.get(first.table()).filter(data.range()).count(), Map.of());
  }
}

package io.l2lake.run;

import io.l2lake.backtest.calibrate.GoldInputs;
import io.l2lake.config.L2Config;
import io.l2lake.config.Setting;
import io.l2lake.config.Strategy;
import io.l2lake.lake.RunContext;
import io.l2lake.lake.TableId;
import io.l2lake.stage.Stage;
import io.l2lake.stage.StageContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The signal and tracker rows a strategy would make, computed in memory from the lake's silver tables, for a
 * calibration that sweeps signal or tracker settings. A combination whose settings of the signals stage differ
 * from the base strategy's (the one the lake's gold tables were built with) gets its signals and then its
 * tracker days computed again; one that differs only in the tracker's settings gets its tracker days computed
 * again from the lake's signals; any other reads the lake's tables. The stages run through
 * {@link StageRunner#plan}, so they read exactly what a run reads, with the unusable symbol-days left out.
 *
 * <p>Range: the tracker is computed from {@code reach} calendar days before the calibration's first day (the
 * backtest reads the tracker's state of the days before an entry), the signals from the tracker's look-back
 * before that. With open bounds, everything.
 *
 * <p>Cost: one signals and/or tracker computation per distinct combination of their settings, kept on the
 * executors as local checkpoints for the calibration's life.
 */
public final class WhatIfGold implements GoldInputs {
  private final SparkSession spark;
  private final L2Config config;
  private final Strategy base;
  private final LocalDate from;
  private final LocalDate to;
  private final int reach;
  private final Stage signals;
  private final Stage tracker;

  /**
   * For a calibration of [from, to] (null: open) on {@code config}'s lake, whose gold tables {@code base} made;
   * {@code reach} calendar days before {@code from} are recomputed too.
   */
  public WhatIfGold(SparkSession spark, L2Config config, Strategy base, LocalDate from, LocalDate to, int reach) {
    this.spark = spark;
    this.config = config;
    this.base = base;
    this.from = from;
    this.to = to;
    this.reach = reach;
    this.signals = Stages.named(Stages.producerOf(TableId.GOLD_SIGNALS_1M));
    this.tracker = Stages.named(Stages.producerOf(TableId.GOLD_ACCUMULATION));
  }

  /** The strategy keys a calibration can sweep through this class: the signals' and the tracker's settings. */
  public static Set<String> sweepable() {
    Set<String> keys = new LinkedHashSet<>();
    for (Stage s : List.of(Stages.named(Stages.producerOf(TableId.GOLD_SIGNALS_1M)),
        Stages.named(Stages.producerOf(TableId.GOLD_ACCUMULATION)))) {
      s.settings().stream().map(Setting::key).filter(k -> k.startsWith("strategy.")).forEach(keys::add);
    }
    return keys;
  }

  @Override
  public String key(Strategy s) {
    if (changed(signals, s)) {
      return "signals+tracker " + values(signals, s) + values(tracker, s);
    }
    return changed(tracker, s) ? "tracker " + values(tracker, s) : "";
  }

  @Override
  public Inputs inputs(Strategy s) {
    LocalDate trackerFrom = from == null ? null : from.minusDays(reach);
    LocalDate signalsFrom = trackerFrom == null ? null
        : trackerFrom.minusDays(StageRunner.lookBackCalendarDays(tracker.lookBackTradingDays(context(s, trackerFrom))));
    Dataset<Row> sig;
    if (changed(signals, s)) {
      sig = StageRunner.plan(signals, context(s, signalsFrom), Map.of()).get(TableId.GOLD_SIGNALS_1M)
          .localCheckpoint();
    } else {
      sig = spark.read().format("delta").load(context(s, null).lake().path(TableId.GOLD_SIGNALS_1M));
    }
    Dataset<Row> days = StageRunner.plan(tracker, context(s, trackerFrom), Map.of(TableId.GOLD_SIGNALS_1M, sig))
        .get(TableId.GOLD_ACCUMULATION).localCheckpoint();
    return new Inputs(sig, days);
  }

  private StageContext context(Strategy s, LocalDate start) {
    return new StageContext(spark, config, s, RunContext.create(), start, to);
  }

  private boolean changed(Stage stage, Strategy s) {
    for (Setting<?> setting : stage.settings()) {
      if (setting.key().startsWith("strategy.") && !Objects.equals(s.get(setting), base.get(setting))) {
        return true;
      }
    }
    return false;
  }

  private static String values(Stage stage, Strategy s) {
    List<String> out = new ArrayList<>();
    for (Setting<?> setting : stage.settings()) {
      if (setting.key().startsWith("strategy.")) {
        out.add(setting.key() + "=" + s.get(setting));
      }
    }
    return out.toString();
  }
}

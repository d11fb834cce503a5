package io.l2lake.run;

import static io.l2lake.run.BackfillLakes.FROM;
import static io.l2lake.run.BackfillLakes.TO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.lake.Lake;
import io.l2lake.lake.TableId;
import io.l2lake.run.StageGraph.Stage;
import io.l2lake.testing.SparkTestSession;
import io.l2lake.testing.TestLakes;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Backfill skips what is done, records every stage run, and resumes a failed run to the same tables. */
class BackfillTest {
  @TempDir static Path dir;
  static Path raw;
  static Path reference;

  @BeforeAll
  static void uninterruptedBackfill() {
    raw = BackfillLakes.shared().resolve("raw");
    reference = BackfillLakes.shared().resolve("reference");
  }

  static Backfill.Result run(Path lake, Map<String, String> overrides, boolean force, java.util.Set<Stage> stages) {
    Map<String, String> o = new java.util.HashMap<>(overrides);
    o.put(L2Config.LAKE_ROOT.key(), lake.toString());
    return Backfill.run(SparkTestSession.get(), L2Config.load(null, o), Strategy.defaults(),
        new Backfill.Options(FROM, TO, stages, force, raw.toString()),
        outcome -> System.out.println("backfill " + lake.getFileName() + ": " + outcome));
  }

  static List<String> ran(Backfill.Result r) {
    return r.stages().stream().map(o -> o.stage().label() + (o.ran() ? " ran" : " skipped")).toList();
  }

  @Test
  void theSecondRunSkipsEveryStageAndLeavesEveryTable() {
    // The reference lake had one uninterrupted backfill (through the command line).
    Path lake = reference;
    Map<TableId, Long> versions = BackfillLakes.versions(lake);
    Map<TableId, List<String>> contents = BackfillLakes.contents(lake);

    Backfill.Result again = run(lake, Map.of(), false, Backfill.Options.allStages());

    assertEquals(List.of("ingest skipped", "check skipped", "silver skipped", "gold skipped"), ran(again));
    assertEquals(versions, BackfillLakes.versions(lake));
    assertEquals(contents, BackfillLakes.contents(lake));
    assertEquals(List.of("backfill.ingest succeeded", "backfill.check succeeded", "backfill.silver succeeded",
        "backfill.gold succeeded"), BackfillLakes.backfillRuns(lake).subList(0, 4));
    assertTrue(TestLakes.table(lake, TableId.SILVER_BARS_1M).count() > 100);
    // Forcing a stage runs it again to the same rows, and the forced run is remembered.
    Backfill.Result forced = run(lake, Map.of(), true, EnumSet.of(Stage.GOLD));
    assertEquals(List.of("gold forced"),
        forced.stages().stream().map(o -> o.stage().label() + " " + o.reason()).toList());
    assertEquals(contents, BackfillLakes.contents(lake));
    assertEquals(List.of("ingest skipped", "check skipped", "silver skipped", "gold skipped"),
        ran(run(lake, Map.of(), false, Backfill.Options.allStages())));
  }

  @Test
  void aFailedRunResumesAtTheFailedStageAndEndsWithTheTablesOfAnUninterruptedRun() {
    Path lake = dir.resolve("interrupted");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> run(lake, Map.of(L2Config.BACKFILL_FAIL_AFTER.key(), "silver"), false, Backfill.Options.allStages()));
    assertTrue(e.getMessage().contains("injected failure after stage silver"), e.getMessage());
    assertEquals(List.of("backfill.ingest succeeded", "backfill.check succeeded", "backfill.silver failed"),
        BackfillLakes.backfillRuns(lake));
    String error = TestLakes.table(lake, TableId.OPS_JOB_RUNS).filter("status = 'failed'")
        .select("detail").first().<String, String>getJavaMap(0).get("error");
    assertTrue(error.contains("injected failure after stage silver"), error);
    Map<String, StageState.Entry> state = StageState.read(new Lake(SparkTestSession.get(), lake.toString()), FROM, TO);
    assertEquals("failed", state.get("silver").status());
    assertEquals(error, state.get("silver").message());

    Backfill.Result resumed = run(lake, Map.of(), false, Backfill.Options.allStages());

    assertEquals(List.of("ingest skipped", "check skipped", "silver ran", "gold ran"), ran(resumed));
    assertEquals("last run failed", resumed.stages().get(2).reason());
    assertEquals(BackfillLakes.contents(reference), BackfillLakes.contents(lake));
  }
}

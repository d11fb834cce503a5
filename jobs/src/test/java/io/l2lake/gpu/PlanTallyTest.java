package io.l2lake.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The plugin's explanation format, as it logs it in explain-only mode, tallied per stage. */
class PlanTallyTest {
  static final String BARS_PLAN = String.join("\n",
      "*Exec <HashAggregateExec> will run on GPU",
      "  *Expression <AggregateExpression> sum(volume#12L) will run on GPU",
      "    *Expression <Sum> sum(volume#12L) will run on GPU",
      "  *Exec <ShuffleExchangeExec> will run on GPU",
      "    *Partitioning <HashPartitioning> will run on GPU",
      "    !Exec <WindowExec> cannot run on GPU because not all expressions can be replaced",
      "      !Expression <Lag> lag(px#3, 1, null) cannot run on GPU because a made-up reason #77",
      "      @Expression <AttributeReference> px#3 could run on GPU",
      "      ! <RDDScanExec> cannot run on GPU because GPU does not currently support the operator class "
          + "org.apache.spark.sql.execution.RDDScanExec",
      "      !Exec <SortExec> cannot run on GPU because replacing sortMergeJoin with shuffleHashJoin");
  static final String DELTA_LOG_PLAN = String.join("\n",
      "!Exec <ObjectHashAggregateExec> cannot run on GPU because not all expressions can be replaced",
      "  !Expression <If> if (isnull(add)) null else newInstance(class org.apache.spark.sql.delta.actions.AddFile)"
          + " produces an unsupported type",
      "  *Exec <ProjectExec> will run on GPU");

  @Test
  void countsOperatorsAndTheirFallbacks() {
    PlanTally t = new PlanTally();
    t.add("bars", BARS_PLAN);
    t.add("bars", "*Output <DeltaDataSource> will run on GPU\n  *Command <SaveIntoDataSourceCommand> will run on GPU");
    t.add("bars", DELTA_LOG_PLAN);
    t.add("bars", "RAPIDS plugin started, nothing on GPU here");
    t.add("bars", "*Exec <CoalesceExec> will run on GPU\n  ! <LocalTableScanExec> cannot run on GPU because GPU does not "
        + "currently support the operator class org.apache.spark.sql.execution.LocalTableScanExec");
    PlanTally.Stage s = t.stages().get("bars");
    // hash aggregate, exchange, window, RDD scan, the two writes; the sort is dropped by the GPU plan
    assertEquals(6, s.operators());
    assertEquals(4, s.onGpu());
    assertEquals(1, s.removed());
    assertEquals(2, s.plans());
    assertEquals(2, s.logPlans());
    assertEquals(4, s.logOperators());
    assertEquals(2, s.logOnGpu());
    Map<PlanTally.Fallback, Integer> f = s.fallbacks();
    assertEquals(3, f.size(), f.toString());
    assertEquals(1, f.get(new PlanTally.Fallback("Exec", "WindowExec", "not all expressions can be replaced")));
    assertEquals(1, f.get(new PlanTally.Fallback("Expression", "Lag", "a made-up reason")), "plan ids are dropped");
    assertTrue(f.containsKey(new PlanTally.Fallback("Exec", "RDDScanExec",
        "GPU does not currently support the operator class org.apache.spark.sql.execution.RDDScanExec")));
  }

  @Test
  void targetsNeedTheShareAndNoHeavyFallback() {
    PlanTally t = new PlanTally();
    t.add("bars", BARS_PLAN);
    List<String> v = GpuPlanReport.violations(t.stages());
    assertTrue(v.stream().anyMatch(x -> x.startsWith("bars: 50.0% of operators")), v.toString());
    assertTrue(v.stream().anyMatch(x -> x.startsWith("bars: WindowExec falls back")), v.toString());
    assertTrue(v.stream().anyMatch(x -> x.startsWith("bars: RDDScanExec falls back")), v.toString());
    assertTrue(v.contains("signals: no plan was explained"), v.toString());

    PlanTally good = new PlanTally();
    for (String stage : GpuPlanReport.TARGET_STAGES) {
      good.add(stage, "*Exec <ProjectExec> will run on GPU\n  *Exec <FileSourceScanExec> will run on GPU");
    }
    assertEquals(List.of(), GpuPlanReport.violations(good.stages()));
    String md = GpuPlanReport.markdown(good.stages(), "# GPU plan");
    assertTrue(md.contains("| bars | 1 | 2 | 2 | 100.0% | >= 90%: met |"), md);
    assertTrue(md.contains("All targets are met."), md);
  }

  @Test
  void aNodesReasonsReadTheSameInAnyOrder() {
    String a = "!Expression <ArraySort> array_sort(x#12) cannot run on GPU because b is not supported; a is not"
        + " supported";
    String b = "!Expression <ArraySort> array_sort(x#40) cannot run on GPU because a is not supported; b is not"
        + " supported";
    assertEquals("a is not supported; b is not supported", PlanTally.reason(a));
    assertEquals(PlanTally.reason(a), PlanTally.reason(b));
  }

  @Test
  void stageIsTheJobGroupsPrefix() {
    assertEquals("bars", ExplainCapture.stageOf("bars-20261202T061500-ab12"));
    assertEquals("other", ExplainCapture.stageOf(null));
  }
}

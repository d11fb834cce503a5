package io.l2lake.gpu;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Judges a {@link PlanTally} against the GPU targets and writes it as Markdown.
 *
 * <p>Targets: in the {@link #TARGET_STAGES} at least {@link #TARGET_SHARE} of the operators can run on
 * the GPU, and none of their windows, joins, aggregates, scans or writes falls back.
 */
public final class GpuPlanReport {
  /** Stages held to the targets. */
  public static final List<String> TARGET_STAGES = List.of("bars", "signals", "stops", "pregap");
  /** Share of operators on the GPU required in the target stages. */
  public static final double TARGET_SHARE = 0.90;
  /** Operators that must not fall back in the target stages. */
  static final Pattern HEAVY = Pattern.compile(
      ".*(Window|Join|Aggregate|Scan|Write|Insert|Command|Delta|Expand|Sort).*");
  static final Set<String> NOT_HEAVY = Set.of("TakeOrderedAndProjectExec");

  private GpuPlanReport() {}

  /** Every broken target, empty when all are met. */
  public static List<String> violations(Map<String, PlanTally.Stage> stages) {
    List<String> v = new ArrayList<>();
    for (String name : TARGET_STAGES) {
      PlanTally.Stage s = stages.get(name);
      if (s == null || s.operators() == 0) {
        v.add(name + ": no plan was explained");
        continue;
      }
      if (s.share() < TARGET_SHARE) {
        v.add(String.format("%s: %.1f%% of operators on the GPU, below %.0f%%", name, 100 * s.share(),
            100 * TARGET_SHARE));
      }
      for (Map.Entry<PlanTally.Fallback, Integer> f : s.operatorFallbacks()) {
        if (heavy(f.getKey().name())) {
          v.add(name + ": " + f.getKey().name() + " falls back (" + f.getKey().reason() + ")");
        }
      }
    }
    return v;
  }

  static boolean heavy(String operator) {
    return HEAVY.matcher(operator).matches() && !NOT_HEAVY.contains(operator);
  }

  /** The Markdown page. */
  public static String markdown(Map<String, PlanTally.Stage> stages, String header) {
    StringBuilder m = new StringBuilder();
    m.append(header).append("\n\n");
    m.append("| stage | plans | operators | on GPU | share | target | removed by the GPU plan | Delta log and "
        + "driver-local plans (operators, on GPU) |\n|---|---:|---:|---:|---:|---|---:|---:|\n");
    for (Map.Entry<String, PlanTally.Stage> e : stages.entrySet()) {
      PlanTally.Stage s = e.getValue();
      boolean target = TARGET_STAGES.contains(e.getKey());
      m.append(String.format("| %s | %d | %d | %d | %.1f%% | %s | %d | %d (%d, %d) |%n", e.getKey(), s.plans(),
          s.operators(), s.onGpu(), 100 * s.share(),
          !target ? "-" : s.share() >= TARGET_SHARE ? ">= 90%: met" : ">= 90%: NOT met", s.removed(), s.logPlans(),
          s.logOperators(), s.logOnGpu()));
    }
    List<String> v = violations(stages);
    m.append("\n").append(v.isEmpty() ? "All targets are met.\n" : "Targets not met:\n");
    v.forEach(x -> m.append("- ").append(x).append('\n'));
    for (Map.Entry<String, PlanTally.Stage> e : stages.entrySet()) {
      m.append("\n## ").append(e.getKey()).append("\n\n");
      if (e.getValue().fallbacks().isEmpty()) {
        m.append("No fallback: every operator and expression can run on the GPU.\n");
        continue;
      }
      m.append("| kind | node | times | reason |\n|---|---|---:|---|\n");
      for (Map.Entry<PlanTally.Fallback, Integer> f : e.getValue().fallbacks().entrySet()) {
        m.append("| ").append(f.getKey().kind()).append(" | `").append(f.getKey().name()).append("` | ")
            .append(f.getValue()).append(" | ").append(f.getKey().reason().replace("|", "\\|")).append(" |\n");
      }
    }
    return m.toString();
  }
}

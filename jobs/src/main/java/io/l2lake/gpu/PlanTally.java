package io.l2lake.gpu;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tallies the RAPIDS plugin's explanations of physical plans per stage.
 *
 * <p>With {@code spark.rapids.sql.explain=ALL} the plugin describes every node of every plan it sees, one
 * line each: a mark, the node's kind ({@code Exec}, {@code Expression}, {@code Output}, {@code Command},
 * {@code Partitioning}; none for a class the plugin has no rule for), its class in angle brackets and a
 * verdict. The mark {@code *} says it will run on the GPU, {@code !} that it cannot (with the reason),
 * {@code @} that it could but its parent stays on the CPU, {@code #} that it will be removed from the
 * plan, {@code $} that the cost model keeps it on the CPU. Operators are the {@code Exec} nodes, writes ({@code Output},
 * {@code Command}) and any class named {@code ...Exec}; an operator is on the GPU only when marked
 * {@code *}. Expressions and the rest are the operators' parts: an unsupported part is what makes its
 * operator fall back, so fallbacks list both.
 *
 * <p>Two kinds of nodes are not counted as operators: those the GPU plan drops because its own operator
 * makes them redundant ({@link #REMOVED_BY_GPU_PLAN}: the sorts of a sort-merge join the plugin turns
 * into a hash join, Spark's redundant final window group limit), and metadata plans: those Delta Lake
 * runs on its own transaction log and file index (reading {@code _delta_log} JSON and checkpoints into
 * its action objects, listing files, data skipping on file statistics), which stay on the CPU whatever
 * the stage does, and bare driver-side local tables; they are tallied apart.
 */
public final class PlanTally {
  /** {@code <indent><mark><Kind> <Name> <text>}. */
  static final Pattern NODE = Pattern.compile("^(\\s*)([*!#@$])(\\w*) <([^>]+)>(.*)$");

  /** Node kinds that are physical operators. */
  static final java.util.Set<String> OPERATOR_KINDS = java.util.Set.of("Exec", "Output", "Command");

  /** Reasons for which the plugin leaves a node out of the GPU plan instead of running it on the CPU. */
  static final List<String> REMOVED_BY_GPU_PLAN = List.of("going to be removed",
      "replacing sortMergeJoin with shuffleHashJoin", "replacing sort aggregate with hash aggregate",
      "redundant Final WindowGroupLimit");

  /** One fallback: the operator or part and the plugin's reason. */
  public record Fallback(String kind, String name, String reason) {}

  /** Per stage: plans seen, operators, operators able to run on the GPU, fallbacks with their counts. */
  public static final class Stage {
    int plans;
    int operators;
    int onGpu;
    int removed;
    int logPlans;
    int logOperators;
    int logOnGpu;
    final Map<Fallback, Integer> fallbacks = new TreeMap<>(
        java.util.Comparator.comparing(Fallback::kind).thenComparing(Fallback::name).thenComparing(Fallback::reason));

    public int plans() {
      return plans;
    }

    public int operators() {
      return operators;
    }

    public int onGpu() {
      return onGpu;
    }

    public int removed() {
      return removed;
    }

    /** Plans over Delta's transaction log (snapshot reconstruction), not counted in the share. */
    public int logPlans() {
      return logPlans;
    }

    public int logOperators() {
      return logOperators;
    }

    public int logOnGpu() {
      return logOnGpu;
    }

    public double share() {
      return operators == 0 ? Double.NaN : (double) onGpu / operators;
    }

    public Map<Fallback, Integer> fallbacks() {
      return fallbacks;
    }

    /** Operator fallbacks only (not the expression or type parts behind them). */
    public List<Map.Entry<Fallback, Integer>> operatorFallbacks() {
      List<Map.Entry<Fallback, Integer>> out = new ArrayList<>();
      fallbacks.entrySet().stream().filter(e -> OPERATOR_KINDS.contains(e.getKey().kind())).forEach(out::add);
      return out;
    }
  }

  private final Map<String, Stage> stages = new LinkedHashMap<>();

  /** Adds one plan explanation seen while {@code stage} ran. */
  public synchronized void add(String stage, String explanation) {
    Stage s = stages.computeIfAbsent(stage, k -> new Stage());
    boolean deltaLog = isDeltaLogPlan(explanation);
    boolean any = false;
    for (String line : explanation.split("\n")) {
      Matcher m = NODE.matcher(line);
      if (!m.matches()) {
        continue;
      }
      any = true;
      String mark = m.group(2);
      String kind = m.group(3);
      String name = m.group(4);
      String text = m.group(5).trim();
      boolean operator = isOperator(kind, name);
      if (mark.equals("#") || REMOVED_BY_GPU_PLAN.stream().anyMatch(text::contains)) {
        if (operator) {
          s.removed++;
        }
        continue;
      }
      if (deltaLog) {
        if (operator) {
          s.logOperators++;
          s.logOnGpu += mark.equals("*") ? 1 : 0;
        }
        continue;
      }
      if (operator) {
        s.operators++;
        if (mark.equals("*")) {
          s.onGpu++;
        }
      }
      if (mark.equals("!") || (operator && !mark.equals("*"))) {
        s.fallbacks.merge(new Fallback(kind.isEmpty() ? (operator ? "Exec" : "Expression") : kind, name,
            reason(text)), 1, Integer::sum);
      }
    }
    if (any) {
      if (deltaLog) {
        s.logPlans++;
      } else {
        s.plans++;
      }
    }
  }

  /** An operator: a node of an operator kind, or of a class without a GPU rule named like an operator. */
  static boolean isOperator(String kind, String name) {
    return OPERATOR_KINDS.contains(kind) || (kind.isEmpty() && name.endsWith("Exec"));
  }

  /**
   * Reads a file of explanations as {@code ExplainCapture.copyTo} writes it: each one headed by a line
   * {@code === <stage>}.
   */
  public static PlanTally fromLog(java.nio.file.Path file) throws java.io.IOException {
    PlanTally t = new PlanTally();
    String stage = null;
    StringBuilder text = new StringBuilder();
    for (String line : java.nio.file.Files.readAllLines(file)) {
      if (line.startsWith("=== ")) {
        if (stage != null) {
          t.add(stage, text.toString());
        }
        stage = line.substring(4).trim();
        text.setLength(0);
      } else {
        text.append(line).append('\n');
      }
    }
    if (stage != null) {
      t.add(stage, text.toString());
    }
    return t;
  }

  /** Marks of Delta's plans over its log and file index (action objects, the log, file statistics). */
  static final List<String> DELTA_LOG_MARKS = List.of("org.apache.spark.sql.delta.actions.", "_delta_log",
      "org.apache.spark.sql.delta.stats.", "<AttributeReference> deletionVector#", "add#", "checkpointMetadata#");
  /** Leaves that read distributed data: a plan with a local table and none of them is driver-local. */
  static final List<String> DISTRIBUTED_SCANS = List.of("<FileSourceScanExec>", "<RDDScanExec>",
      "<InMemoryTableScanExec>", "<BatchScanExec>", "<RangeExec>");

  /**
   * A metadata plan: one Delta runs over its own transaction log and file index (building its action
   * objects, reading {@code _delta_log}, file statistics for data skipping or a count answered from
   * them), or a plan over a local table only (a few rows built by the driver, such as a run's summary
   * row, which the plugin leaves on the CPU).
   */
  static boolean isDeltaLogPlan(String explanation) {
    return DELTA_LOG_MARKS.stream().anyMatch(explanation::contains)
        || (explanation.contains("<LocalTableScanExec>") && DISTRIBUTED_SCANS.stream().noneMatch(explanation::contains));
  }

  /**
   * The reason part of a node's text, with plan-specific ids removed so equal reasons group. The plugin joins a
   * node's reasons with "; " in no fixed order; the parts are sorted, so the same plan always reads the same.
   */
  static String reason(String text) {
    int i = text.indexOf("because");
    String r = i >= 0 ? text.substring(i + "because".length()).trim() : text;
    r = r.replaceAll("#\\d+L?", "").replaceAll("\\s+", " ").trim();
    r = String.join("; ", java.util.Arrays.stream(r.split("; ")).sorted().toList());
    return r.length() > 300 ? r.substring(0, 300) + "..." : r;
  }

  public synchronized Map<String, Stage> stages() {
    return new LinkedHashMap<>(stages);
  }
}

package io.l2lake.run;

import io.l2lake.bars.BarsStage;
import io.l2lake.book.BookStage;
import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.lake.TableId;
import io.l2lake.lake.RunContext;
import io.l2lake.quality.IntegrityStage;
import io.l2lake.signals.SignalsStage;
import io.l2lake.stage.Stage;
import io.l2lake.stage.StageContext;
import io.l2lake.stage.StageInput;
import io.l2lake.stage.StageOutput;
import io.l2lake.stops.StopsStage;
import io.l2lake.tracker.TrackerStage;
import io.l2lake.sync.SyncStage;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;

/**
 * The stage graph. The stages are listed once, in {@link #REGISTERED}; their run order is derived from what they
 * read and write: a stage runs after every stage that writes one of its inputs. The ingest is the lake's source
 * ({@code bronze.*} and {@code ops.ingest_files}, written by {@code IngestJob} from the landing zone) and comes
 * before all of them.
 */
public final class Stages {
  private Stages() {}

  /** Every stage, in any order (the graph sorts them). */
  private static final List<Stage> REGISTERED = List.of(
      new IntegrityStage(),
      new SyncStage(),
      new BarsStage(),
      new BookStage(),
      new SignalsStage(),
      new TrackerStage(),
      new StopsStage());

  /** Every stage in run order. */
  public static final List<Stage> ALL = order(REGISTERED);

  /** Tables the ingest writes (the lake's source). */
  public static final Set<TableId> SOURCE = Set.of(TableId.BRONZE_TICKS, TableId.BRONZE_QUOTES,
      TableId.BRONZE_DEPTH, TableId.BRONZE_DAILY_BARS, TableId.BRONZE_QUARANTINE, TableId.OPS_INGEST_FILES);

  /**
   * {@code stages} in an order where each runs after the stages writing its inputs (ties keep the given order).
   *
   * @throws IllegalStateException on a cycle or on two stages writing one table
   */
  static List<Stage> order(List<Stage> stages) {
    Map<TableId, Stage> writer = new LinkedHashMap<>();
    for (Stage s : stages) {
      for (StageOutput o : s.outputs()) {
        Stage other = writer.put(o.table(), s);
        if (other != null) {
          throw new IllegalStateException(o.table().qualifiedName() + " is written by both " + other.name()
              + " and " + s.name());
        }
      }
    }
    List<Stage> out = new ArrayList<>();
    List<Stage> left = new ArrayList<>(stages);
    while (!left.isEmpty()) {
      Stage next = left.stream().filter(s -> s.inputs().stream().map(StageInput::table)
              .map(writer::get).allMatch(w -> w == null || w == s || out.contains(w)))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("the stages " + left.stream().map(Stage::name)
              .collect(Collectors.joining(", ")) + " read each other's outputs in a cycle"));
      out.add(next);
      left.remove(next);
    }
    return List.copyOf(out);
  }

  /** The stage named {@code name}. */
  public static Stage named(String name) {
    return ALL.stream().filter(s -> s.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown stage '" + name + "': the stages are "
            + ALL.stream().map(Stage::name).collect(Collectors.joining(","))));
  }

  /** The stages whose outputs are all in {@code zone} ({@code silver}, {@code gold}, {@code ops}), in run order. */
  public static List<Stage> inZone(String zone) {
    return ALL.stream().filter(s -> s.outputs().stream().allMatch(o -> o.table().zone().equals(zone))).toList();
  }

  /** The name of what writes {@code id}: a stage, or {@code ingest}. */
  public static String producerOf(TableId id) {
    if (SOURCE.contains(id)) {
      return "ingest";
    }
    return ALL.stream().filter(s -> s.outputs().stream().anyMatch(o -> o.table() == id)).map(Stage::name)
        .findFirst().orElse("the command that writes " + id.qualifiedName());
  }

  /** Runs {@code stages} in order for [from, to], each with a run of its own; returns their reports. */
  public static List<StageRunner.Report> run(List<Stage> stages, SparkSession spark, L2Config config,
      Strategy strategy, LocalDate from, LocalDate to) {
    List<StageRunner.Report> out = new ArrayList<>();
    RunContext run = RunContext.create();
    for (Stage s : stages) {
      out.add(StageRunner.run(s, new StageContext(spark, config, strategy, run, from, to)));
    }
    return out;
  }

  /** Runs one stage for [from, to]. */
  public static StageRunner.Report run(Stage stage, SparkSession spark, L2Config config, Strategy strategy,
      LocalDate from, LocalDate to) {
    return StageRunner.run(stage, new StageContext(spark, config, strategy, RunContext.create(), from, to));
  }
}

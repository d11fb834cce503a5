package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import io.l2lake.run.Backfill;
import io.l2lake.lake.Sessions;
import io.l2lake.run.StageGraph.Stage;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code l2lake backfill --from D1 --to D2 [--stages ingest,check,silver,gold] [--force] [--raw DIR]}: runs
 * the stage graph for a date range, skipping the stages already done with the same code and inputs and
 * resuming after a failure (see {@link Backfill}).
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
    description = "Run ingest -> check -> silver -> gold for a date range; stages already done with the same "
        + "code version and inputs are skipped, so a failed run resumes where it stopped.")
final class BackfillCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", description = "First trading date.")
  LocalDate from;

  @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", description = "Last trading date.")
  LocalDate to;

  @Option(names = "--stages", split = ",", paramLabel = "STAGE",
      description = "Stages to run, in graph order whatever the order given (default: ingest,check,silver,gold).")
  List<String> stages = List.of();

  @Option(names = "--force", description = "Run every selected stage even if it is done (ingest re-reads every file).")
  boolean force;

  @Option(names = "--raw", paramLabel = "DIR",
      description = "Landing zone root for the ingest stage. Default: l2lake.raw-root, else <lake>/raw.")
  String raw;

  @Override
  public Integer call() throws Exception {
    Set<Stage> selected = stages.isEmpty() ? Backfill.Options.allStages()
        : stages.stream().map(Stage::named).collect(Collectors.toCollection(() -> EnumSet.noneOf(Stage.class)));
    L2Config config = common.load();
    Strategy strategy = common.strategy();
    Backfill.Options options = new Backfill.Options(from, to, selected, force,
        raw != null ? raw : config.lake().rawRoot());
    // A cluster's metastore serves many clients: the backfill registers what it wrote. The embedded one is
    // a single-JVM Derby database, opened only by catalog, sql and serve.
    boolean register = config.catalog().metastore().equals("external");
    return LakeWriter.run(config, "backfill", () -> {
      SparkSession spark = register ? Sessions.createWithCatalog(config) : Sessions.create(config);
      System.out.printf("l2lake backfill %s..%s: lake %s, stages %s%s%n", from, to, config.lake().root(),
          selected.stream().map(Stage::label).collect(Collectors.joining(",")), force ? " (forced)" : "");
      Backfill.Result r = Backfill.run(spark, config, strategy, options, BackfillCommand::print);
      long ran = r.stages().stream().filter(Backfill.Outcome::ran).count();
      System.out.printf("backfill %s: %d stage(s) ran, %d skipped%n", r.runId(), ran, r.stages().size() - ran);
      if (register) {
        int n = io.l2lake.lake.LakeCatalog.register(spark, new io.l2lake.lake.Lake(spark, config.lake().root())).size();
        System.out.printf("backfill: %d tables registered in the cluster's metastore%n", n);
      }
      return 0;
    });
  }

  /** One line per settled stage (the child-process test waits for these lines). */
  static void print(Backfill.Outcome o) {
    if (o.ran()) {
      System.out.printf("backfill: %s ran in %.1f s (%s) %s%n", o.stage().label(), o.seconds(), o.reason(),
          o.rows());
    } else {
      System.out.printf("backfill: %s skipped (%s)%n", o.stage().label(), o.reason());
    }
    System.out.flush();
  }
}

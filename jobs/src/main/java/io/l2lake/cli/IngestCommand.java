package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.ingest.IngestJob;
import io.l2lake.lake.RunContext;
import io.l2lake.lake.Sessions;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code l2lake ingest --raw DIR [--lake DIR] [--force]}. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = "Ingest raw IQFeed dumps (iqfeed/<feed>/<SYMBOL>/<file>) into the bronze tables.")
final class IngestCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(names = "--raw", paramLabel = "DIR",
      description = "Landing zone root (holds iqfeed/). Default: l2lake.raw-root, else <lake>/raw.")
  String raw;

  @Option(names = "--force", description = "Re-read files already ingested with the same size and time.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    L2Config config = common.load();
    return LakeWriter.run(config, "ingest", () -> {
      RunContext run = RunContext.create();
      SparkSession spark = Sessions.create(config);
      IngestJob.Result r = IngestJob.run(spark, config, run,
          new IngestJob.Options(raw != null ? raw : config.lake().rawRoot(), force));
      Summary.printIngest(System.out, r);
      return 0;
    });
  }
}

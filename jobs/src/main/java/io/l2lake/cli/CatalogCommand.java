package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.lake.Lake;
import io.l2lake.lake.LakeCatalog;
import io.l2lake.lake.Sessions;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code l2lake catalog}: registers every table of the lake in the persistent catalog (with table and column
 * comments) and lists them. Under {@code spark-submit} with {@code l2lake.catalog.metastore = external} this
 * puts the lake into the cluster's metastore, where the cluster's {@code spark-sql}, Thrift server or SQL
 * warehouse finds it.
 */
@Command(name = "catalog", mixinStandardHelpOptions = true,
    description = "Register the lake's tables (with comments) in the persistent catalog and list them.")
final class CatalogCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    L2Config config = common.load();
    SparkSession spark = Sessions.createWithCatalog(config);
    List<LakeCatalog.Registered> tables = LakeCatalog.register(spark, new Lake(spark, config.lake().root()));
    System.out.println("catalog (" + config.catalog().metastore() + (config.catalog().metastore().equals("embedded")
        ? " at " + config.catalog().embeddedDir() : "") + "): " + tables.size() + " tables");
    for (LakeCatalog.Registered r : tables) {
      System.out.printf("  %-26s %-8s %3d comments written  %s%n", r.id().qualifiedName(),
          r.created() ? "added" : "present", r.commentsWritten(), r.id().description());
    }
    return 0;
  }
}

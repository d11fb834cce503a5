package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.lake.Lake;
import io.l2lake.lake.LakeCatalog;
import io.l2lake.lake.Sessions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code l2lake serve}: a Spark Connect endpoint over the lake (every table registered by name in the
 * persistent catalog first), for PySpark, Scala/Java Connect clients and notebooks. Bound to 127.0.0.1 unless
 * {@code --host} says otherwise; runs until the process is stopped (Ctrl-C, SIGTERM).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve the lake over Spark Connect (sc://HOST:PORT) until stopped.")
final class ServeCommand implements Callable<Integer> {
  static final String PLUGIN = "org.apache.spark.sql.connect.SparkConnectPlugin";

  @Mixin CommonOptions common;

  @Option(names = "--host", description = "Address to bind (default 127.0.0.1; 0.0.0.0 exposes it to the network).")
  String host = "127.0.0.1";

  @Option(names = "--port", description = "gRPC port (default 15002, Spark Connect's).")
  int port = 15002;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("--port must be 1..65535, got " + port);
    }
    L2Config config = common.load();
    Map<String, String> extra = new LinkedHashMap<>();
    String plugins = config.spark().getOrDefault("spark.plugins", "");
    extra.put("spark.plugins", plugins.isBlank() ? PLUGIN : plugins + "," + PLUGIN);
    extra.put("spark.connect.grpc.binding.address", host);
    extra.put("spark.connect.grpc.binding.port", Integer.toString(port));
    SparkSession spark = Sessions.createWithCatalog(config, extra);
    int tables = LakeCatalog.register(spark, new Lake(spark, config.lake().root())).size();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      spark.stop();
      stopped.countDown();
    }, "l2lake-serve-stop"));
    System.out.printf("l2lake serve: Spark Connect at sc://%s:%d over lake %s (%d tables by name, catalog %s)%n",
        host, port, config.lake().root(), tables, config.catalog().metastore());
    System.out.println("  e.g. pyspark --remote sc://" + host + ":" + port + "   then spark.sql(\"SHOW TABLES IN gold\")");
    System.out.flush();
    stopped.await();
    return 0;
  }
}

package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.lake.Lake;
import io.l2lake.lake.LakeCatalog;
import io.l2lake.lake.Sessions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code l2lake serve}: a Spark Connect endpoint over the lake (every table registered by name in the
 * persistent catalog first), for PySpark, Scala/Java Connect clients and notebooks; runs until the process is
 * stopped (Ctrl-C, SIGTERM).
 *
 * <p>Locked down by default. Clients must present a token ({@code spark.connect.authenticate.token}, checked by
 * the Connect server on every call) that is new at every start and written to an owner-only file
 * ({@link ServeToken}); the file appears only once the server is ready and guarded. Every socket the JVM
 * listens on is on a loopback address: the Connect port, and the driver's RPC and block-manager ports
 * ({@code spark.driver.host}, {@code spark.driver.bindAddress}); the Spark UI, which Spark binds to every
 * interface unless {@code SPARK_LOCAL_IP} says otherwise, is switched off unless {@code SPARK_LOCAL_IP} is a
 * loopback address. A non-loopback {@code --host} or driver address needs {@code --allow-remote}. Statements
 * and DataFrame operations of clients are read-only ({@link ReadOnlySql}, through {@link ReadOnlySqlExtension})
 * unless {@code --allow-writes}.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve the lake over Spark Connect (sc://localhost:PORT, with a token) until stopped.")
final class ServeCommand implements Callable<Integer> {
  static final String PLUGIN = "org.apache.spark.sql.connect.SparkConnectPlugin";
  /** The Connect server's pre-shared token setting (Spark 4.0's {@code Connect.CONNECT_AUTHENTICATE_TOKEN}). */
  static final String TOKEN_SETTING = "spark.connect.authenticate.token";
  private static final List<String> DRIVER_ADDRESSES = List.of("spark.driver.host", "spark.driver.bindAddress");

  @Mixin CommonOptions common;

  @Option(names = "--host", description = "Address to bind (default 127.0.0.1); anything but a loopback address"
      + " needs --allow-remote.")
  String host = "127.0.0.1";

  @Option(names = "--port", description = "gRPC port (default 15002, Spark Connect's).")
  int port = 15002;

  @Option(names = "--allow-remote", description = "Allow a --host and driver addresses other than loopback ones"
      + " (the token then travels in clear unless a TLS proxy fronts the server).")
  boolean allowRemote;

  @Option(names = "--allow-writes", description = "Let clients write and change tables, the catalog and settings,"
      + " and read paths outside the lake (refused by default).")
  boolean allowWrites;

  @Option(names = "--token-file", paramLabel = "FILE", description = "Where the client token is written, owner-only"
      + " (default ~/.l2lake/serve-token).")
  Path tokenFile;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("--port must be 1..65535, got " + port);
    }
    if (!allowRemote && !isLoopback(host)) {
      throw new IllegalArgumentException("--host " + host + " is not a loopback address: the lake would be served"
          + " to the network; add --allow-remote to do that");
    }
    L2Config config = common.load();
    String token = ServeToken.generate();
    Map<String, String> extra = new LinkedHashMap<>();
    String plugins = config.spark().getOrDefault("spark.plugins", "");
    extra.put("spark.plugins", plugins.isBlank() ? PLUGIN : plugins + "," + PLUGIN);
    extra.put("spark.connect.grpc.binding.address", host);
    extra.put("spark.connect.grpc.binding.port", Integer.toString(port));
    extra.put(TOKEN_SETTING, token);
    for (String key : DRIVER_ADDRESSES) {
      String value = config.spark().get(key);
      if (value == null) {
        extra.put(key, "127.0.0.1");
      } else if (!allowRemote && !isLoopback(value)) {
        throw new IllegalArgumentException(key + "=" + value + " is not a loopback address: the driver would listen"
            + " on the network; add --allow-remote to do that");
      }
    }
    boolean uiOff = false;
    if (!allowRemote && !config.spark().getOrDefault("spark.ui.enabled", "true").equals("false")
        && !loopbackEnv("SPARK_LOCAL_IP")) {
      extra.put("spark.ui.enabled", "false");
      uiOff = true;
    }
    if (!allowWrites) {
      extra.put("spark.sql.extensions",
          Sessions.REQUIRED.get("spark.sql.extensions") + "," + ReadOnlySqlExtension.class.getName());
    }
    SparkSession spark = Sessions.createWithCatalog(config, extra);
    int tables = LakeCatalog.register(spark, new Lake(spark, config.lake().root())).size();
    if (!allowWrites) {
      ReadOnlySqlExtension.arm(ReadOnlySql.forLake(spark, config.lake().root()));
    }
    // Written last: no client can authenticate before the tables are registered and the guard is armed.
    Path file = ServeToken.write(tokenFile != null ? tokenFile : ServeToken.defaultFile(), token);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      ServeToken.remove(file, token);
      spark.stop();
      stopped.countDown();
    }, "l2lake-serve-stop"));
    String name = isLoopback(host) ? "localhost" : host;
    System.out.printf("l2lake serve: Spark Connect at sc://%s:%d over lake %s (%d tables by name, catalog %s), %s%n",
        name, port, config.lake().root(), tables, config.catalog().metastore(),
        allowWrites ? "writes allowed" : "read-only");
    System.out.println("  token: " + file + " (owner-only; a new one at every start)");
    System.out.println("  e.g. pyspark --remote \"sc://" + name + ":" + port + "/;token=$(cat " + file + ")\"   then"
        + " spark.sql(\"SHOW TABLES IN gold\")");
    if (uiOff) {
      System.out.println("  Spark UI off: it would listen on every interface (SPARK_LOCAL_IP=127.0.0.1 keeps it)");
    }
    System.out.flush();
    stopped.await();
    return 0;
  }

  /** Whether every address {@code name} resolves to is a loopback address. */
  static boolean isLoopback(String name) {
    if (name.isBlank()) {
      return false;
    }
    try {
      return Arrays.stream(InetAddress.getAllByName(name)).allMatch(InetAddress::isLoopbackAddress);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("cannot resolve the address " + name + ": " + e.getMessage());
    }
  }

  private static boolean loopbackEnv(String variable) {
    String value = System.getenv(variable);
    return value != null && isLoopback(value);
  }
}

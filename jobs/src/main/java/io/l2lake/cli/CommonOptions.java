package io.l2lake.cli;

import io.l2lake.config.ConfigException;
import io.l2lake.config.L2Config;
import io.l2lake.config.Strategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options every command takes: the profile, the lake root and key=value overrides. */
public final class CommonOptions {
  @Option(names = "--conf", paramLabel = "FILE",
      description = "Profile (HOCON). Default: conf/spark-local.conf under L2LAKE_HOME or the working directory.")
  Path conf;

  @Option(names = "--lake", paramLabel = "DIR", description = "Lake root; overrides l2lake.lake-root.")
  String lake;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "Override any configuration key (repeatable), e.g. --set spark.sql.shuffle.partitions=4")
  List<String> overrides = List.of();

  @Option(names = "--strategy", paramLabel = "FILE",
      description = "Strategy parameters (HOCON). Default: conf/strategy.conf under L2LAKE_HOME or the working directory.")
  Path strategyFile;

  /** Loads and validates the configuration ({@code --set strategy.*} keys go to {@link #strategy()}). */
  public L2Config load() {
    return load(Map.of());
  }

  /** As {@link #load()}, with {@code extra} settings on top of the command line's. */
  public L2Config load(Map<String, String> extra) {
    Map<String, String> o = overrides(false);
    if (lake != null) {
      o.put(L2Config.LAKE_ROOT.key(), lake);
    }
    o.putAll(extra);
    return L2Config.load(profile(), o);
  }

  /** Loads and validates the strategy parameters with the {@code --set strategy.*} overrides. */
  public Strategy strategy() {
    return strategy(Map.of());
  }

  /** As {@link #strategy()}, with {@code extra} strategy keys on top of the command line's. */
  public Strategy strategy(Map<String, String> extra) {
    Map<String, String> o = overrides(true);
    o.putAll(extra);
    return Strategy.load(strategyFile != null ? strategyFile : inConf("strategy.conf"), o);
  }

  private Map<String, String> overrides(boolean strategyKeys) {
    Map<String, String> o = new LinkedHashMap<>();
    for (String kv : overrides) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("--set expects KEY=VALUE, got '" + kv + "'");
      }
      String key = kv.substring(0, eq).trim();
      if (key.startsWith("strategy.") == strategyKeys) {
        o.put(key, kv.substring(eq + 1));
      }
    }
    return o;
  }

  private Path profile() {
    return conf != null ? conf : inConf("spark-local.conf");
  }

  private static Path inConf(String name) {
    String home = System.getenv("L2LAKE_HOME");
    Path base = home == null ? Path.of("") : Path.of(home);
    Path p = base.resolve("conf").resolve(name);
    return Files.isRegularFile(p) ? p : null;
  }
}

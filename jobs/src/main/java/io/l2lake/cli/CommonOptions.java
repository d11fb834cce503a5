package io.l2lake.cli;

import io.l2lake.config.ConfigException;
import io.l2lake.config.L2Config;
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

  /** Loads and validates the configuration. */
  public L2Config load() {
    Map<String, String> o = new LinkedHashMap<>();
    for (String kv : overrides) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("--set expects KEY=VALUE, got '" + kv + "'");
      }
      o.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    if (lake != null) {
      o.put(L2Config.LAKE_ROOT.key(), lake);
    }
    return L2Config.load(profile(), o);
  }

  private Path profile() {
    if (conf != null) {
      return conf;
    }
    String home = System.getenv("L2LAKE_HOME");
    Path base = home == null ? Path.of("") : Path.of(home);
    Path p = base.resolve("conf").resolve("spark-local.conf");
    return Files.isRegularFile(p) ? p : null;
  }
}

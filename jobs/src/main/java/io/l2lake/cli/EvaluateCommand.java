package io.l2lake.cli;

import io.l2lake.config.L2Config;
import io.l2lake.lobster.LobsterEvaluation;
import io.l2lake.lake.Sessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code l2lake evaluate lobster --data DIR}. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Score the sync, classification, OFI and pseudo-L2 stages on real order books; prints JSON.")
final class EvaluateCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Parameters(index = "0", paramLabel = "SOURCE", description = "Only 'lobster' (LOBSTER message + orderbook files).")
  String source;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Directory of LOBSTER files.")
  Path data;

  @Override
  public Integer call() {
    if (!"lobster".equals(source)) {
      throw new IllegalArgumentException("unknown evaluation source '" + source + "': allowed is lobster");
    }
    if (!Files.isDirectory(data)) {
      throw new IllegalArgumentException("--data " + data + " is not a directory");
    }
    L2Config config = common.load();
    System.out.println(LobsterEvaluation.toJson(LobsterEvaluation.run(Sessions.create(config), data, config)));
    return 0;
  }
}

package io.l2lake.cli;

import io.l2lake.config.ConfigException;
import io.l2lake.lake.LakeBusyException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code l2lake} command line. {@code main} only parses options into typed configuration and
 * calls the command's {@code run}; a configuration or usage problem, or a lake whose writer lease another
 * run holds, exits with status 2 and a one-line message, never a stack trace.
 */
@Command(name = "l2lake", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
    description = "Level-2 microstructure lake for US penny stocks (Spark + Delta Lake).",
    subcommands = {DemoCommand.class, FetchCommand.class, IngestCommand.class, CheckCommand.class,
        BenchCommand.class, EvaluateCommand.class, SilverCommand.class, GenerateCommand.class, GoldCommand.class,
        WatchlistCommand.class, SignalReportCommand.class, SqlCommand.class, CatalogCommand.class, ServeCommand.class, BacktestCommand.class,
        PregapCommand.class, GapperStudyCommand.class, CalibrateCommand.class, BackfillCommand.class, PipelineBenchCommand.class,
        BenchWorkerCommand.class, ReportCommand.class, GpuPlanCommand.class, StatusCommand.class})
public final class Main implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Exits with the command's status; an uncaught failure prints its stack trace and exits with 1. */
  public static void main(String[] args) {
    int status;
    try {
      status = execute(args);
    } catch (RuntimeException | Error e) {
      // Exit explicitly: a live Spark context must not keep the JVM running after a failure.
      e.printStackTrace();
      status = 1;
    }
    System.exit(status);
  }

  /** Runs a command line and returns the exit status (for tests and for {@code main}). */
  public static int execute(String... args) {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof ConfigException || e instanceof IllegalArgumentException || e instanceof LakeBusyException) {
        PrintWriter err = cmd.getErr();
        err.println("l2lake: " + e.getMessage());
        err.flush();
        return 2;
      }
      throw e;
    });
    return cl.execute(args);
  }

  /** Version from the build. */
  public static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"l2lake " + io.l2lake.lake.RunContext.buildVersion()};
    }
  }
}

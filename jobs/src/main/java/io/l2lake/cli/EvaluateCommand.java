package io.l2lake.cli;

import picocli.CommandLine.Command;

/** {@code l2lake evaluate lobster|signals}: the stages scored against a truth they do not see. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    subcommands = {EvaluateBacktestCommand.class, EvaluateLobsterCommand.class, EvaluateSignalsCommand.class},
    description = "Score the stages against a truth they never see: 'lobster' (trade sides, OFI and the pseudo "
        + "book on real order books), 'signals' (the detectors and the tracker on generated markets).")
final class EvaluateCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(spec.commandLine(), "name what to evaluate: lobster or signals");
  }
}

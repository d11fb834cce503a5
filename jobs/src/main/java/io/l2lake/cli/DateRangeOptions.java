package io.l2lake.cli;

import java.time.LocalDate;
import picocli.CommandLine.Option;

/** {@code --from} / {@code --to}: the trading dates a stage command works on (open bounds = all). */
public final class DateRangeOptions {
  @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First trading date (default: all).")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Last trading date (default: all).")
  LocalDate to;

  /** Refuses a reversed range. */
  void validate() {
    if (from != null && to != null && from.isAfter(to)) {
      throw new IllegalArgumentException("--from " + from + " is after --to " + to);
    }
  }
}

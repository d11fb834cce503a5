package io.l2lake.lake;

import org.slf4j.Logger;

/** Logs how long a step took at INFO, for progress and for finding slow steps. */
public final class Timed implements AutoCloseable {
  private final Logger log;
  private final String step;
  private final long start = System.nanoTime();

  private Timed(Logger log, String step) {
    this.log = log;
    this.step = step;
  }

  public static Timed step(Logger log, String step) {
    return new Timed(log, step);
  }

  @Override
  public void close() {
    if (log.isInfoEnabled()) {
      log.info(String.format("%s: %.2f s", step, (System.nanoTime() - start) / 1e9));
    }
  }
}

package io.l2lake.fetch;

/**
 * A token bucket shared by threads: {@code ratePerSecond} tokens a second, at most {@code capacity}
 * saved up. {@link #acquire()} takes one token, sleeping until it is due; callers are served in the
 * order they asked (each reserves the next token, so a waiting thread is never overtaken).
 *
 * <p>Cost: a short synchronised computation per call, plus the wait.
 */
final class TokenBucket {
  private final double perNano;
  private final double capacity;
  private double tokens;
  private long updated;

  TokenBucket(double ratePerSecond, double capacity) {
    if (!(ratePerSecond > 0) || !(capacity >= 1)) {
      throw new IllegalArgumentException("rate must be > 0 and capacity >= 1");
    }
    this.perNano = ratePerSecond / 1e9;
    this.capacity = capacity;
    this.tokens = capacity;
    this.updated = System.nanoTime();
  }

  /** Takes a token, waiting until one is due. */
  void acquire() throws InterruptedException {
    long waitNanos = reserve();
    if (waitNanos > 0) {
      Thread.sleep(waitNanos / 1_000_000L, (int) (waitNanos % 1_000_000L));
    }
  }

  /** Takes a token now (the balance may go negative: later callers then wait longer); returns the wait. */
  private synchronized long reserve() {
    long now = System.nanoTime();
    tokens = Math.min(capacity, tokens + (now - updated) * perNano);
    updated = now;
    tokens -= 1;
    return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / perNano);
  }
}

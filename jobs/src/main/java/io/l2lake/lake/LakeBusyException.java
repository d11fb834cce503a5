package io.l2lake.lake;

/** Another run holds the lake's writer lease ({@link WriterLease}); the command exits with status 2. */
public final class LakeBusyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LakeBusyException(String message) {
    super(message);
  }
}

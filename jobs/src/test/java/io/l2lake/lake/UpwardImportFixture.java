package io.l2lake.lake;

/**
 * A deliberate violation for {@code LayersTest}: a class of the kit's package that reaches up to the command
 * line. Test code only: the layering test imports it on purpose to see the rules fail.
 */
public final class UpwardImportFixture {
  private UpwardImportFixture() {}

  public static int upward() {
    return io.l2lake.cli.Main.execute();
  }
}

package io.l2lake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code l2lake fetch} refuses bad options with status 2 and one line, before any work. */
class FetchCommandTest {
  private static String refused(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(2, Main.execute(args));
    } finally {
      System.setErr(old);
    }
    return err.toString(StandardCharsets.UTF_8).trim();
  }

  @Test
  void badOptionsAreRefused() {
    assertEquals("l2lake: --feeds: 'l1' is not a feed fetch downloads: allowed are ticks, daily",
        refused("fetch", "--feeds", "ticks,l1"));
    assertEquals("l2lake: --symbols: 'AB/CD' is not a valid symbol", refused("fetch", "--symbols", "ABCD,AB/CD"));
    assertEquals("l2lake: --from 2025-03-05 is after --to 2025-03-01",
        refused("fetch", "--from", "2025-03-05", "--to", "2025-03-01"));
    assertEquals("l2lake: configuration key 'l2lake.fetch.max-concurrent' has value '0' (from command line):"
        + " allowed is an integer from 1 to 64", refused("fetch", "--set", "l2lake.fetch.max-concurrent=0"));
  }
}

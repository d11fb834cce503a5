package io.l2lake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
  @Test
  void aBadSettingExitsWithStatus2AndOneLine() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int status;
    try {
      status = Main.execute("check", "--set", "l2lake.quality.outlier-jump=-1");
    } finally {
      System.setErr(old);
    }
    assertEquals(2, status);
    String text = err.toString(StandardCharsets.UTF_8).trim();
    assertEquals("l2lake: configuration key 'l2lake.quality.outlier-jump' has value '-1' (from command line):"
        + " allowed is a number from 0.01 to 10.0", text);
  }

  @Test
  void reversedDatesAreRefused() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream old = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      assertEquals(2, Main.execute("check", "--from", "2021-03-05", "--to", "2021-03-01"));
    } finally {
      System.setErr(old);
    }
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("is after --to"));
  }
}

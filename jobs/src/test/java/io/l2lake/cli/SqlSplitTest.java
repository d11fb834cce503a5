package io.l2lake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sql -f} splits plain statement files at ';' and notebooks at their cell lines. */
class SqlSplitTest {
  @Test
  void statementsSplitAtSemicolonsAtLineEnds() {
    assertEquals(List.of("SELECT 'a;b' AS x", "-- only a comment\nSELECT 2".lines().skip(1).findFirst().get()),
        SqlCommand.split("SELECT 'a;b' AS x;\n-- only a comment\nSELECT 2;\n\n;\n"));
  }

  @Test
  void notebooksSplitAtCommandLinesWithoutSemicolons() {
    String nb = "-- Databricks notebook source\n-- title\n\n-- COMMAND ----------\n-- first\nSELECT 1\n"
        + "FROM t\n\n-- COMMAND ----------\nSELECT 2\n-- COMMAND ----------\n-- comment only\n";
    assertEquals(List.of("SELECT 1\nFROM t", "SELECT 2"), SqlCommand.split(nb));
  }
}

package io.l2lake.cli;

import io.l2lake.ingest.IngestJob;
import io.l2lake.quality.IntegrityJob;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** Human-readable run summaries. */
final class Summary {
  private Summary() {}

  static void printIngest(PrintStream out, IngestJob.Result r) {
    out.printf("ingest run %s: %d files ingested, %d unchanged files skipped%n", r.runId(),
        r.filesIngested(), r.filesSkipped());
    out.printf("  lines read %,d = accepted %,d + quarantined %,d + control %,d%n", r.linesRead(),
        r.accepted(), r.quarantined(), r.control());
    table(out, "rows written (upserted)", r.rowsByTable());
    table(out, "quarantined lines by reason", r.quarantinedByReason());
    for (String p : r.unrecognisedPaths()) {
      out.println("  NOT READ (path outside iqfeed/<feed>/<SYMBOL>/<file>): " + p);
    }
    for (String f : r.filesNotOk()) {
      out.println("  FILE NOT OK: " + f);
    }
  }

  static void printIntegrity(PrintStream out, IntegrityJob.Result r) {
    out.printf("integrity: %d symbol-days checked, %d unusable%n", r.symbolDays(), r.unusableDays());
    table(out, "failed checks (symbol-days)", r.failedByCheck());
  }

  static void table(PrintStream out, String title, Map<String, Long> rows) {
    out.println("  " + title + ":");
    if (rows.isEmpty()) {
      out.println("    (none)");
    }
    int w = rows.keySet().stream().mapToInt(String::length).max().orElse(10);
    rows.forEach((k, v) -> out.printf("    %-" + w + "s %,12d%n", k, v));
  }

  /**
   * An aligned text table (the first {@code leftColumns} columns left-aligned, the rest right-aligned),
   * or a Markdown table when {@code markdown}.
   */
  static void grid(PrintStream out, List<String> header, List<List<String>> rows, int leftColumns,
      boolean markdown) {
    int[] w = new int[header.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = header.get(i).length();
      for (List<String> r : rows) {
        w[i] = Math.max(w[i], r.get(i).length());
      }
    }
    if (markdown) {
      out.println("| " + String.join(" | ", header) + " |");
      StringBuilder rule = new StringBuilder("|");
      for (int i = 0; i < w.length; i++) {
        rule.append(i < leftColumns ? "---|" : "---:|");
      }
      out.println(rule);
      rows.forEach(r -> out.println("| " + String.join(" | ", r) + " |"));
      return;
    }
    out.println("  " + line(header, w, leftColumns));
    StringBuilder rule = new StringBuilder("  ");
    for (int i = 0; i < w.length; i++) {
      rule.append("-".repeat(w[i])).append(i + 1 < w.length ? "  " : "");
    }
    out.println(rule);
    rows.forEach(r -> out.println("  " + line(r, w, leftColumns)));
  }

  private static String line(List<String> cells, int[] w, int leftColumns) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < w.length; i++) {
      String c = cells.get(i);
      String pad = " ".repeat(w[i] - c.length());
      b.append(i < leftColumns ? c + pad : pad + c);
      if (i + 1 < w.length) {
        b.append("  ");
      }
    }
    return b.toString().stripTrailing();
  }
}

package io.l2lake.cli;

import io.l2lake.fetch.FetchJob;
import io.l2lake.fetch.Fetcher;
import io.l2lake.ingest.IngestJob;
import io.l2lake.lake.Feed;
import io.l2lake.quality.IntegrityStage;
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
      String file = f.substring(0, f.lastIndexOf(" ("));
      String error = r.fileErrors().get(file);
      if (error != null && error.startsWith(file + ": ")) {
        error = error.substring(file.length() + 2);
      }
      out.println("  FILE NOT OK: " + f + (error == null ? "" : ": " + error));
    }
  }

  static void printIntegrity(PrintStream out, IntegrityStage.Result r) {
    out.printf("integrity: %d symbol-days checked, %d unusable%n", r.symbolDays(), r.unusableDays());
    table(out, "failed checks (symbol-days)", r.failedByCheck());
  }

  static void printFetch(PrintStream out, FetchJob.Result r, String server) {
    var p = r.plan();
    if (p.from() == null) {
      out.println("fetch: no trading day in the range");
    } else {
      out.printf("fetch %s: %s to %s, %d tick days and %d daily ranges to request (ticks from %s on: DTN's"
          + " tick history)%n", r.dryRun() ? "(dry run)" : "run " + r.runId(), p.from(), p.to(), p.count(Feed.TICKS),
          p.count(Feed.DAILY), p.tickWindowStart());
    }
    if (r.dryRun()) {
      return;
    }
    out.printf("  from %s: %d requests: %d ok, %d no data, %d invalid symbol, %d failed; %d files published"
        + " (%,d lines) in %.1f s%n", server, r.done().size(), r.count(Fetcher.Outcome.OK),
        r.count(Fetcher.Outcome.NO_DATA), r.count(Fetcher.Outcome.INVALID_SYMBOL), r.failed(), r.filesPublished(),
        r.lines(), r.seconds());
    int shown = 0;
    for (Fetcher.Done d : r.done()) {
      if (d.outcome() != Fetcher.Outcome.OK && d.outcome() != Fetcher.Outcome.NO_DATA && shown++ < 20) {
        out.println("  " + d.outcome().code().toUpperCase(java.util.Locale.ROOT) + " " + d.request().describe()
            + ": " + d.message());
      }
    }
    if (shown > 20) {
      out.printf("  ... and %d more (see ops.fetch_log, fetch_run = '%s')%n", shown - 20, r.runId());
    }
    if (r.filesPublished() > 0) {
      out.println("  next: l2lake ingest, to load the published files");
    }
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

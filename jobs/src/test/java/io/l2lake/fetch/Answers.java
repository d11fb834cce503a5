package io.l2lake.fetch;

import io.l2lake.testing.SparkTestSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Answer payloads for the fake server. Tick lines are real: the first trades of NEPT's 2021-03-01 answer
 * (the shared IQFeed sample, protocol 6.1, whose 12 payload fields are 6.2's), moved to another date
 * with their day code changed to match. Daily bars are made up in the doc's layout.
 */
final class Answers {
  private static final Path NEPT = SparkTestSession.sharedData()
      .resolve("iqfeed/NEPT_ticks_2021-03-01_2021-03-03_oldest_first_p61.csv.gz");
  private static List<String> firstDay;

  private Answers() {}

  /** The first {@code n} trades of the sample's first day, dated {@code day} (payload lines). */
  static List<String> ticks(LocalDate day, int n) {
    List<String> out = new ArrayList<>();
    for (String line : sampleDay().subList(0, n)) {
      String[] f = line.substring(0, line.length() - 1).split(",", -1);
      f[0] = day + f[0].substring(10);
      f[11] = Integer.toString(day.getDayOfMonth());
      out.add(String.join(",", f) + ",");
    }
    return out;
  }

  /** One made-up daily bar per day: date, high, low, open, close, volume, open interest. */
  static List<String> dailyBars(List<LocalDate> days) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < days.size(); i++) {
      double open = 1.20 + 0.01 * i;
      out.add(String.format(Locale.ROOT, "%s,%.4f,%.4f,%.4f,%.4f,%d,0,", days.get(i), open + 0.11, open - 0.02,
          open, open + 0.07, 1_000_000 + 1_000 * i));
    }
    return out;
  }

  /** Sum of price x size over payload tick lines. */
  static double priceTimesSize(List<String> payload) {
    double sum = 0;
    for (String line : payload) {
      String[] f = line.split(",", -1);
      sum += Double.parseDouble(f[1]) * Long.parseLong(f[2]);
    }
    return sum;
  }

  private static synchronized List<String> sampleDay() {
    if (firstDay == null) {
      List<String> lines = new ArrayList<>();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(NEPT)),
          StandardCharsets.ISO_8859_1))) {
        String line;
        while ((line = r.readLine()) != null && lines.size() < 500) {
          if (line.startsWith("2021-03-01 ")) {
            lines.add(line);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      firstDay = lines;
    }
    return firstDay;
  }
}

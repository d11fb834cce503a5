package io.l2lake.iqfeed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.l2lake.lake.Feed;
import io.l2lake.testing.SparkTestSession;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * Thousands of real NEPT lines corrupted at random (cut, doubled commas, letters in numbers, binary
 * junk, huge lines, dropped or swapped fields): no exception escapes, and every line is exactly one
 * of a row or a quarantine row (or, rarely, a line that became a control line).
 */
public class MutationTest {
  static final Path NEPT = SparkTestSession.sharedData()
      .resolve("iqfeed/NEPT_ticks_2021-03-01_2021-03-03_oldest_first_p61.csv.gz");

  static List<String> realLines() throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(NEPT))) {
      String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      List<String> lines = new ArrayList<>(List.of(text.split("\r\n")));
      lines.removeIf(l -> l.startsWith("!ENDMSG!"));
      return lines;
    }
  }

  /** One random corruption of a line; the bytes may hold anything. */
  static byte[] mutate(String line, Random r) {
    byte[] b = line.getBytes(StandardCharsets.ISO_8859_1);
    String[] f = line.split(",", -1);
    switch (r.nextInt(10)) {
      case 0: // cut anywhere
        return line.substring(0, r.nextInt(line.length())).getBytes(StandardCharsets.ISO_8859_1);
      case 1: { // doubled comma
        int i = line.indexOf(',', r.nextInt(line.length()));
        i = i < 0 ? line.indexOf(',') : i;
        return (line.substring(0, i) + "," + line.substring(i)).getBytes(StandardCharsets.ISO_8859_1);
      }
      case 2: { // letters in a number
        int i = r.nextInt(line.length());
        char[] c = line.toCharArray();
        c[i] = (char) ('A' + r.nextInt(26));
        return new String(c).getBytes(StandardCharsets.ISO_8859_1);
      }
      case 3: { // binary junk
        byte[] junk = new byte[1 + r.nextInt(20)];
        r.nextBytes(junk);
        for (int i = 0; i < junk.length; i++) {
          if (junk[i] == '\n') {
            junk[i] = 0;
          }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = r.nextInt(b.length);
        out.write(b, 0, at);
        out.write(junk, 0, junk.length);
        out.write(b, at, b.length - at);
        return out.toByteArray();
      }
      case 4: // huge line
        return (line + "9".repeat(70_000 + r.nextInt(10_000))).getBytes(StandardCharsets.ISO_8859_1);
      case 5: { // a field dropped
        List<String> l = new ArrayList<>(List.of(f));
        l.remove(r.nextInt(l.size() - 1));
        return String.join(",", l).getBytes(StandardCharsets.ISO_8859_1);
      }
      case 6: { // two fields swapped
        int i = r.nextInt(f.length - 1);
        int j = r.nextInt(f.length - 1);
        String t = f[i];
        f[i] = f[j];
        f[j] = t;
        return String.join(",", f).getBytes(StandardCharsets.ISO_8859_1);
      }
      case 7: // empty line
        return new byte[0];
      case 8: { // a field emptied
        f[r.nextInt(f.length - 1)] = "";
        return String.join(",", f).getBytes(StandardCharsets.ISO_8859_1);
      }
      default: { // a sign, a second dot or an exponent in a number
        String[] junk = {"-", "..", "e5", "NaN", " "};
        int i = r.nextInt(f.length - 1);
        f[i] = f[i] + junk[r.nextInt(junk.length)];
        return String.join(",", f).getBytes(StandardCharsets.ISO_8859_1);
      }
    }
  }

  /** A file of real lines with every third one corrupted. */
  public static byte[] corruptedFile(int lines, long seed) throws IOException {
    List<String> real = realLines();
    Random r = new Random(seed);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < lines; i++) {
      String line = real.get(r.nextInt(real.size()));
      byte[] bytes = i % 3 == 0 ? mutate(line, r) : line.getBytes(StandardCharsets.ISO_8859_1);
      out.write(bytes);
      out.write('\r');
      out.write('\n');
    }
    out.write("!ENDMSG!,\r\n".getBytes(StandardCharsets.ISO_8859_1));
    return out.toByteArray();
  }

  @Test
  void everyCorruptedLineIsARowOrAQuarantineRow() throws IOException {
    for (long seed = 1; seed <= 3; seed++) {
      byte[] file = corruptedFile(6_000, seed);
      Parsing.Parsed p = Parsing.parseBytes(Feed.TICKS, "NEPT", "m.csv", file);
      Set<Long> rows = new HashSet<>();
      p.sink().ticks.forEach(t -> assertTrue(rows.add(t.lineNo()), "one row per line"));
      Set<Long> quarantined = new HashSet<>();
      p.sink().rejected.forEach(q -> assertTrue(quarantined.add(q.lineNo()), "one quarantine row per line"));
      Set<Long> both = new HashSet<>(rows);
      both.retainAll(quarantined);
      assertEquals(Set.of(), both);
      assertEquals(6_001, p.stats().linesRead);
      assertEquals(p.stats().linesRead, rows.size() + quarantined.size() + p.stats().control);
      assertTrue(p.stats().balanced());
      assertTrue(quarantined.size() >= 1_000, "most corruptions are caught: " + quarantined.size());
      assertTrue(p.sink().rejected.stream().anyMatch(q -> q.reason() == RejectReason.LINE_TOO_LONG));
      assertTrue(p.sink().rejected.stream().anyMatch(q -> q.reason() == RejectReason.BINARY_CONTENT));
      assertTrue(p.sink().rejected.stream().allMatch(q -> q.raw().length() <= 4096));
    }
  }
}

package io.l2lake.iqfeed;

import java.util.Map;
import java.util.TreeMap;

/**
 * Line accounting for one raw file: every line read is exactly one of accepted (it produced rows),
 * quarantined, or a control line (protocol framing such as {@code !ENDMSG!}, headers, system
 * messages). {@link #balanced()} states that identity.
 */
public final class FileStats {
  public long linesRead;
  public long accepted;
  public long quarantined;
  public long control;
  /** Control lines by kind, for example {@code end_of_answer} or {@code error:!NO_DATA!}. */
  public final Map<String, Long> controlKinds = new TreeMap<>();
  /** True when a history answer's terminating {@code !ENDMSG!} line was seen. */
  public boolean endOfAnswerSeen;
  /** {@code oldest_first}, {@code newest_first} or {@code stream}. */
  public String order = "stream";
  /** Minimum and maximum trading dates (epoch days) of the rows, or null when none. */
  public Integer minDate;
  public Integer maxDate;

  public void control(String kind) {
    control++;
    controlKinds.merge(kind, 1L, Long::sum);
  }

  public void sawDate(int epochDay) {
    minDate = minDate == null ? epochDay : Math.min(minDate, epochDay);
    maxDate = maxDate == null ? epochDay : Math.max(maxDate, epochDay);
  }

  public boolean balanced() {
    return linesRead == accepted + quarantined + control;
  }

  @Override
  public String toString() {
    return "read=" + linesRead + " accepted=" + accepted + " quarantined=" + quarantined
        + " control=" + control + " " + controlKinds;
  }
}

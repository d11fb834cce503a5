package io.l2lake.iqfeed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Splits IQFeed trade conditions ({@code 873D17}) into their two-hex-digit codes ({@code 87, 3D, 17}). */
public final class ConditionCodes {
  private ConditionCodes() {}

  /** The codes in order, an empty list for an empty field, or {@link BadField} when malformed. */
  public static List<String> parse(Fields f, int i) {
    int from = f.start(i);
    int to = f.end(i);
    if (from == to) {
      return Collections.emptyList();
    }
    if ((to - from) % 2 != 0 || to - from > 16) {
      throw new BadField(RejectReason.BAD_CODE, "trade_conditions", f.str(i));
    }
    List<String> codes = new ArrayList<>((to - from) / 2);
    String line = f.line();
    for (int p = from; p < to; p += 2) {
      if (!isHex(line.charAt(p)) || !isHex(line.charAt(p + 1))) {
        throw new BadField(RejectReason.BAD_CODE, "trade_conditions", f.str(i));
      }
      codes.add(line.substring(p, p + 2).toUpperCase(java.util.Locale.ROOT));
    }
    return codes;
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
  }
}

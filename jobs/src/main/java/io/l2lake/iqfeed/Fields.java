package io.l2lake.iqfeed;

/**
 * One comma-separated IQFeed line split into fields without copying: IQFeed uses no quoting, and
 * almost every line ends with a trailing comma, so one trailing empty field is dropped before fields
 * are counted. Typed accessors throw {@link BadField}, which the parsers turn into a quarantine row.
 *
 * <p>Reused across lines by one parser (not thread-safe); parsing allocates only the strings the
 * caller asks for.
 */
public final class Fields {
  private String line = "";
  private int[] starts = new int[32];
  private int[] ends = new int[32];
  private int count;

  /** Splits {@code text}; returns this for chaining. */
  public Fields split(String text) {
    line = text;
    count = 0;
    int start = 0;
    int n = text.length();
    for (int i = 0; i <= n; i++) {
      if (i == n || text.charAt(i) == ',') {
        if (count == starts.length) {
          starts = java.util.Arrays.copyOf(starts, count * 2);
          ends = java.util.Arrays.copyOf(ends, count * 2);
        }
        starts[count] = start;
        ends[count] = i;
        count++;
        start = i + 1;
      }
    }
    if (count > 0 && starts[count - 1] == ends[count - 1]) {
      count--; // the trailing comma's empty field
    }
    return this;
  }

  public int count() {
    return count;
  }

  public String line() {
    return line;
  }

  public int start(int i) {
    return starts[i];
  }

  public int end(int i) {
    return ends[i];
  }

  public boolean isEmpty(int i) {
    return starts[i] == ends[i];
  }

  public String str(int i) {
    return line.substring(starts[i], ends[i]);
  }

  /** True when field {@code i} equals {@code s} exactly. */
  public boolean is(int i, String s) {
    int len = ends[i] - starts[i];
    return len == s.length() && line.regionMatches(starts[i], s, 0, len);
  }

  /** A non-empty decimal such as {@code 1.5211} or {@code -0.01}; no exponents, NaN or infinity. */
  public double decimal(int i, String name) {
    int from = starts[i];
    int to = ends[i];
    if (from == to) {
      throw new BadField(RejectReason.MISSING_FIELD, name, "");
    }
    boolean negative = false;
    int p = from;
    if (line.charAt(p) == '-') {
      negative = true;
      p++;
    }
    long mantissa = 0;
    int scale = -1;
    int digits = 0;
    for (; p < to; p++) {
      char c = line.charAt(p);
      if (c >= '0' && c <= '9') {
        if (digits >= 17) {
          throw new BadField(RejectReason.BAD_NUMBER, name, str(i));
        }
        mantissa = mantissa * 10 + (c - '0');
        digits++;
        if (scale >= 0) {
          scale++;
        }
      } else if (c == '.' && scale < 0) {
        scale = 0;
      } else {
        throw new BadField(RejectReason.BAD_NUMBER, name, str(i));
      }
    }
    if (digits == 0) {
      throw new BadField(RejectReason.BAD_NUMBER, name, str(i));
    }
    double value = scale <= 0 ? (double) mantissa : mantissa / POW10[scale];
    return negative ? -value : value;
  }

  /**
   * True when field {@code i} is written with a leading minus sign: a negative number, or a negative
   * zero such as {@code -0.0000}, which {@link #decimal} returns as {@code -0.0} and which compares
   * equal to zero. A field that must not be negative is checked with this rather than {@code < 0}.
   */
  public boolean hasMinus(int i) {
    return starts[i] < ends[i] && line.charAt(starts[i]) == '-';
  }

  /** Like {@link #decimal} but an empty field is null. */
  public Double optDecimal(int i, String name) {
    return isEmpty(i) ? null : decimal(i, name);
  }

  /** A non-empty unsigned integer. */
  public long integer(int i, String name) {
    int from = starts[i];
    int to = ends[i];
    if (from == to) {
      throw new BadField(RejectReason.MISSING_FIELD, name, "");
    }
    if (to - from > 18) {
      throw new BadField(RejectReason.BAD_NUMBER, name, str(i));
    }
    long v = 0;
    for (int p = from; p < to; p++) {
      char c = line.charAt(p);
      if (c < '0' || c > '9') {
        throw new BadField(RejectReason.BAD_NUMBER, name, str(i));
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  /** Like {@link #integer} but an empty field is null. */
  public Long optInteger(int i, String name) {
    return isEmpty(i) ? null : integer(i, name);
  }

  /** Like {@link #optInteger} for values that fit an int. */
  public Integer optInt(int i, String name) {
    Long v = optInteger(i, name);
    if (v == null) {
      return null;
    }
    if (v > Integer.MAX_VALUE) {
      throw new BadField(RejectReason.BAD_NUMBER, name, str(i));
    }
    return v.intValue();
  }

  /** Like {@link #optInt} for a code: a value outside {@code [min, max]} is {@link RejectReason#BAD_CODE}. */
  public Integer optCode(int i, String name, int min, int max) {
    Integer v = optInt(i, name);
    if (v != null && (v < min || v > max)) {
      throw new BadField(RejectReason.BAD_CODE, name, str(i));
    }
    return v;
  }

  private static final double[] POW10 = new double[19];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }
}

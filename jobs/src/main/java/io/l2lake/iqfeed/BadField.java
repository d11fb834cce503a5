package io.l2lake.iqfeed;

/**
 * A field that breaks a row rule. Thrown inside a parser and turned into a quarantine row with the
 * reason code and a detail naming the field and its value; it never escapes the parser.
 */
public final class BadField extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final RejectReason reason;
  private final String detail;

  public BadField(RejectReason reason, String field, String value) {
    super(null, null, false, false);
    this.reason = reason;
    this.detail = field + "=" + abbreviate(value);
  }

  public BadField(RejectReason reason, String detail) {
    super(null, null, false, false);
    this.reason = reason;
    this.detail = detail;
  }

  public RejectReason reason() {
    return reason;
  }

  public String detail() {
    return detail;
  }

  @Override
  public String getMessage() {
    return reason.code() + ": " + detail;
  }

  static String abbreviate(String value) {
    return value.length() <= 64 ? value : value.substring(0, 64) + "...";
  }
}

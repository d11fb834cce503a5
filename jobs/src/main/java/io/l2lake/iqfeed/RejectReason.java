package io.l2lake.iqfeed;

/** Why a raw line went to {@code bronze.quarantine}. The code is what the table stores. */
public enum RejectReason {
  LINE_TOO_LONG("line_too_long", "longer than the configured maximum line length"),
  BINARY_CONTENT("binary_content", "contains control or non-text bytes"),
  FIELD_COUNT("field_count", "wrong number of fields for its message type"),
  UNKNOWN_MESSAGE("unknown_message", "message type not recognised for this feed"),
  MISSING_FIELD("missing_field", "a required field is empty"),
  BAD_NUMBER("bad_number", "a numeric field does not parse"),
  BAD_TIMESTAMP("bad_timestamp", "a date or time field does not parse or is not a real date"),
  BAD_CODE("bad_code", "a code field (side, basis, conditions, flags) has an invalid value"),
  NON_POSITIVE_PRICE("non_positive_price", "a trade or bar price is zero or negative"),
  NEGATIVE_SIZE("negative_size", "a size or volume is negative"),
  SYMBOL_MISMATCH("symbol_mismatch", "the line's symbol differs from the file's symbol"),
  NO_DATE("no_date", "no trading date known for the line (no T line, date field or dated file name)"),
  NO_TIMESTAMP("no_timestamp", "no time known for the line"),
  NO_FIELD_LAYOUT("no_field_layout", "a field header names fields that cannot be used"),
  INVALID_SYMBOL_PATH("invalid_symbol_path", "the landing path's symbol directory is not a valid symbol"),
  DUPLICATE_KEY("duplicate_key", "another line has the same natural key; the kept one is named"),
  CORRECTION_TARGET_NOT_FOUND(
      "correction_target_not_found", "a trade-delete correction names no known trade"),
  PARSER_ERROR("parser_error", "the parser failed on the line (a bug); the detail names the exception");

  private final String code;
  private final String description;

  RejectReason(String code, String description) {
    this.code = code;
    this.description = description;
  }

  public String code() {
    return code;
  }

  public String description() {
    return description;
  }
}

package io.l2lake.config;

/**
 * A configuration problem found at start-up. The message names the key, the value given and what is
 * allowed, so the fix is obvious without a stack trace.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  /** The standard message for a value that breaks a key's rule. */
  public static ConfigException badValue(String key, Object value, String allowed, String source) {
    return new ConfigException("configuration key '" + key + "' has value '" + value + "' (from "
        + source + "): allowed is " + allowed);
  }
}

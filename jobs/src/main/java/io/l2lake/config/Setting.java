package io.l2lake.config;

import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One typed setting: key, default, parser, validator and help text. Parsing or validation failures
 * become a {@link ConfigException} naming the key, the value and what is allowed.
 *
 * @param <T> the value type
 */
public final class Setting<T> {
  private final String key;
  private final String defaultValue;
  private final Function<String, T> parser;
  private final Predicate<T> validator;
  private final String allowed;
  private final String help;

  private Setting(String key, String defaultValue, Function<String, T> parser, Predicate<T> validator,
      String allowed, String help) {
    this.key = key;
    this.defaultValue = defaultValue;
    this.parser = parser;
    this.validator = validator;
    this.allowed = allowed;
    this.help = help;
  }

  public static <T> Setting<T> of(String key, String defaultValue, Function<String, T> parser,
      Predicate<T> validator, String allowed, String help) {
    return new Setting<>(key, defaultValue, parser, validator, allowed, help);
  }

  /** An integer within [min, max]. */
  public static Setting<Integer> intIn(String key, int defaultValue, int min, int max, String help) {
    return of(key, Integer.toString(defaultValue), Integer::parseInt, v -> v >= min && v <= max,
        "an integer from " + min + " to " + max, help);
  }

  /** A finite number within [min, max]. */
  public static Setting<Double> doubleIn(String key, double defaultValue, double min, double max,
      String help) {
    return of(key, Double.toString(defaultValue), Double::parseDouble,
        v -> Double.isFinite(v) && v >= min && v <= max, "a number from " + min + " to " + max, help);
  }

  /** A non-empty string. */
  public static Setting<String> text(String key, String defaultValue, String help) {
    return of(key, defaultValue, s -> s, s -> !s.isBlank(), "a non-empty string", help);
  }

  public String key() {
    return key;
  }

  public String defaultValue() {
    return defaultValue;
  }

  public String allowed() {
    return allowed;
  }

  public String help() {
    return help;
  }

  /** Parses and validates {@code raw} (from {@code source}) or throws a {@link ConfigException}. */
  public T parse(String raw, String source) {
    T value;
    try {
      value = parser.apply(raw.trim());
    } catch (RuntimeException e) {
      throw ConfigException.badValue(key, raw, allowed, source);
    }
    if (value == null || !validator.test(value)) {
      throw ConfigException.badValue(key, raw, allowed, source);
    }
    return value;
  }
}

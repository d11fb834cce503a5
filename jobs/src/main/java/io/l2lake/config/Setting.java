package io.l2lake.config;

import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.List;
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

  /** {@code true} or {@code false}; anything else is refused. */
  public static Setting<Boolean> flag(String key, boolean defaultValue, String help) {
    return of(key, Boolean.toString(defaultValue), s -> switch (s.strip()) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException("not true or false: " + s);
    }, v -> true, "true or false", help);
  }

  /** A non-empty string. */
  public static Setting<String> text(String key, String defaultValue, String help) {
    return of(key, defaultValue, s -> s, s -> !s.isBlank(), "a non-empty string", help);
  }

  /**
   * A HOCON list of numbers: {@code [0.2, 0.5]} as a file's list is handed over, or {@code 0.2,0.5} as
   * {@code --set} gives it (brackets added). Parsed by the HOCON parser itself, so a list is never split by
   * hand; a non-number element, a nested list or a non-finite value is an error.
   */
  public static List<Double> numbers(String raw) {
    List<Double> out = new ArrayList<>();
    for (Object o : hoconList(raw)) {
      double v = ((Number) o).doubleValue();
      if (!Double.isFinite(v)) {
        throw new IllegalArgumentException("not finite: " + o);
      }
      out.add(v);
    }
    return List.copyOf(out);
  }

  /** A HOCON list of integers (see {@link #numbers}); a fraction is an error. */
  public static List<Integer> integers(String raw) {
    List<Integer> out = new ArrayList<>();
    for (Object o : hoconList(raw)) {
      if (!(o instanceof Integer) && !(o instanceof Long)) {
        throw new IllegalArgumentException("not an integer: " + o);
      }
      out.add(Math.toIntExact(((Number) o).longValue()));
    }
    return List.copyOf(out);
  }

  private static List<Object> hoconList(String raw) {
    String t = raw.trim();
    if (!t.startsWith("[")) {
      t = "[" + t + "]";
    }
    return new ArrayList<>(ConfigFactory.parseString("v = " + t).getList("v").unwrapped());
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

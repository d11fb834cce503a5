package io.l2lake.config;

import java.util.List;

/** The ranges shared by many strategy settings, and the weight lists' parser. */
final class SettingKinds {
  private SettingKinds() {}

  static List<Double> weights(String s) {
    List<Double> out = Setting.numbers(s);
    if (out.stream().anyMatch(v -> v < 0)) {
      throw new IllegalArgumentException("bad weight");
    }
    return out;
  }

  static Setting<Double> unit(String key, double def, String help) {
    return Setting.doubleIn(key, def, 0.001, 1, help);
  }

  static Setting<Double> multiple(String key, double def, String help) {
    return Setting.doubleIn(key, def, 0.01, 1000, help);
  }

  static Setting<Integer> bars(String key, int def, String help) {
    return Setting.intIn(key, def, 2, 390, help);
  }

  static Setting<Integer> days(String key, int def, String help) {
    return Setting.intIn(key, def, 1, 1000, help);
  }

  static Setting<Double> halfLife(String key, double def) {
    return Setting.doubleIn(key, def, 0.1, 100, "half-life in days of the decayed score's day weights");
  }
}

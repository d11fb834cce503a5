package io.l2lake.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException.Parse;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a HOCON file into flat {@code dotted.key -> text} pairs; a list keeps its HOCON form ({@code [0.2,0.5]})
 * for the setting's list parser ({@link Setting#numbers}, {@link Setting#integers}).
 */
final class HoconFile {
  private HoconFile() {}

  static Map<String, String> read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("configuration file " + file + " does not exist");
    }
    Config c;
    try {
      c = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)).resolve();
    } catch (Parse e) {
      throw new ConfigException("configuration file " + file + " does not parse: " + e.getMessage());
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException("configuration file " + file + ": " + e.getMessage());
    }
    Map<String, String> values = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
      values.put(e.getKey().replace("\"", ""), render(e.getValue()));
    }
    return values;
  }

  private static String render(ConfigValue v) {
    if (v.valueType() == ConfigValueType.LIST) {
      return v.render(ConfigRenderOptions.concise());
    }
    return String.valueOf(v.unwrapped());
  }
}

// YamlReader.java — text → plain Java objects (Map/List/String/Number/Boolean) with SnakeYAML's safe
// constructor; the first step of config parsing. YAML 1.1 like PyYAML, so mergekit files mean the same.
package org.breadcrumbs4j.config;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;

/** Loads one YAML document safely: no custom tags, no duplicate keys, bounded aliases and size. */
final class YamlReader {
  /** A merge config is a few KiB; these bounds stop alias bombs and runaway input cheaply. */
  static final int MAX_ALIASES = 50;
  static final int MAX_DEPTH = 50;
  static final int MAX_CODE_POINTS = 1 << 20;

  private YamlReader() {}

  static Object read(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setMaxAliasesForCollections(MAX_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setCodePointLimit(MAX_CODE_POINTS);
    DumperOptions dumper = new DumperOptions();
    Yaml yaml = new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
    try {
      return yaml.load(text);
    } catch (MarkedYAMLException e) {
      throw new ConfigException(describe(e), e);
    } catch (YAMLException e) {
      throw new ConfigException("YAML: " + e.getMessage(), e);
    }
  }

  /** "YAML error at line 3, column 7: found duplicate key dtype" — one line, 1-based positions. */
  private static String describe(MarkedYAMLException e) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    StringBuilder sb = new StringBuilder("YAML error");
    if (mark != null) {
      sb.append(" at line ").append(mark.getLine() + 1).append(", column ").append(mark.getColumn() + 1);
    }
    sb.append(": ");
    if (e.getContext() != null) {
      sb.append(e.getContext()).append("; ");
    }
    sb.append(e.getProblem() == null ? "malformed document" : e.getProblem());
    return sb.toString();
  }
}

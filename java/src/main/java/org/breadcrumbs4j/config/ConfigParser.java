// ConfigParser.java — the YAML document's top level (keys, models, base, tokenizer, dtypes) → a
// validated MergeConfig; parameter blocks go to ParamParser. First stage of the flow.
package org.breadcrumbs4j.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Turns a YAML text into a MergeConfig, or throws the first ConfigException. */
final class ConfigParser {
  static final List<String> KEYS = List.of("merge_method", "base_model", "models", "parameters", "dtype",
      "out_dtype", "tokenizer_source", "name");

  /** mergekit keys we deliberately do not support, with the reason users need. */
  private static final Map<String, String> UNSUPPORTED = Map.of(
      "slices", "layer slices are not supported; list whole models under 'models'",
      "modules", "modules are not supported; list whole models under 'models'",
      "tokenizer", "the 'tokenizer' block is not supported; the tokenizer is copied from 'tokenizer_source' "
          + "(base or a model path)",
      "chat_template", "chat templates are not supported; breadcrumbs4j copies the tokenizer files unchanged",
      "input_model_parameters", "not supported; give per-model parameters under models[i].parameters");

  private ConfigParser() {}

  static MergeConfig parse(String text, Path baseDir, Path configFile) {
    Object root = YamlReader.read(text);
    if (root == null) {
      throw new ConfigException("the config is empty; expected a mapping with merge_method and models");
    }
    if (!(root instanceof Map<?, ?> top)) {
      throw new ConfigException("the config must be a mapping of keys (merge_method, models, ...), got "
          + ParamParser.describe(root));
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : top.entrySet()) {
      String key = Yamls.key(e.getKey(), "");
      if (UNSUPPORTED.containsKey(key)) {
        throw ConfigException.at(key, UNSUPPORTED.get(key));
      }
      if (!KEYS.contains(key)) {
        throw ConfigException.at(key, "unknown key" + suggestion(key) + "; known keys: " + String.join(", ", KEYS));
      }
      doc.put(key, e.getValue());
    }
    if (doc.containsKey("name") && doc.get("name") != null && !(doc.get("name") instanceof String)) {
      throw ConfigException.at("name", "must be a string, got " + ParamParser.describe(doc.get("name")));
    }

    MergeMethod method = MergeMethod.fromYaml(requiredString(doc, "merge_method"));
    Optional<Path> base = optionalString(doc, "base_model").map(s -> resolvePath(s, baseDir, "base_model"));
    if (method.needsBase() && base.isEmpty()) {
      throw ConfigException.at("base_model", "required by merge_method " + method.yamlName()
          + " (task vectors are differences to the base); only linear works without one");
    }
    Map<String, ParamValue> globals = ParamParser.parseBlock(doc.get("parameters"), "parameters", false);
    List<ModelEntry> models = parseModels(doc.get("models"), method, base, baseDir);
    Optional<String> dtype = Optional.ofNullable(doc.get("dtype")).map(d -> Dtypes.parse(d, "dtype"));
    Optional<String> outDtype = Optional.ofNullable(doc.get("out_dtype")).map(d -> Dtypes.parse(d, "out_dtype"));
    Optional<Path> tokenizer = parseTokenizerSource(doc.get("tokenizer_source"), baseDir);
    if ("base".equals(doc.get("tokenizer_source")) && base.isEmpty()) {
      throw ConfigException.at("tokenizer_source", "'base' needs a base_model; give a model path instead");
    }
    return new MergeConfig(method, base, models, globals, dtype, outDtype, tokenizer, configFile, text);
  }

  private static List<ModelEntry> parseModels(Object node, MergeMethod method, Optional<Path> base, Path baseDir) {
    if (node == null || (node instanceof List<?> l && l.isEmpty())) {
      throw ConfigException.at("models", "at least one model is required");
    }
    if (!(node instanceof List<?> list)) {
      throw ConfigException.at("models", "must be a list of '- model: path' entries, got " + ParamParser.describe(node));
    }
    List<ModelEntry> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String path = "models[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> entry)) {
        throw ConfigException.at(path, "must be a mapping like '- model: path', got " + ParamParser.describe(list.get(i)));
      }
      Object model = null;
      Object params = null;
      for (Map.Entry<?, ?> e : entry.entrySet()) {
        String key = Yamls.key(e.getKey(), path);
        switch (key) {
          case "model" -> model = e.getValue();
          case "parameters" -> params = e.getValue();
          default -> throw ConfigException.at(path + "." + key, "unknown key; a model entry has 'model' and 'parameters'");
        }
      }
      if (!(model instanceof String modelPath)) {
        throw ConfigException.at(path + ".model", model == null ? "required (the model's local directory)"
            : "must be a local directory path (a string), got " + ParamParser.describe(model));
      }
      Path p = resolvePath(modelPath, baseDir, path + ".model");
      Map<String, ParamValue> parsed = ParamParser.parseBlock(params, path + ".parameters", true);
      // Task-vector methods skip the base (its task vector is zero), as mergekit does; linear
      // averages models directly, so there a listed base is a model like any other.
      if (method.needsBase() && base.isPresent() && base.get().equals(p)) {
        continue;
      }
      out.add(new ModelEntry(p, parsed, out.size(), i));
    }
    if (out.isEmpty()) {
      throw ConfigException.at("models", "no model to merge: every entry is the base model");
    }
    return out;
  }

  private static Optional<Path> parseTokenizerSource(Object node, Path baseDir) {
    if (node == null || "base".equals(node)) {
      return Optional.empty();
    }
    if ("union".equals(node)) {
      throw ConfigException.at("tokenizer_source", "'union' is not supported (no vocabulary merging); "
          + "use 'base' or a model path");
    }
    if (!(node instanceof String s)) {
      throw ConfigException.at("tokenizer_source", "must be 'base' or a model path, got " + ParamParser.describe(node));
    }
    return Optional.of(resolvePath(s, baseDir, "tokenizer_source"));
  }

  /**
   * A local directory: {@code ~} and {@code ~/...} expand to the user's home, relative paths
   * resolve against the config file's folder, and the result is absolute and normalized (so
   * {@code ./base} and {@code base/} name the same model). Symlinks are not followed.
   */
  static Path resolvePath(String s, Path baseDir, String keyPath) {
    if (s.isBlank()) {
      throw ConfigException.at(keyPath, "empty path");
    }
    String expanded = s;
    String home = System.getProperty("user.home");
    if (s.equals("~")) {
      expanded = home;
    } else if (s.startsWith("~/") || s.startsWith("~" + java.io.File.separator)) {
      expanded = home + s.substring(1);
    }
    try {
      Path p = Path.of(expanded);
      return (p.isAbsolute() ? p : baseDir.resolve(p)).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw ConfigException.at(keyPath, "not a valid path: " + e.getMessage());
    }
  }

  private static String requiredString(Map<String, Object> doc, String key) {
    Object v = doc.get(key);
    if (v == null) {
      throw ConfigException.at(key, "required");
    }
    if (!(v instanceof String s)) {
      throw ConfigException.at(key, "must be a string, got " + ParamParser.describe(v));
    }
    return s;
  }

  private static Optional<String> optionalString(Map<String, Object> doc, String key) {
    Object v = doc.get(key);
    if (v != null && !(v instanceof String)) {
      throw ConfigException.at(key, "must be a string, got " + ParamParser.describe(v));
    }
    return Optional.ofNullable((String) v);
  }

  private static String suggestion(String key) {
    Set<String> all = new java.util.LinkedHashSet<>(KEYS);
    all.addAll(UNSUPPORTED.keySet());
    for (String k : all) {
      if (Yamls.editDistance(key, k) <= 2) {
        return " (did you mean '" + k + "'?)";
      }
    }
    return "";
  }
}

// MergeConfig.java — the validated, immutable merge configuration: the public entry point of the
// config stage (load/parse) and the input of the plan stage and ParamResolver.
package org.breadcrumbs4j.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A merge configuration as read from a mergekit-compatible YAML file.
 *
 * @param method          {@code merge_method}
 * @param baseModel       {@code base_model}, absolute; present for every method but (optionally) linear
 * @param models          the models to merge in config order, the base entry removed; never empty
 * @param globals         top-level {@code parameters}, validated, by YAML name
 * @param dtype           {@code dtype} as a canonical name ({@link Dtypes}); computation is binary32 anyway
 * @param outDtype        {@code out_dtype} as a canonical name
 * @param tokenizerSource {@code tokenizer_source} as a model path; empty means the base
 * @param configFile      the YAML file for {@link #load}; for {@link #parse} the base directory given
 * @param sourceText      the YAML text exactly as read, for provenance
 */
public record MergeConfig(
    MergeMethod method,
    Optional<Path> baseModel,
    List<ModelEntry> models,
    Map<String, ParamValue> globals,
    Optional<String> dtype,
    Optional<String> outDtype,
    Optional<Path> tokenizerSource,
    Path configFile,
    String sourceText) {

  private static final System.Logger LOG = System.getLogger(MergeConfig.class.getName());

  public MergeConfig {
    Objects.requireNonNull(method);
    Objects.requireNonNull(baseModel);
    models = List.copyOf(models);
    globals = Collections.unmodifiableMap(new LinkedHashMap<>(globals));
    Objects.requireNonNull(dtype);
    Objects.requireNonNull(outDtype);
    Objects.requireNonNull(tokenizerSource);
    Objects.requireNonNull(configFile);
    Objects.requireNonNull(sourceText);
    if (models.isEmpty()) {
      throw new ConfigException("models: at least one model is required");
    }
    for (int i = 0; i < models.size(); i++) {
      if (models.get(i).position() != i) {
        throw new IllegalArgumentException("models[" + i + "] has position " + models.get(i).position());
      }
      checkNames(models.get(i).params(), models.get(i).keyPath() + ".parameters", true);
    }
    checkNames(globals, "parameters", false);
  }

  /** Configs built in code get the same name rules as parsed ones. */
  private static void checkNames(Map<String, ParamValue> params, String path, boolean perModel) {
    for (String name : params.keySet()) {
      Param p = Param.fromYaml(name).orElseThrow(() -> ConfigException.at(path + "." + name, "unknown parameter"));
      if (perModel && p.globalOnly()) {
        throw ConfigException.at(path + "." + name, "'" + name + "' is a global parameter, not per model");
      }
    }
  }

  /** Reads a UTF-8 YAML file; relative model paths resolve against its folder. Logs {@link #warnings()}. */
  public static MergeConfig load(Path yamlFile) throws ConfigException {
    Path file = yamlFile.toAbsolutePath().normalize();
    String text;
    try {
      // A strict decoder: silently replacing bad bytes would change paths and filters.
      text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(file + ": not valid UTF-8 text", e);
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read the config file (" + e + ")", e);
    }
    MergeConfig config = ConfigParser.parse(text, file.getParent(), file);
    config.logWarnings();
    return config;
  }

  /** Parses YAML text; relative model paths resolve against {@code baseDir}. Logs {@link #warnings()}. */
  public static MergeConfig parse(String yaml, Path baseDir) throws ConfigException {
    Path dir = baseDir.toAbsolutePath().normalize();
    MergeConfig config = ConfigParser.parse(yaml, dir, dir);
    config.logWarnings();
    return config;
  }

  /** Lower-case hex SHA-256 of the UTF-8 source text, for provenance metadata. */
  public String sha256() {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(sourceText.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  /** SPEC "Dtypes of the result": {@code out_dtype}, else {@code dtype}; empty = each base tensor's own. */
  public Optional<String> resultDtype() {
    return outDtype.isPresent() ? outDtype : dtype;
  }

  /**
   * Things that are legal but probably not what the user meant: parameters the method does not
   * read (ignored), the reserved {@code epsilon}, a consensus {@code k} above the model count.
   */
  public List<String> warnings() {
    return ConfigWarnings.of(this);
  }

  /**
   * Checks that every model path (and the tokenizer source) is an existing directory. Separate from
   * parsing so configs can be parsed and tested without the checkpoints at hand.
   */
  public void checkModelDirectories() throws ConfigException {
    baseModel.ifPresent(p -> requireDirectory(p, "base_model"));
    for (ModelEntry m : models) {
      requireDirectory(m.path(), m.keyPath() + ".model");
    }
    tokenizerSource.ifPresent(p -> requireDirectory(p, "tokenizer_source"));
  }

  private static void requireDirectory(Path p, String keyPath) {
    if (!Files.isDirectory(p)) {
      throw ConfigException.at(keyPath, "not a local directory: " + p
          + " (breadcrumbs4j reads local checkpoints only; download Hugging Face models first)");
    }
  }

  private void logWarnings() {
    for (String w : warnings()) {
      LOG.log(System.Logger.Level.WARNING, w);
    }
  }
}

// ModelEntry.java — one model to merge, as listed under `models` (the base entry already removed).
package org.breadcrumbs4j.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A fine-tuned model taking part in the merge.
 *
 * @param path      absolute, normalized local directory
 * @param params    parameters given under {@code models[i].parameters}, by YAML name, validated
 * @param position  t: 0-based position among the merged models (SPEC "Random drop")
 * @param yamlIndex index in the YAML {@code models} list, for messages ({@code models[3]}); differs
 *                  from {@code position} when the base was listed among the models and skipped
 */
public record ModelEntry(Path path, Map<String, ParamValue> params, int position, int yamlIndex) {
  public ModelEntry {
    Objects.requireNonNull(path);
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    if (position < 0 || yamlIndex < position) {
      throw new IllegalArgumentException("position " + position + ", yamlIndex " + yamlIndex);
    }
  }

  /** For configs built in code: the YAML index is the position. */
  public ModelEntry(Path path, Map<String, ParamValue> params, int position) {
    this(path, params, position, position);
  }

  /** Key path prefix used in messages: {@code models[3]}. */
  public String keyPath() {
    return "models[" + yamlIndex + "]";
  }
}

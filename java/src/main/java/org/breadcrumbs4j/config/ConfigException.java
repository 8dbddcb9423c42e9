// ConfigException.java — the one error type of the config stage: a bad YAML file, bad parameter, or a
// per-tensor parameter value out of range; its message names the key path so users can fix the file.
package org.breadcrumbs4j.config;

/**
 * A configuration problem, reported before any weight is read (or, for a gradient or filter value
 * that leaves its range only for some tensor, when that tensor's parameters are resolved).
 *
 * <p>Messages start with the key path of the offending value, e.g.
 * {@code models[2].parameters.density: must be in (0, 1], got 1.5}.
 */
public final class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  /** {@code keyPath: problem}; an empty key path means the document itself. */
  static ConfigException at(String keyPath, String problem) {
    return new ConfigException(keyPath.isEmpty() ? problem : keyPath + ": " + problem);
  }
}
